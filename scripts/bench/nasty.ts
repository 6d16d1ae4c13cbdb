/**
 * `npm run bench -- nasty`: every bad-input fixture of test/fixtures checked by `pcp check` in a
 * cold process (median of 3), against checking one valid sample proposal in the same run: a
 * hostile file should cost about what an honest one does, and never seconds.
 */
import {cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {projectRoot} from '../lib/project-root.ts';
import {measure, table, type Measurement} from './measure.ts';

/** Runs the benchmark and prints its table. */
export async function benchNasty(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'pcp-bench-nasty-'));
  try {
    const cli = [process.execPath, join(projectRoot, 'scripts/cli.ts'), 'check'];
    const rows: Measurement[] = [measure('valid sample', [...cli, join(projectRoot, 'proposals/air-quality-forecasting')], 3)];
    const fixtures = join(projectRoot, 'test/fixtures');
    for (const name of readdirSync(fixtures).sort()) {
      let folder = join(fixtures, name);
      if (existsSync(join(folder, 'generate.ts'))) {
        const {default: generate} = (await import(join(folder, 'generate.ts'))) as {default: () => string};
        cpSync(folder, join(scratch, name), {recursive: true});
        folder = join(scratch, name);
        writeFileSync(join(folder, 'proposal.md'), generate());
      }
      rows.push(measure(name, [...cli, folder], 3, {okCodes: [0, 1]}));
    }
    console.log('nasty: each bad input in a cold process, median of 3\n');
    console.log(table(rows));
    const slowest = rows.slice(1).reduce((a, b) => (b.median > a.median ? b : a));
    console.log(`\nslowest: ${slowest.label}, ${(slowest.median / rows[0]!.median).toFixed(2)}x the valid sample`);
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
}
