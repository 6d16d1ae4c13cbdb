#!/usr/bin/env node
/**
 * status-command.yml's entry: `/status <stage> [reason]` in a pull request's thread. The
 * commenter's repository role (collaborator-permission API) must be triage or above; the move
 * must be in the status table; the proposal must pass its checks in the new stage. Then the
 * one `status:` line is changed by a commit through the contents API on the pull request's
 * branch (reviewer and reason in the message), the bot replies, and the new head is reviewed
 * (comment, labels, check run) as report.yml would.
 *
 * Why the contents API rather than `git push`: the job never checks out the pull request's
 * files or holds a push credential in git's config; the commit can change only that one file,
 * and it is refused (409) if the file changed meanwhile, so a push racing the command is never
 * overwritten.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {VFile} from 'vfile';
import {loadCatalog} from '../lib/catalog.ts';
import {loadStatusVocabulary} from '../lib/form.ts';
import {parseSource} from '../lib/parse.ts';
import {projectRoot} from '../lib/project-root.ts';
import {checkFetched} from './check-fetched.ts';
import {appClientFromEnv, createClient, type GitHub} from './client.ts';
import {findStickyComment, readStageRecord, reply} from './comment.ts';
import {describeFailure, SetupError} from './failure.ts';
import {parseIssueComment, readEvent, type PullRequestCommentEvent} from './event.ts';
import {replaceStatus} from './frontmatter-status.ts';
import {repositoryRole} from './permission.ts';
import {isReviewer, judgeTransition, parseStatusCommand, trustedStage} from './policy.ts';
import {changedProposals, fetchFolder, fileAt, listChangedFiles} from './pull-request.ts';
import {parseRepository, type Repository} from './repository.ts';
import {publishReview} from './report.ts';
import {reviewPullRequest} from './review.ts';

/** Everything the command needs besides the client. */
export interface StatusInputs {
  repository: Repository;
  comment: PullRequestCommentEvent;
  trustedRoot: string;
  workdir: string;
  /** Whose comment is the bot's (default: github-actions[bot]). */
  botLogin?: string;
  /** The client that creates the check run (a GitHub App's, when configured); default: `github`. */
  checks?: GitHub;
}

/** What the command did. */
export interface StatusOutcome {
  /** `ignored`: not a command, or not on a pull request. */
  result: 'ignored' | 'refused' | 'moved';
  /** Why it was refused (also the reply's gist). */
  reason?: string;
  commit?: string;
  reply?: string;
}

/** Runs one `/status` comment. */
export async function runStatusCommand(github: GitHub, inputs: StatusInputs, log: (line: string) => void): Promise<StatusOutcome> {
  const {repository, comment} = inputs;
  const {owner, repo} = repository;
  if (comment.pullNumber === undefined) return {result: 'ignored'};
  const command = parseStatusCommand(comment.body);
  if (command.kind === 'none') return {result: 'ignored'};
  const issueNumber = comment.pullNumber;
  const refuse = async (reason: string): Promise<StatusOutcome> => {
    const url = await reply(github, {owner, repo, issueNumber}, `@${comment.commenter} The stage was not changed: ${reason}.`);
    log(`Refused /status on #${issueNumber}: ${reason}`);
    return {result: 'refused', reason, reply: url};
  };
  // Authorization first, so nobody without the role learns anything from the replies.
  const role = await repositoryRole(github, {owner, repo, username: comment.commenter});
  if (!isReviewer(role)) return refuse('only reviewers (a repository role of triage or above) may move a proposal with `/status`');
  if (command.kind === 'invalid') return refuse(command.problem.replace(/\.$/, ''));

  const {data: pull} = await github.rest.pulls.get({owner, repo, pull_number: issueNumber});
  if (pull.state !== 'open') return refuse('the pull request is closed; open a status-change pull request instead');
  if (pull.head.repo?.full_name !== `${owner}/${repo}`) return refuse('the pull request comes from a fork, which the workflow may not write to; its author can change `status:` in the proposal, or a reviewer opens a status-change pull request');
  const listed = await listChangedFiles(github, {owner, repo, pullNumber: issueNumber, expected: pull.changed_files});
  if (!listed.complete) return refuse('the pull request changes more files than can be listed; split it into pull requests of one proposal each');
  const proposals = changedProposals(listed.files);
  if (proposals.length !== 1) return refuse(`\`/status\` works on a pull request that changes one proposal, and this one changes ${proposals.length}`);
  const proposal = proposals[0]!;
  const path = `${proposal.folder}/proposal.md`;
  const current = await fileAt(github, {owner, repo, ref: pull.head.sha, path});
  if (!current) return refuse(`\`${path}\` is not in the pull request's head`);
  const statusOf = (text: string) => {
    const value = parseSource(new VFile({path, value: text}), 'markdown')?.frontmatter?.data?.status;
    return typeof value === 'string' ? value : undefined;
  };
  const written = statusOf(current.text);
  if (written === undefined) return refuse('the proposal has no readable `status:`; fix its frontmatter first');
  // The move is judged from the stage the bot last accepted (its own comment), else the base
  // branch's: never from what the pull request's file says, which its author controls.
  const existing = await findStickyComment(github, {owner, repo, issueNumber, ...(inputs.botLogin ? {botLogin: inputs.botLogin} : {})});
  const recorded = readStageRecord(existing?.body);
  const vocabulary = loadStatusVocabulary();
  const base = recorded[proposal.folder] === undefined ? await fileAt(github, {owner, repo, ref: pull.base.sha, path: proposal.previousPath}) : undefined;
  const from = trustedStage(recorded[proposal.folder], base === undefined ? null : (statusOf(base.text) ?? null), written, vocabulary);
  if (from === undefined) return refuse(`the proposal's \`status:\` says ${shownStage(written)}, which no accepted move led to; set it back first`);
  if (from !== written) return refuse(`the proposal's \`status:\` says ${shownStage(written)}, but its stage is ${shownStage(from)}; set it back to ${shownStage(from)} first`);
  const verdict = judgeTransition(from, command.stage, 'reviewer', vocabulary);
  if (!verdict.allowed) return refuse(verdict.reason);
  const changed = replaceStatus(current.text, command.stage);
  if (changed === undefined) return refuse('the `status:` line could not be changed on its own; edit it in the file');

  // The proposal must pass its checks in the new stage: a complete stage needs a complete proposal.
  const workdir = await mkdtemp(join(inputs.workdir, 'pcp-status-'));
  try {
    const into = join(workdir, proposal.folder);
    await fetchFolder(github, {owner, repo, ref: pull.head.sha, folder: proposal.folder, into});
    await writeFile(join(into, 'proposal.md'), changed);
    const checked = await checkFetched({path: join(into, 'proposal.md'), shown: path, root: workdir, catalog: await loadCatalog(inputs.trustedRoot, inputs.trustedRoot), previous: {status: from}});
    const errors = checked.messages.filter((message) => message.severity === 'error');
    if (errors.length > 0) {
      const rules = [...new Set(errors.map((message) => `\`${message.ruleId}\``))].join(', ');
      return refuse(`in stage \`${command.stage}\` the proposal would have ${errors.length} error${errors.length === 1 ? '' : 's'} (${rules}); see the report comment for where`);
    }
  } finally {
    await rm(workdir, {recursive: true, force: true});
  }

  const message = [
    `Move ${proposal.slug} from ${from} to ${command.stage}`,
    '',
    ...(command.reason ? [command.reason, ''] : []),
    `Reviewer: @${comment.commenter} (${role})`,
    ...(comment.commentUrl ? [`Requested-in: ${comment.commentUrl}`] : []),
  ].join('\n');
  let commit: string;
  try {
    // Never retried (client.ts): a retried write could commit twice or answer 409 to its own commit.
    const {data} = await github.rest.repos.createOrUpdateFileContents({owner, repo, path, branch: pull.head.ref, sha: current.sha, message, content: Buffer.from(changed, 'utf8').toString('base64')});
    commit = data.commit.sha ?? '';
  } catch (error) {
    const code = (error as {status?: number}).status;
    if (code === undefined) throw error;
    // The write may have gone through although the answer did not (a 502, a lost connection), or
    // the 409 may be about a commit that already holds exactly this change: look before saying no.
    const landed = await landedCommit(github, {owner, repo, branch: pull.head.ref, path, text: changed});
    if (landed) commit = landed;
    else if (code === 409 || code === 422) return refuse('the branch changed while the command ran; write the command again');
    else throw error;
  }
  const url = await reply(github, {owner, repo, issueNumber}, `@${comment.commenter} moved \`${proposal.folder}\` from \`${from}\` to \`${command.stage}\` in ${commit.slice(0, 7)}.`);
  log(`Moved ${proposal.folder} on #${issueNumber} from ${from} to ${command.stage} in ${commit.slice(0, 7)}`);
  // A commit made with the workflow's token starts no workflow, so check.yml and report.yml will
  // not run on it: review the new head here, so the comment, the labels and the required check
  // run follow the move.
  const review = await reviewPullRequest(github, {owner, repo, pullNumber: issueNumber, headSha: commit, trustedRoot: inputs.trustedRoot, workdir: inputs.workdir, verifyHead: false, recorded: {...recorded, [proposal.folder]: command.stage}});
  await publishReview(github, repository, review, {}, log, inputs.botLogin, existing, inputs.checks ? {checks: inputs.checks} : {});
  return {result: 'moved', commit, reply: url};
}

/** Matches the ids of stages: only such a value is echoed back in a reply. */
const stageIdPattern = /^[a-z][a-z-]{0,40}$/;

/** A stage for a reply: quoted when it looks like a stage id, else "an unknown value" (never echoed). */
export function shownStage(value: string): string {
  return stageIdPattern.test(value) ? `\`${value}\`` : 'an unknown value';
}

/** The branch's head commit when the file there is exactly `text` (the change landed), else undefined. */
async function landedCommit(github: GitHub, target: Repository & {branch: string; path: string; text: string}): Promise<string | undefined> {
  const {data: branch} = await github.rest.repos.getBranch({owner: target.owner, repo: target.repo, branch: target.branch});
  const now = await fileAt(github, {owner: target.owner, repo: target.repo, ref: branch.commit.sha, path: target.path});
  return now?.text === target.text ? branch.commit.sha : undefined;
}

/** Reads the workflow's environment and runs the command. Exit 0: done or refused with a reply; 2: a fault. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    if (!env.GITHUB_TOKEN) throw new SetupError('Expected GITHUB_TOKEN');
    const github = createClient({token: env.GITHUB_TOKEN, ...(env.GITHUB_API_URL ? {baseUrl: env.GITHUB_API_URL} : {})});
    const repository = parseRepository(env.GITHUB_REPOSITORY);
    const checks = await appClientFromEnv(env, repository);
    await runStatusCommand(github, {
      repository,
      comment: parseIssueComment(await readEvent(env.GITHUB_EVENT_PATH)),
      trustedRoot: projectRoot,
      workdir: env.RUNNER_TEMP || tmpdir(),
      ...(env.PCP_BOT_LOGIN ? {botLogin: env.PCP_BOT_LOGIN} : {}),
      ...(checks ? {checks} : {}),
    }, (line) => process.stdout.write(`${line}\n`));
    return 0;
  } catch (error) {
    process.stderr.write(`status-command: ${describeFailure(error)}\n`);
    return 2;
  }
}

if (import.meta.main) process.exitCode = await main();
