/**
 * The fonts of the printed PCP, all from npm packages (Noto, OFL), and the per-script fallback
 * that picks, for each piece of text, the first font that has every glyph of it. The scripts no
 * font here can shape are named in scripts.ts.
 */
import {createRequire} from 'node:module';
import * as fontkit from 'fontkit';
import {graphemes, neutral, thaiLaoKhmer} from './scripts.ts';

const require = createRequire(import.meta.url);

/** A font family: files for the four styles pdfmake asks for. */
export interface FontFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

function expo(family: string, file: string, weights: {normal: string; bold: string; italics?: string; bolditalics?: string}): FontFiles {
  const path = (weight: string) => require.resolve(`@expo-google-fonts/${family}/${weight}/${file}_${weight}.ttf`);
  return {
    normal: path(weights.normal),
    bold: path(weights.bold),
    italics: path(weights.italics ?? weights.normal),
    bolditalics: path(weights.bolditalics ?? weights.bold),
  };
}

/** Every family the PDF uses, by the name pdfmake knows it by. */
export const fontFamilies: Record<string, FontFiles> = {
  NotoSans: expo('noto-sans', 'NotoSans', {normal: '400Regular', bold: '700Bold', italics: '400Regular_Italic', bolditalics: '700Bold_Italic'}),
  NotoSansSymbols2: expo('noto-sans-symbols-2', 'NotoSansSymbols2', {normal: '400Regular', bold: '400Regular'}),
  // Arrows and mathematical operators (→ ≤ ≠ ∑), 1 MB: without it they fell to the 6 MB Korean font.
  NotoSansMath: expo('noto-sans-math', 'NotoSansMath', {normal: '400Regular', bold: '400Regular'}),
  NotoSansThai: expo('noto-sans-thai', 'NotoSansThai', {normal: '400Regular', bold: '700Bold'}),
  NotoSansLao: expo('noto-sans-lao', 'NotoSansLao', {normal: '400Regular', bold: '700Bold'}),
  NotoSansKhmer: expo('noto-sans-khmer', 'NotoSansKhmer', {normal: '400Regular', bold: '700Bold'}),
  NotoSansKR: expo('noto-sans-kr', 'NotoSansKR', {normal: '400Regular', bold: '700Bold'}),
  // Code, inline and in blocks: columns line up as the writer typed them. No italic face exists.
  NotoSansMono: expo('noto-sans-mono', 'NotoSansMono', {normal: '400Regular', bold: '700Bold'}),
};

/**
 * Fallback families whose own line metrics would open up a body line: Noto Sans Math descends
 * to -423/1000 and Symbols 2 to -630/1000, against Noto Sans's -293, so one arrow or check box
 * made its line 10-25% taller than the lines around it. Their glyphs sit within Noto Sans's
 * ascent and descent, so they take its metrics. Thai, Lao and Korean keep their own: their
 * stacked marks need the room.
 */
export const bodyMetricFamilies = new Set(['NotoSansMath', 'NotoSansSymbols2']);

/** Noto Sans's ascender, descender and line gap, in thousandths of the font size (as pdfkit keeps them). */
export function bodyLineMetrics(): {ascender: number; descender: number; lineGap: number} {
  const font = open('NotoSans');
  const scale = 1000 / font.unitsPerEm;
  return {ascender: font.ascent * scale, descender: font.descent * scale, lineGap: font.lineGap * scale};
}

/** The fallback order: Latin, Vietnamese and Cyrillic first, then the form's symbols, arrows and math, then other scripts. */
const chain = ['NotoSans', 'NotoSansSymbols2', 'NotoSansMath', 'NotoSansThai', 'NotoSansLao', 'NotoSansKhmer', 'NotoSansKR'];

type Font = fontkit.Font;
const opened = new Map<string, Font>();
function open(family: string): Font {
  let font = opened.get(family);
  if (!font) {
    font = fontkit.openSync(fontFamilies[family]!.normal) as Font;
    opened.set(family, font);
  }
  return font;
}

const printableAscii = /^[\t\n\r\x20-\x7e]*$/;
const ignorable = /[\u200b-\u200d\u2060\ufe00-\ufe0f]/u;

/** A piece of text in one font. */
export interface FontRun {
  text: string;
  font: string;
}

/**
 * Splits `text` into runs, each in the first font of the chain (for code: Noto Sans Mono, then
 * the chain) that has every code point of its grapheme clusters. Spaces, punctuation and digits stay in the run before them. Thai, Lao and
 * Khmer, written without spaces between words, get zero-width spaces at word boundaries so lines
 * break between words, not inside them.
 */
export function fontRuns(text: string, options: {monospace?: boolean} = {}): FontRun[] {
  const runs: FontRun[] = [];
  const fonts = options.monospace ? ['NotoSansMono', ...chain] : chain;
  // Most text is plain ASCII, which the first font has whole (tabs and line ends, which no font
  // draws, fall to it too): one run, without asking the fonts grapheme by grapheme.
  if (printableAscii.test(text)) return text ? [{text, font: fonts[0]!}] : runs;
  const has = (family: string, cluster: string) => [...cluster].every((char) => ignorable.test(char) || open(family).hasGlyphForCodePoint(char.codePointAt(0)!));
  for (const {segment} of graphemes.segment(text)) {
    const previous = runs.at(-1);
    let family: string;
    if (previous && neutral.test(segment) && has(previous.font, segment)) family = previous.font;
    else family = fonts.find((candidate) => has(candidate, segment)) ?? fonts[0]!;
    if (previous?.font === family) previous.text += segment;
    else runs.push({text: segment, font: family});
  }
  for (const run of runs) if (thaiLaoKhmer.test(run.text)) run.text = withWordBreaks(run.text);
  return runs;
}

const locales: Array<[RegExp, string]> = [[/[\u0e00-\u0e7f]/u, 'th'], [/[\u0e80-\u0eff]/u, 'lo'], [/[\u1780-\u17ff]/u, 'km']];
function withWordBreaks(text: string): string {
  const locale = locales.find(([pattern]) => pattern.test(text))?.[1] ?? 'th';
  const words = new Intl.Segmenter(locale, {granularity: 'word'});
  let out = '';
  let previousWord = false;
  for (const part of words.segment(text)) {
    const word = part.isWordLike === true;
    out += (previousWord && word ? '\u200b' : '') + part.segment;
    previousWord = word;
  }
  return out;
}
