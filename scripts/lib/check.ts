/**
 * The batch: find the files a `pcp check` covers, read and check each, and return them with
 * their messages. One file's failure never stops the others.
 */
import {existsSync} from 'node:fs';
import {lstat, readdir, stat} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {Worker} from 'node:worker_threads';
import {VFile} from 'vfile';
import {loadCatalog, type Catalog} from './catalog.ts';
import {checkProposal, type PreviousVersion} from './check-proposal.ts';
import {changedFiles, fileAtCommit, resolveCommit} from './git.ts';
import {parseSource} from './parse.ts';
import {addPlainMessages, type PlainMessage} from './plain-message.ts';
import {projectRoot} from './project-root.ts';
import {readSource} from './read.ts';
import {report, sortMessages} from './rule.ts';
import fileCannotProcess from './rules/file-cannot-process.ts';
import fileLocation from './rules/file-location.ts';

/** A mistake in how the command was called (exit 2), not in a file. */
export class UsageError extends Error {}

/** What a checked file is. */
export type SourceKind = 'proposal' | 'service' | 'call';

/** One checked file. */
export interface CheckedFile {
  kind: SourceKind;
  file: VFile;
}

/** What `checkPaths` checks, and how. */
export interface CheckOptions {
  /** Files or folders; default: proposals/ and catalog/. */
  paths?: string[];
  /** Where relative paths start and what messages are relative to; default: the process's. */
  cwd?: string;
  /** The repository; default: this project. */
  root?: string;
  /** Check only what changed since this git ref, and check changes of stage against it. */
  changedSince?: string;
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
  /** Most worker threads to check in (default: the machine's cores; 1 checks in this thread). */
  workers?: number;
}

/** The checked files with their messages. */
export interface CheckResult {
  files: CheckedFile[];
  /** Files on which the checker itself failed (exit 2). */
  internalErrors: number;
}

// Only folders no proposal can be named after: a slug may well be `out` or `dist`.
const skippedFolders = new Set(['node_modules']);

/** Runs every check on the files `options` name. */
export async function checkPaths(options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(options.root ?? projectRoot);
  if (!existsSync(join(root, 'catalog', 'call.yaml'))) throw new UsageError(`No catalog/call.yaml in ${relative(cwd, root) || '.'}: is this the proposals repository? (--root names another)`);
  // By default, whichever of proposals/ and catalog/ exist: a new repository may have no proposals yet.
  const requested = options.paths?.length
    ? options.paths.map((path) => resolve(cwd, path))
    : [join(root, 'proposals'), join(root, 'catalog')].filter((path) => existsSync(path));
  const found = await findProposals(requested, root, cwd);
  const proposals = found.proposals;
  let wantsCatalog = found.wantsCatalog;
  const catalogFolder = join(root, 'catalog');

  let previousOf: ((path: string) => Promise<PreviousVersion | undefined>) | undefined;
  if (options.changedSince !== undefined) {
    const commit = await resolveCommit(root, options.changedSince);
    const changes = await changedFiles(root, commit);
    const changed = changes.paths;
    const changedFolders = new Set(changed.map((path) => proposalFolderOf(path, root)).filter(Boolean));
    for (const path of [...proposals]) {
      if (!changedFolders.has(proposalFolderOf(path, root))) proposals.delete(path);
    }
    wantsCatalog &&= changed.some((path) => isWithin(path, catalogFolder));
    previousOf = async (path) => {
      const before = changes.renamedFrom.get(path) ?? relative(changes.top, path).split(sep).join('/');
      const text = await fileAtCommit(changes.top, commit, before);
      if (text === null) return {status: null};
      const old = new VFile({path, value: text});
      const status = parseSource(old, 'markdown')?.frontmatter?.data?.status;
      return typeof status === 'string' ? {status} : undefined;
    };
  }

  const catalog = await loadCatalog(root, cwd);
  const files: CheckedFile[] = [];
  if (wantsCatalog) {
    for (const file of catalog.files) files.push({kind: file.basename === 'call.yaml' ? 'call' : 'service', file});
  }
  if (proposals.size === 0 && !wantsCatalog && options.paths?.length && options.changedSince === undefined) {
    throw new UsageError(`No proposals in ${options.paths.join(', ')}: expected proposal.md files or folders holding them`);
  }
  const jobs: CheckJob[] = [];
  for (const [index, path] of [...proposals].sort().entries()) {
    const previous = await previousOf?.(path);
    jobs.push({index, path, shown: relative(cwd, path) || path, ...(previous ? {previous} : {})});
  }
  let done = 0;
  const progress = () => options.onProgress?.(++done, jobs.length);
  const workers = options.workers !== undefined ? Math.min(options.workers, jobs.length) : Math.min(availableParallelism(), Math.floor(jobs.length / jobsPerWorker));
  const checked = workers >= 2 ? await checkInWorkers(jobs, workers, root, cwd, progress) : await checkHere(jobs, catalog, root, progress);
  let internalErrors = 0;
  for (const file of checked) {
    if (file.messages.some((message) => message.ruleId === fileCannotProcess.id)) internalErrors++;
    files.push({kind: 'proposal', file});
  }
  for (const {file} of files) sortMessages(file);
  return {files, internalErrors};
}

/** The proposal files under `paths` (absolute), and whether the catalog is among them. */
export async function findProposals(paths: string[], root: string, cwd: string): Promise<{proposals: Set<string>; wantsCatalog: boolean}> {
  const catalogFolder = join(root, 'catalog');
  const proposals = new Set<string>();
  let wantsCatalog = false;
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`No such file or folder: ${relative(cwd, path) || path}`);
    }
    if (isWithin(path, catalogFolder) || isWithin(catalogFolder, path)) wantsCatalog = true;
    if (info.isDirectory()) for (const found of await markdownFiles(path, catalogFolder)) proposals.add(found);
    else if (!info.isFile()) throw new UsageError(`Not a regular file: ${relative(cwd, path) || path}`);
    else if (!isWithin(path, catalogFolder)) {
      if (!path.endsWith('.md')) throw new UsageError(`Not a Markdown file: ${relative(cwd, path)} (give proposal.md or its folder)`);
      proposals.add(path);
    }
  }
  return {proposals, wantsCatalog};
}

/** One file for a checker, in the main thread or a worker. */
export interface CheckJob {
  index: number;
  path: string;
  shown: string;
  previous?: PreviousVersion;
}

/** Below this many files per worker, starting workers costs more than it saves. */
const jobsPerWorker = 100;

async function checkHere(jobs: CheckJob[], catalog: Catalog, root: string, progress: () => void): Promise<VFile[]> {
  const out: VFile[] = [];
  for (const job of jobs) {
    out.push(await checkOne(job, catalog, root));
    progress();
  }
  return out;
}

/** Checks the jobs in `count` worker threads, dealt round-robin, and rebuilds their messages. */
function checkInWorkers(jobs: CheckJob[], count: number, root: string, cwd: string, progress: () => void): Promise<VFile[]> {
  const out = jobs.map((job) => new VFile({path: job.shown}));
  const shares = Array.from({length: count}, (_, k) => jobs.filter((_, i) => i % count === k));
  return new Promise((resolve, reject) => {
    let running = count;
    for (const share of shares) {
      const worker = new Worker(new URL('./check-worker.ts', import.meta.url), {workerData: {jobs: share, root, cwd}});
      worker.on('message', ({index, messages}: {index: number; messages: PlainMessage[]}) => {
        addPlainMessages(out[index]!, messages);
        progress();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`A checker thread stopped with exit code ${code}`));
        else if (--running === 0) resolve(out);
      });
    }
  });
}

/** Reads and checks one proposal; a failure of the checker itself becomes one message. */
export async function checkOne(job: CheckJob, catalog: Catalog, root: string): Promise<VFile> {
  const {path, shown, previous} = job;
  let file = new VFile({path: shown});
  try {
    const link = await linkIn(path);
    if (link) {
      report(file, fileLocation, `Unexpected link (${link}): a proposal and its folder must be real files in the repository, not links`, {line: 1, column: 1});
      return file;
    }
    file = await readSource(path, shown);
    checkProposal(file, {path, catalog, root, ...(previous ? {previous} : {})});
    // Reports need only the messages; keeping every file's text would hold the whole batch in memory.
    file.value = '';
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    report(file, fileCannotProcess, `Cannot process file: the checker failed (${name}); the other files were checked`, {line: 1, column: 1});
  }
  return file;
}

/** Which part of `path` (the file or its folder) is a symbolic link, if any. */
async function linkIn(path: string): Promise<string | undefined> {
  for (const [candidate, what] of [[path, 'the file'], [dirname(path), 'the folder']] as const) {
    try {
      if ((await lstat(candidate)).isSymbolicLink()) return what;
    } catch {
      // Not there: reading the file reports it.
    }
  }
  return undefined;
}

/** proposals/<slug>/ for a path inside a proposal's folder, else undefined. */
function proposalFolderOf(path: string, root: string): string | undefined {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'proposals' && parts.length >= 3 ? parts.slice(0, 2).join('/') : undefined;
}

function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

/** Markdown files below `folder` (not following links, skipping hidden and generated folders and the catalog). */
async function markdownFiles(folder: string, catalogFolder: string): Promise<string[]> {
  const found: string[] = [];
  const stack = [folder];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (isWithin(current, catalogFolder)) continue;
    for (const entry of await readdir(current, {withFileTypes: true})) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory() && !skippedFolders.has(entry.name)) stack.push(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
      // A link is never followed (it could lead anywhere), but it is reported, not skipped.
      else if (entry.isSymbolicLink()) found.push(entry.name.endsWith('.md') ? path : join(path, 'proposal.md'));
    }
  }
  return found;
}
