/**
 * What git knows about proposals: the files changed since a commit, and a file's text at that
 * commit. Only plain `git` commands with fixed arguments; the ref is checked before use.
 */
import {execFile} from 'node:child_process';
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

/** Paths (relative to root, with /) changed between `commit` and the working tree, new files included. */
export async function changedFiles(root: string, commit: string): Promise<string[]> {
  const changed = await git(root, ['diff', '--name-only', '-z', '--no-renames', commit, '--']);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  return [...new Set([...changed.split('\0'), ...untracked.split('\0')].filter(Boolean))];
}

/** The text of `path` at `commit`, or null when the file did not exist there. */
export async function fileAtCommit(root: string, commit: string, path: string): Promise<string | null> {
  try {
    return await git(root, ['show', `${commit}:${path}`]);
  } catch {
    return null;
  }
}
