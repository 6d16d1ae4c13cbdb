/**
 * The DOCX version: read through its XML (word/document.xml and the footer), and opened by a
 * real office suite: LibreOffice (Debian's) converts it to PDF, whose text must hold the answers.
 */
import {execFile, execFileSync} from 'node:child_process';
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
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

  it('prints a picture\'s description as its caption, in the paragraph after it', async () => {
    const document = await xml(join(repo, 'out/pcp/forest-pest-detection.docx'));
    const after = document.slice(document.indexOf('</w:drawing>'));
    const next = after.slice(after.indexOf('</w:p>') + '</w:p>'.length);
    expect(visibleText(next.slice(0, next.indexOf('</w:p>')))).toBe('Conceptual diagram of the target service');
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

  it('fits a tall picture to the page, and gives each proposal its own diagram of the same name', async () => {
    const {deflateSync} = await import('node:zlib');
    // A 40 x 4000 PNG, built by hand: signature, IHDR, one IDAT of blank rows, IEND.
    const crc = (buffer: Buffer) => {
      let c = ~0;
      for (const byte of buffer) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
      }
      return Buffer.from([(~c >>> 24) & 255, (~c >>> 16) & 255, (~c >>> 8) & 255, ~c & 255]);
    };
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      return Buffer.concat([length, Buffer.from(type), data, crc(Buffer.concat([Buffer.from(type), data]))]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(40, 0);
    header.writeUInt32BE(4000, 4);
    header[8] = 8;
    header[9] = 0;
    const rows = Buffer.alloc(4000 * 41);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
    const folder = join(repo, 'proposals/tall-picture');
    await cp(join(root, 'proposals/air-quality-forecasting'), folder, {recursive: true});
    await writeFile(join(folder, 'tall.png'), png);
    const markdown = (await readFile(join(folder, 'proposal.md'), 'utf8')).replace(/(## IV\.3[^\n]*\n\n)/, '$1![A tall chart](tall.png)\n\n');
    await writeFile(join(folder, 'proposal.md'), markdown);
    const run = await pcp(['render', '--root', repo, '--format', 'docx', '--out', join(repo, 'tall'), folder, join(repo, 'proposals/forest-pest-detection')]);
    expect(run.code).toBe(0);
    const document = await xml(join(repo, 'tall/tall-picture.docx'));
    const heights = [...document.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((match) => Number(match[2]));
    const pageText = (16838 - 2 * 1134) * 635;
    expect(Math.max(...heights)).toBeLessThanOrEqual(pageText);
    // Media are named by the SHA-1 of their bytes: each document holds its own diagram.svg.
    const {createHash} = await import('node:crypto');
    for (const [name, source] of [['tall-picture', folder], ['forest-pest-detection', join(repo, 'proposals/forest-pest-detection')]] as const) {
      const files = Object.keys((await JSZip.loadAsync(await readFile(join(repo, 'tall', `${name}.docx`)))).files);
      const own = createHash('sha1').update(await readFile(join(source, 'diagram.svg'))).digest('hex');
      expect(files.filter((file) => file.endsWith('.svg'))).toEqual([`word/media/${own}.svg`]);
    }
  });

  it('sets code in a monospace face, indents a quote as a block, and keeps the closing part in one row that cannot split', async () => {
    const folder = join(repo, 'proposals/code-and-quote');
    await cp(join(repo, 'proposals/forest-pest-detection'), folder, {recursive: true});
    const base = await readFile(join(folder, 'proposal.md'), 'utf8');
    await writeFile(join(folder, 'proposal.md'), base.replace(/(## III\.2[^\n]*\n\n)/, '$1Run `pest-scan --all` nightly.\n\n```\nscan(tile) -> alert\n```\n\n> A quoted line from the ministry.\n\n'));
    const run = await pcp(['render', '--root', repo, '--format', 'docx', '--out', join(repo, 'code'), folder]);
    expect(run.code, run.stderr).toBe(0);
    const document = await xml(join(repo, 'code/code-and-quote.docx'));
    const runOf = (probe: string) => document.split('<w:r>').find((part) => part.includes(probe))!;
    expect(runOf('pest-scan --all')).toContain('w:ascii="Courier New"');
    expect(runOf('scan(tile) -&gt; alert')).toContain('w:ascii="Courier New"');
    const quote = document.split('<w:p>').find((part) => part.includes('A quoted line from the ministry.'))!;
    expect(quote).toMatch(/<w:ind w:left="425"\/>/);
    expect(quote).not.toContain('w:hanging');
    // The closing part: nested in one row that cannot split (the tables two deep, the confirmation in the row's cell).
    const depthAt = (at: number) => [...document.slice(0, at).matchAll(/<(\/?)w:tbl>/g)].reduce((depth, match) => depth + (match[1] ? -1 : 1), 0);
    const prepared = document.indexOf('This report is prepared by');
    const last = document.indexOf('(Name of the ministry in charge of the IAC)');
    expect([depthAt(prepared), depthAt(document.indexOf('I confirm that I thoroughly read')), depthAt(last)]).toEqual([2, 1, 2]);
    const before = document.slice(0, prepared);
    const wrapper = before.slice(0, before.lastIndexOf('<w:tbl>'));
    expect(wrapper.slice(wrapper.lastIndexOf('<w:tr>'))).toContain('<w:cantSplit/>');
  });

  it('is byte-identical on every run', async () => {
    const again = await pcp(['render', '--root', repo, '--format', 'docx', '--out', join(repo, 'again'), join(repo, 'proposals/forest-pest-detection')]);
    expect(again.code).toBe(0);
    expect(await readFile(join(repo, 'again/forest-pest-detection.docx'))).toEqual(await readFile(join(repo, 'out/pcp/forest-pest-detection.docx')));
  });
});

describe('reproducibleDocx', () => {
  it('renumbers random relationship ids, even ones ending in - or _, and fixes the dates', async () => {
    const {reproducibleDocx} = await import('../scripts/lib/render/docx/reproducible.ts');
    const make = async (id: string, when: Date) => {
      const zip = new JSZip();
      zip.file('word/document.xml', `<w:hyperlink r:id="${id}"/><w:hyperlink r:id="rId7"/>`, {date: when});
      zip.file('word/_rels/document.xml.rels', `<Relationship Id="${id}"/>`, {date: when});
      zip.file('docProps/core.xml', `<dcterms:created xsi:type="dcterms:W3CDTF">${when.toISOString()}</dcterms:created>`, {date: when});
      return zip.generateAsync({type: 'nodebuffer'});
    };
    const date = new Date(Date.UTC(2024, 9, 21));
    const first = await reproducibleDocx(await make('rIdabcdefghijklmnopqrst-', new Date()), date);
    const second = await reproducibleDocx(await make('rIdzyxwvutsrqponmlkjihg_', new Date(0)), date);
    expect(first).toEqual(second);
    const document = await (await JSZip.loadAsync(first)).file('word/document.xml')!.async('string');
    expect(document).toBe('<w:hyperlink r:id="rIdH1"/><w:hyperlink r:id="rId7"/>');
    expect(await (await JSZip.loadAsync(first)).file('docProps/core.xml')!.async('string')).toContain('2024-10-21T00:00:00Z');
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
    // The footer "page X of Y" in one size: its numbers are fields, which LibreOffice once set in
    // the default body size. Each word's box height (pdftotext -bbox) follows its font size.
    const slug = samples[0]!;
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(converted, `${slug}.pdf`)], {encoding: 'utf8'}))![1]);
    const words = [...execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', join(converted, `${slug}.pdf`), '-'], {encoding: 'utf8'}).matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(([, yMin, yMax, word]) => ({word, height: Number(yMax) - Number(yMin)}));
    const footer = words.slice(words.findLastIndex((word) => word.word === slug));
    expect(footer.map((word) => word.word)).toEqual([slug, 'page', '1', 'of', String(pages)]);
    for (const word of footer) expect(word.height, word.word).toBeCloseTo(footer[0]!.height, 1);
  }, 240_000);
});
