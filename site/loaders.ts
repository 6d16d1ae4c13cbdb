/**
 * Astro content loaders: thin adapters over the library (scripts/lib/). The only view of the
 * proposals the site gets is the library's anonymized projection (statusLoader): counts, never
 * a proposal field, so none can reach the data store or the pages.
 */
import {existsSync, readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import type {Loader} from 'astro/loaders';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {facetId} from '../scripts/lib/facet-id.ts';
import {formAnswers, loadForm, loadStatusVocabulary} from '../scripts/lib/form.ts';
import {projectRecords, type StatusProjection} from '../scripts/lib/project-status.ts';
import {sharedProposalMetadata} from '../scripts/lib/proposal-metadata.ts';
import {projectRoot} from '../scripts/lib/project-root.ts';
import {buildDate} from '../scripts/lib/source-date.ts';
import {rules} from '../scripts/lib/rules/index.ts';

const catalogs = new Map<string, ReturnType<typeof loadCatalog>>();

/** The catalog under `root`, read once per process (a build): several loaders need it; our loaders do not watch files. */
function catalogOf(root: string): ReturnType<typeof loadCatalog> {
  let catalog = catalogs.get(root);
  if (!catalog) catalogs.set(root, (catalog = loadCatalog(root, root)));
  return catalog;
}

/** The repository whose proposals the build projects and guards: PCP_ROOT, else this one. */
export function repositoryRoot(): string {
  return resolve(process.env.PCP_ROOT ?? projectRoot);
}

/** The call's 21 services, one entry each, with the appendix page rendered from Markdown. */
export function catalogLoader(): Loader {
  return {
    name: 'pcp-catalog',
    async load({store, renderMarkdown, logger}) {
      const catalog = await catalogOf(projectRoot);
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
      const {call} = await catalogOf(projectRoot);
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

/**
 * The anonymized status projection (one entry, id `status`): the library's projection of the
 * repository's proposals, from the build's one read of their frontmatter (shared with the
 * personal-data guard). PCP_STATUS names a projection file (`pcp status --out`) to use instead.
 */
export function statusLoader(): Loader {
  return {
    name: 'pcp-status',
    async load({store, logger}) {
      let projection: StatusProjection;
      const file = process.env.PCP_STATUS;
      if (file) {
        const path = resolve(projectRoot, file);
        if (!existsSync(path)) throw new Error(`PCP_STATUS names ${path}, which does not exist: run \`npx pcp status --out ${file}\``);
        let data: unknown;
        try {
          data = JSON.parse(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new Error(`PCP_STATUS names ${path}, which is not JSON (${error instanceof SyntaxError ? error.message : 'cannot be read'}): write it with \`npx pcp status --out\``);
        }
        projection = publishable(data, path, await knownRows());
      } else {
        const root = repositoryRoot();
        const {status} = await sharedProposalMetadata(root);
        // Messages only (file, line, rule): they never hold a personal value.
        const problems = status.files.flatMap((entry) => entry.messages.filter((message) => message.fatal).map((message) => `${entry.path}:${message.line ?? 1}:${message.column ?? 1}: ${message.reason} (${message.ruleId})`));
        if (problems.length > 0) throw new Error(`Cannot count the proposals: fix these first (npx pcp check):\n${problems.join('\n')}`);
        projection = publishable(await projectRecords(status.records, root, root, buildDate(), await catalogOf(root)), 'the status projection', await knownRows(root));
      }
      store.clear();
      store.set({id: 'status', data: projection as unknown as Record<string, unknown>});
      logger.info(`status snapshot of ${projection.snapshot}: ${projection.total.shown === 'exact' ? projection.total.count : projection.total.shown === 'fewer-than' ? `fewer than ${projection.threshold}` : 'a hidden number of'} proposals`);
    },
  };
}

/** The rows a projection may have: the stages, and the catalog's domains and technologies. */
export interface KnownRows {
  stage: Set<string>;
  domain: Set<string>;
  technology: Set<string>;
  /** The outcome stages, which have no rows before the announcement. */
  embargoed: Set<string>;
}

/** The rows the library can publish for the catalog under `root`. */
export async function knownRows(root: string = projectRoot): Promise<KnownRows> {
  const {services} = await catalogOf(root);
  const vocabulary = loadStatusVocabulary();
  return {
    stage: new Set(vocabulary.stages.map((stage) => stage.id)),
    domain: new Set(services.flatMap((service) => service.domain.map(facetId))),
    technology: new Set(services.flatMap((service) => service.tech.map(facetId))),
    embargoed: new Set(vocabulary.stages.filter((stage) => stage.embargoed).map((stage) => stage.id)),
  };
}

/**
 * The projection rebuilt from its known fields only, each of its type, and refused if it says what
 * the library never publishes (a count under the threshold, an outcome before the announcement,
 * a row the vocabulary or catalog does not have): whatever else a file at PCP_STATUS holds never
 * reaches a page or status.json.
 */
export function publishable(input: unknown, path: string, known: KnownRows): StatusProjection {
  const fail = (what: string): never => {
    throw new Error(`${path} is not a status projection of format 1 (${what}); run \`npx pcp status\``);
  };
  const object = (value: unknown, what: string) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(what));
  const text = (value: unknown, what: string) => (typeof value === 'string' && value.length <= 200 ? value : fail(what));
  const day = (value: unknown, what: string) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fail(what));
  const raw = object(input, 'the file');
  if (raw.format !== 1) fail('format');
  const threshold = Number.isInteger(raw.threshold) && (raw.threshold as number) > 0 ? (raw.threshold as number) : fail('threshold');
  const cell = (value: unknown): StatusProjection['total'] => {
    const entry = object(value, 'a cell');
    const shown = entry.shown === 'exact' || entry.shown === 'fewer-than' || entry.shown === 'hidden' ? entry.shown : fail('a cell\'s shown');
    const count = shown === 'exact' ? (Number.isInteger(entry.count) && (entry.count as number) >= threshold ? (entry.count as number) : fail('a published count under the threshold')) : entry.count === null ? null : fail('a withheld count');
    return {id: text(entry.id, 'a cell id'), label: text(entry.label, 'a label'), count, shown};
  };
  const outcomesPublished = typeof raw.outcomesPublished === 'boolean' ? raw.outcomesPublished : fail('outcomesPublished');
  const tables = Array.isArray(raw.tables) ? raw.tables : fail('tables');
  const ids = ['stage', 'domain', 'technology'] as const;
  return {
    format: 1,
    call: text(raw.call, 'call'),
    snapshot: day(raw.snapshot, 'snapshot'),
    threshold,
    announcement: day(raw.announcement, 'announcement'),
    outcomesPublished,
    total: cell(raw.total),
    tables: ids.map((id, i) => {
      const table = object(tables[i], `table ${id}`);
      if (table.id !== id) fail(`table ${id}`);
      const cells = (Array.isArray(table.cells) ? table.cells : fail('cells')).map(cell);
      for (const entry of cells) {
        if (!known[id].has(entry.id)) fail(`an unknown ${id} row`);
        if (id === 'stage' && !outcomesPublished && known.embargoed.has(entry.id)) fail('an outcome before the announcement');
      }
      return {id, title: text(table.title, 'a title'), cells};
    }),
  };
}
