/**
 * The images and links an answer refers to, with reference-style ones (`![x][ref]` and
 * `[ref]: url`) resolved, so no rule or renderer misses one written the other way.
 */
import type {Definition, Nodes, Root} from 'mdast';
import type {Position} from 'unist';
import {existsInside, resolveInFolder, type LocalReference} from './local-file.ts';
import {walk} from './walk.ts';

/** A URL written in the body, and where. */
export interface Reference {
  url: string;
  position: Position | undefined;
}

function definitions(tree: Root): Map<string, Definition> {
  const found = new Map<string, Definition>();
  walk(tree, (node) => {
    if (node.type === 'definition' && !found.has(node.identifier)) found.set(node.identifier, node);
  });
  return found;
}

function collect(tree: Root, direct: 'image' | 'link', byReference: 'imageReference' | 'linkReference'): Reference[] {
  const defined = definitions(tree);
  const out: Reference[] = [];
  walk(tree, (node: Nodes) => {
    if (node.type === direct) out.push({url: node.url, position: node.position});
    else if (node.type === byReference) {
      const definition = defined.get(node.identifier);
      if (definition) out.push({url: definition.url, position: node.position});
    }
  });
  return out;
}

/** Every image of the body. */
export function imageReferences(tree: Root): Reference[] {
  return collect(tree, 'image', 'imageReference');
}

/** An image of the body with where its file is. */
export interface ResolvedImage extends Reference {
  reference: LocalReference;
  /** For a reference inside the folder: whether the file is there (and stays inside after links). */
  state: 'ok' | 'missing' | 'escapes' | undefined;
}

/** Every image of the body, resolved against the proposal's folder. */
export function resolveImages(tree: Root, folder: string): ResolvedImage[] {
  return imageReferences(tree).map((image) => {
    const reference = resolveInFolder(folder, image.url);
    return {...image, reference, state: reference.kind === 'inside' ? existsInside(folder, reference.absolute) : undefined};
  });
}

/** Every link of the body (autolinks included). */
export function linkReferences(tree: Root): Reference[] {
  return collect(tree, 'link', 'linkReference');
}

/**
 * The scheme of a link or image address that may not be followed from a PCP or a public page
 * (`javascript:`, `data:`, `file:`...), lower case, or undefined for `https:`, `http:`,
 * `mailto:`, `#` and relative addresses. Control characters and spaces, which browsers skip,
 * are skipped here too (`java\tscript:`).
 */
export function unsafeScheme(url: string): string | undefined {
  const clean = url.replace(/[\u0000-\u0020]+/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(clean)?.[1];
  return scheme && !/^(?:https?:|mailto:|#)/i.test(clean) ? scheme.toLowerCase() : undefined;
}
