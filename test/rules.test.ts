/**
 * Every rule's documented examples, run through the whole check (remark-lint's way): a valid
 * example gives no message of its rule; an invalid one gives exactly the documented reasons.
 */
import {readdirSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {runExample} from '../scripts/lib/rule-examples.ts';
import {rules} from '../scripts/lib/rules/index.ts';

describe('rule objects', () => {
  it('lists every rule file once, with its file name as id', () => {
    const files = readdirSync(new URL('../scripts/lib/rules/', import.meta.url)).filter((name) => name !== 'index.ts').map((name) => name.replace(/\.ts$/, '')).sort();
    expect(rules.map((rule) => rule.id).sort()).toEqual(files);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s has a family prefix, a title, a description and examples of both kinds', (id, rule) => {
    expect(id).toMatch(/^(file|frontmatter|catalog|body|attachment|submission|render)-[a-z]+(-[a-z]+)*$/);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.description.length).toBeGreaterThan(40);
    // Reported outside the check (a checker fault; the renderer): tested where they arise.
    if (id === 'file-cannot-process' || id.startsWith('render-')) return;
    expect(rule.examples.some((example) => example.valid)).toBe(true);
    expect(rule.examples.some((example) => !example.valid)).toBe(true);
  });
});

const examples = rules.flatMap((rule) => rule.examples.map((example) => [rule.id, example.title, rule, example] as const));

describe('rule examples', () => {
  it.each(examples)('%s: %s', async (id, _title, rule, example) => {
    const file = await runExample(example);
    const own = file.messages.filter((message) => message.ruleId === id);
    if (example.valid) {
      expect(own.map((message) => message.reason)).toEqual([]);
    } else {
      expect(own.map((message) => message.reason)).toEqual(example.messages);
      for (const message of own) {
        expect(message.url).toBe(`https://pcp.invalid/checks/${id}/`);
        expect(message.line).toBeGreaterThan(0);
        expect(message.fatal).toBe(rule.severity === 'error' || rule.severity === 'stage');
      }
    }
  });

  it('the base example passes every rule', async () => {
    const file = await runExample({title: 'base', valid: true});
    expect(file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([]);
  });
});
