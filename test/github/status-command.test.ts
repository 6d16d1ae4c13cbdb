/**
 * `/status` through the real octokit client against the fake GitHub: the commenter's role
 * decides, the table decides, one line of one file changes in a commit on the branch, and the
 * bot replies.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runStatusCommand, type StatusInputs} from '../../scripts/github/status-command.ts';
import {reportMarker} from '../../scripts/github/comment.ts';
import type {FakeGitHub} from './fake-github.ts';
import {addPull, clientFor, edited, issueComment, root, sampleFiles, startFake} from './scenario.ts';

let fake: FakeGitHub;
let workdir: string;
let stop: () => Promise<void>;
const logs: string[] = [];
const log = (line: string) => void logs.push(line);

beforeEach(async () => {
  ({fake, workdir, stop} = await startFake());
  logs.length = 0;
  fake.roles.set('reviewer-b', 'triage');
  fake.roles.set('consultant-a', 'read');
  fake.roles.set('maintainer-c', 'maintain');
});
afterEach(() => stop());

const slug = 'air-quality-forecasting';
const path = `proposals/${slug}/proposal.md`;

/** A same-repository pull request #7 that adds the sample, submitted. */
function samplePull(head = sampleFiles(slug), options: {headRepository?: string} = {}) {
  return addPull(fake, {number: 7, base: new Map(), head, branch: 'add-proposal', headRepository: options.headRepository ?? 'programme/proposals'});
}

async function inputs(changes: Parameters<typeof issueComment>[0] = {}): Promise<StatusInputs> {
  return {repository: {owner: fake.owner, repo: fake.repo}, comment: await issueComment(changes), trustedRoot: root, workdir};
}

const replies = () => (fake.comments.get(7) ?? []).map((comment) => comment.body).filter((body) => !body.startsWith(reportMarker));

describe('/status', () => {
  it('moves the proposal: one line changes, in a commit that names the reviewer and the reason, then label and reply', async () => {
    const {head} = samplePull();
    fake.labels.set(7, ['stage:submitted', 'checks:passing']);
    const outcome = await runStatusCommand(clientFor(fake), await inputs({body: '/status under-review Complete and eligible\nThanks!'}), log);
    expect(outcome.result).toBe('moved');
    expect(fake.commits).toHaveLength(1);
    const commit = fake.commits[0]!;
    expect(commit).toMatchObject({branch: 'add-proposal', path, parent: head, sha: outcome.commit});
    expect(commit.message).toBe(`Move ${slug} from submitted to under-review\n\nComplete and eligible\n\nReviewer: @reviewer-b (triage)\nRequested-in: https://github.com/programme/proposals/pull/7#issuecomment-3000000001`);
    const before = sampleFiles(slug).get(path)!.toString('utf8');
    const after = fake.trees.get(commit.sha)!.get(path)!.toString('utf8');
    expect(after).toBe(before.replace(/^status: submitted$/m, 'status: under-review'));
    expect(after).not.toBe(before);
    expect(fake.pulls.get(7)!.head.sha).toBe(commit.sha);
    expect(replies()).toEqual([`@reviewer-b moved \`proposals/${slug}\` from \`submitted\` to \`under-review\` in ${commit.sha.slice(0, 7)}.`]);
    // No workflow runs on the bot's own commit, so the command reviews the new head itself.
    expect(fake.labels.get(7)!.sort()).toEqual(['checks:passing', 'service:02', 'stage:under-review']);
    expect(fake.checkRuns).toEqual([expect.objectContaining({head_sha: commit.sha, conclusion: 'success', name: 'pcp / trusted verdict'})]);
    const report = fake.comments.get(7)!.find((comment) => comment.body.startsWith(reportMarker))!;
    expect(report.body).toContain(`### \`proposals/${slug}\`: stage \`under-review\` · service 02`);
    expect(report.body).toContain('<!-- pcp-review-bot:stages {"proposals/air-quality-forecasting":"under-review"} -->');
  });

  it('reads the role, not the folded permission: maintain may, and triage (reported as read) may', async () => {
    samplePull();
    expect((await runStatusCommand(clientFor(fake), await inputs({commenter: 'maintainer-c'}), log)).result).toBe('moved');
    expect(fake.commits[0]!.message).toContain('Reviewer: @maintainer-c (maintain)');
  });

  it.each([
    ['a read-only collaborator', 'consultant-a'],
    ['someone who is not a collaborator', 'passer-by'],
  ])('refuses %s, before reading anything else', async (_who, commenter) => {
    samplePull();
    const outcome = await runStatusCommand(clientFor(fake), await inputs({commenter}), log);
    expect(outcome).toMatchObject({result: 'refused', reason: 'only reviewers (a repository role of triage or above) may move a proposal with `/status`'});
    expect(fake.commits).toEqual([]);
    expect(fake.count('GET', /\/pulls\/7$/)).toBe(0);
    expect(replies()).toEqual([`@${commenter} The stage was not changed: only reviewers (a repository role of triage or above) may move a proposal with \`/status\`.`]);
  });

  it.each([
    ['a move the table does not have', '/status approved', 'from `submitted` a proposal moves to `withdrawn`, `clarification-requested`, `under-review` or `not-selected`'],
    ['an unknown stage', '/status accepted', '`accepted` is not a stage; the stages are `draft`, `submitted`, `clarification-requested`, `under-review`, `shortlisted`, `pre-feasibility`, `approved`, `not-selected` or `withdrawn`'],
    ['the stage it is in', '/status submitted', 'the proposal is already `submitted`'],
    ['no stage', '/status', 'Expected a stage after `/status`, such as `/status under-review Complete and eligible`'],
  ])('refuses %s', async (_name, body, reason) => {
    samplePull();
    const outcome = await runStatusCommand(clientFor(fake), await inputs({body}), log);
    expect(outcome).toMatchObject({result: 'refused', reason});
    expect(fake.commits).toEqual([]);
  });

  it('refuses a move into a stage the proposal is not complete enough for', async () => {
    const draft = 'remote-healthcare';
    addPull(fake, {number: 7, base: new Map(), head: sampleFiles(draft), branch: 'add-proposal', headRepository: 'programme/proposals'});
    const outcome = await runStatusCommand(clientFor(fake), await inputs({body: '/status submitted'}), log);
    expect(outcome.result).toBe('refused');
    expect(outcome.reason).toMatch(/^in stage `submitted` the proposal would have \d+ errors \(`[a-z-]+`(, `[a-z-]+`)*\); see the report comment for where$/);
    expect(fake.commits).toEqual([]);
  });

  it('refuses when the file\'s stage is not the one the bot recorded', async () => {
    samplePull(edited(sampleFiles(slug), path, (text) => text.replace(/^status: submitted$/m, 'status: shortlisted')));
    fake.addComment(7, 'github-actions[bot]', `${reportMarker}\n<!-- pcp-review-bot:stages {"proposals/${slug}":"under-review"} -->`);
    const outcome = await runStatusCommand(clientFor(fake), await inputs({body: '/status pre-feasibility'}), log);
    expect(outcome.reason).toBe('the proposal\'s `status:` says `shortlisted`, but its stage is `under-review`; set it back to `under-review` first');
    expect(fake.commits).toEqual([]);
  });

  it('moves twice in a row, each judged from the last', async () => {
    samplePull();
    expect((await runStatusCommand(clientFor(fake), await inputs({body: '/status under-review'}), log)).result).toBe('moved');
    expect((await runStatusCommand(clientFor(fake), await inputs({body: '/status shortlisted Strong case'}), log)).result).toBe('moved');
    expect(fake.commits.map((commit) => commit.message.split('\n')[0])).toEqual([`Move ${slug} from submitted to under-review`, `Move ${slug} from under-review to shortlisted`]);
    expect(fake.checkRuns.map((run) => run.conclusion)).toEqual(['success', 'success']);
    expect(fake.labels.get(7)).toContain('stage:shortlisted');
  });

  it('refuses a pull request from a fork, which the token cannot write to', async () => {
    samplePull(undefined, {headRepository: 'consultant-a/proposals'});
    const outcome = await runStatusCommand(clientFor(fake), await inputs(), log);
    expect(outcome.reason).toMatch(/^the pull request comes from a fork/);
    expect(fake.commits).toEqual([]);
  });

  it('refuses a closed pull request and one that changes two proposals', async () => {
    samplePull();
    fake.pulls.get(7)!.state = 'closed';
    expect((await runStatusCommand(clientFor(fake), await inputs(), log)).reason).toBe('the pull request is closed; open a status-change pull request instead');
    addPull(fake, {number: 7, base: new Map(), head: sampleFiles(slug, 'forest-pest-detection'), branch: 'two', headRepository: 'programme/proposals'});
    expect((await runStatusCommand(clientFor(fake), await inputs(), log)).reason).toBe('`/status` works on a pull request that changes one proposal, and this one changes 2');
  });

  it('refuses when the file changed meanwhile (the contents API answers 409), and overwrites nothing', async () => {
    samplePull();
    fake.faults.push({method: 'PUT', path: /\/contents\//, status: 409, times: 1});
    const outcome = await runStatusCommand(clientFor(fake), await inputs(), log);
    expect(outcome.reason).toBe('the branch changed while the command ran; write the command again');
    expect(fake.commits).toEqual([]);
  });

  it('keeps every other byte: CRLF line endings, a comment after the value', async () => {
    samplePull(edited(sampleFiles(slug), path, (text) => text.replace(/^status: submitted$/m, 'status: submitted   # handed in on time').replace(/\n/g, '\r\n')));
    await runStatusCommand(clientFor(fake), await inputs(), log);
    const before = fake.trees.get(fake.commits[0]!.parent)!.get(path)!.toString('utf8');
    const after = fake.trees.get(fake.commits[0]!.sha)!.get(path)!.toString('utf8');
    expect(after).toBe(before.replace('status: submitted   # handed in on time\r\n', 'status: under-review   # handed in on time\r\n'));
  });

  it('ignores other comments, and comments on issues', async () => {
    samplePull();
    expect((await runStatusCommand(clientFor(fake), await inputs({body: 'Looks good. /status under-review'}), log)).result).toBe('ignored');
    expect((await runStatusCommand(clientFor(fake), await inputs({onIssue: true}), log)).result).toBe('ignored');
    expect(fake.requests).toEqual([]);
  });
});
