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
import {promisify} from 'node:util';
import type {FootnoteDefinition} from 'mdast';
import type {VFile} from 'vfile';
import {loadCatalog, type Catalog} from '../catalog.ts';
import {checkProposal} from '../check-proposal.ts';
import {findProposals, UsageError, type CheckedFile} from '../check.ts';
import {projectRoot} from '../project-root.ts';
import {readSource} from '../read.ts';
import {report, sortMessages, type Place} from '../rule.ts';
import fileCannotProcess from '../rules/file-cannot-process.ts';
import renderScriptUnsupported from '../rules/render-script-unsupported.ts';
import {walk} from '../walk.ts';
import {buildLayout, type PcpLayout} from './layout.ts';
import {docxDocument, packDocx} from './docx/document.ts';
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
      bytes = await reproducibleDocx(await packDocx(await docxDocument(layout, options.folder)), options.date);
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
  if (options.blank) {
    const layout = buildLayout({catalog});
    // The form definition ships with the tool, whichever repository is rendered.
    const form = join(projectRoot, 'schema', 'pcp-form.yaml');
    const outputs = await write(layout, out, formats, {folder: root, definitions: new Map(), date: await documentDate(form)});
    rendered.push({source: 'schema/pcp-form.yaml', sourceSha256: sha256(await readFile(form)), outputs});
  }
  const ordered = [...proposals].sort();
  let done = 0;
  for (const path of ordered) {
    options.onProgress?.(done++, ordered.length);
    const file = await readSource(path, relative(cwd, path) || path);
    const source = typeof file.value === 'string' ? file.value : '';
    const context = checkProposal(file, {path, catalog, root});
    files.push({kind: 'proposal', file});
    if (!context || file.messages.some((message) => message.fatal)) continue;
    const definitions = new Map<string, FootnoteDefinition>();
    if (context.source.tree) walk(context.source.tree, (node) => void (node.type === 'footnoteDefinition' && definitions.set(node.identifier, node)));
    const slug = basename(context.folder);
    const layout = buildLayout({catalog, slug, proposal: {data: context.data, body: context.body}});
    const sectionPlace = (code: string) => context.body.sections.find((section) => section.answer?.code === code)?.heading.position;
    try {
      const outputs = await write(layout, out, formats, {folder: context.folder, definitions, date: await documentDate(path), file, sectionPlace});
      rendered.push({source: context.repositoryPath, sourceSha256: sha256(source), outputs});
    } catch (error) {
      // A renderer's fault must not stop the others (or the manifest): one message, exit 2.
      const name = error instanceof Error ? error.name : 'Error';
      report(file, fileCannotProcess, `Cannot render this proposal: the renderer failed (${name}); the other proposals were rendered`, {line: 1, column: 1});
    }
    sortMessages(file);
  }
  options.onProgress?.(ordered.length, ordered.length);
  const manifest = join(out, 'manifest.json');
  const entries = rendered.map((entry) => ({...entry, outputs: entry.outputs.map((output) => ({...output, path: relative(out, output.path)}))}));
  await writeFile(manifest, `${JSON.stringify({version: 1, files: entries}, null, 2)}\n`);
  return {files, rendered, manifest};
}
