/**
 * The trusted review of a pull request: its head must be the commit the check workflow ran on;
 * its changed proposals are fetched at that commit as data and checked by the library here, in
 * a job that runs the default branch's code only; each change of stage is judged by who made it.
 */
import {mkdtemp} from 'node:fs/promises';
import {join} from 'node:path';
import {VFile} from 'vfile';
import {loadCatalog} from '../lib/catalog.ts';
import {loadStatusVocabulary} from '../lib/form.ts';
import {parseSource} from '../lib/parse.ts';
import {ruleUrl} from '../lib/rule.ts';
import {checkFetched, type CheckedProposal, type ReviewedMessage} from './check-fetched.ts';
import type {GitHub} from './client.ts';
import {repositoryRole} from './permission.ts';
import {actorForRole, judgeTransition} from './policy.ts';
import {changedProposals, FetchLimitError, fetchFolder, fetchLimits, fileAt, listChangedFiles} from './pull-request.ts';
import type {Repository} from './repository.ts';

/** The rule id of the bot's own finding: a change of stage its author may not make. */
export const statusPermissionRule = 'submission-status-permission';

/** The rule id of the bot's finding that the pull request is too large to review whole. */
export const reviewLimitRule = 'pull-request-too-large';

/** The rule id of the bot's finding that a consultant's pull request removes a proposal. */
export const removalRule = 'submission-removal-permission';

/** Thrown when the pull request is not the one the check workflow ran on. */
export class MismatchError extends Error {}

/** One reviewed proposal. */
export interface ProposalReview extends CheckedProposal {
  /** `proposals/<slug>`. */
  folder: string;
  /** The stage at the base commit; null for a new proposal. */
  previousStage: string | null | undefined;
}

/** The whole review of a pull request. */
export interface Review {
  pullNumber: number;
  headSha: string;
  proposals: ProposalReview[];
  /** Proposal folders the pull request deletes. */
  removed: string[];
  /** Errors about the pull request as a whole (too many files or proposals, a removal by a consultant). */
  problems: ReviewedMessage[];
  /** Each proposal's trusted stage after this review: what the next move is judged against. */
  stages: Record<string, string>;
  errors: number;
  warnings: number;
  passing: boolean;
}

/** What to review. */
export interface ReviewOptions extends Repository {
  pullNumber: number;
  /** The commit the check workflow ran on (the workflow_run's head_sha: trusted, from the event). */
  headSha: string;
  /** The repository the check ran for (workflow_run.head_repository.full_name), when known. */
  headRepository?: string;
  /** The checked-out default branch: its catalog and schema are the trusted ones. */
  trustedRoot: string;
  /** A folder for the fetched files. */
  workdir: string;
  /**
   * False when the caller itself just made `headSha` the branch's head (a `/status` commit):
   * GitHub may still report the previous head for a moment.
   */
  verifyHead?: boolean;
  /** The stages the bot recorded before (from its own comment), by folder. */
  recorded?: Record<string, string>;
}

/** Reviews the pull request's changed proposals at `headSha`. */
export async function reviewPullRequest(github: GitHub, options: ReviewOptions): Promise<Review> {
  const {owner, repo, pullNumber, headSha} = options;
  const {data: pull} = await github.rest.pulls.get({owner, repo, pull_number: pullNumber});
  if (options.verifyHead !== false && pull.head.sha !== headSha) throw new MismatchError(`Pull request #${pullNumber} has head ${pull.head.sha.slice(0, 7)}, not the checked commit ${headSha.slice(0, 7)}`);
  if (options.headRepository && pull.head.repo?.full_name !== options.headRepository) throw new MismatchError(`Pull request #${pullNumber} does not come from the repository the check ran for`);
  const listed = await listChangedFiles(github, {owner, repo, pullNumber, expected: pull.changed_files});
  const problems: ReviewedMessage[] = [];
  const pullProblem = (ruleId: string, message: string) => problems.push({line: 1, column: 1, severity: 'error', message, ruleId, url: undefined, section: 'general'});
  // Fail closed: what was not listed or not reviewed could hide any change, so it is an error.
  if (!listed.complete) pullProblem(reviewLimitRule, `Unexpected size of the pull request: ${pull.changed_files ?? 'more than'} changed files, of which ${listed.files.length} could be listed; split it into pull requests of one proposal each`);
  const allChanged = changedProposals(listed.files);
  if (allChanged.length > fetchLimits.proposals) {
    const skipped = allChanged.slice(fetchLimits.proposals).map((changed) => `\`${changed.folder}\``);
    const named = skipped.length > 10 ? `${skipped.slice(0, 10).join(', ')} and ${skipped.length - 10} more` : skipped.join(', ');
    pullProblem(reviewLimitRule, `Unexpected number of proposals in one pull request: ${allChanged.length}, at most ${fetchLimits.proposals} are reviewed (not reviewed: ${named}); split it into pull requests of one proposal each`);
  }
  const root = await mkdtemp(join(options.workdir, 'pcp-review-'));
  const catalog = await loadCatalog(options.trustedRoot, options.trustedRoot);
  const vocabulary = loadStatusVocabulary();
  const author = pull.user?.login;
  // Reviewer-only moves count as a reviewer's only when the author is a reviewer AND the head
  // branch is in this repository: a fork's branch can hold anyone's commits, so a reviewer who
  // opens a pull request from a consultant's fork lends them no rights.
  const sameRepository = pull.head.repo?.full_name === `${owner}/${repo}`;
  let actorOf: ReturnType<typeof actorForRole> | undefined;
  const actor = async () => (actorOf ??= author && sameRepository ? actorForRole(await repositoryRole(github, {owner, repo, username: author})) : 'consultant');
  const proposals: ProposalReview[] = [];
  const removed: string[] = [];
  for (const changed of allChanged.slice(0, fetchLimits.proposals)) {
    const into = join(root, changed.folder);
    let fetched;
    try {
      fetched = await fetchFolder(github, {owner, repo, ref: headSha, folder: changed.folder, into});
    } catch (error) {
      if (!(error instanceof FetchLimitError)) throw error;
      proposals.push({folder: changed.folder, previousStage: undefined, messages: [{line: 1, column: 1, severity: 'error', message: `Unexpected size of the proposal's folder: ${error.message.replace(/^More/, 'more')}; keep only the proposal, its letters and its images there`, ruleId: 'file-too-large', url: ruleUrl('file-too-large'), section: 'general'}], stage: undefined, service: undefined, completeness: undefined});
      continue;
    }
    if (!fetched || !fetched.files.includes(`${changed.folder}/proposal.md`)) {
      if (!fetched || fetched.files.length === 0) removed.push(changed.folder);
      else proposals.push({folder: changed.folder, previousStage: undefined, ...missingProposal(changed.folder)});
      continue;
    }
    // The stage a move is judged from: the one the bot last accepted, else the base branch's.
    const recorded = options.recorded?.[changed.folder];
    const before = recorded === undefined ? await fileAt(github, {owner, repo, ref: pull.base.sha, path: changed.previousPath}) : undefined;
    const previousStage = recorded ?? (before === undefined ? null : statusOf(before.text, changed.previousPath));
    const checked = await checkFetched({
      path: join(into, 'proposal.md'),
      shown: `${changed.folder}/proposal.md`,
      root,
      catalog,
      ...(previousStage !== undefined ? {previous: {status: previousStage}} : {}),
    });
    if (checked.stage && previousStage !== undefined && checked.stage !== previousStage && vocabulary.stages.some((stage) => stage.id === checked.stage)) {
      const verdict = judgeTransition(previousStage, checked.stage, await actor(), vocabulary);
      // A move not in the table at all is the library's `submission-status-transition` already.
      const inTable = previousStage === null ? vocabulary.initial.some((entry) => entry.to === checked.stage) : vocabulary.transitions.some((entry) => entry.from === previousStage && entry.to === checked.stage);
      if (!verdict.allowed && inTable) {
        checked.messages.unshift({line: 1, column: 1, severity: 'error', message: `Unexpected change of stage by the pull request's author: ${verdict.reason}; a reviewer moves it with \`/status ${checked.stage}\``, ruleId: statusPermissionRule, url: undefined, section: 'general'});
      }
    }
    proposals.push({folder: changed.folder, previousStage, ...checked});
  }
  // Removing a proposal is a reviewer's decision, like a move to no stage at all: a consultant withdraws.
  if (removed.length > 0 && (await actor()) !== 'reviewer') {
    for (const folder of removed) pullProblem(removalRule, `Unexpected removal of \`${folder}\` by the pull request's author: removing a proposal is a reviewer's decision (repository role triage or above); set its \`status:\` to \`withdrawn\` instead`);
  }
  const all = [...problems, ...proposals.flatMap((proposal) => proposal.messages)];
  const errors = all.filter((message) => message.severity === 'error').length;
  const stages = {...options.recorded};
  for (const proposal of proposals) {
    const refused = proposal.messages.some((message) => message.ruleId === statusPermissionRule || message.ruleId === 'submission-status-transition');
    const known = vocabulary.stages.some((stage) => stage.id === proposal.stage);
    if (proposal.stage && known && !refused) stages[proposal.folder] = proposal.stage;
    else if (typeof proposal.previousStage === 'string') stages[proposal.folder] = proposal.previousStage;
  }
  return {pullNumber, headSha, proposals, removed, problems, stages, errors, warnings: all.length - errors, passing: errors === 0};
}

/** The stage written in a proposal's text; undefined when it cannot be read. */
function statusOf(text: string, path: string): string | undefined {
  const status = parseSource(new VFile({path, value: text}), 'markdown')?.frontmatter?.data?.status;
  return typeof status === 'string' ? status : undefined;
}

function missingProposal(folder: string): CheckedProposal {
  const message: ReviewedMessage = {line: 1, column: 1, severity: 'error', message: `Missing \`proposal.md\` in \`${folder}\`: a proposal's folder holds its proposal.md`, ruleId: 'file-location', url: ruleUrl('file-location'), section: 'general'};
  return {messages: [message], stage: undefined, service: undefined, completeness: undefined};
}
