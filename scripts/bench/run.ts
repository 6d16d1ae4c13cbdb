/** `npm run bench -- <name>`: runs the named benchmarks (default: all). */
import {benchCheck} from './check.ts';
import {benchNasty} from './nasty.ts';
import {benchRender} from './render.ts';
import {benchSite} from './site.ts';

const benchmarks: Record<string, () => void | Promise<void>> = {check: benchCheck, nasty: benchNasty, render: benchRender, site: benchSite};
const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
  const bench = benchmarks[name];
  if (!bench) {
    console.error(`Unknown benchmark \`${name}\`; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    break;
  }
  await bench();
}
