/**
 * Pictures that are valid files but too costly to print. A PNG or JPEG says in its header how
 * many pixels it decodes to, and the PDF and Word renderers decode all of them (a 69-byte PNG
 * can declare 20,000 by 20,000 pixels, 1.6 GB of memory). An SVG can declare an absurd size, copy
 * its shapes with `<use>` a billion times, or ask for filters whose cost grows with the square of
 * a parameter. This reads what the files declare, without decoding or drawing anything.
 */
import {closeSync, openSync, readSync} from 'node:fs';
import {byFile, extensionOf} from './local-file.ts';

/** What a picture may declare and still be printed; each limit says why it is where it is. */
export const imageLimits = {
  /**
   * Pixels of one PNG or JPEG (and of all pictures embedded in one SVG). A full A4 page at 300 dpi
   * is 8.7 megapixels and a good phone photo 12 to 24; 40 megapixels decode to 160 MB of RGBA,
   * which the renderers still handle in about a second.
   */
  pixels: 40_000_000,
  /** Pixels of one side: 40 inches at 300 dpi, longer than any page, so a long strip still fits. */
  side: 12_000,
  /**
   * Units of one side of an SVG (width, height or viewBox). Diagrams are a few thousand units
   * wide; 10^9 made resvg abort the process and pdfmake print a blank box.
   */
  svgSide: 100_000,
  /** Longer side over shorter side of an SVG: a 1 by 10^9 strip prints as nothing. */
  svgAspect: 100,
  /**
   * Elements of an SVG once every `<use>` is expanded. Exported diagrams have a few thousand;
   * pdfmake copies each use, so 10^9 of them ran out of memory at 4.6 GB.
   */
  svgElements: 50_000,
  /**
   * Elements drawn with a filter (each filter costs up to a second on a full-size picture):
   * drop shadows on every box of a diagram are a few dozen.
   */
  svgFiltered: 100,
  /**
   * Filter parameters, measured with resvg on a 2,400-pixel picture: feMorphology costs grow with
   * the square of the radius (10: 4 s; 25: 24 s; 1000: hours), feConvolveMatrix with the square
   * of its order (9: 2.4 s; 25: 16 s), feTurbulence with the octaves (10: 5 s; 100: 45 s). Real
   * diagrams use a radius of 1 to 3, an order of 3 and 1 to 4 octaves. A blur costs the same
   * at any size in resvg, but Word draws the SVG itself, so it is bounded too.
   */
  morphologyRadius: 10,
  convolveOrder: 9,
  turbulenceOctaves: 10,
  blurDeviation: 200,
  /**
   * Size of a filter's region relative to the shape (default 1.2; a shadow needs a little more).
   * The cost grows with its area: a blur on a region 4 times the shape took 30 s instead of 1.5 s.
   */
  filterRegion: 2,
} as const;

/** A picture's declared size in pixels, or undefined when its header cannot be read. */
export interface PixelSize {
  width: number;
  height: number;
}

/** Reads `length` bytes at `offset` (fewer at the end). */
type ByteSource = (offset: number, length: number) => Buffer;

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The size a PNG's IHDR chunk declares (it must come first, right after the signature). */
export function pngSize(read: ByteSource): PixelSize | undefined {
  const head = read(0, 24);
  if (head.length < 24 || !head.subarray(0, 8).equals(pngSignature) || head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return {width: head.readUInt32BE(16), height: head.readUInt32BE(20)};
}

/**
 * The size a JPEG's start-of-frame marker declares. Segments are walked by their lengths, read
 * where they lie (an EXIF or colour profile may push the frame header far into the file); a
 * file cut short gives undefined, never a read past the end.
 */
export function jpegSize(read: ByteSource): PixelSize | undefined {
  const start = read(0, 2);
  if (start.length < 2 || start[0] !== 0xff || start[1] !== 0xd8) return undefined;
  let offset = 2;
  // Each segment is at least 4 bytes, so a file of n bytes has fewer than n/4 + 1 of them.
  for (;;) {
    const marker = read(offset, 4);
    if (marker.length < 2 || marker[0] !== 0xff) return undefined;
    const code = marker[1]!;
    if (code === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    // Markers without a length: restart markers, TEM.
    if ((code >= 0xd0 && code <= 0xd7) || code === 0x01) {
      offset += 2;
      continue;
    }
    // The image data (SOS) or its end came before any frame header.
    if (code === 0xda || code === 0xd9 || marker.length < 4) return undefined;
    const length = marker.readUInt16BE(2);
    if (length < 2) return undefined;
    // SOF0 to SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc) {
      const frame = read(offset + 4, 5);
      if (frame.length < 5) return undefined;
      return {width: frame.readUInt16BE(3), height: frame.readUInt16BE(1)};
    }
    offset += 2 + length;
  }
}

/**
 * The orientation a JPEG's EXIF data declares: 1 is upright, 2 to 8 mirrored or turned (phones
 * store a portrait photo on its side with 6 or 8). 1 when it declares none or cannot be read.
 */
export function jpegOrientation(read: ByteSource): number {
  const start = read(0, 2);
  if (start.length < 2 || start[0] !== 0xff || start[1] !== 0xd8) return 1;
  for (let offset = 2; ; ) {
    const marker = read(offset, 4);
    // The image data or a frame header comes after the EXIF segment: nothing more to find.
    if (marker.length < 4 || marker[0] !== 0xff || marker[1] === 0xda || (marker[1]! >= 0xc0 && marker[1]! <= 0xcf && marker[1] !== 0xc4 && marker[1] !== 0xc8 && marker[1] !== 0xcc)) return 1;
    const length = marker.readUInt16BE(2);
    if (length < 2) return 1;
    if (marker[1] === 0xe1) {
      const data = read(offset + 4, length - 2);
      if (data.toString('latin1', 0, 6) === 'Exif\0\0') {
        const tiff = data.subarray(6);
        const little = tiff.toString('latin1', 0, 2) === 'II';
        const u16 = (at: number) => (at + 2 <= tiff.length ? (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : 0);
        const u32 = (at: number) => (at + 4 <= tiff.length ? (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at)) : 0);
        const directory = u32(4);
        for (let i = 0; i < u16(directory); i++) {
          const entry = directory + 2 + i * 12;
          if (entry + 12 > tiff.length) break;
          if (u16(entry) === 0x0112) {
            const value = u16(entry + 8);
            return value >= 1 && value <= 8 ? value : 1;
          }
        }
      }
    }
    offset += 2 + length;
  }
}

/** Reads a file through a 64 KB window: a JPEG of fill bytes would otherwise cost a read per byte. */
function withReader<T>(absolute: string, use: (read: ByteSource) => T): T {
  const handle = openSync(absolute, 'r');
  try {
    let window = Buffer.alloc(0);
    let windowStart = 0;
    return use((offset, length) => {
      if (offset < windowStart || offset + length > windowStart + window.length) {
        const buffer = Buffer.alloc(Math.max(length, 64 * 1024));
        window = buffer.subarray(0, readSync(handle, buffer, 0, buffer.length, offset));
        windowStart = offset;
      }
      return window.subarray(offset - windowStart, offset - windowStart + length);
    });
  } finally {
    closeSync(handle);
  }
}

/** The EXIF orientation of a JPEG file (1 for other files, or none declared). */
export const photoOrientation = byFile((absolute: string): number => {
  const extension = extensionOf(absolute);
  return extension === '.jpg' || extension === '.jpeg' ? withReader(absolute, jpegOrientation) : 1;
});

/** Why a picture of `size` is too large to print, or undefined when it fits. */
function pixelProblem(size: PixelSize, what: string): string | undefined {
  if (size.width * size.height > imageLimits.pixels || size.width > imageLimits.side || size.height > imageLimits.side) {
    return `${what} is ${size.width} by ${size.height} pixels, more than the ${imageLimits.pixels / 1_000_000} megapixels (or ${imageLimits.side} pixels a side) that can be printed: make it smaller`;
  }
  return undefined;
}

/**
 * Why a picture (PNG, JPEG or SVG, already known to be what its extension says) is too large or
 * costly to print, or undefined when it is fine.
 */
export const renderCostProblem = byFile(renderCostProblemOf);

function renderCostProblemOf(absolute: string): string | undefined {
  const extension = extensionOf(absolute);
  if (extension === '.svg') return svgCostProblem(readText(absolute));
  if (extension !== '.png' && extension !== '.jpg' && extension !== '.jpeg') return undefined;
  const size = withReader(absolute, (read) => (extension === '.png' ? pngSize(read) : jpegSize(read)));
  if (!size) return 'its size in pixels cannot be read: the file may be cut short or damaged';
  return pixelProblem(size, 'it');
}

function readText(path: string): string {
  const handle = openSync(path, 'r');
  try {
    // contentProblem() has refused SVGs over 2 MB.
    const buffer = Buffer.alloc(2 * 1024 * 1024);
    return buffer.toString('utf8', 0, readSync(handle, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(handle);
  }
}

/** One element of an SVG, as far as the limits need it. */
interface SvgElement {
  name: string;
  attributes: Map<string, string>;
  children: SvgElement[];
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
/** An attribute's value as an XML parser sees it: `&#49;000` is 1000. */
const decodeValue = (value: string) =>
  value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (name) return entities[name.toLowerCase()]!;
    const code = hex ? Number.parseInt(hex, 16) : Number(decimal);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

const maxDepth = 256;

/**
 * The SVG's elements, or undefined when it is not well-formed enough to be sure what a renderer
 * will see (a `<` that starts no tag, comment or section, a closing tag that does not match, or elements nested more than 256 deep). Text is skipped; `<style>` sheets are
 * kept as text children named `#text` so a filter set there is noticed.
 */
function parseSvg(text: string): SvgElement | undefined {
  const document: SvgElement = {name: '#document', attributes: new Map(), children: []};
  const stack = [document];
  const token = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  let at = text.indexOf('<');
  while (at !== -1) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match) return undefined;
    const [whole, cdata, close, name, attributeText, selfClosing] = match;
    const parent = stack.at(-1)!;
    if (cdata !== undefined && parent.name === 'style') parent.children.push({name: '#text', attributes: new Map([['value', cdata]]), children: []});
    if (name !== undefined) {
      if (close) {
        if (parent.name !== name) return undefined;
        stack.pop();
      } else {
        const attributes = new Map<string, string>();
        for (const [, key, double, single] of attributeText!.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes.set(key!, decodeValue(double ?? single ?? ''));
        const element: SvgElement = {name, attributes, children: []};
        parent.children.push(element);
        if (!selfClosing) stack.push(element);
        // Renderers draw nested groups by recursion; a real diagram nests a few dozen deep.
        if (stack.length > maxDepth) return undefined;
      }
    }
    const end = at + whole.length;
    // A style sheet's text (outside CDATA) is kept too.
    const next = text.indexOf('<', end);
    if (stack.at(-1)!.name === 'style' && next > end) stack.at(-1)!.children.push({name: '#text', attributes: new Map([['value', text.slice(end, next)]]), children: []});
    at = next;
  }
  return document;
}

/** Pixels per unit of the SVG's length units; percentages and font units say nothing of size. */
const unitPixels: Record<string, number> = {'': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96};

function length(value: string | undefined): number | undefined {
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const unit = unitPixels[match[2]!.toLowerCase()];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

const numbers = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean).map(Number);

/**
 * Why an SVG is too costly to print, or undefined. Checks its declared size, the size of its
 * embedded pictures, its elements after `<use>` expansion, and its filters. Nested transforms
 * can still enlarge a filter; the Word renderer's 2,400-pixel cap bounds what that can cost.
 */
export function svgCostProblem(text: string): string | undefined {
  const document = parseSvg(text);
  const root = document?.children.find((element) => element.name === 'svg');
  if (!document || !root) return `the SVG is not well-formed XML (or nests its elements more than ${maxDepth} deep), so its size cannot be read`;

  // The size: width and height, or the viewBox when they are missing (as renderers do).
  const viewBox = numbers(root.attributes.get('viewBox'));
  const box = viewBox.length === 4 && viewBox.every(Number.isFinite) ? {width: viewBox[2]!, height: viewBox[3]!} : undefined;
  // One side given alone: renderers take the other from the viewBox's proportions.
  const givenWidth = length(root.attributes.get('width'));
  const givenHeight = length(root.attributes.get('height'));
  const ratio = box && box.width > 0 && box.height > 0 ? box.height / box.width : undefined;
  const width = givenWidth ?? (givenHeight !== undefined && ratio ? givenHeight / ratio : box?.width);
  const height = givenHeight ?? (givenWidth !== undefined && ratio ? givenWidth * ratio : box?.height);
  for (const side of [width, height, box?.width, box?.height]) {
    if (side !== undefined && !(Math.abs(side) <= imageLimits.svgSide)) return `the SVG declares a side of more than ${imageLimits.svgSide} units: make it smaller`;
  }
  for (const [w, h] of [[width, height], [box?.width, box?.height]]) {
    if (w === undefined || h === undefined) continue;
    if (!(w > 0 && h > 0)) return 'the SVG declares a width or height of 0 or less, so it cannot be printed';
    if (Math.max(w, h) / Math.min(w, h) > imageLimits.svgAspect) return `the SVG is more than ${imageLimits.svgAspect} times as long as it is wide, so it cannot be printed: change its width, height or viewBox`;
  }
  // How many pixels a unit of the viewBox becomes, so that a radius of 1 in a 10-unit viewBox
  // shown 2,000 pixels wide counts as the 200 it is.
  const scale = box && width && height ? Math.max(1, width / box.width, height / box.height) : 1;

  // Every element, without recursion (the counting below is iterative too, for the same reason:
  // a chain of thousands of uses must not overflow the check's stack).
  const elements: SvgElement[] = [];
  for (const pending = [root]; pending.length > 0; ) {
    const element = pending.pop()!;
    elements.push(element);
    pending.push(...element.children);
  }

  // Embedded pictures decode like files, and a 2 MB SVG can hold many: their sum is capped.
  let pixels = 0;
  for (const element of elements) {
    for (const [key, value] of element.attributes) {
      if (key !== 'href' && key !== 'xlink:href') continue;
      const data = /^\s*data:image\/(png|jpeg);base64,([\s\S]*)$/i.exec(value);
      if (!data) continue;
      const bytes = Buffer.from(data[2]!.replace(/\s+/g, ''), 'base64');
      const read: ByteSource = (offset, count) => bytes.subarray(offset, offset + count);
      const size = data[1]!.toLowerCase() === 'png' ? pngSize(read) : jpegSize(read);
      if (!size) return 'the SVG embeds a picture whose size in pixels cannot be read';
      const problem = pixelProblem(size, 'the SVG embeds a picture that');
      if (problem) return problem;
      pixels += size.width * size.height;
    }
  }
  if (pixels > imageLimits.pixels) return `the SVG embeds pictures of more than ${imageLimits.pixels / 1_000_000} megapixels in all: make them smaller`;

  // Filters: the parameters whose cost explodes, and the size of the region they cover.
  for (const filter of elements.filter((element) => element.name === 'filter')) {
    const userSpace = filter.attributes.get('filterUnits') === 'userSpaceOnUse';
    for (const key of ['width', 'height']) {
      const value = filter.attributes.get(key);
      if (value === undefined) continue;
      const side = value.trim().endsWith('%') ? Number.parseFloat(value) / 100 : length(value);
      // In user space a region is compared with the whole picture, else with the shape.
      const limit = userSpace ? imageLimits.filterRegion * Math.max(box?.width ?? width ?? 0, box?.height ?? height ?? 0) : imageLimits.filterRegion;
      if (side === undefined || !(side <= limit)) return `the SVG has a filter whose region is more than ${imageLimits.filterRegion} times the shape it applies to: make it smaller`;
    }
    // In bounding-box units a radius of 1 is the whole shape, however large: such radii and
    // deviations cannot be bounded from the file, so they are refused.
    const relative = filter.attributes.get('primitiveUnits') === 'objectBoundingBox';
    for (const primitive of filter.children) {
      const over = (values: number[], limit: number) => relative || values.some((value) => !(Math.abs(value) <= limit));
      const attribute = (key: string) => numbers(primitive.attributes.get(key));
      const problem =
        primitive.name === 'feMorphology' && over(attribute('radius').map((value) => value * scale), imageLimits.morphologyRadius) ? `an feMorphology radius over ${imageLimits.morphologyRadius}`
        : primitive.name === 'feConvolveMatrix' && (attribute('order').some((value) => !(value <= imageLimits.convolveOrder)) || attribute('kernelMatrix').length > imageLimits.convolveOrder ** 2) ? `an feConvolveMatrix order over ${imageLimits.convolveOrder}`
        : primitive.name === 'feTurbulence' && attribute('numOctaves').some((value) => !(value <= imageLimits.turbulenceOctaves)) ? `an feTurbulence with more than ${imageLimits.turbulenceOctaves} octaves`
        : (primitive.name === 'feGaussianBlur' || primitive.name === 'feDropShadow') && over(attribute('stdDeviation').map((value) => value * scale), imageLimits.blurDeviation) ? `a blur stdDeviation over ${imageLimits.blurDeviation}`
        : undefined;
      if (problem && relative) return `the SVG has a filter with ${problem.replace(/ over \d+$/, '')} measured in its shape's size (primitiveUnits="objectBoundingBox"), whose cost cannot be told beforehand: use user units`;
      if (problem) return `the SVG has a filter with ${problem}, which would take too long to print: use a smaller value`;
    }
  }

  // <use> expansion: each element counts itself, its children and, for a use, its target again.
  // Memoised per element, so a billion copies are counted in a few steps; a loop counts as
  // infinitely many. Renderers disagree on which of two elements with the same id a use means
  // (pdfmake takes the first, resvg the last), so a use counts every element with its id.
  const ids = new Map<string, SvgElement[]>();
  for (const element of elements) {
    const id = element.attributes.get('id');
    if (id !== undefined) ids.set(id, [...(ids.get(id) ?? []), element]);
  }
  const sheetFilter = filterSelectors(elements);
  const parts = (element: SvgElement): SvgElement[] => {
    if (element.name !== 'use') return element.children;
    const href = (element.attributes.get('href') ?? element.attributes.get('xlink:href') ?? '').trim();
    const targets = href.startsWith('#') ? (ids.get(href.slice(1)) ?? []) : [];
    return [...element.children, ...targets];
  };
  interface Count {
    elements: number;
    filtered: number;
  }
  // A depth-first walk with its own stack: an element is 'counting' from its first visit until
  // all its parts are counted, so meeting a 'counting' part again means a loop.
  const counts = new Map<SvgElement, Count | 'counting'>();
  for (const work: Array<{element: SvgElement; done: boolean}> = [{element: root, done: false}]; work.length > 0; ) {
    const {element, done} = work.pop()!;
    if (!done) {
      if (counts.has(element)) continue;
      counts.set(element, 'counting');
      work.push({element, done: true});
      for (const part of parts(element)) if (!counts.has(part)) work.push({element: part, done: false});
      continue;
    }
    const style = element.attributes.get('style') ?? '';
    const filtered = element.name !== '#text' && (sheetFilter(element) || element.attributes.has('filter') || /filter\s*:/i.test(style));
    const total: Count = {elements: 1, filtered: filtered ? 1 : 0};
    for (const part of parts(element)) {
      const counted = counts.get(part);
      total.elements += typeof counted === 'object' ? counted.elements : Infinity;
      total.filtered += typeof counted === 'object' ? counted.filtered : Infinity;
    }
    counts.set(element, total);
  }
  const total = counts.get(root) as Count;
  if (total.elements > imageLimits.svgElements) return `the SVG repeats its shapes (with use) into more than ${imageLimits.svgElements} elements, or in a loop: simplify it`;
  if (total.filtered > imageLimits.svgFiltered) return `the SVG applies filters to more than ${imageLimits.svgFiltered} elements: simplify it`;
  return undefined;
}

/**
 * Which elements a `<style>` sheet gives a filter: each rule that sets `filter:` (other than
 * `none`) applies to the elements its selectors' last part names by tag, id and classes
 * (`rect`, `#box`, `.shadow`, `g.card`, `*`). A selector part it cannot read (attributes,
 * pseudo-classes alone) counts as naming every element, to stay on the safe side.
 */
function filterSelectors(elements: SvgElement[]): (element: SvgElement) => boolean {
  const sheets = elements.filter((element) => element.name === 'style').flatMap((style) => style.children.map((child) => child.attributes.get('value') ?? ''));
  const selectors: Array<{tag?: string; id?: string; classes: string[]}> = [];
  for (const sheet of sheets) {
    for (const [, selectorText, body] of sheet.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      if (!/(?:^|[;\s])filter\s*:\s*(?!none\b)\S/i.test(body!)) continue;
      for (const selector of selectorText!.split(',')) {
        const last = selector.trim().split(/[\s>+~]+/).at(-1) ?? '';
        const tag = /^([A-Za-z][\w-]*|\*)/.exec(last)?.[1];
        const id = /#([\w-]+)/.exec(last)?.[1];
        const classes = [...last.matchAll(/\.([\w-]+)/g)].map((match) => match[1]!);
        selectors.push({...(tag && tag !== '*' ? {tag} : {}), ...(id ? {id} : {}), classes});
      }
    }
  }
  if (selectors.length === 0) return () => false;
  return (element) => {
    const classes = new Set((element.attributes.get('class') ?? '').split(/\s+/).filter(Boolean));
    return selectors.some((selector) => (selector.tag === undefined || selector.tag === element.name) && (selector.id === undefined || selector.id === element.attributes.get('id')) && selector.classes.every((name) => classes.has(name)));
  };
}
