#!/usr/bin/env node
/**
 * report.yml's entry: after the check workflow ran on a pull request, review it with trusted
 * code and tell the reviewers: one sticky comment, the managed labels, a check run with the
 * verdict. Inputs come from the environment a workflow_run job has; `runReport` does the work.
 */
import {tmpdir} from 'node:os';
import {projectRoot} from '../lib/project-root.ts';
import {ArtifactError, readArtifact} from './artifact.ts';
import {createCheckRun} from './check-run.ts';
import {appClientFromEnv, createClient, type GitHub} from './client.ts';
import {describeFailure, SetupError} from './failure.ts';
import {formatCheckRunSummary, formatReportComment, verdictTitle, type ReportLinks} from './comment-body.ts';
import {findStickyComment, readStageRecord, upsertStickyComment, type FoundComment, type UpsertResult} from './comment.ts';
import {parseWorkflowRun, readEvent, type WorkflowRunEvent} from './event.ts';
import {checksLabel, serviceLabel, stageLabel, syncLabels} from './labels.ts';
import {loadStatusVocabulary} from '../lib/form.ts';
import {parseRepository, type Repository} from './repository.ts';
import {MismatchError, reviewPullRequest, type Review} from './review.ts';

/** The name check.yml gives the artifact with the rendered PCPs. */
export const renderedArtifactName = 'pcp-rendered';

/** Everything the report needs besides the client. */
export interface ReportInputs {
  repository: Repository;
  run: WorkflowRunEvent;
  /** Where the check's `pcp-pr` artifact was downloaded. */
  artifactDir: string;
  /** The default branch's checkout (its catalog and schema). */
  trustedRoot: string;
  /** A scratch folder. */
  workdir: string;
  /** https://github.com, or an Enterprise server's address. */
  serverUrl: string;
  /** Whose comment is the bot's (default: github-actions[bot]). */
  botLogin?: string;
  /** The client that creates the check run (a GitHub App's, when configured); default: `github`. */
  checks?: GitHub;
}

/** What the report did. */
export interface ReportOutcome {
  /** Why nothing was reviewed (a run of another event, a refused artifact). */
  skipped?: string;
  refused?: string;
  passing?: boolean;
  comment?: UpsertResult;
  labels?: {add: string[]; remove: string[]};
  checkRunId?: number;
}

/** Reviews the pull request of a finished check run and reports on it. */
export async function runReport(github: GitHub, inputs: ReportInputs, log: (line: string) => void): Promise<ReportOutcome> {
  const {repository, run} = inputs;
  if (run.event !== 'pull_request') {
    log(`Nothing to report: the check ran for a ${run.event || 'unknown'} event`);
    return {skipped: 'not a pull request'};
  }
  const checks = inputs.checks ?? github;
  let review;
  let existing;
  let artifact;
  try {
    artifact = await readArtifact(inputs.artifactDir);
    if (artifact.headSha !== run.headSha) throw new MismatchError('The artifact names another commit than the run checked');
    // A deleted fork leaves no head repository: nothing to match the pull request to, so refuse.
    if (!run.headRepository) throw new MismatchError('The run names no head repository (a deleted fork?), so its pull request cannot be matched');
    existing = await findStickyComment(github, {...repository, issueNumber: artifact.pullRequest, ...(inputs.botLogin ? {botLogin: inputs.botLogin} : {})});
    review = await reviewPullRequest(github, {...repository, pullNumber: artifact.pullRequest, headSha: run.headSha, headRepository: run.headRepository, trustedRoot: inputs.trustedRoot, workdir: inputs.workdir, recorded: readStageRecord(existing?.body)});
  } catch (error) {
    if (!(error instanceof ArtifactError || error instanceof MismatchError)) throw error;
    // A forged or broken artifact fails the commit it claims to be about: no pass can be faked.
    const checkRunId = await createCheckRun(checks, {...repository, headSha: run.headSha, passing: false, title: 'The check\'s result could not be trusted', summary: `${error.message}. The check workflow's artifact was refused, so no verdict was given.`, ...(run.htmlUrl ? {detailsUrl: run.htmlUrl} : {})});
    log(`Refused: ${error.message}`);
    // A stale checks:passing must not sit beside the failing check: on the pull request whose
    // head is the refused commit (never one an artifact merely names), the label says failing.
    if (artifact && (await headOf(github, repository, artifact.pullRequest)) === run.headSha) {
      await syncLabels(github, {...repository, issueNumber: artifact.pullRequest}, [checksLabel(false)], ['checks:']);
    }
    return {refused: error.message, checkRunId};
  }
  const links: ReportLinks = {...(run.htmlUrl ? {run: run.htmlUrl} : {})};
  const rendered = await renderedArtifactUrl(github, inputs);
  if (rendered) links.rendered = rendered;
  // The pull request may have moved on while this ran: then the newer head's run reports, and
  // this one writes only the check run of the commit it reviewed (which can mislead nobody).
  const pullNumber = review.pullNumber;
  const headStill = async () => (await headOf(github, repository, pullNumber)) === review.headSha;
  return publishReview(github, repository, review, links, log, inputs.botLogin, existing, {checks, headStill});
}

/** The pull request's head commit now, or undefined when it is not there. */
async function headOf(github: GitHub, repository: Repository, pullNumber: number): Promise<string | undefined> {
  try {
    const {data} = await github.rest.pulls.get({...repository, pull_number: pullNumber});
    return data.head.sha;
  } catch (error) {
    if ((error as {status?: number}).status === 404) return undefined;
    throw error;
  }
}

/** How `publishReview` writes. */
export interface PublishOptions {
  /** The client that creates the check run; default: the one given. */
  checks?: GitHub;
  /** Asked right before the comment and labels are written: false when the head moved on. */
  headStill?: () => Promise<boolean>;
}

/** Tells the pull request what the review found: the sticky comment, the managed labels, the check run. */
export async function publishReview(github: GitHub, repository: Repository, review: Review, links: ReportLinks, log: (line: string) => void, botLogin?: string, existing?: FoundComment | null, options: PublishOptions = {}): Promise<ReportOutcome> {
  const checks = options.checks ?? github;
  if (options.headStill && !(await options.headStill())) {
    const checkRunId = await createCheckRun(checks, {...repository, headSha: review.headSha, passing: review.passing, title: verdictTitle(review), summary: formatCheckRunSummary(review, links)});
    log(`Pull request #${review.pullNumber}: its head moved on from ${review.headSha.slice(0, 7)}; comment and labels left to the newer run; check run ${checkRunId}`);
    return {skipped: 'head moved', passing: review.passing, checkRunId};
  }
  // A pull request of code changes no proposal: no comment to read, unless one is there to update.
  const quiet = review.proposals.length === 0 && review.removed.length === 0 && review.problems.length === 0 && existing === null;
  const comment = quiet ? undefined : await upsertStickyComment(github, {...repository, issueNumber: review.pullNumber, body: formatReportComment(review, links), ...(botLogin ? {botLogin} : {})}, existing);
  const stages = new Set(loadStatusVocabulary().stages.map((stage) => stage.id));
  const wanted = [
    checksLabel(review.passing),
    ...review.proposals.flatMap((proposal) => (proposal.stage && stages.has(proposal.stage) ? [stageLabel(proposal.stage)] : [])),
    ...review.proposals.flatMap((proposal) => (proposal.service !== undefined && proposal.service >= 1 && proposal.service <= 99 ? [serviceLabel(proposal.service)] : [])),
  ];
  const labels = await syncLabels(github, {...repository, issueNumber: review.pullNumber}, wanted);
  const checkRunId = await createCheckRun(checks, {...repository, headSha: review.headSha, passing: review.passing, title: verdictTitle(review), summary: formatCheckRunSummary(review, links), ...(comment ? {detailsUrl: comment.url} : {})});
  log(`Pull request #${review.pullNumber}: ${verdictTitle(review)} (${review.errors} errors, ${review.warnings} warnings in ${review.proposals.length} proposals)`);
  log(`Comment ${comment ? `${comment.action} (${comment.id})` : 'not needed'}; labels added: ${labels.add.join(', ') || 'none'}; removed: ${labels.remove.join(', ') || 'none'}; check run ${checkRunId}`);
  return {passing: review.passing, ...(comment ? {comment} : {}), labels, checkRunId};
}

/** The link to the run's rendered-PCP artifact, when there is one. */
async function renderedArtifactUrl(github: GitHub, inputs: ReportInputs): Promise<string | undefined> {
  try {
    const {data} = await github.rest.actions.listWorkflowRunArtifacts({...inputs.repository, run_id: inputs.run.runId, per_page: 100, name: renderedArtifactName});
    const artifact = data.artifacts.find((candidate) => candidate.name === renderedArtifactName && !candidate.expired);
    if (!artifact) return undefined;
    return `${inputs.serverUrl.replace(/\/+$/, '')}/${inputs.repository.owner}/${inputs.repository.repo}/actions/runs/${inputs.run.runId}/artifacts/${artifact.id}`;
  } catch {
    // A missing link must not cost the reviewers the whole report.
    return undefined;
  }
}

/** Reads the workflow's environment and runs the report. Exit 0: reported; 1: refused; 2: a fault. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (!env.GITHUB_TOKEN) throw new SetupError('Expected GITHUB_TOKEN');
    if (!env.PCP_ARTIFACT_DIR) throw new SetupError('Expected PCP_ARTIFACT_DIR, the downloaded artifact\'s folder');
    const github = createClient({token: env.GITHUB_TOKEN, ...(env.GITHUB_API_URL ? {baseUrl: env.GITHUB_API_URL} : {})});
    const repository = parseRepository(env.GITHUB_REPOSITORY);
    const checks = await appClientFromEnv(env, repository);
    const outcome = await runReport(github, {
      repository,
      run: parseWorkflowRun(await readEvent(env.GITHUB_EVENT_PATH)),
      artifactDir: env.PCP_ARTIFACT_DIR,
      trustedRoot: projectRoot,
      workdir: env.RUNNER_TEMP || tmpdir(),
      serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
      ...(env.PCP_BOT_LOGIN ? {botLogin: env.PCP_BOT_LOGIN} : {}),
      ...(checks ? {checks} : {}),
    }, log);
    return outcome.refused ? 1 : 0;
  } catch (error) {
    // The status and the route say what failed; a response body could quote a proposal, so it is not printed.
    process.stderr.write(`report: ${describeFailure(error)}\n`);
    return 2;
  }
}


if (import.meta.main) process.exitCode = await main();
