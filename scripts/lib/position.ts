/**
 * Offsets to editor positions. Lines and columns are 1-based; a column counts UTF-16 code units
 * from the start of the line, as editors and GitHub annotations do. `\r\n` ends a line like `\n`.
 */
import type {Point, Position} from 'unist';

/** Maps string offsets of one text to line/column points. Build once per file. */
export class PositionIndex {
  readonly #lineStarts: number[];
  readonly #length: number;

  constructor(text: string) {
    const starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.#lineStarts = starts;
    this.#length = text.length;
  }

  /** The point of an offset; offsets past the end are clamped to the end of the text. */
  point(offset: number): Point {
    const clamped = Math.max(0, Math.min(offset, this.#length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return {line: low + 1, column: clamped - this.#lineStarts[low]! + 1, offset: clamped};
  }

  /** The position of the range `[start, end)`. */
  position(start: number, end: number): Position {
    return {start: this.point(start), end: this.point(Math.max(start, end))};
  }

  /** The offset at which a 1-based line starts. */
  lineStart(line: number): number {
    return this.#lineStarts[Math.max(0, Math.min(line - 1, this.#lineStarts.length - 1))]!;
  }
}
