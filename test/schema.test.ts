/**
 * The schemas as data-driven spec tests (ajv's way): each case in test/schema/<name>.cases.json
 * is `{description, data, valid}`. Also: the schemas agree with the status vocabulary and the
 * catalog file, every property is described, and the generated types are current.
 */
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {generateTypes, generatedTypesPath} from '../scripts/generate-types.ts';
import {loadStatusVocabulary} from '../scripts/lib/form.ts';
import {loadSchema, validatorFor, type SchemaName} from '../scripts/lib/schema.ts';

interface Case {
  description: string;
  data: unknown;
  valid: boolean;
}

describe.each(['proposal', 'service'] as SchemaName[])('%s schema', (name) => {
  const cases = JSON.parse(readFileSync(new URL(`./schema/${name}.cases.json`, import.meta.url), 'utf8')) as Case[];
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, testCase) => {
    const validate = validatorFor(name);
    expect(validate(testCase.data), JSON.stringify(validate.errors)).toBe(testCase.valid);
  });
});

describe('call schema', () => {
  it('accepts catalog/call.yaml', () => {
    const call = parse(readFileSync(new URL('../catalog/call.yaml', import.meta.url), 'utf8'));
    const validate = validatorFor('call');
    expect(validate(call), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['id', 'deadline', 'announcement', 'suppressionThreshold', 'requiredDocuments', 'timeline'])('requires %s', (field) => {
    const call = parse(readFileSync(new URL('../catalog/call.yaml', import.meta.url), 'utf8'));
    delete call[field];
    expect(validatorFor('call')(call)).toBe(false);
  });
});

describe('schemas and vocabulary', () => {
  it('has one case per stage and per attachment type', () => {
    const cases = JSON.parse(readFileSync(new URL('./schema/proposal.cases.json', import.meta.url), 'utf8')) as Case[];
    for (const stage of loadStatusVocabulary().stages) expect(cases.some((c) => c.description === `status ${stage.id}` && c.valid)).toBe(true);
    for (const field of (loadSchema('proposal') as {required: string[]}).required) expect(cases.some((c) => c.description === `without ${field}` && !c.valid)).toBe(true);
  });

  it('lists the stages of schema/status.yaml as the proposal schema\'s status enum, in order', () => {
    const schema = loadSchema('proposal') as {properties: {status: {enum: string[]}}};
    expect(schema.properties.status.enum).toEqual(loadStatusVocabulary().stages.map((stage) => stage.id));
  });

  it('has transitions between known stages only, and only consultant moves into draft, submitted and withdrawn', () => {
    const vocabulary = loadStatusVocabulary();
    const ids = new Set(vocabulary.stages.map((stage) => stage.id));
    for (const t of vocabulary.transitions) {
      expect(ids.has(t.from) && ids.has(t.to), `${t.from} -> ${t.to}`).toBe(true);
      expect(t.by).toBe(['submitted', 'withdrawn'].includes(t.to) ? 'consultant' : 'reviewer');
    }
    expect(vocabulary.initial.map((entry) => entry.to)).toEqual(['draft', 'submitted']);
  });

  it.each(['proposal', 'service', 'call'] as SchemaName[])('describes every property of the %s schema', (name) => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (path && !('description' in schema) && !path.endsWith('/enum') && !path.endsWith('/required') && !path.endsWith('/type')) missing.push(path);
      for (const key of ['properties', '$defs']) {
        for (const [child, value] of Object.entries((schema[key] as Record<string, unknown>) ?? {})) visit(value, `${path}/${key}/${child}`);
      }
      for (const key of ['items', 'additionalProperties', 'propertyNames']) if (typeof schema[key] === 'object') visit(schema[key], `${path}/${key}`);
    };
    visit(loadSchema(name), '');
    expect(missing).toEqual([]);
  });

  it('keeps the generated TypeScript types in step with the schemas (run `npm run generate`)', async () => {
    expect(await readFile(generatedTypesPath, 'utf8')).toBe(await generateTypes());
  });
});
