/**
 * Files a proposal refers to (attachments, images) must lie inside the proposal's own folder.
 * This decides whether a reference is safe, and whether a file's bytes are what its name says.
 */
import {closeSync, openSync, readSync, realpathSync, statSync} from 'node:fs';
import {extname, resolve, sep} from 'node:path';

/** Why a reference is refused, or where it points. */
export type LocalReference =
  | {kind: 'inside'; absolute: string}
  | {kind: 'remote' | 'absolute' | 'parent' | 'backslash'};

/**
 * Resolves `reference` against the proposal's `folder`. A Markdown image is a URL (`url`):
 * percent escapes are decoded and a `?query` or `#fragment` dropped, as renderers do. An
 * attachment's `file` is a plain path (`path`), taken exactly as written.
 */
export function resolveInFolder(folder: string, reference: string, kind: 'url' | 'path' = 'url'): LocalReference {
  let path = reference;
  if (kind === 'url') {
    path = path.trim();
    try {
      // Renderers and browsers decode %2e%2e to ..; decide on what they will see.
      path = decodeURIComponent(path);
    } catch {
      // A stray % is no escape sequence: the path is taken as written.
    }
  } else if (path.includes('%2e') || path.includes('%2E') || path.includes('%2f') || path.includes('%2F')) {
    // Not decoded, but refused: a reader that does decode would climb out of the folder.
    return {kind: 'parent'};
  }
  if (path.startsWith('//') || path.startsWith('\\\\')) return {kind: 'remote'};
  if (/^[a-z]:[\\/]/i.test(path) || path.startsWith('/') || path.startsWith('\\')) return {kind: 'absolute'};
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return {kind: 'remote'};
  if (path.includes('\\')) return {kind: 'backslash'};
  if (path.split('/').includes('..')) return {kind: 'parent'};
  return {kind: 'inside', absolute: resolve(folder, kind === 'url' ? path.split(/[?#]/)[0]! : path)};
}

/** True when the file exists and, after following links, still lies inside `folder`. */
export function existsInside(folder: string, absolute: string): 'ok' | 'missing' | 'escapes' {
  let real: string;
  try {
    if (!statSync(absolute).isFile()) return 'missing';
    real = realpathSync(absolute);
  } catch {
    return 'missing';
  }
  const base = realpathSync(folder);
  return real.startsWith(base + sep) ? 'ok' : 'escapes';
}

/** What a file's first bytes must look like, by extension. */
const signatures: Record<string, (head: Buffer) => boolean> = {
  '.pdf': (head) => head.subarray(0, 5).toString('latin1') === '%PDF-',
  '.png': (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  '.jpg': (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  '.jpeg': (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  '.svg': (head) => /<svg[\s>]/.test(head.toString('utf8')),
  '.docx': (head) => head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  '.xlsx': (head) => head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
};

const formatNames: Record<string, string> = {
  '.pdf': 'a PDF file', '.png': 'a PNG image', '.jpg': 'a JPEG image', '.jpeg': 'a JPEG image',
  '.svg': 'an SVG image', '.docx': 'a Word document', '.xlsx': 'an Excel workbook',
};

/** The file's extension, lower case, with the dot. */
export function extensionOf(path: string): string {
  return extname(path).toLowerCase();
}

/**
 * Why the file's content does not match its extension (or is an SVG with scripts or external
 * references, which a browser or renderer would run or fetch), or undefined when it is fine.
 */
export const contentProblem = byFile(contentProblemOf);

/**
 * `judge` of a file, remembered for as long as the file keeps its size and time: an answer may
 * show one picture thousands of times, and a large SVG takes a good part of a second to judge
 * (check and both renderers ask for each reference). A file that cannot be read is not remembered.
 */
export function byFile<T>(judge: (absolute: string) => T): (absolute: string) => T {
  const known = new Map<string, {stamp: string; value: T}>();
  return (absolute) => {
    let stamp: string;
    try {
      const info = statSync(absolute);
      stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
    } catch {
      return judge(absolute);
    }
    const hit = known.get(absolute);
    if (hit?.stamp === stamp) return hit.value;
    const value = judge(absolute);
    // A few thousand pictures at most in one run; past that, start over rather than grow.
    if (known.size >= 4096) known.clear();
    known.set(absolute, {stamp, value});
    return value;
  };
}

function contentProblemOf(absolute: string): string | undefined {
  const extension = extensionOf(absolute);
  const matches = Object.hasOwn(signatures, extension) ? signatures[extension] : undefined;
  if (!matches) return undefined;
  const isSvg = extension === '.svg';
  if (isSvg && statSync(absolute).size > maxSvgBytes) return `the SVG is larger than ${maxSvgBytes / 1024 / 1024} MB`;
  // An SVG is read whole (it is capped above), so nothing can hide after padding.
  const head = readHead(absolute, isSvg ? maxSvgBytes : 16);
  if (!matches(head)) return `it is not ${formatNames[extension]}`;
  if (isSvg) return svgProblem(head.toString('utf8'));
  return undefined;
}

const maxSvgBytes = 2 * 1024 * 1024;

/**
 * What makes an SVG unsafe to show or print: anything that runs (scripts, event handlers,
 * javascript: values, animations that set links), embeds other documents (foreignObject), or
 * fetches (external hrefs, CSS @import or url(), DTD entities). Embedded PNG and JPEG data and
 * references inside the SVG itself (#id) are fine.
 */
function svgProblem(text: string): string | undefined {
  const plain = text.replace(/&#x?[0-9a-f]+;?/gi, (entity) => {
    const code = entity.toLowerCase().startsWith('&#x') ? Number.parseInt(entity.slice(3), 16) : Number.parseInt(entity.slice(2), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
  });
  if (/<!DOCTYPE|<!ENTITY/i.test(plain)) return 'the SVG declares a document type or entities';
  if (/<script[\s>/]/i.test(plain) || /[\s"'/]on[a-z]+\s*=/i.test(plain) || /javascript\s*:/i.test(plain)) return 'the SVG contains scripts';
  if (/<foreignObject[\s>/]/i.test(plain)) return 'the SVG embeds other documents (foreignObject)';
  if (/<(?:animate|set)\b[^>]*attributeName\s*=\s*["']?(?:xlink:)?href/i.test(plain)) return 'the SVG animates a link';
  if (/@import/i.test(plain) || /url\(\s*["']?\s*(?!#)/i.test(plain)) return 'the SVG refers to other files or web addresses';
  for (const match of plain.matchAll(/(?:xlink:)?href\s*=\s*(["'])(.*?)\1/gis)) {
    const target = match[2]!.trim();
    if (!target.startsWith('#') && !/^data:image\/(?:png|jpeg);base64,/i.test(target)) return 'the SVG refers to other files or web addresses';
  }
  return undefined;
}

function readHead(path: string, bytes: number): Buffer {
  const handle = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(handle, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(handle);
  }
}
