/**
 * `npm run bench -- check`: 1,000 valid proposals generated in a temporary repository, checked
 * by `pcp check` in a cold process (median of 5), against ajv-cli validating the same 1,000
 * frontmatters, pre-extracted to JSON, with the same schema: schema only, no rules, no Markdown.
 */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseDocument} from 'yaml';
import {projectRoot} from '../lib/project-root.ts';
import {benchRepository, measure, table} from './measure.ts';

const count = 1000;
const runs = 5;

/** Runs the benchmark and prints its table. */
export function benchCheck(): void {
  // Each copy also proposes another service, so the catalog rule sees them all.
  const {root, proposals} = benchRepository('check', count, (text, i) => text.replace(/^service: \d+$/m, `service: ${(i % 21) + 1}`));
  try {
    const json = join(root, 'json');
    mkdirSync(json);
    for (const proposal of proposals) {
      const yaml = /^---\n([\s\S]*?)\n---\n/.exec(proposal.text)![1]!;
      writeFileSync(join(json, `bench-${proposal.index}.json`), JSON.stringify(parseDocument(yaml).toJS()));
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
