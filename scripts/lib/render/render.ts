/**
 * `pcp render`: check each proposal, refuse those with errors, and write the print-ready PCP of
 * the others (and of the blank form) to an output folder that is never part of the site, with a
 * manifest of every file's SHA-256. The same input gives the same bytes: the document date is
 * SOURCE_DATE_EPOCH, else the proposal's last commit, never the clock.
 */
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {basename, dirname, join, relative, resolve, sep} from 'node:path';
import {availableParallelism} from 'node:os';
import {promisify} from 'node:util';
import {Worker} from 'node:worker_threads';
import type {FootnoteDefinition} from 'mdast';
import {VFile} from 'vfile';
import {loadCatalog, type Catalog} from '../catalog.ts';
import {checkProposal} from '../check-proposal.ts';
import {findProposals, UsageError, type CheckedFile, type PlainMessage} from '../check.ts';
import {projectRoot} from '../project-root.ts';
import {readSource} from '../read.ts';
import {report, sortMessages, type Place} from '../rule.ts';
import fileCannotProcess from '../rules/file-cannot-process.ts';
import renderScriptUnsupported from '../rules/render-script-unsupported.ts';
import {walk} from '../walk.ts';
import {buildLayout, type PcpLayout} from './layout.ts';
import {docxDocument, unpackedDocx} from './docx/document.ts';
import {reproducibleDocx} from './docx/reproducible.ts';
import {renderPdf} from './pdf/render-pdf.ts';

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
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (path) {
    try {
      const {stdout} = await run('git', ['-C', dirname(path), 'log', '-1', '--format=%ct', '--', basename(path)]);
      if (/^\d+$/.test(stdout.trim())) return new Date(Number(stdout.trim()) * 1000);
    } catch {
      // Not in git: fall through to the fixed date.
    }
  }
  return new Date(Date.UTC(2000, 0, 1));
}

async function write(layout: PcpLayout, out: string, formats: RenderFormat[], options: {folder: string; definitions: Map<string, FootnoteDefinition>; date: Date; file?: VFile; sectionPlace?: (code: string) => Place}): Promise<RenderedFile[]> {
  const outputs: RenderedFile[] = [];
  for (const format of formats) {
    let bytes: Buffer;
    if (format === 'docx') {
      bytes = await reproducibleDocx(unpackedDocx(await docxDocument(layout, options.folder)), options.date);
    } else {
      const unsupported = new Map<string, Set<string>>();
      bytes = await renderPdf(layout, {folder: options.folder, definitions: options.definitions, date: options.date, unsupported});
      for (const [code, scripts] of unsupported) {
        if (options.file) report(options.file, renderScriptUnsupported, `Unexpected ${[...scripts].join(' and ')} text in section ${code}: the PDF cannot shape it and prints a note instead; use the DOCX version`, options.sectionPlace?.(code) ?? {line: 1, column: 1});
      }
    }
    const path = join(out, `${layout.slug}.${format}`);
    await writeFile(path, bytes);
    outputs.push({path, format, sha256: sha256(bytes), bytes: bytes.length});
  }
  return outputs;
}

/**
 * Creates `folder` one level at a time. Node's recursive mkdir spins forever where the file
 * system answers ENOENT to every attempt (a folder under /proc, seen here), so each missing
 * level is made on its own and a failure is a usage error naming the folder.
 */
async function makeFolder(folder: string, cwd: string): Promise<void> {
  const missing: string[] = [];
  let at = folder;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const path of missing) {
    try {
      await mkdir(path);
    } catch (error) {
      const shown = relative(cwd, folder);
      throw new UsageError(`Cannot create the output folder ${shown && !shown.startsWith('..') ? shown : folder} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose another --out`);
    }
  }
}

/** One proposal to render, in this thread or a worker. */
export interface RenderJob {
  index: number;
  /** Absolute path of proposal.md. */
  path: string;
  /** The path messages name (relative to the caller's folder). */
  shown: string;
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
  const sectionPlace = (code: string) => context.body.sections.find((section) => section.answer?.code === code)?.heading.position;
  let rendered: RenderOutcome['rendered'];
  try {
    const outputs = await write(layout, settings.out, settings.formats, {folder: context.folder, definitions, date: await documentDate(path), file, sectionPlace});
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

/** A message as plain data, to cross from a worker thread. */
export function plainMessages(file: VFile): PlainMessage[] {
  return file.messages.map((message) => ({reason: message.reason, place: message.place, ruleId: message.ruleId, fatal: message.fatal, url: message.url}));
}

/**
 * Renders the jobs in `count` worker threads, dealt round-robin (neighbours in the sorted
 * order are often alike in size), and rebuilds their messages in the jobs' order.
 */
function renderInWorkers(jobs: RenderJob[], count: number, settings: RenderSettings, cwd: string, progress: () => void): Promise<RenderOutcome[]> {
  const out: RenderOutcome[] = jobs.map((job) => ({file: new VFile({path: job.shown})}));
  const shares = Array.from({length: count}, (_, k) => jobs.filter((_, i) => i % count === k));
  return new Promise((resolve, reject) => {
    let running = count;
    for (const share of shares) {
      const worker = new Worker(new URL('./render-worker.ts', import.meta.url), {workerData: {jobs: share, settings, cwd}});
      worker.on('message', ({index, messages, rendered}: RenderWorkerMessage) => {
        const outcome = out[index]!;
        for (const plain of messages) {
          const message = outcome.file.message(plain.reason, {place: plain.place, ruleId: plain.ruleId, source: 'pcp'});
          message.fatal = plain.fatal;
          message.url = plain.url;
        }
        if (rendered) outcome.rendered = rendered;
        progress();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`A render thread stopped with exit code ${code}`));
        else if (--running === 0) resolve(out);
      });
    }
  });
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
  const jobs: RenderJob[] = [...proposals].sort().map((path, index) => ({index, path, shown: relative(cwd, path) || path}));
  let done = 0;
  options.onProgress?.(0, jobs.length);
  const progress = () => options.onProgress?.(++done, jobs.length);
  const workers = options.workers !== undefined ? Math.min(options.workers, jobs.length) : Math.min(availableParallelism(), Math.floor(jobs.length / jobsPerWorker));
  const settings: RenderSettings = {root, out, formats};
  // Workers start first, so this thread renders the blank form meanwhile.
  const inWorkers = workers >= 2 ? renderInWorkers(jobs, workers, settings, cwd, progress) : undefined;
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
