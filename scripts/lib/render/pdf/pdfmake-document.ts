/**
 * pdfmake's PDFDocument (pdfkit's document, extended), whose prototype the modules here patch:
 * pdfmake offers no hook to share parsed fonts or to mark what a run of glyphs stands for.
 */
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);

/** The prototype every pdfmake document is made from, typed as the part the caller touches. */
export function pdfmakeDocumentPrototype<T>(): T {
  return (require('pdfmake/js/PDFDocument.js') as {default: {prototype: T}}).default.prototype;
}
