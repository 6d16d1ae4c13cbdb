/**
 * Regressions of the security review: no silent caps, no stage lent by a rename, moves judged
 * by author and head repository, the stage record kept in a long comment, no write on a moved
 * head, writes made once, the sticky comment found only at its start, refused artifacts leave no
 * stale label, a missing head repository refused, and faults logged without their message.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {formatReportComment} from '../../scripts/github/comment-body.ts';
import {readStageRecord, reportMarker} from '../../scripts/github/comment.ts';
import {describeFailure, SetupError} from '../../scripts/github/failure.ts';
import {fetchLimits} from '../../scripts/github/pull-request.ts';
import {runReport, type ReportInputs} from '../../scripts/github/report.ts';
import type {Review} from '../../scripts/github/review.ts';
import {runStatusCommand} from '../../scripts/github/status-command.ts';
import type {FakeGitHub} from './fake-github.ts';
import {addPull, clientFor, edited, issueComment, root, sampleFiles, startFake, workflowRun, writeArtifact} from './scenario.ts';

let fake: FakeGitHub;
let workdir: string;
let stop: () => Promise<void>;
const log = (_line: string) => {};

beforeEach(async () => ({fake, workdir, stop} = await startFake()));
afterEach(() => stop());

const slug = 'sign-language-interpretation';
const path = `proposals/${slug}/proposal.md`;
const toUnderReview = (text: string) => text.replace(/^status: submitted$/m, 'status: under-review');

async function inputs(headSha: string, pullRequest = 7, run: Record<string, unknown> = {}): Promise<ReportInputs> {
  return {repository: {owner: fake.owner, repo: fake.repo}, run: await workflowRun(headSha, run), artifactDir: await writeArtifact(workdir, {version: 1, pullRequest, headSha}), trustedRoot: root, workdir, serverUrl: 'https://github.test'};
}
const report = (issue = 7) => fake.comments.get(issue)!.find((comment) => comment.body.startsWith(reportMarker))!.body;

describe('no silent cap', () => {
  it('fails a pull request that changes more proposals than are reviewed, whichever sorts last', async () => {
    const base = sampleFiles(slug, 'remote-healthcare');
    const head = edited(base, path, toUnderReview);
    const draft = base.get('proposals/remote-healthcare/proposal.md')!;
    for (let index = 0; index < fetchLimits.proposals; index++) head.set(`proposals/a${String(index).padStart(2, '0')}/proposal.md`, draft);
    const {head: sha} = addPull(fake, {number: 7, base, head});
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(false);
    expect(fake.checkRuns.at(-1)).toMatchObject({conclusion: 'failure'});
    expect(report()).toContain(`Unexpected number of proposals in one pull request: 21, at most 20 are reviewed (not reviewed: \`proposals/${slug}\`)`);
    expect(report()).toContain('`pull-request-too-large`');
  });

  it('fails a pull request whose file list stops short of its changed_files count', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles('forest-pest-detection')});
    fake.pulls.get(7)!.changed_files = 3500;
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.passing).toBe(false);
    expect(report()).toContain('Unexpected size of the pull request: 3500 changed files');
  });

  it('fails a pull request over the 3,000-file cap of the list, and passes one of exactly 3,000', async () => {
    const extraFiles = Array.from({length: fetchLimits.changedFiles + 50}, (_, index) => `docs/f${String(index).padStart(4, '0')}.md`);
    const {head} = addPull(fake, {number: 7, base: new Map(), head: new Map(), extraFiles});
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.passing).toBe(false);
    expect(fake.checkRuns.at(-1)).toMatchObject({conclusion: 'failure', output: expect.objectContaining({title: 'PCP checks failed'})});
    expect(fake.count('GET', /\/pulls\/7\/files$/)).toBe(30);
    const {head: exact} = addPull(fake, {number: 8, base: new Map(), head: new Map(), extraFiles: extraFiles.slice(0, fetchLimits.changedFiles)});
    expect((await runReport(clientFor(fake), await inputs(exact, 8), log)).passing).toBe(true);
  });
});

describe('renames and removals', () => {
  it('lends no stage from a rename out of a path that is not a proposal', async () => {
    const submitted = Buffer.from(toUnderReview(sampleFiles(slug).get(path)!.toString('utf8')));
    const base = new Map([['test/fixtures/x/proposal.md', submitted]]);
    const head = new Map(sampleFiles(slug));
    head.set(path, submitted);
    const {head: sha} = addPull(fake, {number: 7, base, head});
    fake.pullFiles.set(7, fake.pullFiles.get(7)!.filter((file) => file.filename !== 'test/fixtures/x/proposal.md').map((file) => (file.filename === path ? {filename: path, status: 'renamed', previous_filename: 'test/fixtures/x/proposal.md'} : file)));
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(false);
    expect(report()).toContain(`stage \`under-review\` (new)`);
  });

  it('reports a moved proposal\'s old folder as removed, and refuses the removal to a consultant', async () => {
    const base = sampleFiles(slug);
    const head = new Map([...base].map(([file, bytes]) => [file.replace(`proposals/${slug}/`, 'proposals/renamed-one/'), bytes]));
    const {head: sha} = addPull(fake, {number: 7, base, head});
    fake.pullFiles.set(7, [...head.keys()].map((file) => ({filename: file, status: 'renamed', previous_filename: file.replace('proposals/renamed-one/', `proposals/${slug}/`)})));
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(report()).toContain(`### \`proposals/${slug}\`: removed`);
    expect(report()).toContain(`Unexpected removal of \`proposals/${slug}\` by the pull request's author`);
    expect(outcome.passing).toBe(false);
  });

  it('fails a consultant\'s pull request that deletes a proposal, and lets a reviewer\'s own branch do it', async () => {
    const {head} = addPull(fake, {number: 7, base: sampleFiles(slug, 'forest-pest-detection'), head: sampleFiles('forest-pest-detection')});
    expect((await runReport(clientFor(fake), await inputs(head), log)).passing).toBe(false);
    expect(report()).toContain('`submission-removal-permission`');
    fake.roles.set('reviewer-b', 'triage');
    const {head: reviewer} = addPull(fake, {number: 8, author: 'reviewer-b', headRepository: 'programme/proposals', base: sampleFiles(slug, 'forest-pest-detection'), head: sampleFiles('forest-pest-detection')});
    expect((await runReport(clientFor(fake), await inputs(reviewer, 8, {head_repository: {full_name: 'programme/proposals'}}), log)).passing).toBe(true);
  });
});

describe('who moved the stage', () => {
  it('judges a reviewer\'s pull request from a fork as a consultant\'s', async () => {
    fake.roles.set('reviewer-r', 'triage');
    const base = sampleFiles(slug);
    const {head} = addPull(fake, {number: 7, base, head: edited(base, path, toUnderReview), author: 'reviewer-r', headRepository: 'consultant-a/proposals'});
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.passing).toBe(false);
    expect(readStageRecord(report())).toEqual({[`proposals/${slug}`]: 'submitted'});
  });
});

describe('the stage record', () => {
  it('survives a comment cut to GitHub\'s size', () => {
    const messages = Array.from({length: 25}, (_, index) => ({line: index + 1, column: 1, severity: 'warning' as const, message: 'x'.repeat(200), ruleId: 'r', url: undefined, section: 'general'}));
    const proposals = Array.from({length: 20}, (_, index) => ({folder: `proposals/p${index}`, previousStage: 'submitted', stage: 'under-review', service: 1, completeness: undefined, messages}));
    const review: Review = {pullNumber: 7, headSha: 'a'.repeat(40), proposals, removed: [], problems: [], stages: {'proposals/p0': 'under-review'}, errors: 0, warnings: 500, passing: true};
    const body = formatReportComment(review);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('… cut here');
    expect(readStageRecord(body)).toEqual({'proposals/p0': 'under-review'});
  });
});

describe('writes', () => {
  it('writes no comment or labels when the head moved on while the review ran', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.onRequest = (method, requested) => {
      if (method === 'GET' && /\/pulls\/7\/files$/.test(requested)) fake.pulls.get(7)!.head.sha = 'c'.repeat(40);
    };
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.skipped).toBe('head moved');
    expect(fake.comments.size).toBe(0);
    expect(fake.labels.size).toBe(0);
    expect(fake.checkRuns).toEqual([expect.objectContaining({head_sha: head})]);
  });

  it('posts a comment once when the answer to the POST was lost', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'POST', path: /\/issues\/7\/comments$/, status: 502, times: 1, after: true});
    await expect(runReport(clientFor(fake), await inputs(head), log)).rejects.toMatchObject({status: 502});
    expect(fake.count('POST', /\/issues\/7\/comments$/)).toBe(1);
    expect(fake.comments.get(7)).toHaveLength(1);
  });

  it('creates a check run once when the answer to the POST was lost', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'POST', path: /\/check-runs$/, status: 502, times: 1, after: true});
    await expect(runReport(clientFor(fake), await inputs(head), log)).rejects.toMatchObject({status: 502});
    expect(fake.checkRuns).toHaveLength(1);
  });

  it('says moved, not "not changed", when the contents write landed but its answer was lost', async () => {
    fake.roles.set('reviewer-b', 'triage');
    addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug), branch: 'add-proposal', headRepository: 'programme/proposals'});
    fake.faults.push({method: 'PUT', path: /\/contents\//, status: 502, times: 1, after: true});
    const outcome = await runStatusCommand(clientFor(fake), {repository: {owner: fake.owner, repo: fake.repo}, comment: await issueComment({body: '/status under-review'}), trustedRoot: root, workdir}, log);
    expect(outcome).toMatchObject({result: 'moved', commit: fake.commits[0]!.sha});
    expect(fake.commits).toHaveLength(1);
    expect(fake.count('PUT', /\/contents\//)).toBe(1);
  });
});

describe('the sticky comment', () => {
  it('is never a bot reply that quotes the marker, nor another bot\'s comment', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.addComment(7, 'github-actions[bot]', `@someone quoted ${reportMarker}\n<!-- pcp-review-bot:stages {"proposals/${slug}":"approved"} -->`);
    fake.addComment(7, 'other-app[bot]', `${reportMarker}\n<!-- pcp-review-bot:stages {"proposals/${slug}":"approved"} -->`);
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.comment?.action).toBe('created');
    expect(fake.comments.get(7)).toHaveLength(3);
    expect(readStageRecord(fake.comments.get(7)!.at(-1)!.body)).toEqual({[`proposals/${slug}`]: 'submitted'});
  });
});

describe('/status replies', () => {
  it('never echo a status value that is not a stage id', async () => {
    fake.roles.set('reviewer-b', 'triage');
    const injected = 'x\n<!-- pcp-review-bot:report -->';
    addPull(fake, {number: 7, base: new Map(), head: edited(sampleFiles(slug), path, (text) => text.replace(/^status: submitted$/m, `status: ${JSON.stringify(injected)}`)), branch: 'add-proposal', headRepository: 'programme/proposals'});
    const outcome = await runStatusCommand(clientFor(fake), {repository: {owner: fake.owner, repo: fake.repo}, comment: await issueComment({body: '/status under-review'}), trustedRoot: root, workdir}, log);
    expect(outcome.result).toBe('refused');
    expect(outcome.reason).toContain('says an unknown value');
    expect(fake.comments.get(7)!.every((comment) => !comment.body.includes(reportMarker))).toBe(true);
  });
});

describe('refused runs', () => {
  it('turn a stale checks:passing into checks:failing on the refused commit\'s pull request', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug), headRepository: 'someone/elsewhere'});
    fake.labels.set(7, ['checks:passing', 'stage:submitted']);
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.refused).toBeDefined();
    expect(fake.labels.get(7)!.sort()).toEqual(['checks:failing', 'stage:submitted']);
  });

  it('refuse a run without a head repository (a deleted fork)', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.pulls.get(7)!.head.repo = null;
    const outcome = await runReport(clientFor(fake), await inputs(head, 7, {head_repository: null}), log);
    expect(outcome.refused).toMatch(/no head repository/);
    expect(fake.comments.size).toBe(0);
    expect(fake.checkRuns).toEqual([expect.objectContaining({conclusion: 'failure'})]);
  });
});

describe('fault lines', () => {
  it('name the error, never its message', () => {
    expect(describeFailure(Object.assign(new Error('ENOENT: no such file, open /home/person/secret.md'), {code: 'ENOENT'}))).toBe('Error (ENOENT)');
    expect(describeFailure(new SyntaxError('Unexpected token in JSON at "Jane Doe"'))).toBe('SyntaxError');
    expect(describeFailure('a string')).toBe('Error');
    expect(describeFailure(new SetupError('Expected GITHUB_TOKEN'))).toBe('SetupError: Expected GITHUB_TOKEN');
  });
});

describe('the check run from a GitHub App', () => {
  it('is created with an installation token scoped to checks: write on this repository; the rest uses the workflow token', async () => {
    const {generateKeyPairSync} = await import('node:crypto');
    const {appClientFromEnv} = await import('../../scripts/github/client.ts');
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048, privateKeyEncoding: {type: 'pkcs1', format: 'pem'}, publicKeyEncoding: {type: 'spki', format: 'pem'}});
    expect(await appClientFromEnv({}, {owner: fake.owner, repo: fake.repo})).toBeUndefined();
    const checks = await appClientFromEnv({PCP_APP_ID: '12345', PCP_APP_PRIVATE_KEY: privateKey, GITHUB_API_URL: fake.baseUrl}, {owner: fake.owner, repo: fake.repo});
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    await runReport(clientFor(fake), {...(await inputs(head)), checks: checks!}, log);
    expect(fake.appTokenRequests).toEqual([{repositories: [fake.repo], permissions: {checks: 'write'}}]);
    const tokens = (pattern: RegExp) => fake.requests.filter((request) => pattern.test(request.path)).map((request) => request.token);
    expect(tokens(/\/check-runs$/)).toEqual(['app-installation-token']);
    expect(tokens(/\/issues\/7\/comments$/).every((token) => token === 'test-token')).toBe(true);
    expect(fake.checkRuns).toEqual([expect.objectContaining({name: 'pcp / trusted verdict', conclusion: 'success'})]);
  });
});
