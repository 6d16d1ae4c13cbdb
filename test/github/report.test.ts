/**
 * The report, through the real octokit client against the fake GitHub: one sticky comment,
 * labels in sync, a trusted check run, and refusals for artifacts that do not match.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {reportMarker} from '../../scripts/github/comment.ts';
import {describeFailure} from '../../scripts/github/failure.ts';
import {runReport, type ReportInputs} from '../../scripts/github/report.ts';
import type {FakeGitHub} from './fake-github.ts';
import {addPull, clientFor, edited, root, sampleFiles, startFake, workflowRun, writeArtifact} from './scenario.ts';

let fake: FakeGitHub;
let workdir: string;
let stop: () => Promise<void>;
const logs: string[] = [];
const log = (line: string) => void logs.push(line);

beforeEach(async () => {
  ({fake, workdir, stop} = await startFake());
  logs.length = 0;
});
afterEach(() => stop());

const slug = 'air-quality-forecasting';
const proposalPath = `proposals/${slug}/proposal.md`;

async function inputs(headSha: string, pullRequest = 7, run: Record<string, unknown> = {}): Promise<ReportInputs> {
  return {
    repository: {owner: fake.owner, repo: fake.repo},
    run: await workflowRun(headSha, run),
    artifactDir: await writeArtifact(workdir, {version: 1, pullRequest, headSha}),
    trustedRoot: root,
    workdir,
    serverUrl: 'https://github.test',
  };
}

const bodies = (fake: FakeGitHub, issue = 7) => (fake.comments.get(issue) ?? []).map((comment) => comment.body);

describe('the report', () => {
  it('leaves exactly one comment when run twice, updated in place, and syncs the labels', async () => {
    const {head} = addPull(fake, {number: 7, base: sampleFiles('forest-pest-detection'), head: sampleFiles('forest-pest-detection', slug)});
    fake.labels.set(7, ['checks:failing', 'stage:draft', 'needs translation']);
    const github = clientFor(fake);
    const first = await runReport(github, await inputs(head), log);
    expect(first.comment?.action).toBe('created');
    expect(first.passing).toBe(true);
    expect(fake.labels.get(7)!.sort()).toEqual(['checks:passing', 'needs translation', 'service:02', 'stage:submitted']);
    expect(first.labels).toEqual({add: ['checks:passing', 'service:02', 'stage:submitted'], remove: ['checks:failing', 'stage:draft']});
    expect(bodies(fake)[0]).toContain(`### \`proposals/${slug}\`: stage \`submitted\` (new) · service 02`);

    const second = await runReport(github, await inputs(head), log);
    expect(second.comment).toMatchObject({action: 'updated', id: first.comment!.id});
    expect(fake.comments.get(7)).toHaveLength(1);
    expect(second.labels).toEqual({add: [], remove: []});
    expect(fake.count('POST', /\/issues\/7\/comments$/)).toBe(1);
    expect(fake.count('PATCH', /\/issues\/comments\/\d+$/)).toBe(1);

    const body = bodies(fake)[0]!;
    expect(body.startsWith(reportMarker)).toBe(true);
    expect(body).toContain('## ✅ PCP checks passed');
    // The second run judges from the stage the first one accepted, and says so.
    expect(body).toContain(`### \`proposals/${slug}\`: stage \`submitted\` · service 02`);
    expect(body).toContain(`<!-- pcp-review-bot:stages {"proposals/${slug}":"submitted"} -->`);
    expect(body).toMatch(/\*\*Completeness:\*\* (\d+) of \1 required sections answered · organization letter ✅ attached · ODA ministry letter ✅ attached/);
    expect(fake.checkRuns).toHaveLength(2);
    expect(fake.checkRuns[0]).toMatchObject({name: 'pcp / trusted verdict', head_sha: head, status: 'completed', conclusion: 'success'});
  });

  it('fails a proposal with errors, and groups its checks by PCP section', async () => {
    const base = sampleFiles('forest-pest-detection');
    // A submitted proposal without its III.2 answer, without the ODA letter, and with a field the form does not have.
    let head = edited(sampleFiles('forest-pest-detection', slug), proposalPath, (text) => text.replace(/^## III\.2[^\n]*\n[\s\S]*?(?=^## )/m, '').replace(/^service: 2$/m, 'service: 2\nfavouriteColour: blue'));
    head = edited(head, proposalPath, (text) => text.replace(/\n  - type: oda-ministry-letter\n[^\n]*\n(?:    [^\n]*\n)*/, '\n'));
    fake.labels.set(7, ['checks:passing']);
    const {head: sha} = addPull(fake, {number: 7, base, head});
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(false);
    expect(fake.labels.get(7)!.sort()).toEqual(['checks:failing', 'service:02', 'stage:submitted']);
    expect(fake.checkRuns[0]).toMatchObject({conclusion: 'failure', output: {title: 'PCP checks failed'}});
    const body = bodies(fake)[0]!;
    expect(body).toContain('## ❌ PCP checks failed');
    expect(body).toMatch(/#### III\.2 Describe current problem[^\n]*\n\n\| Line \| Severity \| Message \| Rule \|\n\| ---: \| --- \| --- \| --- \|\n\| \d+:\d+ \| ❌ error \| Missing section `III\.2`/);
    expect(body).toContain('Still to answer: `III.2`');
    expect(body).toContain('ODA ministry letter ❌ missing');
    expect(body).toMatch(/#### The file and its frontmatter\n[\s\S]*`frontmatter-unknown-field`/);
    expect(body).toMatch(/#### Attachments[^\n]*\n[\s\S]*`attachment-official-letter-missing`/);
  });

  it('reads every page of comments and files, and never takes over a comment that is not the bot\'s', async () => {
    const extraFiles = Array.from({length: 230}, (_, index) => `docs/page-${String(index).padStart(3, '0')}.md`);
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug), extraFiles});
    for (let index = 0; index < 240; index++) fake.addComment(7, `person-${index % 7}`, `Comment ${index}`);
    fake.addComment(7, 'someone-else', `${reportMarker}\nA pasted marker`);
    fake.addComment(7, 'github-actions[bot]', 'Another bot comment, without the marker');
    const mine = fake.addComment(7, 'github-actions[bot]', `${reportMarker}\nAn old report`);
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.comment).toMatchObject({action: 'updated', id: mine.id});
    expect(fake.comments.get(7)).toHaveLength(243);
    expect(fake.comments.get(7)!.find((comment) => comment.user.login === 'someone-else')!.body).toBe(`${reportMarker}\nA pasted marker`);
    expect(fake.count('GET', /\/issues\/7\/comments$/)).toBe(3);
    expect(fake.count('GET', /\/pulls\/7\/files$/)).toBe(3);
    expect(outcome.passing).toBe(true);
    expect(mine.body).toContain(`proposals/${slug}`);
  });

  it('refuses an artifact that names another pull request (a forged number), and fails the checked commit', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    const other = addPull(fake, {number: 8, base: new Map(), head: sampleFiles('forest-pest-detection')});
    const outcome = await runReport(clientFor(fake), {...(await inputs(head)), artifactDir: await writeArtifact(workdir, {version: 1, pullRequest: 8, headSha: head})}, log);
    expect(outcome.refused).toMatch(/^Pull request #8 has head [0-9a-f]{7}, not the checked commit [0-9a-f]{7}$/);
    expect(fake.comments.size).toBe(0);
    expect(fake.labels.size).toBe(0);
    expect(fake.checkRuns).toEqual([expect.objectContaining({head_sha: head, conclusion: 'failure'})]);
    expect(fake.checkRuns.some((run) => run.head_sha === other.head)).toBe(false);
  });

  it('refuses a pull request whose head comes from another repository than the run\'s', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug), headRepository: 'someone/elsewhere'});
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.refused).toBe('Pull request #7 does not come from the repository the check ran for');
    expect(fake.comments.size).toBe(0);
  });

  it.each([
    ['an extra field', {version: 1, pullRequest: 7, headSha: 'a'.repeat(40), verdict: 'pass'}, 'The artifact does not match its schema (/ additionalProperties)'],
    ['a number as text', {version: 1, pullRequest: '7', headSha: 'a'.repeat(40)}, 'The artifact does not match its schema (/pullRequest type)'],
    ['a short commit id', {version: 1, pullRequest: 7, headSha: 'abc1234'}, 'The artifact does not match its schema (/headSha pattern)'],
    ['too many bytes', `{"version":1,"pullRequest":7,"headSha":"${'a'.repeat(40)}","pad":"${'x'.repeat(5000)}"}`, 'The artifact is over 4096 bytes'],
    ['no JSON', 'not json', 'The artifact is not JSON'],
  ])('refuses an artifact with %s', async (_name, content, reason) => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    const outcome = await runReport(clientFor(fake), {...(await inputs(head)), artifactDir: await writeArtifact(workdir, content)}, log);
    expect(outcome.refused).toBe(reason);
    expect(fake.checkRuns).toEqual([expect.objectContaining({conclusion: 'failure', output: expect.objectContaining({title: 'The check\'s result could not be trusted'})})]);
  });

  it('gives its own verdict, whatever else the artifact holds', async () => {
    const head = edited(sampleFiles(slug), proposalPath, (text) => text.replace(/^## IV\.1[^\n]*\n/m, '## IV.1 Purpose\n\n<script>alert(1)</script>\n\n'));
    const {head: sha} = addPull(fake, {number: 7, base: new Map(), head});
    const run = await inputs(sha);
    // What a fork's edited check.yml could upload: a pass. It is never read.
    await writeFile(join(run.artifactDir, 'check.json'), JSON.stringify({summary: {errors: 0, warnings: 0}}));
    const outcome = await runReport(clientFor(fake), run, log);
    expect(outcome.passing).toBe(true);
    expect(bodies(fake)[0]).toContain('`body-raw-html`');
    const broken = edited(sampleFiles(slug), proposalPath, (text) => text.replace(/^service: 2$/m, 'service: 22'));
    const {head: brokenSha} = addPull(fake, {number: 9, base: new Map(), head: broken});
    const second = await runReport(clientFor(fake), await inputs(brokenSha, 9), log);
    expect(second.passing).toBe(false);
  });

  it('flags a reviewer\'s move made by a consultant, and allows it to a reviewer', async () => {
    const base = sampleFiles(slug);
    const head = edited(base, proposalPath, (text) => text.replace(/^status: submitted$/m, 'status: under-review'));
    const {head: sha} = addPull(fake, {number: 7, base, head, author: 'consultant-a'});
    fake.roles.set('consultant-a', 'read');
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(false);
    expect(bodies(fake)[0]).toContain('Unexpected change of stage by the pull request\'s author: moving from `submitted` to `under-review` is a reviewer\'s decision (repository role triage or above); a reviewer moves it with `/status under-review`');
    expect(bodies(fake)[0]).toContain('stage `under-review` (was `submitted`)');

    // A reviewer's own branch in this repository: the move is theirs.
    const {head: reviewerSha} = addPull(fake, {number: 8, base, head, author: 'reviewer-b', headRepository: 'programme/proposals'});
    fake.roles.set('reviewer-b', 'triage');
    expect((await runReport(clientFor(fake), await inputs(reviewerSha, 8, {head_repository: {full_name: 'programme/proposals'}}), log)).passing).toBe(true);
  });

  it('judges a move from the stage the bot recorded, not from what the pull request claims', async () => {
    const base = new Map<string, Buffer>();
    const head = edited(sampleFiles(slug), proposalPath, (text) => text.replace(/^status: submitted$/m, 'status: shortlisted'));
    const {head: sha} = addPull(fake, {number: 7, base, head});
    fake.roles.set('consultant-a', 'read');
    // A /status moved it to under-review earlier; a pasted record in someone else's comment counts for nothing.
    fake.addComment(7, 'consultant-a', `${reportMarker}\n<!-- pcp-review-bot:stages {"proposals/${slug}":"under-review"} -->`);
    fake.addComment(7, 'github-actions[bot]', `${reportMarker}\nOld report\n<!-- pcp-review-bot:stages {"proposals/${slug}":"under-review"} -->`);
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(false);
    const body = fake.comments.get(7)![1]!.body;
    expect(body).toContain('moving from `under-review` to `shortlisted` is a reviewer\'s decision');
    expect(body).toContain(`<!-- pcp-review-bot:stages {"proposals/${slug}":"under-review"} -->`);
    expect(fake.comments.get(7)![0]!.body).toContain('"under-review"');
  });

  it('accepts a later push after a /status move, which no base-branch comparison could', async () => {
    // The proposal is new in this pull request (a new one cannot start as under-review), and a reviewer moved it there.
    const head = edited(sampleFiles(slug), proposalPath, (text) => text.replace(/^status: submitted$/m, 'status: under-review'));
    const {head: sha} = addPull(fake, {number: 7, base: new Map(), head});
    expect((await runReport(clientFor(fake), await inputs(sha), log)).passing).toBe(false);
    fake.comments.clear();
    fake.addComment(7, 'github-actions[bot]', `${reportMarker}\n<!-- pcp-review-bot:stages {"proposals/${slug}":"under-review"} -->`);
    const outcome = await runReport(clientFor(fake), await inputs(sha), log);
    expect(outcome.passing).toBe(true);
    expect(fake.labels.get(7)).toContain('stage:under-review');
  });

  it('skips a submodule in a proposal\'s folder, and turns a folder over the caps into a message', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.extraEntries.set(`proposals/${slug}`, [{type: 'file', name: 'vendored', path: `proposals/${slug}/vendored`, sha: 'e'.repeat(40), size: 0}]);
    expect((await runReport(clientFor(fake), await inputs(head), log)).passing).toBe(true);

    const crowded = sampleFiles('forest-pest-detection');
    for (let index = 0; index < 200; index++) crowded.set(`proposals/forest-pest-detection/notes/n${index}.txt`, Buffer.from('x'));
    const {head: crowdedSha} = addPull(fake, {number: 8, base: new Map(), head: crowded});
    const outcome = await runReport(clientFor(fake), await inputs(crowdedSha, 8), log);
    expect(outcome.passing).toBe(false);
    expect(fake.comments.get(8)![0]!.body).toContain('| 1:1 | ❌ error | Unexpected size of the proposal\'s folder: more than 200 files in proposals/forest-pest-detection; keep only the proposal, its letters and its images there | [`file-too-large`]');
  });

  it('links the rendered PCP and the run', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.artifacts.set(9876543210, [{id: 55, name: 'pcp-pr', expired: false}, {id: 56, name: 'pcp-rendered', expired: false}]);
    await runReport(clientFor(fake), await inputs(head), log);
    expect(bodies(fake)[0]).toContain('**See also:** [the rendered PCP (DOCX and PDF)](https://github.test/programme/proposals/actions/runs/9876543210/artifacts/56) · [the check run with its annotations](https://github.com/programme/proposals/actions/runs/9876543210)');
  });

  it('writes no comment on a pull request that changes no proposal, but still gives the verdict', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: new Map([['scripts/tool.ts', Buffer.from('export {};\n')]])});
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome).toMatchObject({passing: true, labels: {add: ['checks:passing'], remove: []}});
    expect(outcome.comment).toBeUndefined();
    expect(fake.comments.size).toBe(0);
    expect(fake.checkRuns).toEqual([expect.objectContaining({conclusion: 'success', output: expect.objectContaining({title: 'No proposal changed'})})]);
  });

  it('does nothing for a run of another event', async () => {
    const outcome = await runReport(clientFor(fake), await inputs('b'.repeat(40), 7, {event: 'push'}), log);
    expect(outcome.skipped).toBe('not a pull request');
    expect(fake.requests).toEqual([]);
  });
});

describe('GitHub\'s errors', () => {
  it('retries a 502 and goes on', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'GET', path: /\/pulls\/7$/, status: 502, times: 1});
    const outcome = await runReport(clientFor(fake), await inputs(head), log);
    expect(outcome.passing).toBe(true);
    // The failed read, its retry, and the look at the head right before writing.
    expect(fake.count('GET', /\/pulls\/7$/)).toBe(3);
  });

  it('gives up after the retries of a 502 that stays', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'GET', path: /\/pulls\/7$/, status: 502, times: 10});
    await expect(runReport(clientFor(fake), await inputs(head), log)).rejects.toMatchObject({status: 502});
    expect(fake.count('GET', /\/pulls\/7$/)).toBe(4);
  });

  it('stops at a 403 without retrying, and says so without the response body', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'POST', path: /\/issues\/7\/comments$/, status: 403, times: 1, message: 'Resource not accessible by integration: Zxq-secret'});
    const error = await runReport(clientFor(fake), await inputs(head), log).catch((caught: unknown) => caught);
    expect(error).toMatchObject({status: 403});
    expect(fake.count('POST', /\/issues\/7\/comments$/)).toBe(1);
    expect(describeFailure(error)).toBe('HttpError (HTTP 403): POST /repos/programme/proposals/issues/7/comments');
  });

  it('stops at a 404 of the pull request', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.pulls.delete(7);
    const error = await runReport(clientFor(fake), await inputs(head), log).catch((caught: unknown) => caught);
    expect(error).toMatchObject({status: 404});
    expect(fake.count('GET', /\/pulls\/7$/)).toBe(1);
    expect(describeFailure(error)).toBe('HttpError (HTTP 404): GET /repos/programme/proposals/pulls/7');
  });

  it('waits out a rate limit through the throttling plugin', async () => {
    const {head} = addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug)});
    fake.faults.push({method: 'GET', path: /\/pulls\/7$/, status: 403, times: 1, message: 'API rate limit exceeded', headers: {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000))}});
    const github = clientFor(fake, {throttle: true});
    const {data} = await github.rest.pulls.get({owner: fake.owner, repo: fake.repo, pull_number: 7});
    expect(data.head.sha).toBe(head);
    expect(fake.count('GET', /\/pulls\/7$/)).toBe(2);
  });
});
