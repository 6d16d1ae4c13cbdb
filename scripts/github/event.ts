/**
 * The parts of GitHub's event payloads the bot reads, checked for shape: a workflow_run (the
 * check workflow finished) and an issue_comment (someone wrote in a pull request's thread).
 */
import {SetupError} from './failure.ts';
import {readFile} from 'node:fs/promises';

/** A finished run of the check workflow. */
export interface WorkflowRunEvent {
  runId: number;
  headSha: string;
  /** The event that started the run: `pull_request` for a pull request. */
  event: string;
  htmlUrl: string;
  /** `owner/name` of the repository the run's commit comes from (a fork or this one). */
  headRepository: string | undefined;
}

/** A new comment in a pull request's thread. */
export interface PullRequestCommentEvent {
  body: string;
  commenter: string;
  commentUrl: string;
  /** The pull request's number; undefined when the comment is on an issue. */
  pullNumber: number | undefined;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Reads the payload file GitHub names in GITHUB_EVENT_PATH. */
export async function readEvent(path: string | undefined): Promise<unknown> {
  if (!path) throw new SetupError('Expected GITHUB_EVENT_PATH');
  return JSON.parse(await readFile(path, 'utf8'));
}

/** The workflow_run payload's run, or throws when it is not one. */
export function parseWorkflowRun(payload: unknown): WorkflowRunEvent {
  const run = object(object(payload).workflow_run);
  const runId = run.id;
  const headSha = text(run.head_sha);
  if (typeof runId !== 'number' || !/^[0-9a-f]{40}$/.test(headSha)) throw new SetupError('Expected a workflow_run event with an id and a head_sha');
  const headRepository = text(object(run.head_repository).full_name) || undefined;
  return {runId, headSha, event: text(run.event), htmlUrl: text(run.html_url), headRepository};
}

/** The issue_comment payload's comment, or throws when it is not one. */
export function parseIssueComment(payload: unknown): PullRequestCommentEvent {
  const event = object(payload);
  const comment = object(event.comment);
  const issue = object(event.issue);
  const commenter = text(object(comment.user).login);
  if (!commenter || typeof issue.number !== 'number') throw new SetupError('Expected an issue_comment event with a comment and an issue');
  return {
    body: text(comment.body),
    commenter,
    commentUrl: text(comment.html_url),
    pullNumber: issue.pull_request ? issue.number : undefined,
  };
}
