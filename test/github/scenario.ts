/** Pull requests on the fake GitHub, made of the repository's real sample proposals. */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {createClient, type GitHub} from '../../scripts/github/client.ts';
import {parseIssueComment, parseWorkflowRun} from '../../scripts/github/event.ts';
import {FakeGitHub, filesOf} from './fake-github.ts';

/** The repository root: its catalog and schema are the "default branch" of every scenario. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The sample proposals. */
export const samples = ['air-quality-forecasting', 'forest-pest-detection', 'remote-healthcare', 'sign-language-interpretation'];

/** The files of sample proposals, by repository path. */
export function sampleFiles(...slugs: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const slug of slugs) for (const [path, bytes] of filesOf(join(root, 'proposals', slug), root)) out.set(path, bytes);
  return out;
}

/** A client for the fake, with tiny retry delays and no write spacing. */
export function clientFor(fake: FakeGitHub, options: {throttle?: boolean} = {}): GitHub {
  return createClient({token: 'test-token', baseUrl: fake.baseUrl, retryAfterBaseValue: 1, throttle: options.throttle ?? false, log: () => {}});
}

/** A started fake and a scratch folder, torn down by `stop`. */
export async function startFake(): Promise<{fake: FakeGitHub; workdir: string; stop: () => Promise<void>}> {
  const fake = await new FakeGitHub().start();
  const workdir = await mkdtemp(join(tmpdir(), 'pcp-github-'));
  return {fake, workdir, stop: async () => {
    await fake.stop();
    await rm(workdir, {recursive: true, force: true});
  }};
}

/** What a pull request holds. */
export interface PullSetup {
  number: number;
  author?: string;
  base: Map<string, Buffer>;
  head: Map<string, Buffer>;
  /** Another repository's full name for a fork (default: a fork of the consultant). */
  headRepository?: string;
  branch?: string;
  /** Files listed as changed besides those that differ between base and head. */
  extraFiles?: string[];
}

/** Adds a pull request with the changed files computed from base and head; returns the commits. */
export function addPull(fake: FakeGitHub, setup: PullSetup): {base: string; head: string} {
  const base = fake.addCommit(setup.base);
  const head = fake.addCommit(setup.head);
  const branch = setup.branch ?? `branch-${setup.number}`;
  fake.branches.set('main', fake.branches.get('main') ?? base);
  fake.branches.set(branch, head);
  fake.pulls.set(setup.number, {
    number: setup.number,
    state: 'open',
    user: {login: setup.author ?? 'consultant-a'},
    head: {sha: head, ref: branch, repo: {full_name: setup.headRepository ?? 'consultant-a/proposals'}},
    base: {sha: base, ref: 'main', repo: {full_name: `${fake.owner}/${fake.repo}`}},
  });
  const changed: Array<{filename: string; status: string}> = (setup.extraFiles ?? []).map((filename) => ({filename, status: 'added'}));
  for (const [path, bytes] of setup.head) {
    const before = setup.base.get(path);
    if (!before) changed.push({filename: path, status: 'added'});
    else if (!before.equals(bytes)) changed.push({filename: path, status: 'modified'});
  }
  for (const path of setup.base.keys()) if (!setup.head.has(path)) changed.push({filename: path, status: 'removed'});
  fake.pullFiles.set(setup.number, changed);
  return {base, head};
}

/** Writes the check's artifact into a new folder of `workdir`. */
export async function writeArtifact(workdir: string, content: unknown): Promise<string> {
  const folder = await mkdtemp(join(workdir, 'artifact-'));
  await writeFile(join(folder, 'pr.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return folder;
}

/** The workflow_run fixture, for `headSha`. */
export async function workflowRun(headSha: string, changes: Record<string, unknown> = {}) {
  const payload = JSON.parse(await readFile(join(root, 'test/github/fixtures/workflow_run.completed.json'), 'utf8'));
  Object.assign(payload.workflow_run, {head_sha: headSha}, changes);
  return parseWorkflowRun(payload);
}

/** The issue_comment fixture with another body, commenter or issue. */
export async function issueComment(changes: {body?: string; commenter?: string; number?: number; onIssue?: boolean} = {}) {
  const payload = JSON.parse(await readFile(join(root, 'test/github/fixtures/issue_comment.created.json'), 'utf8'));
  if (changes.body !== undefined) payload.comment.body = changes.body;
  if (changes.commenter !== undefined) payload.comment.user.login = changes.commenter;
  if (changes.number !== undefined) payload.issue.number = changes.number;
  if (changes.onIssue) delete payload.issue.pull_request;
  return parseIssueComment(payload);
}

/** A proposal's text with `replace` applied. */
export function edited(files: Map<string, Buffer>, path: string, replace: (text: string) => string): Map<string, Buffer> {
  const out = new Map(files);
  out.set(path, Buffer.from(replace(files.get(path)!.toString('utf8')), 'utf8'));
  return out;
}
