/** The house rules that keep one pipeline easy to see. */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const lib = fileURLToPath(new URL('../scripts/lib/', import.meta.url));
const files = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? files(join(folder, name)) : name.endsWith('.ts') ? [join(folder, name)] : []));

describe('scripts/lib', () => {
  it.each(files(lib).map((path) => [path.slice(lib.length), path]))('%s imports no site, GitHub or Actions code', (_name, path) => {
    const imports = [...readFileSync(path, 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? match[2]!);
    expect(imports.filter((name) => /^(astro|@astrojs\/|octokit|@octokit\/|@actions\/)/.test(name))).toEqual([]);
    expect(imports.filter((name) => name.startsWith('.') && name.includes('/github/'))).toEqual([]);
  });

  it.each(files(lib).filter((path) => !path.includes('/generated/')).map((path) => [path.slice(lib.length), path]))('%s documents its exports', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const undocumented = [...text.matchAll(/^export (?:async )?(?:function|const|class|interface|type) (\w+)/gm)].filter((match) => !/\*\/\s*$/.test(text.slice(0, match.index).trimEnd().slice(-400))).map((match) => match[1]);
    expect(undocumented).toEqual([]);
  });
});

describe('README', () => {
  it('lists every rule', async () => {
    const {rules} = await import('../scripts/lib/rules/index.ts');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(rules.filter((rule) => !readme.includes(`| \`${rule.id}\` |`)).map((rule) => rule.id)).toEqual([]);
  });
});

describe('the repository', () => {
  it('holds no leftover merge-conflict markers in any tracked text file', async () => {
    const {execFileSync} = await import('node:child_process');
    const root = fileURLToPath(new URL('../', import.meta.url));
    const tracked = execFileSync('git', ['ls-files', '-z'], {cwd: root, encoding: 'utf8'}).split('\0').filter((name) => /\.(md|mdx|ts|mjs|json|ya?ml|astro|css|txt)$|^\.ci\//.test(name));
    const marked = tracked.filter((name) => {
      try {
        return /^(<{7}|>{7}) /m.test(readFileSync(join(root, name), 'utf8'));
      } catch {
        return false;
      }
    });
    expect(marked).toEqual([]);
  });
});
