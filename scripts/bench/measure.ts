/**
 * Timing and memory of whole commands, for benchmarks: each run is a fresh process (cold), the
 * result is the median of several runs, and peak memory is the largest resident set of any run
 * (read from GNU time when present, else from the process itself through a preload).
 */
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {projectRoot} from '../lib/project-root.ts';

const samples = ['air-quality-forecasting', 'forest-pest-detection', 'sign-language-interpretation'];

/** One generated proposal of a benchmark repository. */
export interface BenchProposal {
  index: number;
  folder: string;
  text: string;
}

/**
 * A temporary repository with the catalog and `count` copies of the three complete sample
 * proposals, each with one sentence of its own so no two files are the same; `vary` may change
 * more. The caller removes `root`.
 */
export function benchRepository(name: string, count: number, vary: (text: string, index: number) => string = (text) => text): {root: string; proposals: BenchProposal[]} {
  const root = mkdtempSync(join(tmpdir(), `pcp-bench-${name}-`));
  cpSync(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
  const proposals: BenchProposal[] = [];
  for (let index = 0; index < count; index++) {
    const folder = join(root, 'proposals', `bench-${String(index).padStart(4, '0')}`);
    cpSync(join(projectRoot, 'proposals', samples[index % samples.length]!), folder, {recursive: true});
    const own = readFileSync(join(folder, 'proposal.md'), 'utf8').replace(/\n## III\.2/, `\nThis is copy ${index} of the sample.\n\n## III.2`);
    const text = vary(own, index);
    writeFileSync(join(folder, 'proposal.md'), text);
    proposals.push({index, folder, text});
  }
  return {root, proposals};
}

/** One command's measurements. */
export interface Measurement {
  label: string;
  /** Median wall time in seconds. */
  median: number;
  /** Every run's wall time in seconds. */
  runs: number[];
  /** Largest peak resident memory of a run, in MB. */
  peakMb: number;
}

/** Runs `command` `times` times and measures it. A run that exits non-zero aborts the benchmark. */
export function measure(label: string, command: string[], times: number, options: {cwd?: string; okCodes?: number[]} = {}): Measurement {
  const runs: number[] = [];
  let peakKb = 0;
  const gnuTime = existsSync('/usr/bin/time');
  const scratch = mkdtempSync(join(tmpdir(), 'pcp-bench-'));
  try {
    for (let i = 0; i < times; i++) {
      const report = join(scratch, `time-${i}.txt`);
      const argv = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', report, ...command] : command;
      const start = process.hrtime.bigint();
      const result = spawnSync(argv[0]!, argv.slice(1), {cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024});
      runs.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (!(options.okCodes ?? [0]).includes(result.status ?? -1)) {
        throw new Error(`${label}: exit ${result.status}\n${result.stderr.toString().slice(0, 2000)}`);
      }
      if (gnuTime && existsSync(report)) peakKb = Math.max(peakKb, Number(readFileSync(report, 'utf8').trim().split('\n').at(-1)));
    }
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return {label, median: sorted[Math.floor(sorted.length / 2)]!, runs, peakMb: peakKb / 1024};
}

/** A plain table of measurements with the ratio of each to the first. */
export function table(rows: Measurement[]): string {
  const base = rows[0]!;
  const lines = [['', 'median', 'runs', 'peak memory', `ratio to ${base.label}`]];
  for (const row of rows) {
    lines.push([row.label, `${row.median.toFixed(2)} s`, row.runs.map((run) => run.toFixed(2)).join(' '), row.peakMb ? `${row.peakMb.toFixed(0)} MB` : 'n/a', (row.median / base.median).toFixed(2)]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  return lines.map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
