/**
 * Astro content loaders: thin adapters over the library (scripts/lib/). The site never reads
 * proposals: the only view of them it gets is the anonymized projection that `pcp status` wrote
 * (statusLoader), so no proposal field can reach the data store or the pages.
 */
import {existsSync, readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import type {Loader} from 'astro/loaders';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {formAnswers, loadForm, loadStatusVocabulary} from '../scripts/lib/form.ts';
import type {StatusProjection} from '../scripts/lib/project-status.ts';
import {projectRoot} from '../scripts/lib/project-root.ts';
import {rules} from '../scripts/lib/rules/index.ts';

/** Where the build finds the projection: PCP_STATUS, else out/status.json (npm run build writes it). */
export function statusPath(): string {
  return resolve(projectRoot, process.env.PCP_STATUS ?? 'out/status.json');
}

/** The call's 21 services, one entry each, with the appendix page rendered from Markdown. */
export function catalogLoader(): Loader {
  return {
    name: 'pcp-catalog',
    async load({store, renderMarkdown, logger}) {
      const catalog = await loadCatalog(projectRoot, projectRoot);
      const problems = catalog.files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}:${message.line ?? 1}: ${message.reason}`));
      if (problems.length > 0) throw new Error(`The catalog has errors (run \`npx pcp check catalog\`):\n${problems.join('\n')}`);
      store.clear();
      for (const service of catalog.services) {
        const {body, ...data} = service;
        store.set({id: String(service.number).padStart(2, '0'), data: {...data}, body, rendered: await renderMarkdown(body)});
      }
      logger.info(`${catalog.services.length} services`);
    },
  };
}

/** The call itself (one entry, id `call`), as catalog/call.yaml states it. */
export function callLoader(): Loader {
  return {
    name: 'pcp-call',
    async load({store}) {
      const {call} = await loadCatalog(projectRoot, projectRoot);
      if (!call) throw new Error('catalog/call.yaml has errors: run `npx pcp check catalog`');
      store.clear();
      store.set({id: 'call', data: JSON.parse(JSON.stringify(call)) as Record<string, unknown>});
    },
  };
}

/** The form definition: one entry per answer of Sections III and IV, plus the form (`form`) itself. */
export function formLoader(): Loader {
  return {
    name: 'pcp-form',
    load({store}) {
      store.clear();
      const form = loadForm();
      store.set({id: 'form', data: JSON.parse(JSON.stringify(form)) as Record<string, unknown>});
      for (const answer of formAnswers(form)) store.set({id: answer.code, data: {...answer, kind: 'answer'}});
      return Promise.resolve();
    },
  };
}

/** The stages a proposal moves through, with who may move it. */
export function stagesLoader(): Loader {
  return {
    name: 'pcp-stages',
    load({store}) {
      store.clear();
      const vocabulary = loadStatusVocabulary();
      for (const [order, stage] of vocabulary.stages.entries()) {
        const by = vocabulary.transitions.filter((move) => move.to === stage.id).map((move) => ({from: move.from, by: move.by}));
        store.set({id: stage.id, data: {...stage, order, reachedFrom: by}});
      }
      return Promise.resolve();
    },
  };
}

/** Every check, from the rule objects: the pages diagnostics link to. */
export function rulesLoader(): Loader {
  return {
    name: 'pcp-rules',
    load({store}) {
      store.clear();
      for (const [order, rule] of rules.entries()) {
        const {check: _check, ...documented} = rule;
        store.set({id: rule.id, data: JSON.parse(JSON.stringify({...documented, order})) as Record<string, unknown>});
      }
      return Promise.resolve();
    },
  };
}

/** The anonymized status projection `pcp status` wrote (one entry, id `status`). */
export function statusLoader(): Loader {
  return {
    name: 'pcp-status',
    load({store, logger}) {
      const path = statusPath();
      if (!existsSync(path)) throw new Error(`No status projection at ${path}: run \`npx pcp status --out out/status.json\` first (npm run build does)`);
      const projection = publishable(JSON.parse(readFileSync(path, 'utf8')), path);
      store.clear();
      store.set({id: 'status', data: projection as unknown as Record<string, unknown>});
      logger.info(`status snapshot of ${projection.snapshot}`);
      return Promise.resolve();
    },
  };
}

/**
 * The projection rebuilt from its known fields only, each of its type: whatever else a file at
 * PCP_STATUS holds never reaches a page or status.json.
 */
export function publishable(input: unknown, path: string): StatusProjection {
  const fail = (what: string): never => {
    throw new Error(`${path} is not a status projection of format 1 (${what}); run \`npx pcp status\``);
  };
  const object = (value: unknown, what: string) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(what));
  const text = (value: unknown, what: string) => (typeof value === 'string' && value.length <= 200 ? value : fail(what));
  const day = (value: unknown, what: string) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fail(what));
  const cell = (value: unknown): StatusProjection['total'] => {
    const raw = object(value, 'a cell');
    const shown = raw.shown === 'exact' || raw.shown === 'fewer-than' || raw.shown === 'hidden' ? raw.shown : fail('a cell\'s shown');
    const count = shown === 'exact' ? (Number.isInteger(raw.count) && (raw.count as number) >= 0 ? (raw.count as number) : fail('a count')) : raw.count === null ? null : fail('a withheld count');
    return {id: text(raw.id, 'a cell id'), label: text(raw.label, 'a label'), count, shown};
  };
  const raw = object(input, 'the file');
  if (raw.format !== 1) fail('format');
  const tables = Array.isArray(raw.tables) ? raw.tables : fail('tables');
  const ids = ['stage', 'domain', 'technology'] as const;
  return {
    format: 1,
    call: text(raw.call, 'call'),
    snapshot: day(raw.snapshot, 'snapshot'),
    threshold: Number.isInteger(raw.threshold) && (raw.threshold as number) > 0 ? (raw.threshold as number) : fail('threshold'),
    announcement: day(raw.announcement, 'announcement'),
    outcomesPublished: typeof raw.outcomesPublished === 'boolean' ? raw.outcomesPublished : fail('outcomesPublished'),
    total: cell(raw.total),
    tables: ids.map((id, i) => {
      const table = object(tables[i], `table ${id}`);
      if (table.id !== id) fail(`table ${id}`);
      return {id, title: text(table.title, 'a title'), cells: (Array.isArray(table.cells) ? table.cells : fail('cells')).map(cell)};
    }),
  };
}
