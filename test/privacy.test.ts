/**
 * Personal data never leaves the private side: no diagnostic in any format repeats a personal
 * field's value, even when that very field is wrong.
 */
import {execFile} from 'node:child_process';
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {personalValues} from './support/personal-values.ts';
import {afterAll, describe, expect, it} from 'vitest';
import {exampleSource} from '../scripts/lib/rule-examples.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
let folder = '';
afterAll(() => rm(folder, {recursive: true, force: true}));

function pcp(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts/cli.ts'), ...args], {cwd: root, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024}, (_error, stdout, stderr) => resolve(stdout + stderr));
  });
}

describe('diagnostics', () => {
  it('do not repeat personal data written where it does not belong: as a key, a stage, a year, a call or a file name', async () => {
    const misplaced = await mkdtemp(join(tmpdir(), 'pcp-privacy-misplaced-'));
    try {
      const source = exampleSource({
        title: 'misplaced',
        valid: false,
        frontmatter: [
          'call: zorblat.q@leak.example',
          'status: 999 31 555 7331',
          'signatures:\n  Quixmere: {date: 2024-10-18}',
          'indicators:\n  - name: Stations\n    unit: stations\n    baseline: 1\n    targets: {Zorblat: 3}',
          'attachments:\n  - {type: organization-letter, file: letters/Signed by Zorblat Quixmere zorblat.q@leak.example.pdf}\n  - {type: oda-ministry-letter, file: "letters/+99931555733.pdf"}',
        ].join('\n'),
      });
      await cp(join(root, 'test/fixtures/wrong-types'), join(misplaced, 'misplaced-proposal'), {recursive: true});
      await writeFile(join(misplaced, 'misplaced-proposal/proposal.md'), source);
      for (const format of ['text', 'json', 'github']) {
        const output = await pcp(['check', '--format', format, join(misplaced, 'misplaced-proposal')]);
        // Each misplaced value gets its message, none repeats it.
        for (const rule of ['catalog-unknown-call', 'frontmatter-invalid-value', 'frontmatter-unknown-field', 'attachment-missing']) expect(output, format).toContain(rule);
        expect(output, format).not.toMatch(/Zorblat|Quixmere|zorblat|leak\.example|555 7331|99931555733/);
      }
    } finally {
      await rm(misplaced, {recursive: true, force: true});
    }
  });

  it('never repeat a personal value, in any format, even of a field that is wrong', async () => {
    folder = await mkdtemp(join(tmpdir(), 'pcp-privacy-'));
    // Canaries: wrong in every way a personal field can be wrong, so each gets a message.
    const canary = exampleSource({
      title: 'canary',
      valid: false,
      frontmatter: [
        'country: "Canaryland Republic of Zxq"',
        'odaMinistry: "Write the name of the ministry Zxq-Oda"',
        'projectMinistry:\n  name: Ministry of Zxq Affairs\n  contact:\n    name: Zxq Canary-Person\n    telephone: "call Zxq-5550199"\n    email: zxq.canary(at)example.org\n    position: "Zxq-position-' + 'x'.repeat(300) + '"\n    telefone: "+999 21 555 0199"',
        'preparedBy:\n  name: Zxq Preparer\n  email: zxq-preparer@@example.org\n  mobile: 99921555',
        'signatures:\n  preparer: {name: Zxq Signee, date: 31/10/2024}\n  representative: {name: Zxq Representative, position: Zxq Minister, ministry: Zxq Ministry, date: "2024-99-99"}',
      ].join('\n'),
    });
    await cp(join(root, 'test/fixtures/wrong-types'), join(folder, 'canary-proposal'), {recursive: true});
    await writeFile(join(folder, 'canary-proposal/proposal.md'), canary);
    const targets = [join(root, 'proposals'), join(root, 'test/fixtures'), join(folder, 'canary-proposal')];
    const values = [...personalValues(canary)];
    for (const slug of ['air-quality-forecasting', 'forest-pest-detection', 'sign-language-interpretation', 'remote-healthcare']) {
      values.push(...personalValues(await readFile(join(root, 'proposals', slug, 'proposal.md'), 'utf8')));
    }
    expect(values.length).toBeGreaterThan(40);
    for (const format of ['text', 'json', 'github']) {
      const output = await pcp(['check', '--format', format, ...targets]);
      expect(output).toContain(format === 'json' ? '"ruleId": "frontmatter-invalid-value"' : 'frontmatter-invalid-value');
      const lower = output.toLowerCase();
      const leaked = values.filter((value) => lower.includes(value.toLowerCase()));
      expect(leaked, format).toEqual([]);
      expect(output).not.toMatch(/Zxq/);
    }
  });
});
