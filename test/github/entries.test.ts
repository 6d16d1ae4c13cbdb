/** The two entries as the workflows run them: `node scripts/github/<entry>.ts` with a job's environment. */
import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {FakeGitHub} from './fake-github.ts';
import {addPull, root, sampleFiles, startFake, writeArtifact} from './scenario.ts';

let fake: FakeGitHub;
let workdir: string;
let stop: () => Promise<void>;
beforeEach(async () => ({fake, workdir, stop} = await startFake()));
afterEach(() => stop());

function entry(name: string, env: Record<string, string>): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts/github', name)], {env: {PATH: process.env.PATH ?? '', ...env}}, (error, stdout, stderr) => {
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
    });
  });
}

async function event(fixture: string, change: (payload: Record<string, any>) => void): Promise<string> {
  const payload = JSON.parse(await readFile(join(root, 'test/github/fixtures', fixture), 'utf8'));
  change(payload);
  const path = join(workdir, fixture);
  await writeFile(path, JSON.stringify(payload));
  return path;
}

const jobEnv = () => ({GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}`, GITHUB_API_URL: fake.baseUrl, GITHUB_SERVER_URL: 'https://github.test', RUNNER_TEMP: workdir});

describe('node scripts/github/report.ts', () => {
  it('reports on the workflow_run payload GitHub writes, and exits 0', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles('forest-pest-detection')});
    const path = await event('workflow_run.completed.json', (payload) => (payload.workflow_run.head_sha = head));
    const run = await entry('report.ts', {...jobEnv(), GITHUB_EVENT_PATH: path, PCP_ARTIFACT_DIR: await writeArtifact(workdir, {version: 1, pullRequest: 7, headSha: head})});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Pull request #7: PCP checks passed(, with warnings)? \(0 errors, \d+ warnings in 1 proposals\)\nComment created \(\d+\); labels added: checks:passing, service:12, stage:submitted; removed: none; check run \d+\n$/);
    expect(fake.comments.get(7)).toHaveLength(1);
  }, 30_000);

  it('exits 1 on a refused artifact and 2 on a fault, saying what without a response body', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles('forest-pest-detection')});
    const path = await event('workflow_run.completed.json', (payload) => (payload.workflow_run.head_sha = head));
    const refused = await entry('report.ts', {...jobEnv(), GITHUB_EVENT_PATH: path, PCP_ARTIFACT_DIR: await writeArtifact(workdir, {version: 1, pullRequest: 7, headSha: 'f'.repeat(40)})});
    expect(refused).toMatchObject({code: 1, stdout: 'Refused: The artifact names another commit than the run checked\n'});
    fake.faults.push({method: 'GET', path: /\/pulls\/7$/, status: 404, times: 1, message: 'Not Found: secret-detail'});
    const fault = await entry('report.ts', {...jobEnv(), GITHUB_EVENT_PATH: path, PCP_ARTIFACT_DIR: await writeArtifact(workdir, {version: 1, pullRequest: 7, headSha: head})});
    expect(fault).toMatchObject({code: 2, stderr: 'report: HttpError (HTTP 404): GET /repos/programme/proposals/pulls/7\n'});
    expect((await entry('report.ts', {})).stderr).toBe('report: SetupError: Expected GITHUB_TOKEN\n');
  }, 30_000);
});

describe('node scripts/github/status-command.ts', () => {
  it('moves the proposal on the issue_comment payload GitHub writes', async () => {
    addPull(fake, {number: 7, base: new Map(), head: sampleFiles('forest-pest-detection'), branch: 'add', headRepository: 'programme/proposals'});
    fake.roles.set('reviewer-b', 'admin');
    const path = await event('issue_comment.created.json', () => {});
    const run = await entry('status-command.ts', {...jobEnv(), GITHUB_EVENT_PATH: path});
    expect(run).toMatchObject({code: 0, stderr: ''});
    expect(run.stdout).toMatch(/^Moved proposals\/forest-pest-detection on #7 from submitted to under-review in [0-9a-f]{7}\nPull request #7: PCP checks passed/);
    expect(fake.commits).toHaveLength(1);
  }, 30_000);
});
