/** The status projection as CSV for spreadsheets (the site's status.csv). */
import type {StatusProjection} from './project-status.ts';

/** The projection as CSV (one row per cell), safe to open in a spreadsheet. */
export function statusCsv(projection: StatusProjection): string {
  const rows: string[][] = [['table', 'id', 'label', 'count', 'shown']];
  rows.push(['total', projection.total.id, projection.total.label, projection.total.count === null ? '' : String(projection.total.count), projection.total.shown]);
  for (const table of projection.tables) {
    for (const cell of table.cells) rows.push([table.id, cell.id, cell.label, cell.count === null ? '' : String(cell.count), cell.shown]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV cell. A cell that starts with = + - @ (or a tab or carriage return) is a formula to a
 * spreadsheet: a leading apostrophe keeps it text (OWASP's advice on CSV injection).
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
