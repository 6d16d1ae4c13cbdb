/**
 * One read of every proposal's frontmatter for the site build, shared by its two readers: the
 * status projection (stage and service) and the personal-data guard (the personal fields).
 * Reading is most of their cost (YAML, about a millisecond a proposal), so the build reads once;
 * what leaves this module is the projection's records and the guard's values, never whole
 * frontmatters.
 */
import {projectRoot} from './project-root.ts';
import {statusFields, statusRecordsOf, type StatusRecords} from './project-status.ts';
import {proposalJobs} from './proposal-jobs.ts';
import {readFrontmatters} from './read-frontmatters.ts';
import {personalFieldPaths, personalValuesOf, type PersonalValue} from './site-guard.ts';

/** What the site build needs of the proposals. */
export interface ProposalMetadata {
  status: StatusRecords;
  personal: {values: PersonalValue[]; unreadable: string[]};
}

/** Reads every proposal under `root` once, for both the projection and the guard. */
export async function readProposalMetadata(root: string = projectRoot): Promise<ProposalMetadata> {
  const jobs = await proposalJobs(root, root);
  const read = await readFrontmatters(jobs, {fields: [...statusFields, ...personalFieldPaths], validated: true});
  return {status: statusRecordsOf(read), personal: personalValuesOf(read, jobs)};
}

// The site's loaders and its integration are loaded as separate module graphs in one process:
// the shared read lives on globalThis, keyed by repository, so both get the same promise.
const shared = Symbol.for('pcp.proposalMetadata');

/** `readProposalMetadata(root)`, started once per process and repository, and shared. */
export function sharedProposalMetadata(root: string = projectRoot): Promise<ProposalMetadata> {
  const host = globalThis as typeof globalThis & {[shared]?: Map<string, Promise<ProposalMetadata>>};
  const reads = (host[shared] ??= new Map());
  let read = reads.get(root);
  if (!read) {
    read = readProposalMetadata(root);
    read.catch(() => undefined);
    reads.set(root, read);
  }
  return read;
}
