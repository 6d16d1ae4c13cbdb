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
import {isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode} from 'yaml';
import {limits} from './limits.ts';
import {PositionIndex} from './position.ts';
import {report} from './rule.ts';
import frontmatterMissing from './rules/frontmatter-missing.ts';
import frontmatterUnclosed from './rules/frontmatter-unclosed.ts';
import frontmatterTooLarge from './rules/frontmatter-too-large.ts';
import frontmatterYamlSyntax from './rules/frontmatter-yaml-syntax.ts';
import frontmatterDuplicateKey from './rules/frontmatter-duplicate-key.ts';
import frontmatterAliasLimit from './rules/frontmatter-alias-limit.ts';
import frontmatterNestingLimit from './rules/frontmatter-nesting-limit.ts';
import frontmatterInvalidValue from './rules/frontmatter-invalid-value.ts';

/** The YAML part of a source. */
export interface Frontmatter {
  document: Document.Parsed;
  /** Offset of the YAML text in the file. */
  offset: number;
  /** The opening `---` line (or the file's start for a YAML file): where "missing field" points. */
  start: Position;
  /** The data with blank fields removed; undefined when the YAML could not be read safely. */
  data: Record<string, unknown> | undefined;
}

/** A parsed source. `frontmatter` is undefined when there is none that could be read. */
export interface ParsedSource {
  text: string;
  index: PositionIndex;
  frontmatter: Frontmatter | undefined;
  /** The Markdown body (undefined for a YAML file or a file without usable frontmatter). */
  tree: Root | undefined;
}

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
const openFence = /^---[ \t]*\r?\n/;
const closeFence = /^---[ \t]*\r?$/m;

/** Parses a Markdown file with YAML frontmatter (`kind: 'markdown'`) or a whole YAML file. */
export function parseSource(file: VFile, kind: 'markdown' | 'yaml'): ParsedSource | undefined {
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
    report(file, frontmatterUnclosed, 'Expected a `---` line that closes the frontmatter opened here', openPosition);
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const contentEnd = contentStart + close.index;
  if (contentEnd - contentStart > limits.frontmatterChars) {
    report(file, frontmatterTooLarge, `Unexpected frontmatter of ${Math.ceil((contentEnd - contentStart) / 1024)} KB, expected at most ${limits.frontmatterChars / 1024} KB: answers belong in the body, not the frontmatter`, openPosition);
    return {text, index, frontmatter: undefined, tree: undefined};
  }
  const frontmatter = parseFrontmatter(file, index, text.slice(contentStart, contentEnd), contentStart, openPosition);
  return {text, index, frontmatter, tree: markdown.parse(text)};
}

function parseFrontmatter(file: VFile, index: PositionIndex, yaml: string, offset: number, start: Position): Frontmatter {
  const document = parseDocument(yaml, {prettyErrors: false, uniqueKeys: true, strict: true});
  const at = (from: number, to: number) => index.position(offset + from, offset + to);
  const result: Frontmatter = {document, offset, start, data: undefined};
  const problems = [...document.errors, ...document.warnings];
  for (const problem of problems) {
    const [from, to] = problem.pos;
    if (problem.code === 'DUPLICATE_KEY') {
      const key = keyAt(document, from) ?? 'this';
      report(file, frontmatterDuplicateKey, `Unexpected second \`${key}\` field: each field may appear only once`, at(from, Math.max(to, from + key.length)));
    } else {
      report(file, frontmatterYamlSyntax, yamlReason(problem.code, problem.message), at(from, to));
    }
  }
  if (problems.length > 0) return result;

  let aliases = 0;
  let tooMany: YamlNode | undefined;
  visit(document, {
    Alias(_, node) {
      aliases++;
      if (aliases > limits.aliases) {
        tooMany = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (tooMany?.range) {
    report(file, frontmatterAliasLimit, `Unexpected ${limits.aliases + 1}th alias: the frontmatter may use at most ${limits.aliases} aliases (\`*name\`); write the values out`, at(tooMany.range[0], tooMany.range[1]));
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
  result.data = withoutBlanks(data) as Record<string, unknown>;
  return result;
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

/** A blank field (null, or only white space) is the same as a missing one. */
function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutBlanks(item));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (isBlank(item)) continue;
      out[key] = withoutBlanks(item);
    }
    return out;
  }
  return value;
}

/** True for values that mean "not filled in". */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
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
  MISSING_CHAR: 'Expected a closing quote or bracket',
  BLOCK_AS_IMPLICIT_KEY: 'Unexpected second `:` on one line: put the value in quotes, or start a nested field on a new line',
  MULTILINE_IMPLICIT_KEY: 'Unexpected line break inside a field name: is a `:` missing, or should the text be in quotes?',
  BAD_ALIAS: 'Unexpected `*`: an alias must name an anchor; put text starting with `*` in quotes',
  UNEXPECTED_TOKEN: 'Unexpected character: put text with special characters (`:`, `#`, `@`, quotes) in quotes',
};

function yamlReason(code: string, message: string): string {
  const known = yamlReasons[code];
  if (known) return known;
  const plain = message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim();
  return `Unexpected YAML: ${plain.charAt(0).toLowerCase()}${plain.slice(1)}`;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

