/**
 * A pull request's proposals, read through the API as data: the changed files (every page),
 * and each changed proposal's folder at a commit (contents API for the listing, git blobs for
 * the bytes). Nothing fetched is ever executed; paths are checked before anything is written.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {GitHub} from './client.ts';
import type {Repository} from './repository.ts';

/** Caps on what is fetched, so a hostile pull request cannot fill the disk or the job's time. */
export const fetchLimits = {
  /** Changed files read from the pull request (GitHub lists at most 3,000). */
  changedFiles: 3000,
  /** Proposals reviewed in one pull request. */
  proposals: 20,
  /** Files in one proposal's folder. */
  filesPerFolder: 200,
  /** Levels of folders inside a proposal's folder. */
  depth: 6,
  /** Bytes of one file. */
  fileBytes: 10 * 1024 * 1024,
  /** Bytes of one proposal's folder. */
  folderBytes: 40 * 1024 * 1024,
};

/** A file a pull request changes. */
export interface ChangedFile {
  filename: string;
  status: string;
  previous_filename?: string | undefined;
}

/** The files a pull request changes, and whether that is all of them. */
export interface ChangedFiles {
  files: ChangedFile[];
  /**
   * False when the list stopped short: at the cap, or fewer files than the pull request's
   * `changed_files` count. A review of an incomplete list must fail, never pass.
   */
  complete: boolean;
}

/**
 * Every file the pull request changes, over all pages, at most `fetchLimits.changedFiles`.
 * `expected` is the pull request's `changed_files` count, when known.
 */
export async function listChangedFiles(github: GitHub, target: Repository & {pullNumber: number; expected?: number | undefined}): Promise<ChangedFiles> {
  const files: ChangedFile[] = [];
  let capped = false;
  // GitHub stops listing at 3,000 files; the count in the pull request says how many there are.
  for await (const page of github.paginate.iterator(github.rest.pulls.listFiles, {owner: target.owner, repo: target.repo, pull_number: target.pullNumber, per_page: 100})) {
    for (const file of page.data) files.push({filename: file.filename, status: file.status, previous_filename: file.previous_filename});
    if (files.length >= fetchLimits.changedFiles) {
      capped = true;
      break;
    }
  }
  const kept = files.slice(0, fetchLimits.changedFiles);
  // At the cap the list is whole only when the count says so (exactly 3,000 changed files).
  const complete = typeof target.expected === 'number' ? target.expected <= kept.length : !capped;
  return {files: kept, complete};
}

/** A changed proposal: its folder now, and where its proposal.md was before (for a moved folder). */
export interface ChangedProposal {
  /** `proposals/<slug>`. */
  folder: string;
  slug: string;
  /** Path of proposal.md at the base commit. */
  previousPath: string;
}

const folderPattern = /^proposals\/([^/]+)\//;

/** The slug of `proposals/<slug>/proposal.md` with a safe slug, else undefined. */
function proposalSlug(path: string | undefined): string | undefined {
  const slug = path === undefined ? undefined : /^proposals\/([^/]+)\/proposal\.md$/.exec(path)?.[1];
  return slug !== undefined && isSafeSegment(slug) ? slug : undefined;
}

/**
 * Every proposal folder that changed, in order: the caller refuses more than
 * `fetchLimits.proposals` (never a silent cut). A renamed proposal.md counts as moved only from
 * another `proposals/<slug>/proposal.md`, and its old folder is listed as changed too, so that
 * it is reported removed; from anywhere else it counts as added (no stage is lent).
 */
export function changedProposals(files: ChangedFile[]): ChangedProposal[] {
  const found = new Map<string, ChangedProposal>();
  const note = (slug: string, previousPath?: string) => {
    const folder = `proposals/${slug}`;
    const known = found.get(folder);
    if (!known) found.set(folder, {folder, slug, previousPath: previousPath ?? `${folder}/proposal.md`});
    else if (previousPath) known.previousPath = previousPath;
  };
  for (const file of files) {
    const slug = folderPattern.exec(file.filename)?.[1];
    const source = file.status === 'renamed' ? proposalSlug(file.previous_filename) : undefined;
    const sourceFolder = file.previous_filename === undefined ? undefined : folderPattern.exec(file.previous_filename)?.[1];
    if (file.status === 'renamed' && sourceFolder !== undefined && isSafeSegment(sourceFolder)) note(sourceFolder);
    if (!slug || !isSafeSegment(slug)) continue;
    const moved = file.filename === `proposals/${slug}/proposal.md` && source !== undefined && source !== slug ? file.previous_filename : undefined;
    note(slug, moved);
  }
  return [...found.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

/** A path segment that is safe to write: no separators, no `.`/`..`, no NUL, not hidden. */
export function isSafeSegment(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !name.startsWith('.') && !/[/\\\u0000]/.test(name);
}

/** What fetching a folder wrote, and what it left out. */
export interface FetchedFolder {
  files: string[];
  /** Entries not written (links, submodules, unsafe names, over a cap), by path: the reason. */
  skipped: Array<{path: string; reason: string}>;
}

/** Thrown when a fetch is refused: the folder is over a cap. */
export class FetchLimitError extends Error {}

/**
 * Writes `folder` (a repository path) as it is at `ref` into `into`, file by file. Returns
 * undefined when the folder does not exist at `ref` (a deleted proposal).
 */
export async function fetchFolder(github: GitHub, target: Repository & {ref: string; folder: string; into: string}): Promise<FetchedFolder | undefined> {
  const out: FetchedFolder = {files: [], skipped: []};
  let bytes = 0;
  const visit = async (path: string, into: string, depth: number): Promise<boolean> => {
    let listing;
    try {
      ({data: listing} = await github.rest.repos.getContent({owner: target.owner, repo: target.repo, path, ref: target.ref}));
    } catch (error) {
      if ((error as {status?: number}).status === 404) return false;
      throw error;
    }
    if (!Array.isArray(listing)) return false;
    await mkdir(into, {recursive: true});
    for (const entry of listing) {
      if (!isSafeSegment(entry.name)) {
        out.skipped.push({path: entry.path, reason: 'name'});
        continue;
      }
      if (entry.type === 'dir') {
        if (depth >= fetchLimits.depth) out.skipped.push({path: entry.path, reason: 'depth'});
        else await visit(entry.path, join(into, entry.name), depth + 1);
      } else if (entry.type === 'file') {
        if (out.files.length >= fetchLimits.filesPerFolder) throw new FetchLimitError(`More than ${fetchLimits.filesPerFolder} files in ${target.folder}`);
        if (entry.size > fetchLimits.fileBytes) {
          out.skipped.push({path: entry.path, reason: 'size'});
          continue;
        }
        bytes += entry.size;
        if (bytes > fetchLimits.folderBytes) throw new FetchLimitError(`More than ${fetchLimits.folderBytes} bytes in ${target.folder}`);
        let content;
        try {
          content = await blobBytes(github, {owner: target.owner, repo: target.repo, sha: entry.sha});
        } catch (error) {
          // A submodule is listed as a file (GitHub keeps that for compatibility) and has no blob.
          if ((error as {status?: number}).status !== 404 && (error as {status?: number}).status !== 422) throw error;
          out.skipped.push({path: entry.path, reason: 'no blob'});
          continue;
        }
        await writeFile(join(into, entry.name), content, {flag: 'wx'});
        out.files.push(entry.path);
      } else {
        // A symbolic link or a submodule is never recreated: it could point anywhere.
        out.skipped.push({path: entry.path, reason: entry.type});
      }
    }
    return true;
  };
  return (await visit(target.folder, target.into, 0)) ? out : undefined;
}

/** The bytes of a git blob. */
export async function blobBytes(github: GitHub, target: Repository & {sha: string}): Promise<Buffer> {
  const {data} = await github.rest.git.getBlob({owner: target.owner, repo: target.repo, file_sha: target.sha});
  if (data.encoding !== 'base64') return Buffer.from(data.content, 'utf8');
  const bytes = Buffer.from(data.content, 'base64');
  if (bytes.length > fetchLimits.fileBytes) throw new FetchLimitError('A file over the size cap');
  return bytes;
}

/** One file's text and blob id at `ref`, or undefined when it does not exist there. */
export async function fileAt(github: GitHub, target: Repository & {ref: string; path: string}): Promise<{text: string; sha: string} | undefined> {
  let data;
  try {
    ({data} = await github.rest.repos.getContent({owner: target.owner, repo: target.repo, path: target.path, ref: target.ref}));
  } catch (error) {
    if ((error as {status?: number}).status === 404) return undefined;
    throw error;
  }
  if (Array.isArray(data) || data.type !== 'file') return undefined;
  if (data.size > fetchLimits.fileBytes) throw new FetchLimitError('A file over the size cap');
  const bytes = await blobBytes(github, {owner: target.owner, repo: target.repo, sha: data.sha});
  return {text: bytes.toString('utf8'), sha: data.sha};
}
