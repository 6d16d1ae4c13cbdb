/**
 * No personal value of a proposal (names, ministries, the country, telephones, e-mails) in
 * anything the bot writes: comments, check runs, replies, commit messages, log lines. The
 * samples are reviewed as they are and broken in their personal fields, so that those very
 * fields get messages, and a `/status` command runs on each.
 */
import {personalValues} from '../support/personal-values.ts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runReport} from '../../scripts/github/report.ts';
import {runStatusCommand} from '../../scripts/github/status-command.ts';
import {addPull, clientFor, edited, issueComment, root, sampleFiles, samples, startFake, workflowRun, writeArtifact} from './scenario.ts';
import type {FakeGitHub} from './fake-github.ts';


/** Breaks each personal field so that it gets a message of its own. */
function breakPersonalFields(text: string): string {
  return text
    .replace(/^(\s+email: )(\S+)$/gm, '$1$2 (at) nowhere')
    .replace(/^(\s+telephone: )"([^"]+)"$/m, '$1"call $2 in the morning"')
    .replace(/^(\s+mobile: )"[^"]+"$/m, '$1{number: 5}')
    .replace(/^(country: )(.+)$/m, '$1[$2]')
    .replace(/^(odaMinistry: )(.+)$/m, '$1{name: $2}');
}

let fake: FakeGitHub;
let stop: () => Promise<void>;
const written: string[] = [];

beforeAll(async () => {
  const started = await startFake();
  ({fake, stop} = started);
  const github = clientFor(fake);
  const log = (line: string) => void written.push(line);
  fake.roles.set('reviewer-b', 'triage');
  let number = 1;
  for (const slug of samples) {
    const path = `proposals/${slug}/proposal.md`;
    for (const files of [sampleFiles(slug), edited(sampleFiles(slug), path, breakPersonalFields)]) {
      const pull = number++;
      const {head} = addPull(fake, {number: pull, base: new Map(), head: files, branch: `b${pull}`, headRepository: 'programme/proposals'});
      await runReport(github, {repository: {owner: fake.owner, repo: fake.repo}, run: await workflowRun(head, {head_repository: {full_name: 'programme/proposals'}}), artifactDir: await writeArtifact(started.workdir, {version: 1, pullRequest: pull, headSha: head}), trustedRoot: root, workdir: started.workdir, serverUrl: 'https://github.test'}, log);
      for (const body of ['/status under-review Complete', '/status clarification-requested Please add the letters', '/status approved']) {
        await runStatusCommand(github, {repository: {owner: fake.owner, repo: fake.repo}, comment: await issueComment({number: pull, body}), trustedRoot: root, workdir: started.workdir}, log);
      }
    }
  }
  for (const comments of fake.comments.values()) for (const comment of comments) written.push(comment.body);
  for (const run of fake.checkRuns) written.push(JSON.stringify(run));
  for (const commit of fake.commits) written.push(commit.message);
}, 60_000);
afterAll(() => stop());

describe('what the bot writes', () => {
  it('is there to look at: reports, refusals and moves for every sample', () => {
    // One per report, and one for each move (no workflow runs on the bot's commit).
    expect(fake.checkRuns).toHaveLength(samples.length * 2 + fake.commits.length);
    expect(fake.checkRuns.some((run) => run.conclusion === 'failure')).toBe(true);
    expect(fake.commits.length).toBeGreaterThan(0);
    expect(written.some((text) => text.includes('The stage was not changed'))).toBe(true);
    expect(written.some((text) => text.includes('`frontmatter-invalid-value`'))).toBe(true);
  });

  it('never holds a personal value of any proposal', () => {
    const values = new Set(samples.flatMap((slug) => personalValues(sampleFiles(slug).get(`proposals/${slug}/proposal.md`)!.toString('utf8'))));
    expect(values.size).toBeGreaterThan(20);
    const text = written.join('\n').toLowerCase();
    expect([...values].filter((value) => text.includes(value.toLowerCase()))).toEqual([]);
  });
});
