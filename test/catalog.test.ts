/** The catalog and the form definition against the call's own text (catalog/call-for-proposals-and-pcp-form.txt). */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {formAnswers, loadForm} from '../scripts/lib/form.ts';

const seed = readFileSync(new URL('../catalog/call-for-proposals-and-pcp-form.txt', import.meta.url), 'utf8');
/** The seed with table cells and line breaks folded to single spaces, as a reader sees it. */
const flat = seed.replace(/\s+/g, ' ');
const catalog = await loadCatalog();

describe('catalog', () => {
  it('loads without a message', () => {
    expect(catalog.files.flatMap((file) => file.messages.map((message) => `${file.path}: ${message.reason}`))).toEqual([]);
  });

  it('has the call\'s 21 services, numbered 1 to 21', () => {
    expect(catalog.services.map((service) => service.number)).toEqual(Array.from({length: 21}, (_, i) => i + 1));
  });

  it.each(catalog.services.map((service) => [service.number, service] as const))('service %i is the seed\'s row, verbatim', (number, service) => {
    const row = new RegExp(`\\n\\t${number}\\n\\t☐\\s*\\n\\t([^\\n]+)\\n(?:\\n)?\\t([^\\t]+)\\t([^\\t]+)\\t([^\\n]+)`).exec(seed);
    expect(row, `row ${number}`).not.toBeNull();
    const [, title, domain, tech, details] = row!;
    expect(service.title).toBe(title!.trim());
    expect(service.domain).toEqual(domain!.split(/[,\n]/).map((part) => part.trim()).filter(Boolean));
    expect(service.tech).toEqual(tech!.split(/[,\n]/).map((part) => part.trim()).filter(Boolean));
    expect(service.summary).toBe(details!.trim());
    expect(service.body).toContain(service.summary);
  });

  it('states the call\'s deadline, documents and contact as the seed does', () => {
    const call = catalog.call!;
    expect(call.id).toBe('dps-2026');
    expect(call.contact).toBe('dps@nia.or.kr');
    expect(call.deadline).toBe('2024-10-31');
    expect(flat).toContain('by October 31st, 2024');
    expect(call.categories.map((category) => category.title)).toEqual(['Improving Administrative Efficiency', 'Improving Citizen’s Convenience', 'Citizen Safety', 'Promoting New Technologies']);
    for (const category of call.categories) expect(flat).toContain(category.description);
    for (const technology of call.technologies) expect(seed).toContain(`\t${technology}\n`);
    expect(call.phases.map((phase) => phase.id)).toEqual(['isp', 'pilot', 'governance', 'training']);
    for (const phase of call.phases) for (const sentence of phase.description.split(/(?<=\.) /)) expect(flat).toContain(sentence);
    for (const step of call.timeline) expect(flat).toContain(step.description);
    expect(call.requiredDocuments.map((document) => document.id)).toEqual(['pcp', 'organization-letter', 'oda-ministry-letter']);
    expect(flat).toContain(call.objective);
  });
});

describe('form definition', () => {
  const form = loadForm();
  it('has the form\'s answers III.1 to III.4 and IV.1 to IV.7, IV.4 optional', () => {
    expect(formAnswers().map((answer) => answer.code)).toEqual(['III.1', 'III.2', 'III.3', 'III.4', 'IV.1', 'IV.2', 'IV.3', 'IV.4', 'IV.5', 'IV.6', 'IV.7']);
    expect(formAnswers().filter((answer) => !answer.required).map((answer) => answer.code)).toEqual(['IV.4']);
  });

  it('uses the form\'s headings, prompts, labels and instructions verbatim', () => {
    const texts = [
      form.title, form.subtitle, form.instruction, form.service.instruction, form.overview.table, form.overview.group.label, form.preparedBy.label, form.confirmation.text,
      form.overview.heading, form.service.heading, ...form.sections.map((section) => section.heading.replace('Section IV.', 'Section Ⅳ.')),
      ...formAnswers().flatMap((answer) => [answer.heading, ...answer.prompts]),
      ...[...form.overview.fields, ...form.overview.group.fields].flatMap((field) => [field.label, field.prompt ?? '', field.example ?? '']),
      ...form.preparedBy.fields.map((field) => field.label),
      ...form.signatures.flatMap((block) => block.lines.map((line) => line.label)),
    ];
    const missing = texts.filter((text) => text && !flat.includes(text.replace(/\s+/g, ' ')) && !flat.replace(/ (?=\S)/g, ' ').includes(text));
    expect(missing).toEqual([]);
  });
});
