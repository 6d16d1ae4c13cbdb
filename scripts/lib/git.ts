/**
 * What git knows about proposals: the files changed since a commit, and a file's text at that
 * commit. Only plain `git` commands with fixed arguments; the ref is checked before use.
 */
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** A ref that git cannot resolve to a commit. */
export class UnknownRefError extends Error {}

async function git(root: string, args: string[]): Promise<string> {
  const {stdout} = await run('git', ['-C', root, ...args], {maxBuffer: 64 * 1024 * 1024, encoding: 'utf8'});
  return stdout;
}

/** Resolves `ref` to a commit id, or throws UnknownRefError. */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UnknownRefError(`Unknown git ref \`${ref}\``);
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    throw new UnknownRefError(`Unknown git ref \`${ref}\`: is it fetched? (in GitHub Actions, check out with fetch-depth: 0)`);
  }
}

/** What changed between a commit and the working tree. */
export interface Changes {
  /** The repository's top folder (git paths are relative to it). */
  top: string;
  /** Absolute paths of changed files, new and untracked ones included. */
  paths: string[];
  /** For a renamed file: its absolute path now, to its path at the commit (relative to `top`). */
  renamedFrom: Map<string, string>;
}

/** The files changed between `commit` and the working tree of the repository holding `root`. */
export async function changedFiles(root: string, commit: string): Promise<Changes> {
  const top = (await git(root, ['rev-parse', '--show-toplevel'])).trim();
  // -M: a proposal moved to another folder keeps its history, so its change of stage is still checked.
  const fields = (await git(top, ['diff', '--name-status', '-z', '-M', commit, '--'])).split('\0');
  const paths: string[] = [];
  const renamedFrom = new Map<string, string>();
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      const [from, to] = [fields[i + 1]!, fields[i + 2]!];
      paths.push(join(top, from), join(top, to));
      if (status.startsWith('R')) renamedFrom.set(join(top, to), from);
      i += 3;
    } else {
      paths.push(join(top, fields[i + 1]!));
      i += 2;
    }
  }
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  for (const path of untracked.split('\0')) if (path) paths.push(join(top, path));
  return {top, paths: [...new Set(paths)], renamedFrom};
}

/** The text of `path` (relative to the top folder) at `commit`, or null when it did not exist there. */
export async function fileAtCommit(top: string, commit: string, path: string): Promise<string | null> {
  try {
    return await git(top, ['show', `${commit}:${path}`]);
  } catch {
    return null;
  }
}
