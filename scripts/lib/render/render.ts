/**
 * `pcp render`: check each proposal, refuse those with errors, and write the print-ready PCP of
 * the others (and of the blank form) to an output folder that is never part of the site, with a
 * manifest of every file's SHA-256. The same input gives the same bytes: the document date is
 * SOURCE_DATE_EPOCH, else the proposal's last commit, never the clock.
 */
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import {basename, dirname, join, relative, resolve, sep} from 'node:path';
import {availableParallelism} from 'node:os';
import {promisify} from 'node:util';
import {Worker} from 'node:worker_threads';
import type {FootnoteDefinition} from 'mdast';
import {VFile} from 'vfile';
import {loadCatalog, type Catalog} from '../catalog.ts';
import {checkProposal} from '../check-proposal.ts';
import {findProposals, UsageError, type CheckedFile} from '../check.ts';
import {addPlainMessages, type PlainMessage} from '../plain-message.ts';
import {makeFolder} from '../make-folder.ts';
import {sourceDateEpoch} from '../source-date.ts';
import {projectRoot} from '../project-root.ts';
import {readSource} from '../read.ts';
import {report, sortMessages, type Place} from '../rule.ts';
import fileCannotProcess from '../rules/file-cannot-process.ts';
import renderScriptUnsupported from '../rules/render-script-unsupported.ts';
import {walk} from '../walk.ts';
import {buildLayout, type PcpLayout} from './layout.ts';
import {unsupportedIndex} from './scripts.ts';
import {visit} from 'yaml';

const run = promisify(execFile);

/** The formats `pcp render` writes. */
export type RenderFormat = 'docx' | 'pdf';

/** What to render, and where. */
export interface RenderOptions {
  paths?: string[];
  cwd?: string;
  root?: string;
  /** Output folder; default out/pcp under the repository. */
  out?: string;
  formats?: RenderFormat[];
  /** Also (or only, when no paths are given) the blank form. */
  blank?: boolean;
  /** Called after each proposal. */
  onProgress?: (done: number, total: number) => void;
  /** Most worker threads to render in (default: the machine's cores, for large batches; 1 renders in this thread). */
  workers?: number;
}

/** One written file. */
export interface RenderedFile {
  path: string;
  format: RenderFormat;
  sha256: string;
  bytes: number;
}

/** The outcome: every proposal's messages (errors refuse it), and the files written. */
export interface RenderResult {
  files: CheckedFile[];
  rendered: Array<{source: string; sourceSha256: string; outputs: RenderedFile[]}>;
  manifest: string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The reproducible document date for a source file. */
async function documentDate(path: string | undefined): Promise<Date> {
  const epoch = sourceDateEpoch();
  if (epoch) return epoch;
  if (path) {
    try {
      const {stdout} = await run('git', ['-C', dirname(path), 'log', '-1', '--format=%ct', '--', basename(path)]);
      if (/^\d+$/.test(stdout.trim())) return new Date(Number(stdout.trim()) * 1000);
    } catch {
      // Not in git: fall through to the fixed date.
    }
  }
  return fixedDate;
}

const fixedDate = new Date(Date.UTC(2000, 0, 1));

/**
 * The last commit's time of each of `paths` (absolute), from one `git log` over all of them
 * instead of one per file (a process per proposal cost seconds in a large batch). Files it does
 * not name (untracked, outside `root`'s repository, odd names) are left to `documentDate`;
 * outside git, every file gets the fixed date without asking again.
 */
async function documentDates(paths: string[], root: string): Promise<Map<string, number>> {
  const dates = new Map<string, number>();
  if (paths.length === 0 || sourceDateEpoch()) return dates;
  let top: string;
  try {
    top = (await run('git', ['-C', root, 'rev-parse', '--show-toplevel'])).stdout.trim();
  } catch {
    for (const path of paths) if (path.startsWith(resolve(root) + sep)) dates.set(path, fixedDate.getTime());
    return dates;
  }
  const inside = paths.filter((path) => path.startsWith(top + sep));
  if (inside.length === 0) return dates;
  try {
    const {stdout} = await run('git', ['-C', top, '-c', 'core.quotePath=false', 'log', '--no-renames', '--format=%x00%ct', '--name-only', '--', ...inside.map((path) => `:(literal)${relative(top, path)}`)], {maxBuffer: 64 * 1024 * 1024});
    const wanted = new Set(inside);
    let time = 0;
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) time = Number(line.slice(1)) * 1000;
      else if (line) {
        const path = join(top, line);
        // Newest first: the first commit that names a file is its last.
        if (wanted.has(path) && !dates.has(path)) dates.set(path, time);
      }
    }
  } catch {
    // Left to documentDate, file by file.
  }
  return dates;
}

async function write(layout: PcpLayout, out: string, formats: RenderFormat[], options: {folder: string; definitions: Map<string, FootnoteDefinition>; date: Date; file?: VFile; sectionPlace?: (code: string) => Place}): Promise<RenderedFile[]> {
  const outputs: RenderedFile[] = [];
  for (const format of formats) {
    let bytes: Buffer;
    // The renderers load on first use: a thread that only hands out work never loads them.
    if (format === 'docx') {
      const [{docxDocument, unpackedDocx}, {reproducibleDocx}] = await Promise.all([import('./docx/document.ts'), import('./docx/reproducible.ts')]);
      bytes = await reproducibleDocx(unpackedDocx(await docxDocument(layout, options.folder)), options.date);
    } else {
      const unsupported = new Map<string, Set<string>>();
      const {renderPdf} = await import('./pdf/render-pdf.ts');
      bytes = await renderPdf(layout, {folder: options.folder, definitions: options.definitions, date: options.date, unsupported});
      for (const [code, found] of unsupported) {
        const place = options.sectionPlace?.(code) ?? {line: 1, column: 1};
        const scripts = [...found].filter((script) => script !== 'SVG');
        if (!options.file) continue;
        const where = code === 'frontmatter' ? 'the frontmatter' : `section ${code}`;
        if (scripts.length > 0) report(options.file, renderScriptUnsupported, `Unexpected ${scripts.join(' and ')} text in ${where}: the PDF cannot shape it and prints a note instead; use the DOCX version`, place);
        if (found.has('SVG')) report(options.file, renderScriptUnsupported, `Unexpected text in an SVG picture in section ${code} that the PDF cannot set in its fonts: it may print as empty boxes; use the DOCX version, or turn the text into paths`, place);
      }
    }
    const path = join(out, `${layout.slug}.${format}`);
    await writeFile(path, bytes);
    outputs.push({path, format, sha256: sha256(bytes), bytes: bytes.length});
  }
  return outputs;
}


/** One proposal to render, in this thread or a worker. */
export interface RenderJob {
  index: number;
  /** Absolute path of proposal.md. */
  path: string;
  /** The path messages name (relative to the caller's folder). */
  shown: string;
  /** The document date (ms), when known beforehand. */
  date?: number;
}

/** What every job of a batch shares. */
export interface RenderSettings {
  root: string;
  out: string;
  formats: RenderFormat[];
}

/** A proposal's messages, and its manifest entry when it was rendered. */
export interface RenderOutcome {
  file: VFile;
  rendered?: RenderResult['rendered'][number];
}

/**
 * Checks one proposal and, without errors, writes its outputs. A fault of a renderer becomes
 * one message on the proposal (exit 2), so the batch goes on.
 */
export async function renderOne(job: RenderJob, catalog: Catalog, settings: RenderSettings): Promise<RenderOutcome> {
  const {path} = job;
  const file = await readSource(path, job.shown);
  const source = typeof file.value === 'string' ? file.value : '';
  const context = checkProposal(file, {path, catalog, root: settings.root});
  if (!context || file.messages.some((message) => message.fatal)) return {file};
  const definitions = new Map<string, FootnoteDefinition>();
  if (context.source.tree) walk(context.source.tree, (node) => void (node.type === 'footnoteDefinition' && definitions.set(node.identifier, node)));
  const slug = basename(context.folder);
  const layout = buildLayout({catalog, slug, proposal: {data: context.data, body: context.body}});
  // Where a script the PDF cannot shape is reported: an answer's heading, or the first value of
  // the frontmatter that holds such text (values, not comments; escapes decoded).
  const sectionPlace = (code: string): Place | undefined => {
    if (code !== 'frontmatter') return context.body.sections.find((section) => section.answer?.code === code)?.heading.position;
    const frontmatter = context.source.frontmatter;
    let at: number | undefined;
    if (frontmatter) {
      visit(frontmatter.document, {
        Scalar(_, node) {
          const index = unsupportedIndex(String(node.value));
          if (index === -1 || !node.range) return undefined;
          // A plain value is its source: point at the character; else at the value's start.
          at = frontmatter.text.slice(node.range[0], node.range[1]) === String(node.value) ? node.range[0] + index : node.range[0];
          return visit.BREAK;
        },
      });
    }
    return frontmatter && at !== undefined ? context.source.index.position(frontmatter.offset + at, frontmatter.offset + at + 1) : undefined;
  };
  let rendered: RenderOutcome['rendered'];
  try {
    const outputs = await write(layout, settings.out, settings.formats, {folder: context.folder, definitions, date: job.date !== undefined ? new Date(job.date) : await documentDate(path), file, sectionPlace});
    rendered = {source: context.repositoryPath, sourceSha256: sha256(source), outputs};
  } catch (error) {
    // A renderer's fault must not stop the others (or the manifest): one message, exit 2.
    const name = error instanceof Error ? error.name : 'Error';
    report(file, fileCannotProcess, `Cannot render this proposal: the renderer failed (${name}); the other proposals were rendered`, {line: 1, column: 1});
  }
  sortMessages(file);
  return rendered ? {file, rendered} : {file};
}

/** Below this many proposals per worker, starting workers (each loads the renderers and fonts) costs more than it saves. */
const jobsPerWorker = 6;

async function renderHere(jobs: RenderJob[], catalog: Catalog, settings: RenderSettings, progress: () => void): Promise<RenderOutcome[]> {
  const out: RenderOutcome[] = [];
  for (const job of jobs) {
    out.push(await renderOne(job, catalog, settings));
    progress();
  }
  return out;
}

/** What a render worker posts back for each of its jobs. */
export interface RenderWorkerMessage {
  index: number;
  messages: PlainMessage[];
  rendered?: RenderOutcome['rendered'];
}

/**
 * Each worker's heap is capped, so that two workers and this thread stay under 500 MB for 100
 * proposals. V8 then grows the old generation by at most about 2x its live size between full
 * collections (4x from a 2 GB cap up): uncapped, two workers took 600-700 MB; at a 2 GB cap,
 * DOCX 530 MB and PDF 640 MB, though 15-20% faster. The young generation trades the same way:
 * a PDF worker holds twice the live heap of a DOCX one (its parsed fonts and shaped words), so
 * it gets 16 MB (100 PDFs: 456-477 MB; at 48 MB, 510-530 MB), while DOCX keeps 48 MB (430 MB),
 * where less made V8 collect so often that it took 40-75% more CPU. Both formats at once (the
 * default, and npm run build) take the PDF's 16 MB, trading that DOCX time for memory: they
 * still peak at about 520 MB for 100 proposals. A proposal too large for the cap is rendered
 * again in this thread.
 */
function workerLimits(formats: RenderFormat[]): {maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number} {
  return {maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: formats.includes('pdf') ? 16 : 48};
}

/**
 * Renders the jobs in `count` worker threads, dealt round-robin (neighbours in the sorted
 * order are often alike in size), and rebuilds their messages in the jobs' order. A worker
 * that dies (out of memory on a huge proposal) hands its unfinished jobs back to this thread.
 */
async function renderInWorkers(jobs: RenderJob[], count: number, settings: RenderSettings, catalog: Catalog, cwd: string, progress: () => void): Promise<RenderOutcome[]> {
  const out: RenderOutcome[] = jobs.map((job) => ({file: new VFile({path: job.shown})}));
  const shares = Array.from({length: count}, (_, k) => jobs.filter((_, i) => i % count === k));
  const left = await Promise.all(
    shares.map(
      (share) =>
        new Promise<RenderJob[]>((resolve) => {
          const pending = new Set(share.map((job) => job.index));
          const worker = new Worker(new URL('./render-worker.ts', import.meta.url), {workerData: {jobs: share, settings, cwd}, resourceLimits: workerLimits(settings.formats)});
          worker.on('message', ({index, messages, rendered}: RenderWorkerMessage) => {
            const outcome = out[index]!;
            addPlainMessages(outcome.file, messages);
            if (rendered) outcome.rendered = rendered;
            pending.delete(index);
            progress();
          });
          // 'error' is followed by 'exit'; whatever the worker did not finish is done here.
          worker.on('error', () => undefined);
          worker.on('exit', () => resolve(share.filter((job) => pending.has(job.index))));
        }),
    ),
  );
  for (const job of left.flat().sort((a, b) => a.index - b.index)) {
    out[job.index] = await renderOne(job, catalog, settings);
    progress();
  }
  return out;
}

/** Checks and renders. Throws UsageError for a mistake in the call. */
export async function renderPaths(options: RenderOptions = {}): Promise<RenderResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(options.root ?? projectRoot);
  const out = resolve(cwd, options.out ?? join(root, 'out', 'pcp'));
  const formats = options.formats ?? ['docx', 'pdf'];
  // Rendered PCPs hold personal data; the site's build output and sources are public.
  for (const open of ['dist', 'site', 'public']) {
    const folder = join(root, open);
    if (out === folder || out.startsWith(folder + sep)) throw new UsageError(`Unexpected --out inside ${open}/: rendered PCPs hold personal data and never go into the public site`);
  }
  const catalog: Catalog = await loadCatalog(root, cwd);
  const paths = options.paths?.length ? options.paths.map((path) => resolve(cwd, path)) : options.blank ? [] : [join(root, 'proposals')];
  const {proposals} = paths.length > 0 ? await findProposals(paths, root, cwd) : {proposals: new Set<string>()};
  if (paths.length > 0 && proposals.size === 0) throw new UsageError(`No proposals in ${paths.map((path) => relative(cwd, path) || path).join(', ')}`);
  await makeFolder(out, cwd);
  const files: CheckedFile[] = [];
  const rendered: RenderResult['rendered'] = [];
  const sorted = [...proposals].sort();
  const dates = await documentDates(sorted, root);
  const jobs: RenderJob[] = sorted.map((path, index) => ({index, path, shown: relative(cwd, path) || path, ...(dates.has(path) ? {date: dates.get(path)!} : {})}));
  let done = 0;
  options.onProgress?.(0, jobs.length);
  const progress = () => options.onProgress?.(++done, jobs.length);
  const workers = options.workers !== undefined ? Math.min(options.workers, jobs.length) : Math.min(availableParallelism(), Math.floor(jobs.length / jobsPerWorker));
  const settings: RenderSettings = {root, out, formats};
  // Workers start first, so this thread renders the blank form meanwhile.
  const inWorkers = workers >= 2 ? renderInWorkers(jobs, workers, settings, catalog, cwd, progress) : undefined;
  inWorkers?.catch(() => undefined);
  if (options.blank) {
    const layout = buildLayout({catalog});
    // The form definition ships with the tool, whichever repository is rendered.
    const form = join(projectRoot, 'schema', 'pcp-form.yaml');
    const outputs = await write(layout, out, formats, {folder: root, definitions: new Map(), date: await documentDate(form)});
    rendered.push({source: 'schema/pcp-form.yaml', sourceSha256: sha256(await readFile(form)), outputs});
  }
  const outcomes = inWorkers ? await inWorkers : await renderHere(jobs, catalog, settings, progress);
  // Workers finish in any order; files, messages and the manifest keep the sorted order.
  for (const outcome of outcomes) {
    files.push({kind: 'proposal', file: outcome.file});
    if (outcome.rendered) rendered.push(outcome.rendered);
  }
  const manifest = join(out, 'manifest.json');
  const entries = rendered.map((entry) => ({...entry, outputs: entry.outputs.map((output) => ({...output, path: relative(out, output.path)}))}));
  await writeFile(manifest, `${JSON.stringify({version: 1, files: entries}, null, 2)}\n`);
  return {files, rendered, manifest};
}
