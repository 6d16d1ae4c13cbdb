/**
 * Splits a proposal's body into its answers: each `## ` heading opens a section, and the code at
 * the heading's start (`## III.1 Background and need`) says which answer of the form it is.
 */
import type {Heading, Root, RootContent} from 'mdast';
import {toString} from 'mdast-util-to-string';
import type {FormAnswer} from './form.ts';

/** One `## ` section of the body. */
export interface BodySection {
  heading: Heading;
  /** The heading's text. */
  text: string;
  /** The section code written at the heading's start, normalized (`III.1`); undefined if none. */
  code: string | undefined;
  /** The form's answer for the code; undefined for a code the form does not have. */
  answer: FormAnswer | undefined;
  /** Everything up to the next `## ` (or `# `) heading. */
  content: RootContent[];
}

/** The body as sections, plus what stands before the first one. */
export interface BodySections {
  sections: BodySection[];
  /** Content before the first `## ` heading (frontmatter and comments excluded). */
  preamble: RootContent[];
}

// Accepts the Roman numerals as letters or as the single characters Ⅲ (U+2162) and Ⅳ (U+2163)
// that word processors produce, followed by a dot and the answer's number.
const codePattern = /^\s*(III|IV|Ⅲ|Ⅳ|[IVX]+)\s*\.\s*(\d{1,2})(?=$|[\s.:)\-–—])/u;

// Letters that look like Roman numerals in other scripts (Cyrillic І, Greek Ι, Cyrillic Х,
// Cyrillic Ѵ), which keyboards and converters produce: read as the numerals they look like.
const lookalikes: Record<string, string> = {'\u0406': 'I', '\u0399': 'I', '\u0425': 'X', '\u03a7': 'X', '\u0474': 'V'};

/**
 * The section code at the start of a heading's text, as the form writes it. Full-width forms
 * and the Roman numeral characters are folded (NFKC), invisible characters dropped, and
 * look-alike letters read as numerals, so a code pasted from a word processor still counts.
 */
export function sectionCode(text: string): string | undefined {
  const folded = text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0406\u0399\u0425\u03a7\u0474]/g, (char) => lookalikes[char]!);
  const match = codePattern.exec(folded);
  if (!match) return undefined;
  const roman = match[1] === 'Ⅲ' ? 'III' : match[1] === 'Ⅳ' ? 'IV' : match[1]!;
  return `${roman}.${Number(match[2])}`;
}

/** True for nodes that print nothing: comments, link definitions, the frontmatter. */
export function isInvisible(node: RootContent): boolean {
  if (node.type === 'yaml' || node.type === 'definition') return true;
  return node.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
}

/** Splits `tree` into sections by its level-2 headings (a level-1 heading also starts one). */
export function splitSections(tree: Root, answers: FormAnswer[]): BodySections {
  const byCode = new Map(answers.map((answer) => [answer.code, answer]));
  const sections: BodySection[] = [];
  const preamble: RootContent[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      const text = toString(node);
      const code = sectionCode(text);
      sections.push({heading: node, text, code, answer: code ? byCode.get(code) : undefined, content: []});
    } else if (sections.length > 0) {
      sections.at(-1)!.content.push(node);
    } else if (!isInvisible(node)) {
      preamble.push(node);
    }
  }
  return {sections, preamble};
}
