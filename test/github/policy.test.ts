/** The pure parts of the bot, without the network: policy, the `/status` grammar, labels, the one-line edit. */
import {describe, expect, it} from 'vitest';
import {escapeCell} from '../../scripts/github/comment-body.ts';
import {findStatus, replaceStatus} from '../../scripts/github/frontmatter-status.ts';
import {checksLabel, planLabels, serviceLabel, stageLabel} from '../../scripts/github/labels.ts';
import {actorForRole, judgeTransition, parseStatusCommand} from '../../scripts/github/policy.ts';
import {changedProposals, isSafeSegment} from '../../scripts/github/pull-request.ts';
import {parseRepository} from '../../scripts/github/repository.ts';
import {loadStatusVocabulary} from '../../scripts/lib/form.ts';

const vocabulary = loadStatusVocabulary();

describe('who may move a proposal', () => {
  it.each([
    ['admin', 'reviewer'],
    ['maintain', 'reviewer'],
    ['write', 'reviewer'],
    ['triage', 'reviewer'],
    ['read', 'consultant'],
    ['none', 'consultant'],
    ['programme-auditor', 'consultant'],
  ])('a repository role of %s acts as a %s', (role, actor) => {
    expect(actorForRole(role)).toBe(actor);
  });

  it.each(vocabulary.transitions.map((entry) => [entry.from, entry.to, entry.by]))('%s -> %s is the move of a %s', (from, to, by) => {
    expect(judgeTransition(from, to, 'reviewer', vocabulary)).toEqual({allowed: true});
    const asConsultant = judgeTransition(from, to, 'consultant', vocabulary);
    if (by === 'consultant') expect(asConsultant).toEqual({allowed: true});
    else expect(asConsultant).toEqual({allowed: false, reason: `moving from \`${from}\` to \`${to}\` is a reviewer's decision (repository role triage or above)`});
  });

  it('refuses every move the table does not list, to everyone', () => {
    const ids = vocabulary.stages.map((stage) => stage.id);
    let refused = 0;
    for (const from of ids) {
      for (const to of ids) {
        if (from === to || vocabulary.transitions.some((entry) => entry.from === from && entry.to === to)) continue;
        expect(judgeTransition(from, to, 'reviewer', vocabulary).allowed).toBe(false);
        refused++;
      }
    }
    expect(refused).toBe(ids.length * (ids.length - 1) - vocabulary.transitions.length);
  });

  it('lets a new proposal start only as the table says', () => {
    expect(judgeTransition(null, 'submitted', 'consultant', vocabulary)).toEqual({allowed: true});
    expect(judgeTransition(null, 'approved', 'reviewer', vocabulary)).toEqual({allowed: false, reason: 'a new proposal starts as `draft` or `submitted`'});
    expect(judgeTransition('approved', 'draft', 'reviewer', vocabulary)).toEqual({allowed: false, reason: '`approved` is a final stage'});
  });
});

describe('/status comments', () => {
  it.each([
    ['/status under-review', {kind: 'command', stage: 'under-review', reason: ''}],
    ['/status under-review  Complete, and eligible. ', {kind: 'command', stage: 'under-review', reason: 'Complete, and eligible.'}],
    ['  /status not-selected Out of scope\nSecond line is not the reason', {kind: 'command', stage: 'not-selected', reason: 'Out of scope'}],
    ['/status shortlisted \u202eevil\u0007 text', {kind: 'command', stage: 'shortlisted', reason: 'evil text'}],
    ['/status', {kind: 'invalid', problem: 'Expected a stage after `/status`, such as `/status under-review Complete and eligible`'}],
    ['/status Under_Review', {kind: 'invalid', problem: 'Expected a stage in lower case with hyphens after `/status`, such as `under-review`'}],
    [`/status approved ${'x'.repeat(501)}`, {kind: 'invalid', problem: 'Expected a reason of at most 500 characters'}],
    ['/statusunder-review', {kind: 'none'}],
    ['Please /status under-review', {kind: 'none'}],
    ['LGTM', {kind: 'none'}],
  ])('%j', (body, expected) => {
    expect(parseStatusCommand(body)).toEqual(expected);
  });
});

describe('labels', () => {
  it('names stages, services and the verdict', () => {
    expect([stageLabel('under-review'), serviceLabel(2), serviceLabel(21), checksLabel(true), checksLabel(false)]).toEqual(['stage:under-review', 'service:02', 'service:21', 'checks:passing', 'checks:failing']);
  });

  it('adds what is missing and removes stale labels of its own prefixes only', () => {
    expect(planLabels(['stage:draft', 'service:02', 'checks:failing', 'urgent', 'stage-notes'], ['stage:submitted', 'service:02', 'checks:passing'])).toEqual({add: ['checks:passing', 'stage:submitted'], remove: ['checks:failing', 'stage:draft']});
    expect(planLabels(['stage:draft', 'checks:failing'], ['stage:submitted'], ['stage:'])).toEqual({add: ['stage:submitted'], remove: ['stage:draft']});
    expect(planLabels([], ['unmanaged'])).toEqual({add: [], remove: []});
  });
});

describe('changing status: in the frontmatter', () => {
  const text = '---\npcp: 1\nstatus: draft # still writing\ncountry: X\n---\n## III.1 Background\n\nstatus: draft\n';

  it('changes the one value and keeps every other byte', () => {
    expect(replaceStatus(text, 'submitted')).toBe(text.replace('status: draft # still', 'status: submitted # still'));
    const crlf = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    expect(replaceStatus(crlf, 'withdrawn')).toBe(crlf.replace('status: draft #', 'status: withdrawn #'));
    expect(replaceStatus('---\nstatus: "draft"\n---\n', 'submitted')).toBe('---\nstatus: submitted\n---\n');
  });

  it('refuses what it cannot change on its own', () => {
    expect(replaceStatus('---\npcp: 1\n---\n', 'submitted')).toBeUndefined();
    expect(replaceStatus('---\nstatus: draft\nstatus: submitted\n---\n', 'submitted')).toBeUndefined();
    expect(replaceStatus('---\nstatus: [draft]\n---\n', 'submitted')).toBeUndefined();
    expect(replaceStatus('no frontmatter\nstatus: draft\n', 'submitted')).toBeUndefined();
    expect(replaceStatus(text, 'submitted\nevil: true')).toBeUndefined();
    expect(findStatus(text)).toEqual({value: 'draft', start: 19, end: 24});
  });
});

describe('changed proposals', () => {
  it('finds each changed folder once, follows a moved proposal.md, and skips unsafe names', () => {
    expect(changedProposals([
      {filename: 'README.md', status: 'modified'},
      {filename: 'proposals/b-one/diagram.svg', status: 'added'},
      {filename: 'proposals/b-one/proposal.md', status: 'renamed', previous_filename: 'proposals/old-name/proposal.md'},
      {filename: 'proposals/a-two/letters/oda-ministry-letter.pdf', status: 'added'},
      {filename: 'proposals/.hidden/proposal.md', status: 'added'},
      {filename: 'proposals/top-level-file.md', status: 'added'},
    ])).toEqual([
      {folder: 'proposals/a-two', slug: 'a-two', previousPath: 'proposals/a-two/proposal.md'},
      {folder: 'proposals/b-one', slug: 'b-one', previousPath: 'proposals/old-name/proposal.md'},
      {folder: 'proposals/old-name', slug: 'old-name', previousPath: 'proposals/old-name/proposal.md'},
    ]);
    expect(['ok.pdf', '..', '.', '.git', 'a/b', 'a\\b', 'nul\u0000', ''].map(isSafeSegment)).toEqual([true, false, false, false, false, false, false, false]);
  });
});

describe('renamed proposals', () => {
  it('lend no stage from a path that is not proposals/<slug>/proposal.md, and list the source folder', () => {
    expect(changedProposals([
      {filename: 'proposals/a/proposal.md', status: 'renamed', previous_filename: 'test/fixtures/x/proposal.md'},
      {filename: 'proposals/b/proposal.md', status: 'renamed', previous_filename: 'proposals/deep/er/proposal.md'},
      {filename: 'proposals/c/proposal.md', status: 'renamed', previous_filename: 'proposals/.hidden/proposal.md'},
      {filename: 'proposals/d/proposal.md', status: 'added', previous_filename: 'proposals/e/proposal.md'},
      {filename: 'proposals/f/proposal.md', status: 'renamed', previous_filename: 'proposals/g/proposal.md'},
    ])).toEqual([
      {folder: 'proposals/a', slug: 'a', previousPath: 'proposals/a/proposal.md'},
      {folder: 'proposals/b', slug: 'b', previousPath: 'proposals/b/proposal.md'},
      {folder: 'proposals/c', slug: 'c', previousPath: 'proposals/c/proposal.md'},
      {folder: 'proposals/d', slug: 'd', previousPath: 'proposals/d/proposal.md'},
      {folder: 'proposals/deep', slug: 'deep', previousPath: 'proposals/deep/proposal.md'},
      {folder: 'proposals/f', slug: 'f', previousPath: 'proposals/g/proposal.md'},
      {folder: 'proposals/g', slug: 'g', previousPath: 'proposals/g/proposal.md'},
    ]);
  });
});

describe('text in comments', () => {
  it('cannot break the table, link, inject HTML or ping anyone', () => {
    expect(escapeCell('a | b <!-- x --> [l](u) @team\nnext')).toBe('a \\| b \\<!-- x --\\> \\[l\\](u) &#64;team next');
  });

  it('reads the repository name', () => {
    expect(parseRepository('programme/proposals')).toEqual({owner: 'programme', repo: 'proposals'});
    expect(() => parseRepository('programme/../x/y')).toThrow('Expected GITHUB_REPOSITORY to be owner/name');
  });
});
