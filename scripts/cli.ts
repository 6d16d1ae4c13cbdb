#!/usr/bin/env node
/**
 * `pcp`: argv -> library -> report -> exit code. Exit 0: no errors; 1: errors in the files;
 * 2: a usage mistake or a fault of the checker itself. Nothing here decides what is valid.
 */
import {appendFile, mkdir, writeFile} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {loadCatalog} from './lib/catalog.ts';
import {checkPaths, UsageError} from './lib/check.ts';
import {formatGithub, formatJson, formatStepSummary, formatText, summarize} from './lib/format-report.ts';
import {UnknownRefError} from './lib/git.ts';
import {countryWords, proposalTemplate, slugFor} from './lib/new-proposal.ts';
import {makeFolder, shownPath} from './lib/make-folder.ts';
import {projectRoot} from './lib/project-root.ts';
import {statusOfRepository} from './lib/project-status.ts';
import {renderPaths, type RenderFormat} from './lib/render/render.ts';

const help: Record<string, string> = {
  main: `pcp: write, check and publish Project Concept Papers

Usage: pcp <command> [options]

Commands:
  check   check proposals against the form's rules
  new     start a new proposal from the form's template
  render  print-ready PCPs (DOCX, PDF) of proposals, and the blank form
  status  the anonymized counts the public website shows (JSON)

Run \`pcp <command> --help\` for a command's options and an example.
Exit codes: 0 no errors, 1 errors found, 2 usage mistake or internal fault.
`,
  check: `pcp check: check proposals against the schema and the form's rules

Usage: pcp check [paths...] [--format text|json|github] [--changed-since REF]

Paths are proposal files or folders (default: proposals/ and catalog/).

Options:
  --format text|json|github  text: one line per problem, grouped by file (default)
                             json: every message with position, rule and link
                             github: annotations for GitHub Actions, plus the
                             step summary when GITHUB_STEP_SUMMARY is set
  --changed-since REF        check only proposals changed since the git REF, and
                             check each change of stage against its version there
  --root DIR                 the repository (default: the one pcp belongs to)
  -h, --help                 show this help

Example:
  npx pcp check proposals/aurelia-air-quality
  npx pcp check --changed-since origin/main --format github

Exit codes: 0 no errors (warnings allowed), 1 errors, 2 usage mistake or internal fault.
`,
  new: `pcp new: start a new proposal from the form's template

Usage: pcp new --country NAME --service N [--slug SLUG]

Writes proposals/<slug>/proposal.md: every field of the form, every section
heading, and the form's instructions as comments that are never printed.

Options:
  --country NAME   the partner country (Section I, "Name of country")
  --service N      the number of the service you propose, 1 to 21
  --slug SLUG      the folder name (default: the service's first words and a
                   random suffix); lowercase letters, digits and hyphens, and
                   never the country: the name shows in links and logs
  --root DIR       the repository (default: the one pcp belongs to)
  -h, --help       show this help

Example:
  npx pcp new --country "Republic of Aurelia" --service 12

Exit codes: 0 written, 2 usage mistake (nothing written).
`,
};

help.render = `pcp render: print-ready Project Concept Papers

Usage: pcp render [paths...] [--format docx,pdf] [--out DIR] [--blank]

Checks each proposal (default: every one under proposals/) and writes
<out>/<slug>.docx and .pdf for those without errors, plus <out>/manifest.json with the
SHA-256 of every file. A draft is marked DRAFT on every page. The output holds
personal data: it goes to out/pcp/ (or --out), never into the website.

Options:
  --format LIST  docx, pdf or both (default: docx,pdf)
  --out DIR      the output folder (default: out/pcp)
  --blank        also render the empty form with its instructions (blank.*);
                 alone, renders only the blank form
  --root DIR     the repository (default: the one pcp belongs to)
  -h, --help     show this help

Example:
  npx pcp render proposals/air-quality-forecasting
  npx pcp render --blank --out out/forms

Exit codes: 0 all rendered, 1 a proposal has errors (not rendered), 2 usage mistake or internal fault.
`;

help.status = `pcp status: the anonymized status projection, as JSON

Usage: pcp status [--out FILE]

Reads the stage and service of every proposal under proposals/ and prints the
counts the public website publishes: the total, and one-way counts by stage, by
domain and by technology. Never countries, ministries, people, dates or single
proposals. Counts under the call's threshold are shown as "fewer than N", and
whatever would give them away is hidden too. Outcomes (shortlisted, approved,
not selected) count as "under review" until the call's announcement date.
The snapshot day is today, or SOURCE_DATE_EPOCH when set.

Options:
  --out FILE   write the JSON to FILE instead of standard output
  --root DIR   the repository (default: the one pcp belongs to)
  -h, --help   show this help

Example:
  npx pcp status --out out/status.json

Exit codes: 0 written, 1 a proposal's stage or service cannot be read (nothing
written), 2 usage mistake or internal fault.
`;

const common = {help: {type: 'boolean', short: 'h'}, root: {type: 'string'}} as const;

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({args, options: {...common, ...options}, allowPositionals, strict: true});
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

async function check(args: string[]): Promise<number> {
  const {values, positionals} = parse(args, {format: {type: 'string', default: 'text'}, 'changed-since': {type: 'string'}}, true);
  if (values.help) return print(help.check!);
  const format = String(values.format);
  if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`Unexpected format \`${format}\`, expected text, json or github`);
  const progress = format === 'text' && process.stderr.isTTY ? progressBar('checking') : undefined;
  const result = await checkPaths({
    paths: positionals,
    ...(values.root ? {root: resolve(String(values.root))} : {}),
    ...(values['changed-since'] !== undefined ? {changedSince: String(values['changed-since'])} : {}),
    ...(progress ? {onProgress: progress} : {}),
  });
  if (format === 'json') process.stdout.write(formatJson(result.files));
  else if (format === 'github') {
    process.stdout.write(formatGithub(result.files));
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, formatStepSummary(result.files));
  } else process.stdout.write(formatText(result.files, {color: useColor()}));
  if (result.internalErrors > 0) return 2;
  return summarize(result.files).errors > 0 ? 1 : 0;
}

async function render(args: string[]): Promise<number> {
  const {values, positionals} = parse(args, {format: {type: 'string', default: 'docx,pdf'}, out: {type: 'string'}, blank: {type: 'boolean'}}, true);
  if (values.help) return print(help.render!);
  const formats = String(values.format).split(',').map((format) => format.trim()).filter(Boolean);
  for (const format of formats) if (format !== 'pdf' && format !== 'docx') throw new UsageError(`Unexpected format \`${format}\`, expected docx, pdf or docx,pdf`);
  const progress = process.stderr.isTTY ? progressBar('rendering') : undefined;
  const result = await renderPaths({
    paths: positionals,
    ...(progress ? {onProgress: progress} : {}),
    formats: formats as RenderFormat[],
    blank: Boolean(values.blank),
    ...(values.out ? {out: String(values.out)} : {}),
    ...(values.root ? {root: resolve(String(values.root))} : {}),
  });
  if (result.files.some(({file}) => file.messages.length > 0)) process.stderr.write(formatText(result.files, {color: useColor()}));
  for (const entry of result.rendered) for (const output of entry.outputs) process.stdout.write(`Wrote ${relative(process.cwd(), output.path)}\n`);
  process.stdout.write(`Wrote ${relative(process.cwd(), result.manifest)}\n`);
  if (result.files.some(({file}) => file.messages.some((message) => message.ruleId === 'file-cannot-process'))) return 2;
  return summarize(result.files).errors > 0 ? 1 : 0;
}

async function status(args: string[]): Promise<number> {
  const {values} = parse(args, {out: {type: 'string'}}, false);
  if (values.help) return print(help.status!);
  const root = values.root ? resolve(String(values.root)) : projectRoot;
  const {projection, files} = await statusOfRepository(root);
  const problems = files.filter((file) => file.messages.length > 0).map((file) => ({kind: 'proposal' as const, file}));
  if (problems.length > 0) process.stderr.write(formatText(problems, {color: useColor()}));
  if (!projection) return 1;
  const json = `${JSON.stringify(projection, null, 2)}\n`;
  if (values.out) {
    const out = resolve(String(values.out));
    await makeFolder(dirname(out), process.cwd());
    try {
      await writeFile(out, json);
    } catch (error) {
      throw new UsageError(`Cannot write ${shownPath(out, process.cwd())} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose another --out`);
    }
    process.stdout.write(`Wrote ${relative(process.cwd(), out)}\n`);
  } else process.stdout.write(json);
  return 0;
}

async function create(args: string[]): Promise<number> {
  const {values} = parse(args, {country: {type: 'string'}, service: {type: 'string'}, slug: {type: 'string'}}, false);
  if (values.help) return print(help.new!);
  const root = values.root ? resolve(String(values.root)) : projectRoot;
  const country = String(values.country ?? '').trim();
  if (!country) throw new UsageError('Missing --country: the name of the partner country');
  if (country.length > 300 || /[\u0000-\u001f\u007f]/.test(country)) throw new UsageError('Unexpected --country: use one line of at most 300 characters');
  const catalog = await loadCatalog(root);
  if (!catalog.call) throw new UsageError('The call in catalog/call.yaml has errors: run `pcp check catalog` first');
  const number = Number(values.service);
  const service = catalog.services.find((entry) => entry.number === number);
  if (catalog.services.length === 0) throw new UsageError('The catalog has no services: run `pcp check catalog` first');
  if (!values.service || !/^\d+$/.test(String(values.service)) || !service) {
    const numbers = catalog.services.map((entry) => entry.number);
    throw new UsageError(`Expected --service to be a service number from ${Math.min(...numbers)} to ${Math.max(...numbers)}`);
  }
  const slug = values.slug === undefined ? slugFor(service) : String(values.slug);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length < 3 || slug.length > 60) throw new UsageError('Expected --slug to be 3 to 60 lowercase letters, digits and single hyphens, such as air-quality-2024');
  const named = countryWords(country).filter((word) => slug.split('-').includes(word));
  if (named.length > 0) throw new UsageError('Expected --slug not to name the country: the folder name appears in file names, links and logs, and an application is confidential');
  const folder = join(root, 'proposals', slug);
  await mkdir(join(root, 'proposals'), {recursive: true});
  try {
    await mkdir(folder);
  } catch {
    throw new UsageError(`${relative(process.cwd(), folder)} exists already: choose another --slug`);
  }
  const path = join(folder, 'proposal.md');
  await writeFile(path, proposalTemplate({country, service, call: catalog.call}), {flag: 'wx'});
  process.stdout.write(`Wrote ${relative(process.cwd(), path)}\nNext: fill it in, then run \`npx pcp check ${relative(process.cwd(), folder)}\`.\n`);
  return 0;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function useColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR) return true;
  return Boolean(process.stdout.isTTY);
}

/** A one-line progress bar on stderr for long batches on a terminal. */
function progressBar(label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (total < 20) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\r\u001b[2K');
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await check(rest);
    if (command === 'new') return await create(rest);
    if (command === 'render') return await render(rest);
    if (command === 'status') return await status(rest);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') return print(help.main!);
    throw new UsageError(`Unknown command \`${command}\``);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownRefError) {
      process.stderr.write(`pcp: ${error.message}\n${error instanceof UsageError && help[command ?? ''] ? `Run \`pcp ${command} --help\` for usage.\n` : 'Run `pcp --help` for usage.\n'}`);
      return 2;
    }
    process.stderr.write(`pcp: internal error (${(error as Error).name}): ${(error as Error).message}\nThis is a bug of pcp, not of your proposal; please report it.\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
