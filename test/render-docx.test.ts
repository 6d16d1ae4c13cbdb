/**
 * The DOCX version: read through its XML (word/document.xml and the footer), and opened by a
 * real office suite: LibreOffice (Debian's) converts it to PDF, whose text must hold the answers.
 */
import {execFile, execFileSync} from 'node:child_process';
import {cp, mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import JSZip from 'jszip';
import type {Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {VFile} from 'vfile';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {formAnswers} from '../scripts/lib/form.ts';
import {parseSource} from '../scripts/lib/parse.ts';
import {walk} from '../scripts/lib/walk.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const samples = ['air-quality-forecasting', 'forest-pest-detection', 'sign-language-interpretation'];
let repo = '';
const fold = (value: string) => value.replace(/\s+/g, ' ').trim();

function pcp(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts/cli.ts'), ...args], {cwd: repo, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) =>
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
    );
  });
}

async function xml(docx: string, part = 'word/document.xml'): Promise<string> {
  return (await JSZip.loadAsync(await readFile(docx))).file(part)!.async('string');
}

/** The visible text of WordprocessingML: w:t runs, paragraphs and cells separated by spaces. */
function visibleText(document: string): string {
  return fold(document.replace(/<w:tab\/>/g, ' ').replace(/<\/w:p>/g, ' ').replace(/<w:br\/>/g, ' ').replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, '\u0001$1\u0002').replace(/<[^>]+>/g, '').replace(/\u0001|\u0002/g, '')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
}

function answerProbes(markdown: string): string[] {
  const source = parseSource(new VFile({value: markdown}), 'markdown')!;
  const probes: string[] = [];
  walk(source.tree as Root, (node) => {
    if (node.type === 'paragraph' || node.type === 'tableCell') {
      const words = fold(toString(node));
      if (words && !(node.children.length === 1 && node.children[0]!.type === 'image')) probes.push((node.type === 'paragraph' ? words.slice(0, 60) : words).normalize('NFKC'));
      return false;
    }
    return undefined;
  });
  return probes;
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'pcp-docx-'));
  await cp(join(root, 'catalog'), join(repo, 'catalog'), {recursive: true});
  for (const slug of [...samples, 'remote-healthcare']) await cp(join(root, 'proposals', slug), join(repo, 'proposals', slug), {recursive: true});
  const run = await pcp(['render', '--root', repo, '--format', 'docx', '--blank', join(repo, 'proposals')]);
  if (run.code !== 0) throw new Error(run.stderr);
}, 120_000);
afterAll(() => rm(repo, {recursive: true, force: true}));

describe('DOCX, through its XML', () => {
  it.each(samples)('%s: every answer and cell, the form\'s headings, one ☑ in Section II, merged cells, repeated header rows', async (slug) => {
    const document = await xml(join(repo, 'out/pcp', `${slug}.docx`));
    // Footnotes live in their own part.
    const text = `${visibleText(document)} ${visibleText(await xml(join(repo, 'out/pcp', `${slug}.docx`), 'word/footnotes.xml'))}`.normalize('NFKC');
    const markdown = await readFile(join(repo, 'proposals', slug, 'proposal.md'), 'utf8');
    expect(answerProbes(markdown).filter((probe) => !text.includes(probe))).toEqual([]);
    for (const answer of formAnswers()) expect(text).toContain(fold(answer.heading));
    const tables = document.split('<w:tbl>').slice(1);
    const services = tables.find((table) => table.includes('Mobile-Based Smart Notification'))!;
    expect(services.match(/☑/g)).toHaveLength(1);
    expect(services.match(/☐/g)).toHaveLength(20);
    expect(services).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:vMerge w:val="restart"/>');
    expect(document).toContain('<w:vMerge w:val="continue"/>');
    expect(document).toMatch(/<w:gridSpan w:val="3"\/>/);
  });

  it('has a footer with the slug and page X of Y fields', async () => {
    const zip = await JSZip.loadAsync(await readFile(join(repo, 'out/pcp/forest-pest-detection.docx')));
    const footer = await zip.file(Object.keys(zip.files).find((name) => /^word\/footer\d*\.xml$/.test(name))!)!.async('string');
    expect(visibleText(footer)).toContain('forest-pest-detection');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
  });

  it('marks a draft DRAFT in the header of every page', async () => {
    const zip = await JSZip.loadAsync(await readFile(join(repo, 'out/pcp/remote-healthcare.docx')));
    const headers = Object.keys(zip.files).filter((name) => /^word\/header\d*\.xml$/.test(name));
    expect(headers.length).toBeGreaterThan(0);
    expect(visibleText(await zip.file(headers[0]!)!.async('string'))).toBe('DRAFT: not for submission');
    const submitted = await JSZip.loadAsync(await readFile(join(repo, 'out/pcp/forest-pest-detection.docx')));
    expect(Object.keys(submitted.files).some((name) => /^word\/header\d*\.xml$/.test(name))).toBe(false);
  });

  it('is byte-identical on every run', async () => {
    const again = await pcp(['render', '--root', repo, '--format', 'docx', '--out', join(repo, 'again'), join(repo, 'proposals/forest-pest-detection')]);
    expect(again.code).toBe(0);
    expect(await readFile(join(repo, 'again/forest-pest-detection.docx'))).toEqual(await readFile(join(repo, 'out/pcp/forest-pest-detection.docx')));
  });
});

describe('DOCX, opened by LibreOffice', () => {
  it('converts every rendered DOCX to PDF, whose text holds the answers and one ☑ in Section II', async () => {
    const converted = join(repo, 'converted');
    const files = [...samples, 'blank'].map((slug) => join(repo, 'out/pcp', `${slug}.docx`));
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(repo, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', converted, ...files], {stdio: 'pipe', timeout: 180_000});
    for (const slug of samples) {
      // NFKC: LibreOffice's fonts set "ff" and "fi" as ligatures, which come back as one character.
      const text = fold(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(converted, `${slug}.pdf`), '-'], {encoding: 'utf8'}).normalize('NFKC'));
      const markdown = await readFile(join(repo, 'proposals', slug, 'proposal.md'), 'utf8');
      // LibreOffice hyphenates nothing but may break a line inside a probe: compare without spaces.
      const squeezed = text.replace(/\s/g, '');
      expect(answerProbes(markdown).filter((probe) => !squeezed.includes(probe.replace(/\s/g, '')))).toEqual([]);
      const section2 = text.slice(text.indexOf('Section II. Service Proposal'), text.indexOf('Section III. Background'));
      expect(section2.match(/☑/g)).toHaveLength(1);
    }
    const blank = fold(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(converted, 'blank.pdf'), '-'], {encoding: 'utf8'}).normalize('NFKC'));
    for (const answer of formAnswers()) expect(blank.replace(/\s/g, '')).toContain(answer.prompts[0]!.replace(/\s/g, ''));
  }, 240_000);
});
