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

/** Every file the pull request changes, over all pages. */
export async function listChangedFiles(github: GitHub, target: Repository & {pullNumber: number}): Promise<ChangedFile[]> {
  const files: ChangedFile[] = [];
  for await (const page of github.paginate.iterator(github.rest.pulls.listFiles, {owner: target.owner, repo: target.repo, pull_number: target.pullNumber, per_page: 100})) {
    for (const file of page.data) files.push({filename: file.filename, status: file.status, previous_filename: file.previous_filename});
    if (files.length >= fetchLimits.changedFiles) break;
  }
  return files;
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

/** The proposal folders that changed, in order, at most `fetchLimits.proposals`. */
export function changedProposals(files: ChangedFile[]): ChangedProposal[] {
  const found = new Map<string, ChangedProposal>();
  for (const file of files) {
    const slug = folderPattern.exec(file.filename)?.[1];
    if (!slug || !isSafeSegment(slug)) continue;
    const folder = `proposals/${slug}`;
    const moved = file.filename === `${folder}/proposal.md` && file.previous_filename?.endsWith('/proposal.md') ? file.previous_filename : undefined;
    const known = found.get(folder);
    if (!known) found.set(folder, {folder, slug, previousPath: moved ?? `${folder}/proposal.md`});
    else if (moved) known.previousPath = moved;
  }
  return [...found.values()].sort((a, b) => a.folder.localeCompare(b.folder)).slice(0, fetchLimits.proposals);
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
