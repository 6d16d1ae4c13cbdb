/**
 * Step 2: parse a source into frontmatter (a YAML document that keeps every node's range) and a
 * Markdown body (mdast with positions in the original file). YAML problems, size, alias and
 * nesting limits become messages; the batch goes on.
 */
import type {Root} from 'mdast';
import type {Position} from 'unist';
import type {VFile} from 'vfile';
import {unified} from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import {isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode} from 'yaml';
import {limits} from './limits.ts';
import {guardBody} from './body-guard.ts';
import {PositionIndex} from './position.ts';
import {quotedKey, report, type Rule} from './rule.ts';
import frontmatterMissing from './rules/frontmatter-missing.ts';
import frontmatterUnclosed from './rules/frontmatter-unclosed.ts';
import frontmatterTooLarge from './rules/frontmatter-too-large.ts';
import frontmatterYamlSyntax from './rules/frontmatter-yaml-syntax.ts';
import frontmatterDuplicateKey from './rules/frontmatter-duplicate-key.ts';
import frontmatterAliasLimit from './rules/frontmatter-alias-limit.ts';
import frontmatterNestingLimit from './rules/frontmatter-nesting-limit.ts';
import frontmatterInvalidValue from './rules/frontmatter-invalid-value.ts';
import bodyNestingLimit from './rules/body-nesting-limit.ts';
import bodyTooComplex from './rules/body-too-complex.ts';

/** The YAML part of a source. */
export interface Frontmatter {
  document: Document.Parsed;
  /** The YAML text. */
  text: string;
  /** Offset of the YAML text in the file. */
  offset: number;
  /** The opening `---` line (or the file's start for a YAML file): where "missing field" points. */
  start: Position;
  /** The data with blank fields removed; undefined when the YAML could not be read safely. */
  data: Record<string, unknown> | undefined;
  /** Paths of the blank fields that were removed. */
  blanks?: Array<Array<string | number>>;
}

/** A parsed source. `frontmatter` is undefined when there is none that could be read. */
export interface ParsedSource {
  text: string;
  index: PositionIndex;
  frontmatter: Frontmatter | undefined;
  /** The Markdown body (undefined for a YAML file, a file without usable frontmatter, or a body refused unread). */
  tree: Root | undefined;
}

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const openFence = /^---[ \t]*\r?\n/;
const closeFence = /^---[ \t]*\r?$/m;

/** What `parseSource` reads beyond the frontmatter. */
export interface ParseOptions {
  /** False: read the frontmatter only, leaving `tree` undefined (for readers of metadata). Default true. */
  body?: boolean;
}

/** Parses a Markdown file with YAML frontmatter (`kind: 'markdown'`) or a whole YAML file. */
export function parseSource(file: VFile, kind: 'markdown' | 'yaml', options: ParseOptions = {}): ParsedSource | undefined {
  if (typeof file.value !== 'string') return undefined;
  const text = file.value;
  const index = new PositionIndex(text);
  if (kind === 'yaml') {
    const frontmatter = parseFrontmatter(file, index, text, 0, index.position(0, 0));
    return {text, index, frontmatter, tree: undefined};
  }
  if (text.trim() === '') {
    report(file, frontmatterMissing, 'Unexpected empty file: start with the frontmatter fields between two `---` lines (run `pcp new` for a template)', {line: 1, column: 1});
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const open = openFence.exec(text);
  if (!open) {
    report(file, frontmatterMissing, 'Expected the file to start with a `---` line that opens the frontmatter', index.position(0, lineEnd(text, 0)));
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const contentStart = open[0].length;
  const close = closeFence.exec(text.slice(contentStart));
  const openPosition = index.position(0, 3);
  if (!close) {
    const dots = /^\.\.\.[ \t]*\r?$/m.test(text.slice(contentStart));
    report(file, frontmatterUnclosed, dots ? 'Expected a `---` line that closes the frontmatter opened here (a `...` line does not close it here)' : 'Expected a `---` line that closes the frontmatter opened here', openPosition);
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const contentEnd = contentStart + close.index;
  if (contentEnd - contentStart > limits.frontmatterChars) {
    report(file, frontmatterTooLarge, `Unexpected frontmatter of ${Math.ceil((contentEnd - contentStart) / 1024)} KB, expected at most ${limits.frontmatterChars / 1024} KB: answers belong in the body, not the frontmatter`, openPosition);
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const frontmatter = parseFrontmatter(file, index, text.slice(contentStart, contentEnd), contentStart, openPosition);
  if (options.body === false) return {text, index, frontmatter, tree: undefined};
  const bodyStart = Math.min(text.length, contentEnd + close[0].length + 1);
  const guard = guardBody(text, bodyStart);
  if (guard?.problem === 'nesting') {
    report(file, bodyNestingLimit, `Unexpected nesting of more than ${limits.bodyNesting} quotes or list items on one line: the answers were not checked`, index.position(guard.offset, guard.end));
  } else if (guard?.problem === 'block-size') {
    report(file, bodyTooComplex, `Unexpected paragraph or table of more than ${limits.bodyBlockChars / 1024} KB without a blank line: split it up; the answers were not checked`, index.position(guard.offset, guard.offset));
  } else if (guard) {
    report(file, bodyTooComplex, `Unexpected paragraph with about ${guard.count} emphasis and bracket characters: split it up; the answers were not checked`, index.position(guard.offset, guard.offset));
  }
  return {text, index, frontmatter, tree: guard ? undefined : markdown.parse(text)};
}

function parseFrontmatter(file: VFile, index: PositionIndex, yaml: string, offset: number, start: Position): Frontmatter | undefined {
  const at = (from: number, to: number) => index.position(offset + from, offset + to);
  // The YAML reader recurses per level: refuse deep nesting before it sees the text.
  const deepAt = yamlNestingExceeded(yaml, limits.nestingDepth);
  if (deepAt !== -1) {
    report(file, frontmatterNestingLimit, `Unexpected nesting deeper than ${limits.nestingDepth} levels in the frontmatter`, at(deepAt, deepAt + 1));
    return undefined;
  }
  // logLevel silent: the YAML reader would otherwise print warnings that quote the text (personal data) to stderr.
  const document = parseDocument(yaml, {prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'silent'});
  const result: Frontmatter = {document, text: yaml, offset, start, data: undefined};
  // Only the first problem: after a YAML mistake the reader's later complaints are mostly echoes
  // of it, and fixing the first one usually clears them.
  const problems = [...document.errors, ...document.warnings].slice(0, 1);
  for (const problem of problems) {
    const [from, to] = problem.pos;
    if (problem.code === 'DUPLICATE_KEY') {
      const key = keyAt(document, from);
      const shown = key === undefined ? undefined : quotedKey(key);
      report(file, frontmatterDuplicateKey, `Unexpected second ${shown ? `${shown} ` : ''}field: each field may appear only once`, at(from, Math.max(to, from + (key?.length ?? 1))));
    } else if (/call stack/i.test(problem.message)) {
      report(file, frontmatterNestingLimit, `Unexpected nesting deeper than ${limits.nestingDepth} levels in the frontmatter`, at(from, to));
    } else if (unclosedFlow(document, yaml, from) !== undefined) {
      // The reader notices a missing `]` or `}` only on the next line, which it then blames for
      // its indentation; the writer needs to see the bracket that was opened.
      const opener = unclosedFlow(document, yaml, from)!;
      report(file, frontmatterYamlSyntax, yaml[opener] === '[' ? 'Expected a `]` to close the list that opens here, as in `[first, second]`; if this is text, not a list, put it in double quotes' : 'Expected a `}` to close the group of fields that opens here, as in `{name: …, email: …}`; if this is text, put it in double quotes', at(opener, opener + 1));
    } else {
      report(file, frontmatterYamlSyntax, yamlReason(problem.code), at(from, to));
    }
  }
  if (problems.length > 0) return result;

  let aliases = 0;
  let problem: {rule: Rule; reason: string; node: YamlNode} | undefined;
  visit(document, {
    Alias(_, node) {
      aliases++;
      if (aliases > limits.aliases) problem = {rule: frontmatterAliasLimit, reason: `Unexpected ${limits.aliases + 1}th alias: the frontmatter may use at most ${limits.aliases} aliases (\`*name\`); write the values out`, node};
      else if (!node.resolve(document)) problem = {rule: frontmatterYamlSyntax, reason: yamlReasons.BAD_ALIAS!, node};
      return problem ? visit.BREAK : undefined;
    },
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
        problem = {rule: frontmatterInvalidValue, reason: 'Unexpected field name that is a list or a group: a field name is a plain word', node: pair.key as YamlNode};
      }
      return problem ? visit.BREAK : undefined;
    },
    Node(_, node) {
      // Tags (`!!binary`, `!!js/function`) would turn text into other kinds of data: plain values only.
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && !coreTags.has(node.tag)) problem = {rule: frontmatterYamlSyntax, reason: yamlReasons.TAG_RESOLVE_FAILED!, node};
      return problem ? visit.BREAK : undefined;
    },
  });
  if (problem) {
    const [from, to] = problem.node.range ?? [0, 0];
    report(file, problem.rule, problem.reason, at(from, to));
    return result;
  }
  const deep = tooDeep(document.contents);
  if (deep?.range) {
    report(file, frontmatterNestingLimit, `Unexpected nesting deeper than ${limits.nestingDepth} levels in the frontmatter`, at(deep.range[0], deep.range[1]));
    return result;
  }
  let data: unknown;
  try {
    data = document.toJS({maxAliasCount: limits.aliasExpansion});
  } catch {
    // yaml throws a ReferenceError when aliases expand beyond maxAliasCount (an alias bomb).
    report(file, frontmatterAliasLimit, `Unexpected aliases that expand to more than ${limits.aliasExpansion} copies: write the values out`, start);
    return result;
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    const range = document.contents?.range ?? [0, 0];
    report(file, frontmatterInvalidValue, 'Expected the frontmatter to be a list of `field: value` lines', at(range[0], range[1]));
    return result;
  }
  result.blanks = [];
  result.data = withoutBlanks(data, [], result.blanks) as Record<string, unknown>;
  return result;
}

const coreTags = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

/**
 * Offset of the first place where the YAML text nests deeper than `limit`, or -1. Counts open
 * flow brackets (outside quotes and comments) plus block levels: a stack of indentation columns,
 * with each `- ` or `? ` at a line's start opening one more level.
 */
function yamlNestingExceeded(yaml: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let lineStart = 0;
  while (lineStart < yaml.length) {
    let lineEnd = yaml.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = yaml.length;
    let i = lineStart;
    if (flow === 0 && quote === undefined) {
      while (i < lineEnd && yaml[i] === ' ') i++;
      if (i < lineEnd && yaml[i] !== '#' && yaml[i] !== '\r') {
        let column = i - lineStart;
        while (indents.length > 0 && indents.at(-1)! >= column) indents.pop();
        indents.push(column);
        while ((yaml[i] === '-' || yaml[i] === '?') && (yaml[i + 1] === ' ' || i + 1 === lineEnd)) {
          i += 2;
          while (i < lineEnd && yaml[i] === ' ') i++;
          column = i - lineStart;
          indents.push(column);
          if (indents.length > limit) return i;
        }
        if (indents.length > limit) return i;
      }
    }
    for (; i < lineEnd; i++) {
      const char = yaml[i]!;
      if (quote) {
        if (quote === '"' && char === '\\') i++;
        else if (quote === "'" && char === "'" && yaml[i + 1] === "'") i++;
        else if (char === quote) quote = undefined;
        continue;
      }
      if (char === '#' && (i === lineStart || yaml[i - 1] === ' ')) break;
      // A quote opens a quoted value only where a value can start: an apostrophe inside plain
      // text ("People's Republic") is just a character.
      if ((char === '"' || char === "'") && /^[\s:,[{?-]?$/.test(previousNonSpace(yaml, i, lineStart))) quote = char;
      else if (char === '[' || char === '{') {
        flow++;
        if (flow + indents.length > limit) return i;
      } else if ((char === ']' || char === '}') && flow > 0) flow--;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}

/** The character before `i` on its line, skipping spaces; '' at the line's start. */
function previousNonSpace(text: string, i: number, lineStart: number): string {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < lineStart ? '' : text[j]!;
}

/** The first collection node that lies deeper than the nesting limit, found without recursion. */
function tooDeep(root: unknown): YamlNode | undefined {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > limits.nestingDepth) return node;
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1]);
          stack.push([item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    }
  }
  return undefined;
}

/**
 * A blank field (null, or only white space) is the same as a missing one. Keys are defined, not
 * assigned, so a `__proto__` field stays an ordinary (unknown) field instead of a prototype.
 * The paths of removed blanks are collected, so a misspelt blank field is still reported.
 */
function withoutBlanks(value: unknown, path: Array<string | number>, blanks: Array<Array<string | number>>): unknown {
  if (Array.isArray(value)) return value.map((item, i) => withoutBlanks(item, [...path, i], blanks));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (isBlank(item)) {
        blanks.push([...path, key]);
        continue;
      }
      Object.defineProperty(out, key, {value: withoutBlanks(item, [...path, key], blanks), enumerable: true, writable: true, configurable: true});
    }
    return out;
  }
  return value;
}

/** True for values that mean "not filled in". */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * The offset of the `[` or `{` of a bracketed list or group that is still open where the YAML
 * reader stopped at `offset` (the innermost, whose closing bracket is the first one missing).
 */
function unclosedFlow(document: Document.Parsed, yaml: string, offset: number): number | undefined {
  let found: number | undefined;
  visit(document, (_, node) => {
    if ((isSeq(node) || isMap(node)) && node.flow && node.range?.[1] === offset && '[{'.includes(yaml[node.range[0]] ?? '') && stillOpen(yaml.slice(node.range[0], offset))) {
      if (found === undefined || node.range[0] > found) found = node.range[0];
    }
  });
  return found;
}

/** Whether brackets opened in `text` (outside quotes) are left open at its end. */
function stillOpen(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
  }
  return depth > 0;
}

function keyAt(document: Document.Parsed, offset: number): string | undefined {
  let found: string | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

const yamlReasons: Record<string, string> = {
  TAB_AS_INDENT: 'Unexpected tab character: indent the frontmatter with spaces, not tabs',
  BAD_INDENT: 'Unexpected indentation: fields at the same level must start in the same column',
  MISSING_CHAR: 'Expected a closing quote or bracket, or a space after a `:`',
  BLOCK_AS_IMPLICIT_KEY: 'Unexpected `:` here: check this line\'s indentation, or put the value in quotes',
  MULTIPLE_DOCS: 'Unexpected second part of the frontmatter (`---` or `...`): the frontmatter is one block of fields',
  TAG_RESOLVE_FAILED: 'Unexpected YAML tag (`!`, `!!`): remove it and write the plain value',
  BAD_COLLECTION_TYPE: 'Unexpected YAML tag (`!`, `!!`): remove it and write the plain value',
  BAD_SCALAR_START: 'Unexpected character at the start of a value: put the value in quotes',
  KEY_OVER_1024_CHARS: 'Unexpected field name longer than 1,024 characters',
  MULTILINE_IMPLICIT_KEY: 'Unexpected line break inside a field name: is a `:` missing, or should the text be in quotes?',
  BAD_ALIAS: 'Unexpected `*`: an alias must name an anchor; put text starting with `*` in quotes',
  UNEXPECTED_TOKEN: 'Unexpected character: put text with special characters (`:`, `#`, `@`, quotes) in quotes',
};

/**
 * Our own words for the YAML reader's complaint. Its own message is never used: it can quote
 * the text (a key, a value), and it is written for developers.
 */
function yamlReason(code: string): string {
  return Object.hasOwn(yamlReasons, code) ? yamlReasons[code]! : 'Unexpected YAML here: check this line\'s quotes, colons (a space after each `:`) and indentation';
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

