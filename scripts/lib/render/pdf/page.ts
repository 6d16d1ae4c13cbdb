/**
 * The PDF's page, and whether a block surely fits on one. pdfmake prints only what fits on the
 * first page of a block it must not break (a table row with dontBreakRows, a header row kept
 * with the first row, an unbreakable stack) and silently drops the rest: a table whose first
 * row was taller than a page lost its header and that row. So a block is kept together only
 * when a generous estimate of its height leaves a fifth of a page to spare; otherwise it may
 * break, and nothing is lost. The estimate is not a bound (bold capitals are wider than it
 * assumes, wrapping wastes room in narrow columns): the spare fifth is the margin for that.
 */

/** A4 in points, with the same margin on every side. */
export const page = {width: 595.28, height: 841.89, margin: 56.7};

/** The width text may take between the margins. */
export const contentWidth = page.width - 2 * page.margin;

/** Characters drawn about a full em wide: Hangul, CJK ideographs and kana, full-width forms. */
const wide = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

/**
 * A generous estimate of the height of `text` set at `fontSize` in a column `width` points wide:
 * 0.62 em for a narrow character (Noto Sans averages about 0.5), a line per line break, and
 * 1.7 times the font size per line (Noto Sans needs 1.36, Lao 1.65).
 */
export function textHeight(text: string, width: number, fontSize: number): number {
  let lines = 0;
  for (const line of text.split('\n')) {
    let ems = 0;
    for (const char of line) ems += wide.test(char) ? 1 : 0.62;
    lines += Math.max(1, Math.ceil((ems * fontSize) / Math.max(width, 1)));
  }
  return lines * fontSize * 1.7;
}

/** Whether a block of about `height` points surely fits on one page, with room to spare. */
export function fitsOnPage(height: number): boolean {
  return height < (page.height - 2 * page.margin) * 0.8;
}

/** Whether every row of a table surely fits on a page: `rows` holds each cell's text and column width. */
export function rowsFitOnPage(rows: Array<Array<{text: string; width: number}>>, fontSize: number): boolean {
  return rows.every((row) => fitsOnPage(rowHeight(row, fontSize)));
}

/** The estimated height of a table row, with its cell padding. */
export function rowHeight(row: Array<{text: string; width: number}>, fontSize: number): number {
  return Math.max(0, ...row.map((cell) => textHeight(cell.text, cell.width, fontSize))) + 8;
}
