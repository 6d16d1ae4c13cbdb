/**
 * A cheap, linear scan of the body before the Markdown parser sees it. The parser's time grows
 * with the square of a block's emphasis and bracket characters, and with nesting depth; the
 * scan refuses bodies that would take seconds, so no file can stall a batch.
 */
import {limits} from './limits.ts';

/** Where the body is too deep or too costly to parse, as an offset, or undefined. */
export type BodyGuardResult = {problem: 'nesting' | 'delimiters'; offset: number; end: number} | undefined;

const delimiters = new Set(['*', '_', '~', '[', ']']);

/** Scans `text` from `start` (the body's first offset). */
export function guardBody(text: string, start: number): BodyGuardResult {
  let work = 0;
  let blockCount = 0;
  let blockStart = start;
  let worst = {count: 0, offset: start, end: start};
  let lineStart = start;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const depth = containerDepth(text, lineStart, lineEnd);
    if (depth > limits.bodyNesting) return {problem: 'nesting', offset: lineStart, end: lineEnd};
    if (isBlank(text, lineStart, lineEnd)) {
      work += blockCount * blockCount;
      if (blockCount > worst.count) worst = {count: blockCount, offset: blockStart, end: lineStart};
      blockCount = 0;
      blockStart = lineEnd + 1;
    } else {
      for (let i = lineStart; i < lineEnd; i++) if (delimiters.has(text[i]!)) blockCount++;
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  work += blockCount * blockCount;
  if (blockCount > worst.count) worst = {count: blockCount, offset: blockStart, end: text.length};
  return work > limits.bodyDelimiterWork ? {problem: 'delimiters', offset: worst.offset, end: worst.end} : undefined;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') return false;
  return true;
}

/** How many quote markers and list markers open the line. */
function containerDepth(text: string, from: number, to: number): number {
  let depth = 0;
  let i = from;
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
