/** Making output folders safely, and naming them: `pcp render --out` and `pcp status --out` both need it. */
import {existsSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import {dirname, relative} from 'node:path';
import {UsageError} from './check.ts';

/**
 * Creates `folder` one level at a time. Node's recursive mkdir spins forever where the file
 * system answers ENOENT to every attempt (a folder under /proc, seen here), so each missing
 * level is made on its own and a failure is a usage error naming the folder.
 */
export async function makeFolder(folder: string, cwd: string): Promise<void> {
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
      throw new UsageError(`Cannot create the output folder ${shownPath(folder, cwd)} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose another --out`);
    }
  }
}

/** `path` as a message shows it: relative to `cwd` when inside it, else absolute. */
export function shownPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown && !shown.startsWith('..') ? shown : path;
}
