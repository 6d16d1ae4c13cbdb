/**
 * Print-ready PCPs: rendered for real, then read back with real PDF tools (poppler's pdftotext
 * and pdffonts, qpdf), and through the document definition itself.
 */
import {execFile, execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {cp, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {FootnoteDefinition, Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {formAnswers} from '../scripts/lib/form.ts';
import {parseSource} from '../scripts/lib/parse.ts';
import {formatJson} from '../scripts/lib/format-report.ts';
import {buildLayout} from '../scripts/lib/render/layout.ts';
import {renderPaths} from '../scripts/lib/render/render.ts';
import {page, pdfDefinition} from '../scripts/lib/render/pdf/document.ts';
import {footnoteList, textRuns} from '../scripts/lib/render/pdf/markdown.ts';
import {walk} from '../scripts/lib/walk.ts';
import {VFile} from 'vfile';

const root = fileURLToPath(new URL('..', import.meta.url));
const samples = ['air-quality-forecasting', 'forest-pest-detection', 'sign-language-interpretation'];
let repo = '';

function pcp(args: string[], env: Record<string, string> = {}): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts/cli.ts'), ...args], {cwd: repo, env: {...process.env, NO_COLOR: '1', ...env}, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) =>
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
    );
  });
}

/** pdftotext's text of a PDF (or of one page), with white space folded and zero-width spaces dropped. */
function text(pdf: string, pageNumber?: number): string {
  const range = pageNumber ? ['-f', String(pageNumber), '-l', String(pageNumber)] : [];
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', ...range, pdf, '-'], {encoding: 'utf8'}).replace(/\u200b/g, '').replace(/\s+/g, ' ');
}

const fold = (value: string) => value.replace(/\s+/g, ' ').trim();

/**
 * Text without the white space next to Thai, Lao and Khmer. Their runs carry ActualText (so a
 * reader copies them in the written order), and pdftotext's -raw mode, which the table checks
 * need, starts a new line at each run, so words broken for line wrapping come back apart.
 */
const unspaced = (value: string) => value.replace(/\s+(?=[\u0e00-\u0eff\u1780-\u17ff])|(?<=[\u0e00-\u0eff\u1780-\u17ff])\s+/gu, '');

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'pcp-render-'));
  await cp(join(root, 'catalog'), join(repo, 'catalog'), {recursive: true});
  for (const slug of [...samples, 'remote-healthcare']) await cp(join(root, 'proposals', slug), join(repo, 'proposals', slug), {recursive: true});
  // Canaries in the scripts partner countries write in.
  const base = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
  await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals/scripts-canary'), {recursive: true});
  await writeFile(
    join(repo, 'proposals/scripts-canary/proposal.md'),
    base.replace(/(## III\.1[^\n]*\n\n)/, '$1한국어 행정 서비스 and ព្រះរាជាណាចក្រកម្ពុជា ក្រសួងសេដ្ឋកិច្ច and ภาษาไทย น้ำ and ພາສາລາວ ເຕັກໂນໂລຊີ and Монгол улс and Tiếng Việt có dấu, Lê Thị Thu Hằng.\n\n').replace(/(## IV\.3[^\n]*\n\n)/, '$1မြန်မာဘာသာ is written here.\n\n').replace(/(## IV\.5[^\n]*\n\n)/, '$1وزارة الاقتصاد الرقمي is a partner.\n\n').replace('\n  organization: Ministry of Environment and Natural Resources', '\n  organization: Ministry of Environment (وزارة البيئة) and 👍').replace('\n    baseline: 6\n', '\n    baseline: "6 محطات"\n').replace('\npreparedBy:\n', '\n# ملاحظة: a comment, never printed\npreparedBy:\n').replace(/(## III\.4[^\n]*\n\n)/, '$1The feed is read with `fetch --station DAL-01`:\n\n```text\nstation     pm25\n  DAL-01      41\n  PCS-07       7\n```\n\n'),
  );
  // The diagram's labels: Korean (set in Noto Sans KR) and Khmer (which SVG text cannot shape: a warning).
  const diagram = await readFile(join(repo, 'proposals/scripts-canary/diagram.svg'), 'utf8');
  await writeFile(join(repo, 'proposals/scripts-canary/diagram.svg'), diagram.replace('>Data sources</text>', '>서울 관측소 → 예보</text>').replace('>Users</text>', '>Users ភ្នំពេញ</text>'));
  await cp(join(root, 'proposals/air-quality-forecasting'), join(repo, 'proposals/broken-one'), {recursive: true});
  await writeFile(join(repo, 'proposals/broken-one/proposal.md'), base.replace('service: 2', 'service: 22'));
}, 60_000);
afterAll(() => rm(repo, {recursive: true, force: true}));

describe('pcp render', () => {
  let run: Awaited<ReturnType<typeof pcp>>;
  beforeAll(async () => {
    run = await pcp(['render', '--root', repo, '--blank', join(repo, 'proposals')]);
  }, 120_000);

  it('renders every proposal without errors, refuses the one with errors, and says why', async () => {
    expect(run.code).toBe(1);
    for (const slug of [...samples, 'remote-healthcare', 'scripts-canary', 'blank']) expect(run.stdout).toContain(`Wrote out/pcp/${slug}.pdf`);
    expect(run.stdout).not.toContain('broken-one.pdf');
    expect(run.stderr).toContain("proposals/broken-one/proposal.md:16:10  error    Unexpected service 22: the call's catalog has services 1 to 21  catalog-unknown-service");
  });

  it('lists every output with its SHA-256 and its source\'s in the manifest', async () => {
    const manifest = JSON.parse(await readFile(join(repo, 'out/pcp/manifest.json'), 'utf8'));
    expect(manifest.files.map((entry: {source: string}) => entry.source).sort()).toEqual(['proposals/air-quality-forecasting/proposal.md', 'proposals/forest-pest-detection/proposal.md', 'proposals/remote-healthcare/proposal.md', 'proposals/scripts-canary/proposal.md', 'proposals/sign-language-interpretation/proposal.md', 'schema/pcp-form.yaml']);
    for (const entry of manifest.files) {
      const source = entry.source.startsWith('schema/') ? join(root, entry.source) : join(repo, entry.source);
      expect(entry.sourceSha256).toBe(createHash('sha256').update(await readFile(source)).digest('hex'));
      for (const output of entry.outputs) expect(output.sha256).toBe(createHash('sha256').update(await readFile(join(repo, 'out/pcp', output.path))).digest('hex'));
    }
  });

  it.each(samples)('%s: the PDF holds every answer, every table cell, every field, and one ☑ in Section II', async (slug) => {
    const pdf = join(repo, 'out/pcp', `${slug}.pdf`);
    const extracted = text(pdf);
    const joined = unspaced(extracted);
    const markdown = await readFile(join(repo, 'proposals', slug, 'proposal.md'), 'utf8');
    const source = parseSource(new VFile({value: markdown}), 'markdown')!;
    const missing: string[] = [];
    walk(source.tree as Root, (node) => {
      if (node.type === 'paragraph' || node.type === 'tableCell' || node.type === 'heading') {
        const words = fold(toString(node));
        // Sub-headings and cells are printed whole; a paragraph's start is enough to find it.
        const probe = node.type === 'paragraph' ? words.slice(0, 60) : words;
        if (probe && !/^#|^!\[/.test(probe) && node.type !== 'heading' && !joined.includes(unspaced(probe))) missing.push(probe);
        return false;
      }
      return undefined;
    });
    expect(missing).toEqual([]);
    for (const answer of formAnswers()) if (answer.code !== 'IV.4' || markdown.includes('## IV.4')) expect(extracted).toContain(fold(answer.heading));
    const data = source.frontmatter!.data as Record<string, any>;
    for (const value of [data.country, data.odaMinistry, data.projectMinistry.name, data.projectMinistry.contact.email, data.preparedBy.name, data.preparedBy.telephone]) expect(extracted).toContain(value);
    for (const indicator of data.indicators) expect(extracted).toContain(fold(indicator.name));
    expect(extracted).toContain(data.signatures.preparer.date.split('-').reverse().join('/'));
    const section2 = extracted.slice(extracted.indexOf('Section II. Service Proposal'), extracted.indexOf('Section III. Background'));
    expect(section2.match(/☑/g)).toHaveLength(1);
    expect(section2.match(/☐/g)).toHaveLength(20);
    const catalog = await loadCatalog(repo, repo);
    for (const service of catalog.services) expect(section2).toContain(fold(service.title));
  });

  it('marks every page of a draft DRAFT, and no page of a submitted proposal', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(repo, 'out/pcp/remote-healthcare.pdf')], {encoding: 'utf8'}))![1]);
    expect(pages).toBeGreaterThan(3);
    for (let p = 1; p <= pages; p++) expect(text(join(repo, 'out/pcp/remote-healthcare.pdf'), p)).toContain('DRAFT: not for submission');
    expect(text(join(repo, 'out/pcp/forest-pest-detection.pdf'))).not.toContain('DRAFT');
  });

  it('prints a footer with the slug and page X of Y', () => {
    expect(text(join(repo, 'out/pcp/forest-pest-detection.pdf'), 2)).toMatch(/forest-pest-detection page 2 of \d+/);
  });

  it('passes qpdf --check and embeds every font', () => {
    for (const slug of [...samples, 'scripts-canary', 'blank']) {
      const pdf = join(repo, 'out/pcp', `${slug}.pdf`);
      expect(execFileSync('qpdf', ['--check', pdf], {encoding: 'utf8'})).toContain('No syntax or stream encoding errors found');
      const fonts = execFileSync('pdffonts', [pdf], {encoding: 'utf8'}).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(1);
      for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
    }
  });

  it('brings Korean, Khmer, Thai, Lao, Cyrillic and Vietnamese back from the PDF, and says where Myanmar cannot be shaped', () => {
    const pdf = join(repo, 'out/pcp/scripts-canary.pdf');
    const extracted = text(pdf);
    for (const canary of ['한국어 행정 서비스', 'Монгол улс', 'Tiếng Việt có dấu', 'Lê Thị Thu Hằng']) expect(extracted).toContain(canary);
    // Khmer vowels and subscripts drawn before their consonant (េ, ្រ), and Thai and Lao marks set
    // apart from their base, come back in the order they were written, as a reader copies them.
    const reading = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8'}).replace(/\u200b/g, '');
    for (const canary of ['ព្រះរាជាណាចក្រកម្ពុជា ក្រសួងសេដ្ឋកិច្ច', 'ภาษาไทย น้ำ', 'ພາສາລາວ ເຕັກໂນໂລຊີ']) expect(reading).toContain(canary);
    expect(extracted).toContain('[Myanmar text: see the DOCX version of this PCP]');
    expect(extracted).not.toContain('မြန်မာ');
    expect(run.stderr).toContain('proposals/scripts-canary/proposal.md:174:1  warning  Unexpected Myanmar text in section IV.3: the PDF cannot shape it and prints a note instead; use the DOCX version  render-script-unsupported');
    expect(run.stderr).toContain('proposals/scripts-canary/proposal.md:213:1  warning  Unexpected Arabic text in section IV.5: the PDF cannot shape it and prints a note instead; use the DOCX version  render-script-unsupported');
    expect(extracted).toContain('[Arabic text: see the DOCX version of this PCP]');
    // Only the stretch the PDF cannot shape is replaced: the rest of the sentence is printed.
    expect(extracted).toContain('[Myanmar text: see the DOCX version of this PCP] is written here.');
    expect(extracted).toContain('[Arabic text: see the DOCX version of this PCP] is a partner.');
    // The frontmatter's values too, reported at the first value that holds such text (not at a comment).
    expect(extracted).toContain('Ministry of Environment ([Arabic text: see the DOCX version of this PCP]) and [emoji text: see the DOCX version of this PCP]');
    expect(extracted).toContain('6 [Arabic text: see the DOCX version of this PCP]');
    expect(extracted).not.toMatch(/وزارة البيئة|👍|محطات/);
    expect(run.stderr).toContain('proposals/scripts-canary/proposal.md:21:42  warning  Unexpected Arabic and emoji text in the frontmatter: the PDF cannot shape it and prints a note instead; use the DOCX version  render-script-unsupported');
  });

  it('sets Korean text inside an SVG in the Korean font, and warns about SVG text it cannot shape', () => {
    expect(text(join(repo, 'out/pcp/scripts-canary.pdf'))).toContain('서울 관측소 → 예보');
    expect(run.stderr).toMatch(/proposals\/scripts-canary\/proposal\.md:\d+:1 +warning +Unexpected text in an SVG picture in section IV\.2 that the PDF cannot set in its fonts/);
    expect(run.stderr).not.toMatch(/air-quality-forecasting\/proposal\.md.*SVG picture/);
  });

  it('sets code in Noto Sans Mono, with its indentation and columns as typed', () => {
    const pdf = join(repo, 'out/pcp/scripts-canary.pdf');
    expect(execFileSync('pdffonts', [pdf], {encoding: 'utf8'})).toMatch(/\+NotoSansMono-Regular\s/);
    expect(execFileSync('pdffonts', [join(repo, 'out/pcp/forest-pest-detection.pdf')], {encoding: 'utf8'})).not.toContain('NotoSansMono');
    expect(text(pdf)).toContain('fetch --station DAL-01');
    // Each word's place on the page: in a monospaced face with the spaces kept, a word starts
    // a whole number of character widths from the line's start, as it was typed.
    const words = [...execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], {encoding: 'utf8'}).matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(([, xMin, xMax, word]) => ({word, xMin: Number(xMin), xMax: Number(xMax)}));
    // The block's lines `station     pm25`, `  DAL-01      41` and `  PCS-07       7`, in order.
    const block = words.slice(words.findIndex((candidate) => candidate.word === 'station'));
    expect(block.slice(0, 6).map((candidate) => candidate.word)).toEqual(['station', 'pm25', 'DAL-01', '41', 'PCS-07', '7']);
    const start = block[0]!.xMin;
    const width = (block[0]!.xMax - start) / 'station'.length;
    for (const [index, column] of [0, 12, 2, 14, 2, 15].entries()) expect((block[index]!.xMin - start) / width, block[index]!.word).toBeCloseTo(column, 1);
  });

  it('keeps a line with arrows as tall as the lines around it', () => {
    // sign-language-interpretation: "contact the bureau → request is checked … → interpreter
    // travels to the appointment" runs over two lines, each with arrows from Noto Sans Math.
    const pdf = join(repo, 'out/pcp/sign-language-interpretation.pdf');
    const pageNumber = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((number) => text(pdf, number).includes('contact the bureau →'))!;
    const words = [...execFileSync('pdftotext', ['-bbox', '-f', String(pageNumber), '-l', String(pageNumber), pdf, '-'], {encoding: 'utf8'}).matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(([, yMin, word]) => ({word, y: Math.round(Number(yMin) * 10) / 10}));
    const lines = [...new Set(words.map((word) => word.y))].sort((a, b) => a - b);
    const gaps = lines.slice(1).map((y, i) => Math.round((y - lines[i]!) * 10) / 10);
    const counts = new Map<number, number>();
    for (const gap of gaps) counts.set(gap, (counts.get(gap) ?? 0) + 1);
    const pitch = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const arrowLines = [...new Set(words.filter((word) => word.word === '→').map((word) => word.y))].sort((a, b) => a - b);
    expect(arrowLines.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(arrowLines[1]! - arrowLines[0]! - pitch)).toBeLessThan(0.3);
  });

  it('sets arrows in Noto Sans Math, so a Latin-only proposal embeds no Korean font', () => {
    const pdf = join(repo, 'out/pcp/air-quality-forecasting.pdf');
    expect(text(pdf)).toContain('measurement → manual download');
    const fonts = execFileSync('pdffonts', [pdf], {encoding: 'utf8'});
    expect(fonts).toMatch(/\+NotoSansMath-Regular\s/);
    expect(fonts).not.toContain('NotoSansKR');
    expect(execFileSync('pdffonts', [join(repo, 'out/pcp/scripts-canary.pdf')], {encoding: 'utf8'})).toContain('NotoSansKR');
  });

  it('renders the blank form with every instruction of the form', () => {
    const extracted = text(join(repo, 'out/pcp/blank.pdf'));
    for (const answer of formAnswers()) for (const prompt of answer.prompts) expect(extracted).toContain(fold(prompt));
    expect(extracted).toContain('Write the name of the ministry (e.g., Ministry of Finance)');
    expect(extracted.match(/☑/g)).toBeNull();
  });

  it('gives the same bytes on every run', async () => {
    const again = await pcp(['render', '--root', repo, '--out', join(repo, 'again'), join(repo, 'proposals/forest-pest-detection')]);
    expect(again.code).toBe(0);
    expect(await readFile(join(repo, 'again/forest-pest-detection.pdf'))).toEqual(await readFile(join(repo, 'out/pcp/forest-pest-detection.pdf')));
    const dated = await pcp(['render', '--root', repo, '--out', join(repo, 'dated'), join(repo, 'proposals/forest-pest-detection')], {SOURCE_DATE_EPOCH: '1730000000'});
    expect(dated.code).toBe(0);
    expect(execFileSync('pdfinfo', [join(repo, 'dated/forest-pest-detection.pdf')], {encoding: 'utf8'})).toMatch(/CreationDate:\s+Sun Oct 27 03:33:20 2024/);
  });
});

describe('the document date', () => {
  it('is each proposal\'s own last commit, not a later one of another file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pcp-dates-'));
    try {
      await cp(join(root, 'catalog'), join(folder, 'catalog'), {recursive: true});
      const git = (args: string[], date?: string) => execFileSync('git', ['-C', folder, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {env: {...process.env, ...(date ? {GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date} : {})}});
      git(['init', '-q']);
      for (const [slug, date] of [['forest-pest-detection', '2024-10-01T10:00:00Z'], ['sign-language-interpretation', '2024-10-05T10:00:00Z']] as const) {
        await cp(join(root, 'proposals', slug), join(folder, 'proposals', slug), {recursive: true});
        git(['add', '.']);
        git(['commit', '-q', '-m', slug], date);
      }
      // A later commit that touches only the other proposal's neighbour keeps the first date.
      await writeFile(join(folder, 'proposals/forest-pest-detection/notes.txt'), 'later');
      git(['add', '.']);
      git(['commit', '-q', '-m', 'notes'], '2024-11-01T10:00:00Z');
      const env = {...process.env};
      delete env.SOURCE_DATE_EPOCH;
      const result = await new Promise<number>((resolve) => execFile(process.execPath, [join(root, 'scripts/cli.ts'), 'render', '--root', folder, '--format', 'pdf', join(folder, 'proposals')], {cwd: folder, env}, (error) => resolve(error ? 1 : 0)));
      expect(result).toBe(0);
      const created = (slug: string) => /CreationDate:\s+(.*)/.exec(execFileSync('pdfinfo', [join(folder, 'out/pcp', `${slug}.pdf`)], {encoding: 'utf8', env: {...process.env, TZ: 'UTC'}}))![1]!.trim();
      expect(created('forest-pest-detection')).toBe('Tue Oct  1 10:00:00 2024 UTC');
      expect(created('sign-language-interpretation')).toBe('Sat Oct  5 10:00:00 2024 UTC');
    } finally {
      await rm(folder, {recursive: true, force: true});
    }
  }, 60_000);
});

describe('renderPaths in worker threads', () => {
  it('writes the same bytes, manifest and messages as one thread', async () => {
    const paths = [join(repo, 'proposals')];
    const single = await renderPaths({root: repo, cwd: repo, paths, out: join(repo, 'one-thread'), workers: 1});
    let progress = 0;
    const parallel = await renderPaths({root: repo, cwd: repo, paths, out: join(repo, 'two-threads'), workers: 2, onProgress: (done) => void (progress = done)});
    expect(formatJson(parallel.files)).toBe(formatJson(single.files));
    expect(single.files.some(({file}) => file.messages.some((message) => message.fatal))).toBe(true);
    expect(progress).toBe(single.files.length);
    const names = (await readdir(join(repo, 'one-thread'))).sort();
    expect(names).toContain('manifest.json');
    expect((await readdir(join(repo, 'two-threads'))).sort()).toEqual(names);
    for (const name of names) expect(await readFile(join(repo, 'two-threads', name)), name).toEqual(await readFile(join(repo, 'one-thread', name)));
  }, 180_000);
});

describe('pcp render with content a page cannot hold', () => {
  it('keeps every answer and the closing part however long, renders ភ្នំពេញ, and fits many target years', async () => {
    const base = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
    const folder = join(repo, 'proposals/long-content');
    await cp(join(root, 'proposals/air-quality-forecasting'), folder, {recursive: true});
    const table = `| No | Task | Owner |\n| --- | --- | --- |\n${Array.from({length: 60}, (_, i) => `| ${i} | Task number ${i} to do | Owner ${i} |`).join('\n')}\n| 61 | ${'A very long cell that goes on. '.repeat(400)} | Owner |\n`;
    const long = base
      .replace(/(## III\.3[^\n]*\n\n)/, `$1${table}\nAfter the table.\n\n`)
      .replace(/(## III\.4[^\n]*\n\n)/, `$1${'A first paragraph that is long. '.repeat(300)}\n\nThe city of ភ្នំពេញ and កំពង់.\n\n`)
      .replace(/  organization: [^\n]*/, `  organization: "${'Ministry '.repeat(33).trim()}"`)
      .replace(/    targets:\n      "2026": 24\n      "2027": 60/, `    targets: {${Array.from({length: 10}, (_, i) => `"${2026 + i}": ${i}`).join(', ')}}`);
    await writeFile(join(folder, 'proposal.md'), long);
    const result = await pcp(['render', '--root', repo, '--out', join(repo, 'long'), folder]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const extracted = text(join(repo, 'long/long-content.pdf'));
    for (const probe of ['Task number 59 to do', 'A very long cell that goes on.', 'After the table.', 'A first paragraph that is long.', 'Ministry Ministry', 'I confirm that I thoroughly read', '(Name of the person representing the ministry)', '3. Describe the current status of the target service']) expect(extracted).toContain(probe);
    expect(extracted).toContain('2035');
    expect(execFileSync('qpdf', ['--check', join(repo, 'long/long-content.pdf')], {encoding: 'utf8'})).toContain('No syntax or stream encoding errors found');
  }, 120_000);
});

describe('pcp render with blocks taller than a page', () => {
  it('loses no text of a table row, a Section I row, an indicator or the closing part that a page cannot hold whole', async () => {
    const base = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
    const folder = join(repo, 'proposals/tall-blocks');
    await cp(join(root, 'proposals/air-quality-forecasting'), folder, {recursive: true});
    // A hundred one-letter lines in a YAML block: within a field's 300 characters, taller than a page in a table cell.
    const lines = (name: string, count: number) => `|\n${[`${name}-FIRST`, ...Array.from({length: count}, () => 'x'), `${name}-LAST`].map((line) => `    ${line}`).join('\n')}`;
    const tall = base
      .replace(/(## III\.3[^\n]*\n\n)/, `$1| Kind | Value |\n|---|---|\n| TALLROW-FIRST | ${Array.from({length: 1400}, (_, i) => `word${i}`).join(' ')} TALLROW-LAST |\n| second | row |\n\n`)
      .replace(/\n  position: Senior ICT Planning Officer\n  organization: [^\n]*\n  department: [^\n]*/, `\n  position: ${lines('POSITION', 100)}\n  organization: ${lines('ORGANIZATION', 100)}\n  department: ${lines('DEPARTMENT', 100)}`)
      .replace(/(\n    department: )[^\n]*/, `$1${lines('MINISTRYDEPT', 100).replace(/\n {4}/g, '\n      ')}`)
      .replace(/(\n  - name: )Automatic monitoring stations reporting PM2\.5 and PM10 in real time/, `$1${lines('INDICATOR', 100).replace(/\n {4}/g, '\n      ')}`);
    await writeFile(join(folder, 'proposal.md'), tall);
    const result = await pcp(['render', '--root', repo, '--format', 'pdf', '--out', join(repo, 'tall'), folder]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const extracted = text(join(repo, 'tall/tall-blocks.pdf'));
    // Every probe printed, none dropped with a block pdfmake could not fit on a page.
    const lost = ['Kind Value', 'TALLROW-FIRST', 'word700', 'TALLROW-LAST', 'second row', 'MINISTRYDEPT-FIRST', 'MINISTRYDEPT-LAST', 'Telephone number', 'INDICATOR-FIRST', 'INDICATOR-LAST', 'This report is prepared by', 'POSITION-FIRST', 'POSITION-LAST', 'ORGANIZATION-LAST', 'DEPARTMENT-LAST', 'I confirm that I thoroughly read', '(Name of the ministry in charge of the IAC)'].filter((probe) => !extracted.includes(probe)); expect(lost).toEqual([]);
  }, 60_000);
});

describe('tables inside lists and quotes', () => {
  it('stay inside the right margin of the PDF', async () => {
    const base = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
    const folder = join(repo, 'proposals/nested-tables');
    await cp(join(root, 'proposals/air-quality-forecasting'), folder, {recursive: true});
    const table = (indent: string) => [`| Column A | Column B | Column C | Column D |`, `|---|---|---|---|`, `| ${Array.from({length: 4}, () => 'some longer cell text that fills the column').join(' | ')} |`].map((line) => indent + line).join('\n');
    await writeFile(join(folder, 'proposal.md'), base.replace(/(## III\.3[^\n]*\n\n)/, `$11. A list item with a table:\n\n${table('   ')}\n\n   - and a nested item with one:\n\n${table('     ')}\n\n${table('> ')}\n\n`));
    const result = await pcp(['render', '--root', repo, '--format', 'pdf', '--out', join(repo, 'nested'), folder]);
    expect(result.code).toBe(0);
    const pdf = join(repo, 'nested/nested-tables.pdf');
    const words = [...execFileSync('pdftotext', ['-bbox', pdf, '-'], {encoding: 'utf8'}).matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(([, xMax, word]) => ({word, xMax: Number(xMax)}));
    expect(words.filter((word) => word.word === 'fills')).toHaveLength(12);
    // A glyph's box may reach a point or two past its cell (the schedule's narrow month columns do).
    expect(words.filter((word) => word.xMax > page.width - page.margin + 2)).toEqual([]);
  }, 60_000);
});

describe('the closing part of the PDF', () => {
  it('keeps the prepared-by table, the confirmation and both signatures on one page, wherever the answers end', async () => {
    const base = await readFile(join(root, 'proposals/air-quality-forecasting/proposal.md'), 'utf8');
    const folder = join(repo, 'closing');
    // Each variant ends the last answer a few lines further down, so one of them puts the
    // closing part across a page break (before the fix, 7 of 20 such variants split it).
    for (let lines = 0; lines < 24; lines += 2) {
      await cp(join(root, 'proposals/air-quality-forecasting'), join(folder, 'proposals', `closing-${lines}`), {recursive: true});
      await writeFile(join(folder, 'proposals', `closing-${lines}`, 'proposal.md'), `${base.trimEnd()}\n\n${Array.from({length: lines}, (_, i) => `Filler line ${i} that adds one line of text to the last answer.`).join('\n\n')}\n`);
    }
    await cp(join(root, 'catalog'), join(folder, 'catalog'), {recursive: true});
    const result = await pcp(['render', '--root', folder, '--format', 'pdf', '--out', join(folder, 'out'), join(folder, 'proposals')]);
    expect(result.code).toBe(0);
    for (let lines = 0; lines < 24; lines += 2) {
      const pdf = join(folder, 'out', `closing-${lines}.pdf`);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], {encoding: 'utf8'}))![1]);
      const texts = Array.from({length: pages}, (_, i) => text(pdf, i + 1));
      const pageOf = (probe: string) => texts.flatMap((page, i) => (page.includes(probe) ? [i + 1] : []));
      const prepared = pageOf('This report is prepared by');
      expect(prepared, `closing-${lines}`).toHaveLength(1);
      for (const probe of ['E-mail', 'I confirm that I thoroughly read', '(Name of the signee)', '(Name of the ministry in charge of the IAC)']) expect(pageOf(probe), `${probe} in closing-${lines}`).toContain(prepared[0]);
      expect(texts.at(-1)).toContain('(Name of the ministry in charge of the IAC)');
    }
  }, 120_000);
});

describe('the PDF text runs', () => {
  const breaks = (text: string) => textRuns(text).map((run) => String(run.text)).join('');
  it('offers line breaks in long words only between grapheme clusters, so no mark prints on a dotted circle', () => {
    const clusters = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
    for (const text of ['ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍ព្រះរាជាណាចក្រកម្ពុជា', 'กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมที่ได้รับการสนับสนุน', 'Nguyễn'.repeat(12), 'e\u0301'.repeat(40)]) {
      const broken = breaks(text);
      const plain = text.normalize('NFC');
      expect(broken.replace(/\u200b/g, '')).toBe(plain);
      // Where each break falls in the text without them: always where a cluster ends.
      const ends = new Set([...clusters.segment(plain)].map(({index, segment}) => index + segment.length));
      let offset = 0;
      for (const part of broken.split('\u200b').slice(0, -1)) expect(ends, JSON.stringify(broken)).toContain((offset += part.length));
    }
  });

  it('breaks a long code or address after its punctuation and at least every 24 letters', () => {
    expect(breaks('https://example.org/a/very/long/path')).toBe('https:/\u200b/\u200bexample.\u200borg/\u200ba/\u200bvery/\u200blong/\u200bpath');
    expect(breaks('x'.repeat(50)).split('\u200b').map((part) => part.length)).toEqual([24, 24, 2]);
  });
});

describe('the PDF footnotes', () => {
  it('prints a note that only another note refers to (the check refuses it; the PDF must not lose it)', () => {
    const note = (identifier: string, children: any[]) => ({type: 'footnoteDefinition', identifier, children: [{type: 'paragraph', children}]}) as FootnoteDefinition;
    const definitions = new Map([
      ['a', note('a', [{type: 'text', value: 'See also'}, {type: 'footnoteReference', identifier: 'b'}])],
      ['b', note('b', [{type: 'text', value: 'The inner note'}, {type: 'footnoteReference', identifier: 'a'}])],
    ]);
    const list = footnoteList({folder: root, width: 400, definitions, footnotes: ['a'], unsupported: new Set()}) as {stack: Array<{text?: Array<{text: string}>}>};
    const printed = list.stack.slice(1).map((item) => item.text!.map((run) => run.text).join(''));
    expect(printed).toEqual(['1. See also2', '2. The inner note1']);
  });
});

describe('the PDF document definition', () => {
  it('has the 21-row service table with a repeated header and the chosen service ticked', async () => {
    const catalog = await loadCatalog();
    const layout = buildLayout({catalog, slug: 'example', proposal: {data: {status: 'submitted', service: 12}, body: {sections: [], preamble: []}}});
    const definition = pdfDefinition(layout, {folder: root, definitions: new Map(), date: new Date(0), unsupported: new Map()}) as {content: Array<Record<string, any>>};
    const table = definition.content.find((part) => part.table?.body?.[0]?.[0]?.text?.[0]?.text === 'No')!.table;
    expect(table.headerRows).toBe(1);
    expect(table.body).toHaveLength(22);
    const ticks = table.body.slice(1).map((row: any[]) => row[1].text[0].text);
    expect(ticks.filter((tick: string) => tick === '☑')).toHaveLength(1);
    expect(ticks[11]).toBe('☑');
  });
});

describe('the schedule chart', () => {
  it('has a column per month for up to three years, and per quarter beyond', async () => {
    const {schedulePeriods, activeIn} = await import('../scripts/lib/render/layout.ts');
    const short = schedulePeriods([{activity: 'ISP', start: '2026-01', end: '2027-12'}]);
    expect(short).toHaveLength(24);
    expect(short[0]).toEqual({year: '2026', label: '1', from: '2026-01', to: '2026-01'});
    const long = [{activity: 'Pilot', start: '2024-01', end: '2029-12'}, {activity: 'Training', start: '2027-05', end: '2027-07'}];
    const quarters = schedulePeriods(long);
    expect(quarters).toHaveLength(24);
    expect(quarters.map((period) => `${period.year} ${period.label}`).slice(0, 5)).toEqual(['2024 Q1', '2024 Q2', '2024 Q3', '2024 Q4', '2025 Q1']);
    expect(quarters.filter((period) => activeIn(long[1]!, period)).map((period) => `${period.year} ${period.label}`)).toEqual(['2027 Q2', '2027 Q3']);
  });
});
