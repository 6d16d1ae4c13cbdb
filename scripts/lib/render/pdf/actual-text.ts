/**
 * The words of Khmer, Thai and Lao as they were written, in the PDF's text layer. A shaped run's
 * glyphs are drawn in visual order: a Khmer pre-base vowel or subscript consonant (ែ, ្រ) comes
 * before the consonant it follows in the text, and stacked marks in Thai and Lao sit apart from
 * their base, so copying, searching and pdftotext gave `្រពះ` for `ព្រះ`. pdfkit can say what a
 * run of glyphs stands for (a marked-content Span with /ActualText), but pdfmake draws each
 * inline with `text()` and offers no option for it; so every inline with such text is drawn
 * inside a Span whose ActualText is the inline's own text. Readers that know ActualText (poppler,
 * and so pdftotext, Evince and Okular; Acrobat) give back the text; the glyphs are untouched.
 */
import {thaiLaoKhmer} from '../scripts.ts';
import {pdfmakeDocumentPrototype} from './pdfmake-document.ts';


/** The part of pdfkit's document this module touches. */
interface PdfkitDocument {
  _fragment(text: string, ...rest: unknown[]): unknown;
  addContent(data: string): PdfkitDocument;
  markContent(tag: string, options: {actual: string}): PdfkitDocument;
  endMarkedContent(): PdfkitDocument;
}

let installed = false;

/**
 * Makes every later pdfmake document mark its Khmer, Thai and Lao runs with ActualText (once per
 * process). The Span goes inside the run's own graphics state, around its BT ... ET: readers
 * place the ActualText with the transformation in force at its end, and pdfkit flips the page's
 * coordinates for text between its q and Q, so a Span around the whole call put the words
 * upside down on the page (pdftotext printed them lines away from where they are drawn).
 */
export function markActualText(): void {
  if (installed) return;
  installed = true;
  const prototype = pdfmakeDocumentPrototype<PdfkitDocument>();
  const fragment = prototype._fragment;
  prototype._fragment = function (this: PdfkitDocument, value: string, ...rest: unknown[]): unknown {
    if (typeof value !== 'string' || !thaiLaoKhmer.test(value)) return fragment.call(this, value, ...rest);
    // The zero-width spaces that mark word breaks for line breaking are not part of the text.
    const actual = value.replace(/\u200b/g, '');
    const addContent = this.addContent;
    this.addContent = function (this: PdfkitDocument, data: string): PdfkitDocument {
      if (data === 'BT') this.markContent('Span', {actual});
      addContent.call(this, data);
      if (data === 'ET') this.endMarkedContent();
      return this;
    };
    try {
      return fragment.call(this, value, ...rest);
    } finally {
      delete (this as Partial<PdfkitDocument>).addContent;
    }
  };
}
