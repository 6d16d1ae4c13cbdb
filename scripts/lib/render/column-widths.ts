/** Table column widths from the cells' text lengths, shared by both renderers. */

/**
 * Splits `width` among columns by their longest cell's text length: short columns (numbers,
 * units) stay narrow, long ones share the rest, none is narrower than `minimum`.
 */
export function columnWidths(lengths: number[], width: number, minimum: number): number[] {
  const weights = lengths.map((length) => Math.min(Math.max(length, 4), 60));
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((weight) => Math.max(minimum, (weight / total) * width));
  const scale = width / raw.reduce((a, b) => a + b, 0);
  return raw.map((value) => Math.floor(value * scale * 100) / 100);
}
