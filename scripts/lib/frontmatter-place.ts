/**
 * Finds where a field of the frontmatter is written, so a message about `preparedBy.email` points
 * at that value's line and column in the original file.
 */
import type {Position} from 'unist';
import {isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode} from 'yaml';
import type {Frontmatter} from './parse.ts';
import type {PositionIndex} from './position.ts';

/** A path into the data: keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/** What to point at: the value, the key, or the whole `key: value` pair. */
export type PlaceKind = 'value' | 'key';

/**
 * The position of the field at `path`. When the field is not written, the nearest written
 * ancestor's key (or the frontmatter's opening line) is returned.
 */
export function placeOf(frontmatter: Frontmatter, index: PositionIndex, path: FieldPath, kind: PlaceKind = 'value'): Position {
  const {document, offset} = frontmatter;
  let node: unknown = document.contents;
  let key: YamlNode | undefined;
  let found = 0;
  for (const segment of path) {
    node = resolve(document, node);
    let next: {key: YamlNode | undefined; value: unknown} | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair) next = {key: pair.key as YamlNode, value: pair.value};
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item !== undefined) next = {key: undefined, value: item};
    }
    if (!next) break;
    key = next.key;
    node = next.value;
    found++;
  }
  const range = (n: unknown): [number, number] | undefined => {
    const r = (n as YamlNode | undefined)?.range;
    return r ? [r[0], r[1]] : undefined;
  };
  if (found === 0) return frontmatter.start;
  const complete = found === path.length;
  const valueRange = complete && kind === 'value' ? range(node) : undefined;
  const chosen = valueRange && valueRange[1] > valueRange[0] ? valueRange : (range(key) ?? range(node));
  if (!chosen) return frontmatter.start;
  // A block collection's range runs to the next field's line; end at its last character.
  let end = chosen[1];
  while (end > chosen[0] && /\s/.test(frontmatter.text[end - 1] ?? '')) end--;
  return index.position(offset + chosen[0], offset + end);
}

function resolve(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

