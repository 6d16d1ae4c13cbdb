/** Every proposal.md under a repository's proposals/, as jobs for the frontmatter readers. */
import {existsSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {findProposals} from './check.ts';
import type {FrontmatterJob} from './read-frontmatters.ts';

/**
 * The proposals under `root`/proposals (none when the folder does not exist), sorted, each shown
 * relative to `cwd` with `/`.
 */
export async function proposalJobs(root: string, cwd: string): Promise<FrontmatterJob[]> {
  const folder = join(root, 'proposals');
  // Only a missing folder means "no proposals"; any other failure to list them must surface, or
  // the status would count nothing and the guard would look for nothing.
  if (!existsSync(folder)) return [];
  const {proposals} = await findProposals([folder], root, cwd);
  return [...proposals].sort().map((path, index) => ({index, path, shown: relative(cwd, path).split(sep).join('/') || path}));
}
