/**
 * The template `pcp new` writes: every field of the form with its instruction as a comment, and
 * every answer's heading with the form's prompts in a comment, so the file teaches as it is
 * filled in. Comments are never printed, so a consultant need not delete them.
 */
import {stringify} from 'yaml';
import type {CatalogService} from './catalog.ts';
import type {Call} from './generated/schema-types.ts';
import {loadForm, type FormField} from './form.ts';

/**
 * A slug for a new proposal: the service's first words and a random suffix. Never the country:
 * the slug names the folder, the rendered files and every diagnostic line, and an application
 * is confidential.
 */
export function slugFor(service: CatalogService, random: () => number = Math.random): string {
  const words = service.slug.split('-').slice(0, 4).join('-');
  const suffix = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${words}-${suffix}`;
}

const generic = new Set(['republic', 'kingdom', 'state', 'states', 'federal', 'federated', 'federation', 'democratic', 'people', 'peoples', 'united', 'islands', 'isles', 'island', 'union', 'commonwealth', 'socialist', 'islamic', 'arab', 'plurinational', 'principality', 'grand', 'duchy', 'sultanate', 'emirates', 'highland', 'the', 'and']);

/** The distinctive words of a country's name in Latin letters ("Republic of Aurelia" -> aurelia). */
export function countryWords(country: string): string[] {
  return country
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 4 && !generic.has(word));
}

const quote = (value: string) => stringify(value, {defaultStringType: 'QUOTE_DOUBLE', lineWidth: 0}).trim();

/** The text of a new proposal.md for `country` proposing `service`. */
export function proposalTemplate({country, service, call}: {country: string; service: CatalogService; call: Call}): string {
  const form = loadForm();
  const field = (entry: FormField, indent: string, value = '') => {
    const key = entry.field.split('.').at(-1)!;
    const hint = [entry.label, entry.prompt, entry.example].filter(Boolean).join(': ').replace(/: \(/, ' (');
    const optional = entry.required ? '' : ' (optional)';
    return `${indent}${key}:${value ? ` ${value}` : ''}  # ${hint}${optional}`;
  };
  const fields = (list: FormField[], indent: string) => list.map((entry) => field(entry, indent)).join('\n');
  const [country0, oda] = form.overview.fields;
  const [ministry, ...contact] = form.overview.group.fields;
  const lines = [
    '---',
    `# ${form.title} ${form.subtitle}.`,
    '# Fill in each field after its colon. A blank field counts as "not filled in yet": fine while',
    '# `status` is draft. Put text that contains a colon (:) or a hash (#), and telephone numbers,',
    '# in "double quotes". Run `npx pcp check` to see what is still missing. Lines starting with #',
    '# are notes: they are never printed, and you may leave them.',
    'pcp: 1',
    `call: ${call.id}`,
    '# draft while you write; submitted when every section is answered and both signatures are filled in.',
    'status: draft',
    '',
    `# ${form.overview.heading}: ${form.overview.table}`,
    field(country0!, '', quote(country)),
    field(oda!, ''),
    `projectMinistry:  # ${form.overview.group.label}`,
    field(ministry!, '  '),
    '  contact:',
    fields(contact, '    '),
    '',
    `# ${form.service.heading}: the number of the one service you propose (the catalog lists 1 to 21).`,
    `service: ${service.number}  # ${service.title}`,
    '',
    `# ${form.preparedBy.label}`,
    'preparedBy:',
    fields(form.preparedBy.fields, '  '),
    '',
    '# IV.6 The project implementation schedule: one item per activity, months as YYYY-MM.',
    'schedule: []',
    '# schedule:',
    '#   - activity: Information Strategy Plan (ISP)',
    `#     start: ${call.period.start}-01`,
    `#     end: ${call.period.start}-04`,
    '',
    '# IV.7 Performance indicators with annual goals.',
    'indicators: []',
    '# indicators:',
    '#   - name: Share of requests handled online',
    '#     unit: "%"',
    '#     baseline: 10',
    '#     targets:',
    ...Array.from({length: call.period.end - call.period.start + 1}, (_, i) => `#       "${call.period.start + i}": ${(i + 1) * 30}`),
    '',
    `# ${form.confirmation.text}`,
    'confirmation: false  # true when the proposal is ready',
    '',
    '# Who signs the printed form. Dates as YYYY-MM-DD; the PCP prints them DD/MM/YYYY.',
    'signatures:',
    '  preparer:',
    '    name:  # Name of the signee',
    '    date:',
    '  representative:',
    '    name:  # Name of the person representing the ministry',
    '    position:',
    '    ministry:',
    '    date:',
    '',
    '# Files in this folder. The call asks for two official letters (a missing one is a disadvantage',
    '# in the evaluation): the letter of your organization, with an authorized signature and seal, and',
    '# the letter of the Ministry in charge of ODA. PDF, PNG or JPEG.',
    'attachments: []',
    '# attachments:',
    '#   - {type: organization-letter, file: letters/organization-letter.pdf}',
    '#   - {type: oda-ministry-letter, file: letters/oda-ministry-letter.pdf}',
    '#   - {type: diagram, file: diagram.png, title: Conceptual diagram of the target service}',
    '---',
    '',
    '<!--',
    `${form.instruction}`,
    'Write each answer under its heading. Keep the section code (III.1 ...) at the start of each',
    'heading; the title after it is yours. Use ### for headings inside an answer. Images (PNG, JPEG',
    'or SVG) go in this folder: ![Conceptual diagram](diagram.png).',
    '-->',
    '',
  ];
  for (const section of form.sections) {
    for (const answer of section.answers) {
      const title = answer.heading.replace(/^\d+\.\s*/, '').replace(/\.$/, '');
      lines.push(`## ${answer.code} ${title}`, '', '<!--', `${section.heading}`, answer.heading, ...answer.prompts);
      if (!answer.required) lines.push('This section is optional: delete it if it does not apply.');
      lines.push('-->', '');
    }
  }
  return lines.join('\n');
}
