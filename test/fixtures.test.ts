/**
 * Bad (and tricky good) input, one folder per case under test/fixtures/: `proposal.md` (or a
 * `generate.ts` that makes it, for inputs too large to commit) and `messages.txt`, the exact
 * diagnostics expected, one per line: `line:column-endLine:endColumn severity reason rule-id`.
 * Run with UPDATE_FIXTURES=1 to rewrite messages.txt, then review the diff by eye.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile, cp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {checkProposal} from '../scripts/lib/check-proposal.ts';
import {readSource} from '../scripts/lib/read.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const catalog = await loadCatalog();

function render(file: VFile): string {
  return file.messages
    .map((message) => {
      const end = message.place && 'end' in message.place ? message.place.end : {line: message.line, column: message.column};
      return `${message.line}:${message.column}-${end.line}:${end.column} ${message.fatal ? 'error' : 'warning'} ${message.reason} ${message.ruleId}`;
    })
    .join('\n');
}

async function check(name: string): Promise<VFile> {
  const folder = join(fixtures, name);
  let path = join(folder, 'proposal.md');
  let cleanup: string | undefined;
  if (existsSync(join(folder, 'generate.ts'))) {
    const {default: generate} = (await import(join(folder, 'generate.ts'))) as {default: () => string};
    cleanup = await mkdtemp(join(tmpdir(), 'pcp-fixture-'));
    await cp(folder, join(cleanup, name), {recursive: true});
    path = join(cleanup, name, 'proposal.md');
    await mkdir(join(cleanup, name), {recursive: true});
    await writeFile(path, generate());
  }
  try {
    const file = await readSource(path, 'proposal.md');
    checkProposal(file, {path, catalog, root: cleanup ?? join(fixtures, '..', '..')});
    return file;
  } finally {
    if (cleanup) await rm(cleanup, {recursive: true, force: true});
  }
}

const cases = readdirSync(fixtures).filter((name) => existsSync(join(fixtures, name, 'messages.txt')) || process.env.UPDATE_FIXTURES);

describe('fixtures', () => {
  it('has the bad inputs the foundation issue names', () => {
    for (const name of ['empty-file', 'no-frontmatter', 'unclosed-frontmatter', 'invalid-yaml', 'tabs', 'huge-file', 'huge-frontmatter', 'deep-nesting', 'alias-bomb', 'duplicate-keys', 'wrong-types', 'service-zero', 'service-22', 'service-string', 'two-services', 'invalid-email', 'dates-dd-mm-yyyy', 'non-utf8', 'bom-valid', 'crlf-valid', 'attachment-traversal', 'remote-image', 'script-in-answer']) {
      expect(cases, name).toContain(name);
    }
  });

  it.each(cases)('%s', async (name) => {
    const actual = render(await check(name));
    const expectedPath = join(fixtures, name, 'messages.txt');
    if (process.env.UPDATE_FIXTURES) writeFileSync(expectedPath, actual ? `${actual}\n` : '');
    expect(actual).toBe(readFileSync(expectedPath, 'utf8').trimEnd());
  });
});
