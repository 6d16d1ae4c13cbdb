/**
 * `npm run bench -- check`: 1,000 valid proposals generated in a temporary repository, checked
 * by `pcp check` in a cold process (median of 5), against ajv-cli validating the same 1,000
 * frontmatters, pre-extracted to JSON, with the same schema: schema only, no rules, no Markdown.
 */
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseDocument} from 'yaml';
import {projectRoot} from '../lib/project-root.ts';
import {measure, table} from './measure.ts';

const count = 1000;
const runs = 5;
const samples = ['air-quality-forecasting', 'forest-pest-detection', 'sign-language-interpretation'];

/** Runs the benchmark and prints its table. */
export function benchCheck(): void {
  const root = mkdtempSync(join(tmpdir(), 'pcp-bench-check-'));
  try {
    cpSync(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
    const json = join(root, 'json');
    mkdirSync(json);
    for (let i = 0; i < count; i++) {
      const sample = samples[i % samples.length]!;
      const folder = join(root, 'proposals', `bench-${String(i).padStart(4, '0')}`);
      cpSync(join(projectRoot, 'proposals', sample), folder, {recursive: true});
      // Vary each copy a little (service and a sentence), so no two files are identical.
      const text = readFileSync(join(folder, 'proposal.md'), 'utf8').replace(/^service: \d+$/m, `service: ${(i % 21) + 1}`).replace('## III.1', `## III.1`).replace(/\n## III\.2/, `\nThis is copy ${i} of the sample.\n\n## III.2`);
      writeFileSync(join(folder, 'proposal.md'), text);
      const yaml = /^---\n([\s\S]*?)\n---\n/.exec(text)![1]!;
      writeFileSync(join(json, `bench-${i}.json`), JSON.stringify(parseDocument(yaml).toJS()));
    }
    const node = process.execPath;
    const ours = measure('pcp check', [node, join(projectRoot, 'scripts/cli.ts'), 'check', '--root', root, join(root, 'proposals')], runs);
    const ajv = measure('ajv-cli (schema only)', [node, join(projectRoot, 'node_modules/ajv-cli/dist/index.js'), 'validate', '--spec=draft2020', '--strict=false', '-c', 'ajv-formats', '-s', join(projectRoot, 'schema/proposal.schema.json'), '-d', join(json, '*.json')], runs);
    console.log(`check: ${count} proposals, ${runs} cold runs each, on ${process.version}\n`);
    console.log(table([ajv, ours]));
    console.log(`\nours / ajv-cli: ${(ours.median / ajv.median).toFixed(2)} (target 1.50 or less); peak memory ${ours.peakMb.toFixed(0)} MB (target under 300 MB)`);
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}
