/** The `pcp` command as a consultant or a workflow runs it: real processes, real files, real git. */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'scripts/cli.ts');
const temporary: string[] = [];
afterAll(async () => {
  for (const folder of temporary) await rm(folder, {recursive: true, force: true});
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function pcp(args: string[], options: {cwd?: string; env?: Record<string, string>} = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], {cwd: options.cwd ?? root, env: {...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...options.env}, maxBuffer: 32 * 1024 * 1024}, (error, stdout, stderr) => {
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
    });
  });
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], {cwd}, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

async function temporaryRepository(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pcp-cli-'));
  temporary.push(folder);
  await cp(join(root, 'catalog'), join(folder, 'catalog'), {recursive: true});
  return folder;
}

describe('pcp check', () => {
  it('passes the samples: three complete proposals without a message, the draft with warnings only', async () => {
    const run = await pcp(['check', 'proposals']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const files = new Set(run.stdout.split('\n').filter((line) => line.includes(':')).map((line) => line.split(':')[0]));
    expect([...files]).toEqual(['proposals/remote-healthcare/proposal.md']);
    expect(run.stdout).not.toMatch(/ error /);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^0 errors, \d+ warnings in 1 of 4 proposals$/);
  });

  it('checks proposals and the catalog by default', async () => {
    const run = await pcp(['check']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^0 errors, \d+ warnings in 1 of 26 files$/);
  });

  it('prints aligned `file:line:col severity message rule-id` lines and exits 1 on errors', async () => {
    const run = await pcp(['check', 'test/fixtures/service-22', 'test/fixtures/remote-image']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'test/fixtures/remote-image/proposal.md:62:1  error    Unexpected image from a web address: save the image in the proposal\'s folder and refer to it by its file name  body-image-remote',
        'test/fixtures/remote-image/proposal.md:64:1  error    Unexpected image from a web address: save the image in the proposal\'s folder and refer to it by its file name  body-image-remote',
        '',
        'test/fixtures/service-22/proposal.md:16:10  error    Unexpected service 22: the call\'s catalog has services 1 to 21  catalog-unknown-service',
        '',
        '3 errors, 0 warnings in 2 of 2 proposals',
        '',
      ].join('\n'),
    );
  });

  it('checks a repository that has no proposals yet', async () => {
    const repo = await temporaryRepository();
    const run = await pcp(['check', '--root', repo], {cwd: repo});
    expect(run.stdout).toBe('No problems in 22 files\n');
    expect(run.code).toBe(0);
  });

  it('colours only when asked or on a terminal', async () => {
    const plain = await pcp(['check', 'test/fixtures/service-22']);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await pcp(['check', 'test/fixtures/service-22'], {env: {NO_COLOR: '', FORCE_COLOR: '1'}});
    expect(coloured.stdout).toContain('\u001b[31merror');
  });

  it('gives every bad input a positioned diagnostic, exit 1, and never a stack trace', async () => {
    const run = await pcp(['check', 'test/fixtures', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {files: Array<{path: string; messages: Array<{line: number; column: number; ruleId: string; severity: string}>}>};
    for (const file of report.files) {
      const valid = /(bom-valid|crlf-valid|every-script)\//.test(file.path);
      if (valid) expect(file.messages, file.path).toEqual([]);
      else expect(file.messages.filter((m) => m.severity === 'error').length, file.path).toBeGreaterThan(0);
      for (const message of file.messages) {
        expect(message.line).toBeGreaterThanOrEqual(1);
        expect(message.column).toBeGreaterThanOrEqual(1);
        expect(message.ruleId).toMatch(/^[a-z]+-[a-z-]+$/);
      }
    }
    expect(run.stdout).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });

  it('writes JSON with positions, rule ids and guidance links', async () => {
    const run = await pcp(['check', 'test/fixtures/service-22', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({errors: 1, warnings: 0, files: 1, filesWithProblems: 1, noun: 'proposal'});
    expect(report.files[0].messages).toEqual([
      {line: 16, column: 10, endLine: 16, endColumn: 12, severity: 'error', message: 'Unexpected service 22: the call\'s catalog has services 1 to 21', ruleId: 'catalog-unknown-service', url: 'https://pcp.invalid/checks/catalog-unknown-service/'},
    ]);
  });

  it('writes GitHub annotations and a step summary', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pcp-summary-'));
    temporary.push(folder);
    const summary = join(folder, 'summary.md');
    await writeFile(summary, '');
    const run = await pcp(['check', 'test/fixtures/service-22', 'test/fixtures/script-in-answer', '--format', 'github'], {env: {GITHUB_STEP_SUMMARY: summary}});
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain("::error file=test/fixtures/service-22/proposal.md,line=16,col=10,endColumn=12,title=catalog-unknown-service::Unexpected service 22: the call's catalog has services 1 to 21");
    expect(lines).toContain('::warning file=test/fixtures/script-in-answer/proposal.md,line=42,col=1,endColumn=73,title=body-raw-html::Unexpected raw HTML: it is not printed in the PCP; use Markdown instead');
    expect(lines.at(-1)).toBe('2 errors, 2 warnings in 2 of 2 proposals');
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('## ❌ Checks failed');
    expect(markdown).toContain('| test/fixtures/service-22/proposal.md | 16:10 | error | Unexpected service 22: the call\'s catalog has services 1 to 21 | [catalog-unknown-service](https://pcp.invalid/checks/catalog-unknown-service/) |');
  });

  it('never lets a value forge a workflow command', async () => {
    const run = await pcp(['check', 'test/fixtures/injection-in-values', '--format', 'github']);
    for (const line of run.stdout.split('\n')) expect(line).toMatch(/^(::(error|warning) file=[^\n]*::[^\n]*|\d+ errors?, \d+ warnings? in .*|)$/);
    expect(run.stdout).not.toContain('::error::forged');
  });

  it.each([
    [['frobnicate'], 'Unknown command `frobnicate`'],
    [['check', '--format', 'xml'], 'Unexpected format `xml`, expected text, json or github'],
    [['check', 'no/such/place'], 'No such file or folder: no/such/place'],
    [['check', '--changed-since', 'no-such-ref'], 'Unknown git ref `no-such-ref`'],
    [['check', '--bogus'], "Unknown option '--bogus'"],
    [['new', '--service', '12'], 'Missing --country'],
    [['check', '--root', '/'], 'No catalog/call.yaml in'],
    [['check', 'scripts'], 'No proposals in scripts'],
    [['render', '--out', 'dist/pcp'], 'Unexpected --out inside dist/: rendered PCPs hold personal data and never go into the public site'],
    [['render', '--format', 'odt'], 'Unexpected format `odt`, expected docx, pdf or docx,pdf'],
    [['render', '--blank', '--out', '/proc/pcp-out/pcp'], 'Cannot create the output folder /proc/pcp-out/pcp (ENOENT): choose another --out'],
    [['status', '--out', '/proc/pcp-out/status.json'], 'Cannot create the output folder /proc/pcp-out (ENOENT): choose another --out'],
    [['status', '--out', '/proc/status.json'], 'Cannot write /proc/status.json'],
  ])('exits 2 on a usage mistake: %j', async (args, text) => {
    const run = await pcp(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(text);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['--help'], ['check', '--help'], ['new', '--help']])('shows help with an example: %j', async (...args) => {
    const run = await pcp(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: pcp/);
    if (args[0] !== '--help') expect(run.stdout).toContain('Example:');
  });
});

describe('pcp check --changed-since', () => {
  it('checks only changed proposals and each change of stage against the earlier version', async () => {
    const repo = await temporaryRepository();
    const proposal = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
    for (const slug of ['first-one', 'second-one']) {
      await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals', slug), {recursive: true});
    }
    await git(repo, ['init', '-q']);
    await git(repo, ['add', '-A']);
    await git(repo, ['commit', '-qm', 'start']);
    await writeFile(join(repo, 'proposals/first-one/proposal.md'), proposal.replace('status: submitted', 'status: approved'));
    await mkdir(join(repo, 'proposals/third-one'));
    await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals/third-one'), {recursive: true});
    await writeFile(join(repo, 'proposals/third-one/proposal.md'), proposal.replace('status: submitted', 'status: under-review'));

    const run = await pcp(['check', '--root', repo, '--changed-since', 'HEAD', join(repo, 'proposals')], {cwd: repo});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('proposals/first-one/proposal.md:4:9  error    Unexpected change of stage from `submitted` to `approved`: from `submitted` a proposal moves to `withdrawn`, `clarification-requested`, `under-review` or `not-selected`  submission-status-transition');
    expect(run.stdout).toContain('proposals/third-one/proposal.md:4:9  error    Unexpected stage `under-review` for a new proposal: a new proposal starts as `draft` or `submitted`  submission-status-transition');
    expect(run.stdout).not.toContain('second-one');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('2 errors, 0 warnings in 2 of 2 proposals');

    await writeFile(join(repo, 'proposals/first-one/proposal.md'), proposal.replace('status: submitted', 'status: under-review'));
    await rm(join(repo, 'proposals/third-one'), {recursive: true});
    const allowed = await pcp(['check', '--root', repo, '--changed-since', 'HEAD', join(repo, 'proposals')], {cwd: repo});
    expect(allowed.stdout).toBe('No problems in 1 proposal\n');
    expect(allowed.code).toBe(0);
  });
});

describe('pcp check finds every proposal', () => {
  it('reports links instead of following or skipping them, and checks folders named out or dist', async () => {
    const repo = await temporaryRepository();
    await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals/out'), {recursive: true});
    await mkdir(join(repo, 'proposals/linked-file'), {recursive: true});
    await symlink('/etc/passwd', join(repo, 'proposals/linked-file/proposal.md'));
    await symlink(join(root, 'proposals/forest-pest-detection'), join(repo, 'proposals/linked-folder'));
    const run = await pcp(['check', '--root', repo, join(repo, 'proposals')], {cwd: repo});
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'proposals/linked-file/proposal.md:1:1  error    Unexpected link (the file): a proposal and its folder must be real files in the repository, not links  file-location',
        '',
        'proposals/linked-folder/proposal.md:1:1  error    Unexpected link (the folder): a proposal and its folder must be real files in the repository, not links  file-location',
        '',
        '2 errors, 0 warnings in 2 of 3 proposals',
        '',
      ].join('\n'),
    );
  });

  it('checks changes of stage when the repository is a sub-folder of the git work tree, and across a rename', async () => {
    const outer = await mkdtemp(join(tmpdir(), 'pcp-outer-'));
    temporary.push(outer);
    const repo = join(outer, 'programme');
    await cp(join(root, 'catalog'), join(repo, 'catalog'), {recursive: true});
    await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals/air-one'), {recursive: true});
    const path = join(repo, 'proposals/air-one/proposal.md');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('status: submitted', 'status: not-selected'));
    await git(outer, ['init', '-q']);
    await git(outer, ['add', '-A']);
    await git(outer, ['commit', '-qm', 'start']);
    await git(outer, ['mv', 'programme/proposals/air-one', 'programme/proposals/air-two']);
    await writeFile(join(repo, 'proposals/air-two/proposal.md'), text);
    await git(outer, ['commit', '-qam', 'resubmit under a new name']);
    const run = await pcp(['check', '--root', repo, '--changed-since', 'HEAD~1', join(repo, 'proposals')], {cwd: repo});
    expect(run.stdout).toContain('proposals/air-two/proposal.md:4:9  error    Unexpected change of stage from `not-selected` to `submitted`: `not-selected` is a final stage  submission-status-transition');
    expect(run.code).toBe(1);
  });
});

describe('pcp new', () => {
  it('writes a template that teaches, and that checks as a draft with warnings only', async () => {
    const repo = await temporaryRepository();
    const run = await pcp(['new', '--country', 'République d\'Aurélie: "Sud" #1', '--service', '12', '--root', repo], {cwd: repo});
    expect(run.code).toBe(0);
    const slug = /^Wrote proposals\/(drone-based-automated-forest-[0-9a-f]{4})\/proposal\.md\n/.exec(run.stdout)?.[1];
    expect(slug, run.stdout).toBeDefined();
    expect(run.stdout).toBe(`Wrote proposals/${slug}/proposal.md\nNext: fill it in, then run \`npx pcp check proposals/${slug}\`.\n`);
    const text = await readFile(join(repo, 'proposals', slug!, 'proposal.md'), 'utf8');
    const data = parse(text.split('\n---\n')[0]!.slice(4)) as Record<string, unknown>;
    expect(data).toMatchObject({pcp: 1, call: 'dps-2026', status: 'draft', country: 'République d\'Aurélie: "Sud" #1', service: 12, confirmation: false});
    expect(text).toContain('odaMinistry:  # Ministry in charge of ODA: Write the name of the ministry (e.g., Ministry of Finance)');
    expect(text).toContain('## IV.7 Describe the expected results from the digital public service innovation');
    expect(text).toContain('○ Describe what led you to choose the service, including need, urgency, etc.');
    const check = await pcp(['check', '--root', repo, join(repo, 'proposals')], {cwd: repo});
    expect(check.code).toBe(0);
    expect(check.stdout).not.toMatch(/ error /);
    expect(check.stdout).toMatch(/Expected an answer under section `III\.1`/);
    expect(check.stdout).toMatch(/Missing `odaMinistry`/);
  });

  it('refuses to overwrite, an unknown service, an unsafe slug, a slug naming the country and a multi-line country', async () => {
    const repo = await temporaryRepository();
    expect((await pcp(['new', '--country', 'Aurelia', '--service', '3', '--slug', 'health-network', '--root', repo], {cwd: repo})).code).toBe(0);
    const again = await pcp(['new', '--country', 'Aurelia', '--service', '3', '--slug', 'health-network', '--root', repo], {cwd: repo});
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
    const named = await pcp(['new', '--country', 'Republic of Aurelia', '--service', '3', '--slug', 'aurelia-health', '--root', repo]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('not to name the country');
    expect((await pcp(['new', '--country', 'Aurelia', '--service', '22', '--root', repo])).stderr).toContain('Expected --service to be a service number from 1 to 21');
    expect((await pcp(['new', '--country', 'Aurelia', '--service', '3', '--slug', '../../etc', '--root', repo])).code).toBe(2);
    expect((await pcp(['new', '--country', 'Aurelia\nstatus: approved', '--service', '3', '--root', repo])).code).toBe(2);
    expect((await pcp(['new', '--country', 'Монголия', '--service', '3', '--root', repo], {cwd: repo})).code).toBe(0);
  });
});
