/**
 * Which text the PDF cannot shape: Myanmar reorders its vowels, Arabic and Hebrew (and Syriac,
 * Thaana) run right to left, and no emoji font is bundled. The PDF prints a note pointing to the
 * DOCX for such text and the renderer says where. No font is loaded here: the thread that only
 * hands out work and reports uses this too.
 */

/** Spaces, punctuation and digits: they belong to the text around them. */
export const neutral = /^[\s\p{P}\p{Zs}\p{N}]+$/u;
/** Splits text into what a reader sees as one character (a letter with its marks). */
export const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
 * Thai, Lao and Khmer (with Khmer symbols): written without spaces between words, so they get
 * word breaks from a dictionary, and shaped with marks and reordered vowels, so their runs carry
 * their written text in the PDF.
 */
export const thaiLaoKhmer = /[\u0e00-\u0eff\u1780-\u17ff\u19e0-\u19ff]/u;

/** Scripts the PDF cannot shape or order correctly. */
const unsupported: Array<[RegExp, string]> = [
  [/[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]/u, 'Myanmar'],
  [/[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u, 'Arabic'],
  [/[\u0590-\u05ff\ufb1d-\ufb4f]/u, 'Hebrew'],
  [/[\u0700-\u074f\u0780-\u07bf]/u, 'Syriac or Thaana'],
  // No emoji font is bundled: an emoji would print as an empty box.
  [/\p{Extended_Pictographic}(?<![\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u2300-\u2bff\u3030\u303d\u3297\u3299])/u, 'emoji'],
];

/** The first script in `text` that the PDF cannot shape, or undefined. */
export function unsupportedScript(text: string): string | undefined {
  return unsupported.find(([pattern]) => pattern.test(text))?.[1];
}

/** Where in `text` the first character of a script the PDF cannot shape is, or -1. */
export function unsupportedIndex(text: string): number {
  const found = unsupported.map(([pattern]) => text.search(pattern)).filter((at) => at !== -1);
  return found.length > 0 ? Math.min(...found) : -1;
}

/**
 * `text` cut into stretches the PDF can print and stretches in a script it cannot shape
 * (`script` set), grapheme by grapheme. Spaces and punctuation between two graphemes of the
 * same unsupported script stay in its stretch, so an Arabic phrase is one stretch, not one per
 * word; the text around it is kept as it is.
 */
export function scriptSegments(text: string): Array<{text: string; script?: string}> {
  const segments: Array<{text: string; script?: string}> = [];
  // Neutral graphemes after an unsupported stretch: its own if the same script follows.
  let gap = '';
  for (const {segment} of graphemes.segment(text)) {
    const script = unsupportedScript(segment);
    const last = segments.at(-1);
    if (last?.script && !script && neutral.test(segment)) {
      gap += segment;
      continue;
    }
    if (script && last?.script === script) {
      last.text += gap + segment;
      gap = '';
      continue;
    }
    const printable = gap + (script ? '' : segment);
    gap = '';
    if (printable && last && !last.script) last.text += printable;
    else if (printable) segments.push({text: printable});
    if (script) segments.push({text: segment, script});
  }
  if (gap) segments.push({text: gap});
  return segments;
}

