/**
 * Answers' Markdown as docx content, through remark-docx's plugin API: every answer is one
 * custom `capture` node of a single remark-docx run, whose builder renders the answer with
 * remark-docx's own builders and keeps the result, so the answers can be placed inside our form
 * (the throw-away document remark-docx packs is ignored). Footnotes share one registry and
 * ordered lists get their numbering ids, which our document must declare.
 */
import {readFile} from 'node:fs/promises';
import {AlignmentType, BorderStyle, LevelFormat, LineRuleType, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, type INumberingOptions} from 'docx';
import type {Root, RootContent, Table as MdastTable} from 'mdast';
import {toString} from 'mdast-util-to-string';
import remarkDocx from 'remark-docx';
import {imagePlugin} from 'remark-docx/plugins/image';
import {Resvg} from '@resvg/resvg-js';
import {unified} from 'unified';
import {renderCostProblem} from '../../image-limits.ts';
import {contentProblem, existsInside, resolveInFolder} from '../../local-file.ts';
import {columnWidths} from '../column-widths.ts';
import {fontFamilies, fontRuns} from '../fonts.ts';

/** One answer to convert: its content and the width it may take, in twips. */
export interface Fragment {
  content: RootContent[];
  width: number;
}

/** The converted answers, the footnotes they refer to, and the numbering they use. */
export interface ConvertedFragments {
  children: unknown[][];
  footnotes: Record<string, {children: Paragraph[]}>;
  numbering: INumberingOptions['config'];
}

const indent = (level: number) => ({hanging: 400, left: 400 * (level + 1)});
const levels = (texts: string[], format: (typeof LevelFormat)[keyof typeof LevelFormat]) =>
  texts.map((text, level) => ({level, format, text, alignment: AlignmentType.LEFT, style: {paragraph: {indent: indent(level)}}}));

/** The face of code: Word and LibreOffice both have it (LibreOffice maps it to Liberation Mono). */
const monospace = 'Courier New';

/** What remark-docx's builders get, as far as quotes, lists and styles go. */
interface QuoteContext {
  quote?: number;
  list?: unknown;
  style: Record<string, unknown>;
  render: (nodes: RootContent[], context?: unknown) => unknown[];
}

/** The tallest a picture may print, in pixels at 96 dpi: three quarters of an A4 page's text height. */
const maxImageHeight = Math.round((((16838 - 2 * 1134) / 1440) * 96 * 3) / 4);

/**
 * The font files an SVG's text needs: Noto Sans (the default family) and the fallback fonts of
 * whatever other scripts its text holds. resvg parses every file it is given for every picture,
 * and loading all of them (the Korean one alone is 6 MB) cost more than drawing the picture.
 */
function svgFonts(svg: string): string[] {
  const text = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ' ').replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => safeChar(parseInt(hex, 16))).replace(/&#(\d+);?/g, (_, decimal: string) => safeChar(Number(decimal)));
  const families = new Set(['NotoSans', ...fontRuns(text).map((run) => run.font)]);
  return [...families].map((family) => fontFamilies[family]!.normal);
}

const safeChar = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ');

/** The longest side, in pixels, of an SVG's PNG fallback. */
const maxFallbackSide = 2400;

/** A 1 by 1 transparent PNG: the fallback when an SVG cannot be drawn (Word shows the SVG itself). */
const placeholderPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=', 'base64');

const arrayBuffer = (data: Uint8Array) => data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;

/**
 * SVG to PNG for Word's required fallback picture, with the PDF's fonts, nothing fetched. The
 * check refuses absurd SVGs; this is the second line. resvg aborts the whole process (a panic in
 * native code, not an exception) when asked for a pixmap it cannot allocate, as for an SVG 1 unit
 * wide and 10^9 high fitted to a width, so the pixmap is sized here, inside a 2,400-pixel
 * square, and any error resvg does throw gives the placeholder instead of failing the document.
 */
export async function svgToPng({buffer}: {buffer: ArrayBuffer; width: number; height: number}): Promise<ArrayBuffer> {
  const data = Buffer.from(buffer);
  try {
    // resvg's own idea of the size (units, viewBox), read without fonts, which cost the most to load.
    const size = new Resvg(data, {font: {loadSystemFonts: false}});
    const {width, height} = size;
    // Twice the SVG's size, for sharpness, but never more than 2,400 pixels a side: an SVG that
    // declares itself 60,000 units wide must not rasterise into gigabytes.
    const zoom = Math.min(2, maxFallbackSide / width, maxFallbackSide / height);
    const pixels = {width: Math.round(width * zoom), height: Math.round(height * zoom)};
    // A side that rounds to nothing (or a size that is not a number) has nothing to draw.
    if (!(pixels.width >= 1 && pixels.height >= 1 && pixels.width <= maxFallbackSide && pixels.height <= maxFallbackSide)) return arrayBuffer(placeholderPng);
    // Fitted by the longer side, so resvg's rounding of the other side cannot exceed the box.
    const svg = new Resvg(data, {
      fitTo: width >= height ? {mode: 'width', value: pixels.width} : {mode: 'height', value: pixels.height},
      font: {fontFiles: svgFonts(data.toString('utf8')), loadSystemFonts: false, defaultFontFamily: 'Noto Sans'},
    });
    return arrayBuffer(svg.render().asPng());
  } catch {
    // resvg refuses some SVGs (too many elements after <use>, a malformed file).
    return arrayBuffer(placeholderPng);
  }
}

/** Converts the answers of one proposal (images from `folder`) in one remark-docx run. */
export async function convertFragments(fragments: Fragment[], folder: string): Promise<ConvertedFragments> {
  const root = {
    type: 'root',
    children: fragments.map((fragment, index) => ({type: 'capture', index, width: fragment.width, children: fragment.content})),
  } as unknown as Root;
  const out: unknown[][] = fragments.map(() => []);
  let ordered = 0;
  const orderedIds: string[] = [];
  let count = 0;
  const ids = new Map<string, number>();
  const bodies: Record<string, {children: Paragraph[]}> = {};
  const footnote = {
    id: (key: string) => ids.get(key) ?? (ids.set(key, ++count), count),
    set: (id: number, children: Paragraph[]) => void (bodies[id] = {children}),
    toConfig: () => bodies,
  };
  let fitted = false;
  const capture = async () => ({
    capture: (node: {index: number; width: number; children: RootContent[]}, context: {render: (nodes: RootContent[], context: unknown) => unknown[]; images: Map<string, {width: number; height: number} | null>}) => {
      if (!fitted) {
        // remark-docx fits a picture to the text width only; a tall one would run off the page.
        // Images are loaded by now (plugins first, then the builders), so cap their height here.
        fitted = true;
        for (const [url, picture] of context.images) {
          if (picture && picture.height > maxImageHeight) context.images.set(url, {...picture, width: (picture.width * maxImageHeight) / picture.height, height: maxImageHeight});
        }
      }
      out[node.index] = context.render(node.children, {
        ...context,
        width: node.width,
        footnote,
        orderedId: () => {
          const id = `ordered-${++ordered}`;
          orderedIds.push(id);
          return id;
        },
      });
      return null;
    },
    // Raw HTML is never rendered (the check warns about it).
    html: () => [],
    // Code in a monospace face, as a reader expects (remark-docx sets code in the body font and
    // warns that it cannot render code blocks); blocks on a light grey ground, line by line.
    inlineCode: (node: {value: string}) => new TextRun({text: node.value, font: monospace, size: 18, shading: {type: ShadingType.CLEAR, fill: 'F0F0F0', color: 'auto'}}),
    code: (node: {value: string}) =>
      new Paragraph({
        children: node.value.split(/\r?\n/).map((line, i) => new TextRun({text: line, font: monospace, size: 17, ...(i > 0 ? {break: 1} : {})})),
        shading: {type: ShadingType.CLEAR, fill: 'F3F3F3', color: 'auto'},
        spacing: {before: 60, after: 120, line: 240, lineRule: LineRuleType.AUTO},
        indent: {left: 113, right: 113},
      }),
    // remark-docx indents a quote's paragraphs like list items, with a hanging first line; a
    // quote here is a block indented as a whole, set in italics with a rule on its left, like the PDF's.
    blockquote: (node: {children: RootContent[]}, context: QuoteContext) => context.render(node.children, {...context, quote: (context.quote ?? -1) + 1, style: {...context.style, italic: true}}),
    paragraph: (node: {children: RootContent[]}, context: QuoteContext) => {
      // A picture alone in its paragraph gets its description as a caption below, as in the PDF.
      const only = node.children.length === 1 ? node.children[0] : undefined;
      if (context.quote == null && !context.list && only?.type === 'image' && only.alt) {
        return [
          new Paragraph({children: context.render(node.children, context) as never, alignment: AlignmentType.CENTER, keepNext: true, spacing: {before: 80, after: 40}}),
          new Paragraph({children: [new TextRun({text: only.alt, italics: true, size: 17, color: '444444'})], alignment: AlignmentType.CENTER, spacing: {after: 160}}),
        ];
      }
      if (context.quote == null || context.list) return null;
      return new Paragraph({
        children: context.render(node.children, context) as never,
        indent: {left: 425 * (context.quote + 1)},
        border: {left: {style: BorderStyle.SINGLE, size: 12, color: 'B0B8C4', space: 8}},
      });
    },
    // An answer's own headings stay with what follows them.
    heading: (node: {children: RootContent[]}, context: QuoteContext) => {
      if (context.quote != null || context.list) return null;
      const children = context.render(node.children, {...context, style: {...context.style, bold: true}});
      return new Paragraph({children: children as never, keepNext: true, keepLines: true, spacing: {before: 160, after: 80}});
    },
    // remark-docx gives every column the same width and no header row; ours size columns by
    // their content, repeat the header row on each page and never split a row across pages.
    table: (node: MdastTable, context: {width: number; style: object; render: (nodes: RootContent[], context: unknown) => unknown[]}) => {
      const columns = Math.max(...node.children.map((row) => row.children.length));
      const lengths = Array.from({length: columns}, (_, i) => Math.max(...node.children.map((row) => (row.children[i] ? toString(row.children[i]!).length : 0))));
      const widths = columnWidths(lengths, context.width, 700).map(Math.floor);
      const alignment = (i: number) => ({left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER})[node.align?.[i] ?? 'left'] ?? AlignmentType.LEFT;
      return new Table({
        layout: TableLayoutType.FIXED,
        width: {size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA},
        columnWidths: widths,
        rows: node.children.map(
          (row, r) =>
            new TableRow({
              tableHeader: r === 0,
              cantSplit: true,
              children: Array.from({length: columns}, (_, i) => {
                const header = r === 0 ? {...context, style: {...context.style, bold: true}} : context;
                const runs = row.children[i] ? context.render(row.children[i]!.children, header) : [];
                return new TableCell({
                  width: {size: widths[i]!, type: WidthType.DXA},
                  margins: {top: 40, bottom: 40, left: 80, right: 80},
                  ...(r === 0 ? {shading: {type: ShadingType.CLEAR, fill: 'E8EDF3', color: 'auto'}} : {}),
                  children: [new Paragraph({alignment: alignment(i), spacing: {after: 0}, children: runs as never})],
                });
              }),
            }),
        ),
      });
    },
  });
  // Only files inside the proposal's folder are read; the check refuses anything else, and
  // here it prints as nothing rather than failing the document.
  const load = async (url: string): Promise<ArrayBuffer> => {
    const reference = resolveInFolder(folder, url);
    if (reference.kind !== 'inside' || existsInside(folder, reference.absolute) !== 'ok' || contentProblem(reference.absolute)) throw new Error('Image outside the proposal folder');
    // The check refuses pictures too large to decode; they print as nothing here, not as a crash.
    if (renderCostProblem(reference.absolute)) throw new Error('Image too large or costly to print');
    const data = await readFile(reference.absolute);
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  };
  // A new image plugin per proposal: the plugin caches images by URL, and every proposal's
  // diagram may be called diagram.png.
  const processor = unified().use(remarkDocx, {plugins: [imagePlugin({load, fallbackSvg: svgToPng}), capture as never]});
  await processor.run(root).then((tree) => processor.stringify(tree as Root));
  const decimal = levels(['%1.', '%2.', '%3.', '%4.', '%5.', '%6.'], LevelFormat.DECIMAL);
  const numbering = [
    {reference: 'bullet', levels: levels(['●', '○', '■', '●', '○', '■'], LevelFormat.BULLET)},
    {reference: 'task-complete', levels: levels(Array(6).fill('☑'), LevelFormat.BULLET)},
    {reference: 'task-incomplete', levels: levels(Array(6).fill('☐'), LevelFormat.BULLET)},
    ...orderedIds.map((reference) => ({reference, levels: decimal})),
  ];
  return {children: out, footnotes: bodies, numbering};
}
