/**
 * One parsed font per file for every PDF of the process. pdfkit opens each font file anew for
 * every document: fontkit parses it again (its tables are decoded lazily, on first use, so
 * every document pays for the GSUB and GPOS lookups it shapes with), and pdfkit's layout cache
 * (the shaped glyphs of each word) starts empty each time. Shaping was most of a PDF's cost.
 *
 * pdfmake asks its PDFDocument for a font through `provideFont`; after pdfkit has opened the
 * font as usual (so its registration, ids and naming stay pdfkit's own), the first document's
 * parsed font and layout cache are kept, and every later document's font object is pointed at
 * them with a fresh subset of its own. A fontkit font keeps no state between layouts beyond
 * its decoded tables and glyphs, and a cached layout is what the same font would compute again,
 * so the bytes are the same as with a font parsed for the document alone (a test compares).
 */
import type * as fontkit from 'fontkit';
import {bodyLineMetrics, bodyMetricFamilies} from '../fonts.ts';
import {pdfmakeDocumentPrototype} from './pdfmake-document.ts';

/** The part of pdfkit's EmbeddedFont this module touches. */
interface EmbeddedFont {
  font: fontkit.Font;
  subset: unknown;
  layoutCache?: Record<string, unknown>;
  ascender: number;
  descender: number;
  lineGap: number;
}

/** The part of pdfmake's PDFDocument this module touches. */
interface PdfmakeDocument {
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  getFontFile(family: string, bold: boolean, italics: boolean): unknown;
}

/** The shaped words of a font kept across documents: past this many, the cache starts over. */
const cacheLimit = 200_000;

const shared = new Map<string, {font: fontkit.Font; layoutCache: Record<string, unknown> | undefined; entries: () => number}>();
const adopted = new WeakSet<EmbeddedFont>();
let installed = false;

/**
 * Makes every later pdfmake document share parsed fonts and their layout caches, and gives the
 * symbol and math fallbacks the body font's line metrics (once per process).
 */
export function shareParsedFonts(): void {
  if (installed) return;
  installed = true;
  const prototype = pdfmakeDocumentPrototype<PdfmakeDocument>();
  const provideFont = prototype.provideFont;
  prototype.provideFont = function (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): EmbeddedFont {
    const embedded = provideFont.call(this, family, bold, italics);
    // Line height and baseline come from these (pdfmake: the tallest inline of a line sets both).
    // pdfkit also writes them into the font's descriptor, where a reader takes them as hints only.
    if (bodyMetricFamilies.has(family)) Object.assign(embedded, bodyLineMetrics());
    const path = this.getFontFile(family, bold, italics);
    // One document may use one font object for several styles (the same file): adopt it once.
    if (typeof path !== 'string' || adopted.has(embedded)) return embedded;
    adopted.add(embedded);
    const first = shared.get(path);
    if (!first || first.entries() > cacheLimit) {
      const cache = embedded.layoutCache;
      shared.set(path, {font: embedded.font, layoutCache: cache, entries: () => (cache ? Object.keys(cache).length : 0)});
      return embedded;
    }
    embedded.font = first.font;
    embedded.subset = first.font.createSubset();
    if (embedded.layoutCache && first.layoutCache) embedded.layoutCache = first.layoutCache;
    return embedded;
  };
}
