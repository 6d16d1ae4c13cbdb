/**
 * The frontmatter of many proposals, for readers of metadata (`pcp status`, the site's
 * personal-data guard): read, parse the frontmatter only (never the body), and keep just what the
 * reader asked for. Large batches fan out to worker threads, as `checkPaths` does: YAML parsing is
 * most of the cost, about a millisecond a proposal.
 */
import {lstatSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {dirname} from 'node:path';
import {Worker} from 'node:worker_threads';
import type {VFile} from 'vfile';
import {VFile as File} from 'vfile';
import {addPlainMessages, type PlainMessage} from './plain-message.ts';
import {parseSource} from './parse.ts';
import {readSourceSync} from './read.ts';
import {report} from './rule.ts';
import fileCannotProcess from './rules/file-cannot-process.ts';
import fileLocation from './rules/file-location.ts';
import {validateFrontmatter} from './schema.ts';

/** What to keep of each frontmatter: `validated` checks it against the proposal schema first. */
export interface FrontmatterRequest {
  /** Dotted field paths to keep (`projectMinistry.contact.email`). */
  fields: string[];
  /** Check the frontmatter against the proposal schema and keep its messages. */
  validated: boolean;
}

/** One file's result. */
export interface FrontmatterFields {
  /** The file as shown in messages, with the messages of reading, parsing and (if asked) validating. */
  file: VFile;
  /** False when the frontmatter could not be read at all. */
  readable: boolean;
  /** The requested fields that hold a string, number or boolean. */
  values: Record<string, string | number | boolean>;
}

/** One file for a reader, in this thread or a worker. */
export interface FrontmatterJob {
  index: number;
  path: string;
  shown: string;
}

/** What crosses back from a worker thread. */
export interface PlainFrontmatterFields {
  index: number;
  messages: PlainMessage[];
  readable: boolean;
  values: Record<string, string | number | boolean>;
}

/** Below this many files per worker, starting workers costs more than it saves. */
const jobsPerWorker = 250;

/** Reads the requested fields of every file of `jobs`, in the order given. */
export async function readFrontmatters(jobs: FrontmatterJob[], request: FrontmatterRequest, workers = Math.min(availableParallelism(), Math.floor(jobs.length / jobsPerWorker))): Promise<FrontmatterFields[]> {
  if (workers < 2) {
    const out: FrontmatterFields[] = [];
    for (const job of jobs) out.push(readFrontmatter(job, request));
    return out;
  }
  const out: FrontmatterFields[] = jobs.map((job) => ({file: new File({path: job.shown}), readable: false, values: {}}));
  const rebuild = (plain: PlainFrontmatterFields) => {
    const result = out[plain.index]!;
    addPlainMessages(result.file, plain.messages);
    result.readable = plain.readable;
    result.values = plain.values;
  };
  const shares = Array.from({length: workers}, (_, k) => jobs.filter((_, i) => i % workers === k));
  await Promise.all(shares.map((share) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./read-frontmatters-worker.ts', import.meta.url), {workerData: {jobs: share, request}});
    worker.on('message', (batch: PlainFrontmatterFields[]) => {
      for (const plain of batch) rebuild(plain);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`A reader thread stopped with exit code ${code}`))));
  })));
  return out;
}

/** Reads one file's requested fields; a file that cannot be opened gets one message, never an exception. */
export function readFrontmatter(job: FrontmatterJob, request: FrontmatterRequest): FrontmatterFields {
  let file: VFile;
  try {
    // As `pcp check` does: a proposal and its folder must be real files, never links.
    if (!lstatSync(job.path).isFile() || lstatSync(dirname(job.path)).isSymbolicLink()) {
      file = new File({path: job.shown});
      report(file, fileLocation, 'Unexpected link or special file: a proposal and its folder must be real files in the repository, not links', {line: 1, column: 1});
      return {file, readable: false, values: {}};
    }
    file = readSourceSync(job.path, job.shown);
  } catch (error) {
    file = new File({path: job.shown});
    report(file, fileCannotProcess, `Cannot process file: it could not be read (${error instanceof Error && 'code' in error ? String(error.code) : 'error'})`, {line: 1, column: 1});
  }
  return fieldsOf(file, request);
}

function fieldsOf(file: VFile, request: FrontmatterRequest): FrontmatterFields {
  const source = parseSource(file, 'markdown', {body: false});
  const frontmatter = source?.frontmatter;
  const data = frontmatter?.data;
  file.value = '';
  if (!source || !frontmatter || !data) return {file, readable: false, values: {}};
  if (request.validated) validateFrontmatter(file, frontmatter, source.index, 'proposal');
  const values: FrontmatterFields['values'] = {};
  for (const field of request.fields) {
    let value: unknown = data;
    for (const key of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[field] = value;
  }
  return {file, readable: true, values};
}
