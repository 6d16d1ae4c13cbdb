/**
 * An answer's Markdown (mdast) as pdfmake content: paragraphs, emphasis, links, lists, GFM
 * tables with widths from their content, footnotes (numbered, printed after the answer), and
 * images from the proposal's folder. Raw HTML is never rendered. Text is split into font runs so
 * every script gets a font that has its glyphs.
 */
import {readFileSync} from 'node:fs';
import type {FootnoteDefinition, Nodes, PhrasingContent, RootContent, Table} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {renderCostProblem} from '../../image-limits.ts';
import {contentProblem, existsInside, extensionOf, resolveInFolder} from '../../local-file.ts';
import {columnWidths} from '../column-widths.ts';
import {fontRuns} from '../fonts.ts';
import {graphemes, scriptSegments, thaiLaoKhmer, unsupportedScript} from '../scripts.ts';
import {fitsOnPage, rowHeight, textHeight} from './page.ts';

/** pdfmake content: its types are loose, so this module keeps to plain objects. */
export type Content = Record<string, unknown> | string;

/** Inline styling carried down into text runs. */
export interface Style {
  bold?: boolean;
  italics?: boolean;
  decoration?: string;
  link?: string;
  color?: string;
  fontSize?: number;
  sup?: boolean;
  /** Code: Noto Sans Mono first, white space kept as typed. */
  monospace?: boolean;
}

/** What converting an answer needs and collects. */
export interface MarkdownContext {
  /** The proposal's folder, for images. */
  folder: string;
  /** Width the content may take, in points. */
  width: number;
  /** Footnote definitions of the whole body, by identifier. */
  definitions: Map<string, FootnoteDefinition>;
  /** Footnotes referred to in this answer, in order; filled while converting. */
  footnotes: string[];
  /** Scripts found that the PDF cannot shape; filled while converting. */
  unsupported: Set<string>;
}

/** The text as font runs with `style`, each in a font that has its glyphs. It does not guard against scripts the PDF cannot shape: text from a proposal goes through guardedRuns. */
export function textRuns(text: string, {monospace, ...style}: Style = {}): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const run of fontRuns(breakLongWords(text.normalize('NFC')), {monospace})) {
    if (run.font === 'NotoSansMono') {
      // Indentation is part of code: pdfmake drops leading spaces unless told to keep them.
      out.push({text: run.text, font: run.font, preserveLeadingSpaces: true, ...style});
      continue;
    }
    if (run.font === 'NotoSansKhmer' && run.text.includes('\u17c6')) {
      // fontkit's above-base mark positioning fails on the Khmer sign nikahit (ំ) in Noto Sans
      // Khmer (a null anchor: "reading 'xCoordinate'"); without it the sign keeps its default place.
      out.push({text: run.text, font: run.font, fontFeatures: {abvm: false}, ...style});
      continue;
    }
    if (run.font !== 'NotoSans' || !composedLetter.test(run.text)) {
      out.push({text: run.text, font: run.font, ...style});
      continue;
    }
    // Noto Sans builds letters such as Vietnamese ị from parts through its ccmp feature, and the
    // PDF's text layer then loses the mark (copy, search, screen readers); its precomposed glyphs
    // print the same, so ccmp is off for the words that have such letters. Only for those: text
    // with font features bypasses pdfkit's layout cache and costs many times more to set.
    for (const part of run.text.split(/(\S*[\u1ea0-\u1ef9\u00ec-\u00ef\u0129\u012b\u012d\u012f\u01d0]\S*)/u)) {
      if (part) out.push({text: part, font: run.font, ...(composedLetter.test(part) ? {fontFeatures: {ccmp: false}} : {}), ...style});
    }
  }
  return out;
}

/**
 * Offers a line break inside very long words (URLs, e-mail addresses, codes): after / @ . _ - and
 * at least every 24 letters, with a zero-width space, so no word runs past a cell or page edge.
 * Breaks fall between grapheme clusters, never inside one: a break before a combining vowel or
 * sign printed it alone on a dotted circle (ន◌ា). Thai, Lao and Khmer, written without spaces,
 * get breaks between their words from fontRuns instead.
 */
function breakLongWords(text: string): string {
  return text.replace(/[^\s\u200b]{25,}/g, (word) => {
    if (thaiLaoKhmer.test(word)) return word;
    let out = '';
    let letters = 0;
    for (const {segment} of graphemes.segment(word.replace(/([/@._-])/g, '$1\u200b'))) {
      if (segment === '\u200b') letters = 0;
      else if (letters === 24) {
        out += '\u200b';
        letters = 0;
      }
      if (segment !== '\u200b') letters++;
      out += segment;
    }
    return out;
  });
}


const composedLetter = /[\u1ea0-\u1ef9\u00ec-\u00ef\u0129\u012b\u012d\u012f\u01d0]/u;

/**
 * The text as font runs, with each stretch in a script the PDF cannot shape replaced by a note
 * pointing to the DOCX (the rest of the sentence is kept), and that script added to `found`.
 */
export function guardedRuns(text: string, style: Style, found: Set<string>): Array<Record<string, unknown>> {
  if (!unsupportedScript(text)) return textRuns(text, style);
  return scriptSegments(text).flatMap((segment) => {
    if (!segment.script) return textRuns(segment.text, style);
    found.add(segment.script);
    return textRuns(`[${segment.script} text: see the DOCX version of this PCP]`, {...style, italics: true, color: '#555555'});
  });
}

const guarded = (text: string, style: Style, context: MarkdownContext) => guardedRuns(text, style, context.unsupported);

function inline(nodes: PhrasingContent[], style: Style, context: MarkdownContext): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push(...guarded(node.value, style, context));
        break;
      case 'strong':
        out.push(...inline(node.children, {...style, bold: true}, context));
        break;
      case 'emphasis':
        out.push(...inline(node.children, {...style, italics: true}, context));
        break;
      case 'delete':
        out.push(...inline(node.children, {...style, decoration: 'lineThrough'}, context));
        break;
      case 'inlineCode':
        out.push(...guarded(node.value, {...style, color: '#333333', monospace: true}, context));
        break;
      case 'break':
        out.push({text: '\n'});
        break;
      case 'link':
        out.push(...inline(node.children, {...style, link: safeLink(node.url), color: '#1d4f91', decoration: 'underline'}, context));
        break;
      case 'footnoteReference': {
        let number = context.footnotes.indexOf(node.identifier) + 1;
        if (number === 0) number = context.footnotes.push(node.identifier);
        out.push({text: String(number), sup: true, fontSize: 7, font: 'NotoSans'});
        break;
      }
      case 'image':
      case 'imageReference':
        // Images inside a sentence print as their description; block images are handled below.
        if ('alt' in node && node.alt) out.push(...guarded(node.alt, {...style, italics: true}, context));
        break;
      case 'html':
        break;
      default: {
        const other = node as Nodes;
        if ('children' in other) out.push(...inline(other.children as PhrasingContent[], style, context));
        else if ('value' in other) out.push(...guarded(String(other.value), style, context));
      }
    }
  }
  return out;
}

/** Only links a reviewer may safely follow are kept clickable (the check refuses the others). */
function safeLink(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

function image(url: string, context: MarkdownContext): Content | undefined {
  const reference = resolveInFolder(context.folder, url);
  if (reference.kind !== 'inside' || existsInside(context.folder, reference.absolute) !== 'ok' || contentProblem(reference.absolute)) return undefined;
  // The check refuses pictures too large to decode or expand (pdfmake copies every SVG <use>);
  // they print as nothing here rather than exhaust the memory.
  if (renderCostProblem(reference.absolute)) return undefined;
  const extension = extensionOf(reference.absolute);
  const fit = [context.width, pictureHeight];
  if (extension === '.svg') return {svg: svgFonts(readFileSync(reference.absolute, 'utf8'), context), fit, alignment: 'center', margin: [0, 4, 0, 2]};
  if (extension === '.png' || extension === '.jpg' || extension === '.jpeg') {
    const mime = extension === '.png' ? 'image/png' : 'image/jpeg';
    return {image: `data:${mime};base64,${readFileSync(reference.absolute).toString('base64')}`, fit, alignment: 'center', margin: [0, 4, 0, 2]};
  }
  return undefined;
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
const decode = (text: string) =>
  text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name) return entities[name.toLowerCase()]!;
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
const encode = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const complexScripts = new Set(['NotoSansKhmer', 'NotoSansThai', 'NotoSansLao']);

/**
 * Gives an SVG's text the fonts its scripts need. pdfmake draws SVG text in one font (Noto
 * Sans), so Korean labels or arrows printed as boxes. Each <text> element of plain text is set
 * in the fallback font of its script, or split into one <tspan> per font when it mixes scripts.
 * Text the PDF cannot set there (scripts that need shaping: Khmer, Thai, Lao; scripts it has no
 * font for; text in nested elements that needs another font) is left as it is and reported as
 * "SVG", for a warning that names the section.
 */
function svgFonts(svg: string, context: MarkdownContext): string {
  return svg.replace(/(<text\b[^>]*>)([\s\S]*?)(<\/text>)/g, (whole, open: string, inner: string, close: string) => {
    const nested = /</.test(inner);
    const text = decode(inner.replace(/<[^>]*>/g, ''));
    if (!text.trim()) return whole;
    if (unsupportedScript(text)) {
      context.unsupported.add('SVG');
      return whole;
    }
    const runs = fontRuns(text);
    if (runs.every((run) => run.font === 'NotoSans')) return whole;
    // Nested elements are not split. pdfmake's SVG text is not shaped: Khmer subscripts and Thai
    // or Lao marks would be dropped or misplaced (and Khmer's nikahit makes fontkit fail).
    if (nested || runs.some((run) => complexScripts.has(run.font))) {
      context.unsupported.add('SVG');
      return whole;
    }
    const family = (font: string) => `font-family="${font}"`;
    const start = open.replace(/\sfont-family\s*=\s*("[^"]*"|'[^']*')/, '');
    if (runs.length === 1) return `${start.replace(/>$/, ` ${family(runs[0]!.font)}>`)}${inner}${close}`;
    return `${start}${runs.map((run) => `<tspan ${family(run.font)}>${encode(run.text.replace(/\u200b/g, ''))}</tspan>`).join('')}${close}`;
  });
}

function table(node: Table, context: MarkdownContext): Content {
  const columns = Math.max(...node.children.map((row) => row.children.length));
  const lengths = Array.from({length: columns}, (_, i) => Math.max(...node.children.map((row) => (row.children[i] ? toString(row.children[i]!).length : 0))));
  // Cell padding (4 points a side) comes out of the width.
  const widths = columnWidths(lengths, context.width - columns * 8 - 1, 36);
  const body = node.children.map((row, r) =>
    Array.from({length: columns}, (_, i) => {
      const cell = row.children[i];
      const text = cell ? inline(cell.children, r === 0 ? {bold: true} : {}, context) : [];
      const align = node.align?.[i] ?? undefined;
      return {text, ...(r === 0 ? {fillColor: '#e8edf3'} : {}), ...(align ? {alignment: align} : {})};
    }),
  );
  // Rows may break across pages (pdfmake drops what does not fit of a row that must not break),
  // and the header is kept with the first row only when the two surely fit on a page.
  const cells = (r: number) => widths.map((width, i) => ({text: node.children[r]?.children[i] ? toString(node.children[r]!.children[i]!) : '', width}));
  const keep = fitsOnPage(rowHeight(cells(0), 9) + rowHeight(cells(1), 9));
  return {table: {headerRows: 1, ...(keep ? {keepWithHeaderRows: 1} : {}), widths, body}, layout: 'pcpGrid', fontSize: 9, margin: [0, 2, 0, 6]};
}

/** The tallest a picture prints, in points. */
const pictureHeight = 420;

/** How far a quote is indented, and (at most) how far pdfmake indents a list item past its marker, in points. */
const quoteIndent = 14;
const listIndent = 24;

/** Converts block content to pdfmake content. */
export function blocks(nodes: RootContent[], context: MarkdownContext): Content[] {
  const out: Content[] = [];
  for (const node of nodes) {
    const converted = block(node as Nodes, context);
    if (converted) out.push(converted);
  }
  return out;
}

function block(node: Nodes, context: MarkdownContext): Content | undefined {
  switch (node.type) {
    case 'paragraph': {
      const only = node.children.length === 1 ? node.children[0] : undefined;
      if (only?.type === 'image') {
        const picture = image(only.url, context);
        // The description prints as a caption under the picture, so the PDF says what it shows.
        // Kept with its picture unless the two might not fit on one page (a very long description).
        if (picture) return only.alt ? {stack: [picture, {text: guarded(only.alt, {italics: true}, context), fontSize: 8.5, alignment: 'center', color: '#444444', margin: [0, 0, 0, 8]}], unbreakable: fitsOnPage(pictureHeight + textHeight(only.alt, context.width, 8.5))} : picture;
        return {text: inline(node.children, {}, context), margin: [0, 0, 0, 6]};
      }
      return {text: inline(node.children, {}, context), margin: [0, 0, 0, 6]};
    }
    case 'heading':
      return {text: inline(node.children, {bold: true}, context), fontSize: node.depth <= 3 ? 11 : 10, margin: [0, 4, 0, 4], headlineLevel: 1};
    case 'list': {
      // An item's tables and pictures are sized to the width left beside the marker.
      const inner = {...context, width: context.width - listIndent};
      const items = node.children.map((item) => {
        const content = blocks(item.children, inner);
        const marker = item.checked === true ? '☑ ' : item.checked === false ? '☐ ' : '';
        if (marker && content[0] && typeof content[0] === 'object') content[0] = {...content[0], text: [...textRuns(marker), ...((content[0].text as unknown[]) ?? [])]};
        return content.length === 1 ? content[0]! : {stack: content};
      });
      return node.ordered ? {ol: items, start: node.start ?? 1, margin: [0, 0, 0, 6]} : {ul: items, margin: [0, 0, 0, 6]};
    }
    case 'table':
      return table(node, context);
    case 'blockquote':
      return {stack: blocks(node.children, {...context, width: context.width - quoteIndent}), margin: [quoteIndent, 0, 0, 6], italics: true, color: '#333333'};
    case 'code':
      return {table: {widths: ['*'], body: [[{text: guarded(node.value, {monospace: true}, context), fontSize: 8, fillColor: '#f3f3f3'}]]}, layout: 'noBorders', margin: [0, 0, 0, 6]};
    case 'thematicBreak':
      return {canvas: [{type: 'line', x1: 0, y1: 0, x2: context.width, y2: 0, lineWidth: 0.5, lineColor: '#999999'}], margin: [0, 4, 0, 8]};
    default:
      // html (never rendered), definitions and footnote definitions (printed as footnotes), yaml.
      return undefined;
  }
}

/** The footnotes an answer referred to, as a small numbered list. */
export function footnoteList(context: MarkdownContext): Content | undefined {
  if (context.footnotes.length === 0) return undefined;
  const items: Content[] = [];
  // By index: a note that refers to another (the check refuses it) adds that one to the list
  // while the list is printed, and it must be printed too. Each note is added once, so this ends.
  for (let i = 0; i < context.footnotes.length; i++) {
    const definition = context.definitions.get(context.footnotes[i]!);
    const text = definition ? definition.children.flatMap((child) => (child.type === 'paragraph' ? inline(child.children, {}, context) : [])) : [];
    items.push({text: [{text: `${i + 1}. `, font: 'NotoSans'}, ...text], fontSize: 8, margin: [0, 0, 0, 2]});
  }
  return {stack: [{canvas: [{type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.5, lineColor: '#999999'}], margin: [0, 2, 0, 3]}, ...items], margin: [0, 0, 0, 6]};
}
