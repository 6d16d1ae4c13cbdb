/** The house rules for scripts/github: documented exports, and the library as its only way into the pipeline. */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const folder = fileURLToPath(new URL('../../scripts/github/', import.meta.url));
const files: Array<[string, string]> = readdirSync(folder).filter((name) => name.endsWith('.ts')).map((name) => [name, join(folder, name)]);

describe('scripts/github', () => {
  it.each(files)('%s documents its exports', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const undocumented = [...text.matchAll(/^export (?:async )?(?:function|const|class|interface|type) (\w+)/gm)].filter((match) => !/\*\/\s*$/.test(text.slice(0, match.index).trimEnd().slice(-400))).map((match) => match[1]);
    expect(undocumented).toEqual([]);
  });

  it.each(files)('%s imports octokit only in client.ts, and no site code', (name, path) => {
    const imports = [...readFileSync(path, 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? match[2]!);
    expect(imports.filter((module) => /^(astro|@astrojs\/)/.test(module) || module.includes('/site/'))).toEqual([]);
    if (name !== 'client.ts') expect(imports.filter((module) => /^(octokit|@octokit\/)/.test(module))).toEqual([]);
  });

  it('assembles the client in one file', () => {
    const assembling = files.filter(([, path]) => /new Octokit\(/.test(readFileSync(path, 'utf8'))).map(([name]) => name);
    expect(assembling).toEqual(['client.ts']);
  });
});
