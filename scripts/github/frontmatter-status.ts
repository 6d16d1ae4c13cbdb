/**
 * Changes a proposal's `status:` in its frontmatter and nothing else: every other byte of the
 * file (comments, quoting, line endings, the body) stays as it was, so the commit's diff is one line.
 */
import {isMap, isScalar, LineCounter, parseDocument} from 'yaml';

/** The frontmatter's `status` value and where it is written, or undefined when there is none. */
export function findStatus(text: string): {value: string; start: number; end: number} | undefined {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const open = /^---[ \t]*\r?\n/.exec(text.slice(bom));
  if (!open) return undefined;
  const start = bom + open[0].length;
  const close = /^---[ \t]*\r?$/m.exec(text.slice(start));
  if (!close) return undefined;
  const yaml = text.slice(start, start + close.index);
  const document = parseDocument(yaml, {lineCounter: new LineCounter(), uniqueKeys: false});
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const pairs = document.contents.items.filter((pair) => isScalar(pair.key) && pair.key.value === 'status');
  if (pairs.length !== 1) return undefined;
  const value = pairs[0]!.value;
  if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return undefined;
  return {value: value.value, start: start + value.range[0], end: start + value.range[1]};
}

/** `text` with its frontmatter's `status` set to `stage`; undefined when the file has no single plain `status:`. */
export function replaceStatus(text: string, stage: string): string | undefined {
  if (!/^[a-z][a-z-]*$/.test(stage)) return undefined;
  const found = findStatus(text);
  if (!found) return undefined;
  return text.slice(0, found.start) + stage + text.slice(found.end);
}
