/**
 * Pictures that pass for valid files but would crash or exhaust the renderers: the check
 * refuses them (body-image-too-complex, whose examples test the messages), and the renderers
 * draw them as nothing, never aborting the process or asking resvg for a huge pixmap.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {RootContent} from 'mdast';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {pngSize} from '../scripts/lib/image-limits.ts';
import {byFile} from '../scripts/lib/local-file.ts';
import {svgToPng, convertFragments} from '../scripts/lib/render/docx/markdown.ts';
import {blocks} from '../scripts/lib/render/pdf/markdown.ts';

const svg = (size: string, inner = '<rect width="100%" height="100%" fill="#cde"/>') => `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${inner}</svg>`;
const tall = svg('width="1" height="1000000000" viewBox="0 0 1 1000000000"');
/** Ten uses of the previous group, nine levels deep: 10^9 squares. */
const useBomb = svg(
  'width="200" height="200"',
  `<defs><rect id="l0" width="1" height="1"/>${Array.from({length: 9}, (_, i) => `<g id="l${i + 1}">${`<use href="#l${i}"/>`.repeat(10)}</g>`).join('')}</defs><use href="#l9"/>`,
);

/** The pixel size of the PNG fallback svgToPng makes of `text`. */
async function fallback(text: string): Promise<{width?: number; height?: number}> {
  const buffer = Buffer.from(text);
  const png = await svgToPng({buffer: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer, width: 1, height: 1});
  const bytes = Buffer.from(png);
  const {width, height} = pngSize((offset, length) => bytes.subarray(offset, offset + length))!;
  return {width, height};
}

describe('the DOCX fallback picture of an SVG', () => {
  it('fits inside 2,400 pixels, keeping the aspect ratio', async () => {
    expect(await fallback(svg('width="3000" height="1000"'))).toEqual({width: 2400, height: 800});
    expect(await fallback(svg('width="1000" height="3000"'))).toEqual({width: 800, height: 2400});
    // Twice the size, for sharpness, when that fits.
    expect(await fallback(svg('width="300" height="100"'))).toEqual({width: 600, height: 200});
  });

  it('is a 1-pixel placeholder for an SVG 1 unit wide and 10^9 high (resvg used to abort the process)', async () => {
    expect(await fallback(tall)).toEqual({width: 1, height: 1});
  });

  it('is a 1-pixel placeholder when resvg refuses the SVG', async () => {
    expect(await fallback(useBomb)).toEqual({width: 1, height: 1});
    expect(await fallback('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect')).toEqual({width: 1, height: 1});
  });
});

describe('pictures too costly to print', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pcp-images-'));
    await writeFile(join(folder, 'tall.svg'), tall);
    await writeFile(join(folder, 'use.svg'), useBomb);
    await writeFile(join(folder, 'ok.svg'), svg('width="10" height="10"'));
    // A PNG header that declares 20,000 by 20,000 pixels, and no pixels.
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(header);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(20_000, 16);
    header.writeUInt32BE(20_000, 20);
    header.set([8, 6], 24);
    await writeFile(join(folder, 'bomb.png'), header);
  });
  afterAll(() => rm(folder, {recursive: true, force: true}));

  const answer = (...urls: string[]): RootContent[] => urls.map((url) => ({type: 'paragraph', children: [{type: 'image', url, alt: 'Diagram'}]}));

  it('print as nothing in the DOCX, without a crash', async () => {
    const drawings = async (...urls: string[]) => JSON.stringify((await convertFragments([{content: answer(...urls), width: 9000}], folder)).children).match(/"w:drawing"/g)?.length ?? 0;
    expect(await drawings('ok.svg')).toBe(1);
    expect(await drawings('tall.svg', 'use.svg', 'bomb.png')).toBe(0);
  });

  it('print as nothing in the PDF (pdfmake would expand every use)', () => {
    const pictures = (...urls: string[]) => JSON.stringify(blocks(answer(...urls), {folder, width: 400, definitions: new Map(), footnotes: [], unsupported: new Set()})).match(/"(?:svg|image)":/g)?.length ?? 0;
    expect(pictures('ok.svg')).toBe(1);
    expect(pictures('tall.svg', 'use.svg', 'bomb.png')).toBe(0);
  });
});

describe('judging a picture file', () => {
  it('happens once while the file is unchanged, and again when it changes (an answer may show one picture thousands of times)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pcp-judge-'));
    try {
      const path = join(folder, 'diagram.svg');
      await writeFile(path, svg('width="10" height="10"'));
      let calls = 0;
      const judge = byFile((absolute: string) => `${++calls}:${absolute.length}`);
      expect([judge(path), judge(path), judge(path)]).toEqual(['1:' + path.length, '1:' + path.length, '1:' + path.length]);
      await writeFile(path, svg('width="200" height="100"'));
      expect(judge(path)).toBe('2:' + path.length);
      // A file that cannot be read is judged each time (its judgement is an error message).
      const missing = join(folder, 'missing.svg');
      judge(missing);
      judge(missing);
      expect(calls).toBe(4);
    } finally {
      await rm(folder, {recursive: true, force: true});
    }
  });
});
