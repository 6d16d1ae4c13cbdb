/**
 * A cheap, linear scan of the body before the Markdown parser sees it. The parser's time grows
 * with the square of a block's emphasis and bracket characters, and with nesting depth; the
 * scan refuses bodies that would take seconds, so no file can stall a batch.
 */
import {limits} from './limits.ts';

/** Where the body is too deep or too costly to parse, as an offset, or undefined. */
export type BodyGuardResult = {problem: 'nesting' | 'delimiters' | 'block-size'; offset: number; end: number; count: number} | undefined;

const delimiters = new Set(['*', '_', '~', '[', ']']);
const tableDelimiterRow = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** Scans `text` from `start` (the body's first offset). */
export function guardBody(text: string, start: number): BodyGuardResult {
  let work = 0;
  let worst = {count: 0, offset: start, end: start};
  // A block is a run of non-blank lines. In a table each row is read on its own, so a table's
  // cost is the sum over its rows; a paragraph's is over the whole block.
  let block = {start, lines: 0, count: 0, rowWork: 0, table: false, secondLine: -1};
  const close = (end: number) => {
    const cost = block.table ? block.rowWork : block.count * block.count;
    work += cost;
    if (block.count > worst.count) worst = {count: block.count, offset: block.start, end};
  };
  let lineStart = start;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const depth = containerDepth(text, lineStart, lineEnd);
    if (depth > limits.bodyNesting) return {problem: 'nesting', offset: lineStart, end: lineEnd, count: depth};
    if (isBlank(text, lineStart, lineEnd)) {
      close(lineStart);
      block = {start: lineEnd + 1, lines: 0, count: 0, rowWork: 0, table: false, secondLine: -1};
    } else {
      block.lines++;
      if (block.lines === 2) block.table = text.slice(lineStart, lineEnd).includes('-') && tableDelimiterRow.test(text.slice(lineStart, lineEnd));
      let row = 0;
      for (let i = lineStart; i < lineEnd; i++) if (delimiters.has(text[i]!)) row++;
      block.count += row;
      block.rowWork += row * row;
      if (lineEnd - block.start > limits.bodyBlockChars) return {problem: 'block-size', offset: block.start, end: lineEnd, count: lineEnd - block.start};
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  close(text.length);
  return work > limits.bodyDelimiterWork ? {problem: 'delimiters', offset: worst.offset, end: worst.end, count: worst.count} : undefined;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') return false;
  return true;
}

/**
 * How deep the line nests: its quote and list markers, plus one level per two columns of
 * indentation (lists nest by indentation alone, too).
 */
function containerDepth(text: string, from: number, to: number): number {
  let depth = 0;
  let i = from;
  let columns = 0;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) columns += text[i++] === '\t' ? 4 : 1;
  depth += Math.floor(columns / 2);
  while (i < to) {
    while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
    const char = text[i];
    if (char === '>') {
      depth++;
      i++;
      continue;
    }
    if ((char === '-' || char === '*' || char === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      depth++;
      i += 2;
      continue;
    }
    let j = i;
    while (j < to && j - i < 9 && text[j]! >= '0' && text[j]! <= '9') j++;
    if (j > i && (text[j] === '.' || text[j] === ')') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
      depth++;
      i = j + 2;
      continue;
    }
    break;
  }
  return depth;
}
