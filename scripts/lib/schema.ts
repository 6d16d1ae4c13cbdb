/**
 * Schema validation with ajv (JSON Schema 2020-12). Each ajv error becomes a message that points
 * at the offending key or value in the original file and says, in plain words, what was expected.
 * Values are never echoed except for fields whose values come from a fixed list (stage, attachment
 * type), which cannot be personal data.
 */
import {readFileSync} from 'node:fs';
import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type {Position} from 'unist';
import type {VFile} from 'vfile';
import {placeOf, type FieldPath} from './frontmatter-place.ts';
import type {Frontmatter} from './parse.ts';
import type {PositionIndex} from './position.ts';
import {projectRoot} from './project-root.ts';
import {quotedKey, report} from './rule.ts';
import frontmatterMissingField from './rules/frontmatter-missing-field.ts';
import frontmatterUnknownField from './rules/frontmatter-unknown-field.ts';
import frontmatterInvalidValue from './rules/frontmatter-invalid-value.ts';

// ajv-formats is CommonJS; under Node's ESM loader its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as {default?: typeof addFormatsModule}).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** The schemas of schema/: proposal frontmatter, catalog service, call. */
export type SchemaName = 'proposal' | 'service' | 'call';

const ajv = new Ajv2020({allErrors: true, strict: true, allowUnionTypes: true, verbose: true});
addFormats(ajv);
const validators = new Map<SchemaName, ValidateFunction>();

/** The JSON Schema `schema/<name>.schema.json`. */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(`${projectRoot}schema/${name}.schema.json`, 'utf8')) as Record<string, unknown>;
}

/** The compiled validator for a schema (compiled once per process). */
export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile(loadCachedSchema(name) as Record<string, unknown>);
    validators.set(name, validate);
  }
  return validate;
}

/** Validates frontmatter data against a schema; adds a message per problem. True when valid. */
export function validateFrontmatter(file: VFile, frontmatter: Frontmatter, index: PositionIndex, name: SchemaName): boolean {
  const data = frontmatter.data;
  const validate = validatorFor(name);
  // Control characters (from YAML escapes such as "\x01") and lone surrogates would break the
  // DOCX's XML and print as boxes: refuse them wherever they are.
  let clean = true;
  const stack: Array<[unknown, Array<string | number>]> = [[data, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(node)) {
        report(file, frontmatterInvalidValue, `Unexpected control character or broken character in ${fieldName(path)}: remove it`, placeOf(frontmatter, index, path));
        clean = false;
      } else if (/[\u202a-\u202e\u2066-\u2069]/.test(node)) {
        // Embeddings, overrides and isolates change the order text shows in, not what it says:
        // a name could read one way in the PCP and another in the file. Marks (U+200E, U+200F) are fine.
        report(file, frontmatterInvalidValue, `Unexpected invisible text-direction character in ${fieldName(path)}: it can make the text show in another order than it is written; remove it`, placeOf(frontmatter, index, path));
        clean = false;
      }
    } else if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, [...path, i]]));
    else if (node && typeof node === 'object') for (const [key, item] of Object.entries(node)) stack.push([item, [...path, key]]);
  }
  // Blank fields were removed before validation; a blank field the schema does not know is still a typo.
  let blanksValid = true;
  for (const path of frontmatter.blanks ?? []) {
    const parent = schemaAt(loadCachedSchema(name), path.slice(0, -1));
    const key = String(path.at(-1));
    if (parent && parent.additionalProperties === false && !Object.hasOwn(parent.properties ?? {}, key)) {
      reportUnknownField(file, key, Object.keys(parent.properties ?? {}), path.slice(0, -1), placeOf(frontmatter, index, path, 'key'));
      blanksValid = false;
    }
  }
  if (validate(data)) return blanksValid && clean;
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = toPath(error.instancePath, data);
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    describe(file, frontmatter, index, error, path, data);
  }
  return false;
}

function describe(file: VFile, frontmatter: Frontmatter, index: PositionIndex, error: ErrorObject, path: FieldPath, data: unknown): void {
  const at = (p: FieldPath, kind: 'value' | 'key' = 'value') => placeOf(frontmatter, index, p, kind);
  const name = fieldName(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const property = (error.parentSchema as {properties?: Record<string, {description?: string}>} | undefined)?.properties?.[missing];
      const what = property?.description ? `: ${sentence(property.description)}` : '';
      report(file, frontmatterMissingField, `Missing ${fieldName([...path, missing])}${what}`, path.length === 0 ? frontmatter.start : at(path, 'key'));
      return;
    }
    case 'additionalProperties': {
      reportUnknownField(file, String(params.additionalProperty), Object.keys((error.parentSchema as {properties?: object}).properties ?? {}), path, at([...path, String(params.additionalProperty)], 'key'));
      return;
    }
    case 'type': {
      const expected = ([] as string[]).concat(params.type as string | string[]);
      const value = valueAt(data, path);
      const found = kindOf(value);
      let hint = '';
      if (expected.includes('string') && (found === 'a number' || found === 'true or false')) hint = ': put it in quotes';
      else if ((expected.includes('integer') || expected.includes('number')) && found === 'text') hint = ': write the number without quotes';
      else if (path.length === 1 && path[0] === 'service' && found === 'a list') hint = ': a proposal proposes exactly one service';
      report(file, frontmatterInvalidValue, `Expected ${expected.map(typeWord).join(' or ')} for ${name}, found ${found}${hint}`, at(path));
      return;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = valueAt(data, path);
      // Only fixed-list fields reach here (stage, attachment type): a plain short word is safe to show.
      // Lowercase words and hyphens only, as the lists' own values are: not a name or a phone number.
      const shown = typeof value === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(value) ? `\`${value}\`` : 'value';
      const near = typeof value === 'string' ? closest(value, allowed) : undefined;
      const hint = near ? `: did you mean \`${near}\`?` : '';
      report(file, frontmatterInvalidValue, `Unexpected ${shown} for ${name}, expected ${list(allowed, 'or')}${hint}`, at(path));
      return;
    }
    case 'const':
      report(file, frontmatterInvalidValue, `Expected \`${JSON.stringify(params.allowedValue)}\` for ${name}`, at(path));
      return;
    case 'format':
    case 'pattern': {
      const description = (error.parentSchema as {description?: string} | undefined)?.description;
      report(file, frontmatterInvalidValue, `Expected ${name} to be ${description ? sentence(description) : `in the form ${String(params.pattern ?? params.format)}`}`, at(path));
      return;
    }
    case 'propertyNames': {
      const property = String(params.propertyName);
      const shown = /^[0-9]{1,8}$/.test(property) ? `\`${property}\`` : quotedKey(property);
      report(file, frontmatterInvalidValue, `Unexpected key${shown ? ` ${shown}` : ''} in ${name}, expected ${sentence((error.schema as {description?: string}).description ?? 'another key')}`, at([...path, property], 'key'));
      return;
    }
    case 'minLength':
    case 'maxLength':
      report(file, frontmatterInvalidValue, `Expected ${name} to be at ${error.keyword === 'minLength' ? 'least' : 'most'} ${String(params.limit)} characters long`, at(path));
      return;
    case 'minItems':
    case 'maxItems':
      report(file, frontmatterInvalidValue, `Expected ${name} to have at ${error.keyword === 'minItems' ? 'least' : 'most'} ${String(params.limit)} ${params.limit === 1 ? 'item' : 'items'}`, at(path));
      return;
    case 'maxProperties':
      report(file, frontmatterInvalidValue, `Expected ${name} to have at most ${String(params.limit)} entries`, at(path));
      return;
    case 'minProperties':
      report(file, frontmatterInvalidValue, `Expected ${name} to have at least ${String(params.limit)} ${params.limit === 1 ? 'entry' : 'entries'}`, at(path));
      return;
    case 'minimum':
    case 'maximum':
      report(file, frontmatterInvalidValue, `Expected ${name} to be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(params.limit)}`, at(path));
      return;
    case 'uniqueItems':
      report(file, frontmatterInvalidValue, `Unexpected repeated item in ${name}: each item may appear once`, at(path));
      return;
    default:
      report(file, frontmatterInvalidValue, `Unexpected value for ${name}: it ${error.message ?? 'is not allowed'}`, at(path));
  }
}

/** "Unexpected field `telefone` in `preparedBy`: did you mean `telephone`?", never repeating a key that is not a plain name. */
export function reportUnknownField(file: VFile, key: string, allowed: string[], path: FieldPath, place: Position): void {
  const shown = quotedKey(key);
  const near = closest(key, allowed);
  const where = path.length === 0 ? '' : ` in ${fieldName(path)}`;
  const hint = near ? `: did you mean \`${near}\`?` : allowed.length > 0 ? `, expected one of ${list(allowed)}` : '';
  report(file, frontmatterUnknownField, `Unexpected field${shown ? ` ${shown}` : ''}${where}${hint}`, place);
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  $ref?: string;
}

const schemaCache = new Map<SchemaName, SchemaNode>();
function loadCachedSchema(name: SchemaName): SchemaNode {
  let schema = schemaCache.get(name);
  if (!schema) schemaCache.set(name, (schema = loadSchema(name) as SchemaNode));
  return schema;
}

/** The subschema that describes the data at `path`, following local `$ref`s; undefined if none does. */
function schemaAt(root: SchemaNode, path: FieldPath): SchemaNode | undefined {
  const deref = (node: SchemaNode | undefined): SchemaNode | undefined => {
    if (!node?.$ref?.startsWith('#/')) return node;
    return node.$ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], root) as SchemaNode | undefined;
  };
  let node = deref(root);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = deref(node.items);
    else node = deref(Object.hasOwn(node.properties ?? {}, segment) ? node.properties![segment] : typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}

/** ajv's JSON Pointer as keys and array indexes. */
function toPath(pointer: string, data: unknown): FieldPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

/**
 * A field's name as a person reads it: `preparedBy.email`, or `end` of item 3 in `schedule`
 * (items counted from 1, as people count).
 */
export function fieldName(path: FieldPath): string {
  const index = path.findIndex((segment) => typeof segment === 'number');
  if (index === -1) return path.length === 0 ? 'the frontmatter' : `\`${path.join('.')}\``;
  const item = `item ${(path[index] as number) + 1} in \`${path.slice(0, index).join('.')}\``;
  const rest = path.slice(index + 1);
  return rest.length === 0 ? item : `${fieldName(rest)} of ${item}`;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let node = data;
  for (const segment of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a group of fields';
  if (typeof value === 'boolean') return 'true or false';
  if (typeof value === 'number') return 'a number';
  return 'text';
}

function typeWord(type: string): string {
  return ({string: 'text', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`', object: 'a group of fields', array: 'a list', null: 'nothing'} as Record<string, string>)[type] ?? type;
}

function sentence(description: string): string {
  const text = description.replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function list(values: string[], last = 'or'): string {
  const quoted = values.map((value) => `\`${value}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${last} ${quoted.at(-1)}`;
}

/** The allowed value nearest to a typo, when it is near enough to be a likely intent. */
export function closest(value: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = value.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance > 0 && bestDistance <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let previous = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
