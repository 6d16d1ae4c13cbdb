/** Every proposal.md under a repository's proposals/, as jobs for the frontmatter readers. */
import {join, relative, sep} from 'node:path';
import {findProposals} from './check.ts';
import type {FrontmatterJob} from './read-frontmatters.ts';

/**
 * The proposals under `root`/proposals (none when the folder does not exist), sorted, each shown
 * relative to `cwd` with `/`.
 */
export async function proposalJobs(root: string, cwd: string): Promise<FrontmatterJob[]> {
  const {proposals} = await findProposals([join(root, 'proposals')], root, cwd).catch(() => ({proposals: new Set<string>()}));
  return [...proposals].sort().map((path, index) => ({index, path, shown: relative(cwd, path).split(sep).join('/') || path}));
}
