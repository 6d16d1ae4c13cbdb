/**
 * `npm run bench -- site`: the website built (`astro build`, as `npm run build` runs it) for 10,
 * 1,000 and 5,000 generated proposals in one run. The build reads every proposal's frontmatter
 * once, for the status projection and the personal-data guard, which ends the build. Each size
 * is a cold process, median of 5. Target: 5,000 proposals take no more than 2x the 10-proposal
 * build.
 */
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {projectRoot} from '../lib/project-root.ts';
import {benchRepository, measure, table, type Measurement} from './measure.ts';

const sizes = [10, 1000, 5000];
const runs = 5;

/** Runs the benchmark and prints its table. */
export function benchSite(): void {
  const rows: Measurement[] = [];
  for (const size of sizes) {
    const {root} = benchRepository('site', size, (text, i) => text.replace(/^service: \d+$/m, `service: ${(i % 21) + 1}`).replace(/^status: \w+$/m, `status: ${['submitted', 'draft', 'under-review'][i % 3]}`));
    try {
      const out = join(root, 'dist');
      rows.push(measure(`${size} proposals`, ['env', '-u', 'PCP_STATUS', `PCP_ROOT=${root}`, process.execPath, join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], runs, {cwd: projectRoot}));
    } finally {
      rmSync(root, {recursive: true, force: true});
    }
  }
  console.log(`site: astro build (projection and guard included), ${runs} cold runs each, on ${process.version}\n`);
  console.log(table(rows));
  const ratio = rows.at(-1)!.median / rows[0]!.median;
  console.log(`\n5,000 / 10 proposals: ${ratio.toFixed(2)} (target 2.00 or less)`);
}
