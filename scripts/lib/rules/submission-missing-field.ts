import {formAnswers, requiredFields} from '../form.ts';
import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'submission-missing-field',
  title: 'Every field the form asks for is filled in',
  severity: 'stage',
  description:
    'Section I (the country, the ministry in charge of ODA, the ministry in charge of the project and its contact person), the "This report is prepared by" table, the schedule (IV.6, each activity with its start and end month) and the performance indicators (IV.7, each with at least one annual target) must be filled in. Mobile and fax numbers are optional. A draft may leave fields blank (the warnings list what is left); from `submitted` on, a blank field is an error.',
  examples: [
    {title: 'Everything filled in', valid: true},
    {title: 'The ministry in charge of ODA left blank', valid: false, frontmatter: 'odaMinistry:', messages: ['Missing `odaMinistry` (Ministry in charge of ODA)']},
    {title: 'No schedule', valid: false, frontmatter: 'schedule: []', messages: ['Missing `schedule` (IV.6: 6. Describe the project implementation schedule)']},
    {title: 'An activity without its months', valid: false, frontmatter: 'schedule:\n  - activity: Information Strategy Plan', messages: ['Missing `start` of item 1 in `schedule` (the first and last month, as YYYY-MM)', 'Missing `end` of item 1 in `schedule` (the first and last month, as YYYY-MM)']},
  ],
  check({data, report, placeOf}) {
    // undefined: not filled in; null: a field above it is not a group of fields (a schema error says so).
    const value = (path: string) =>
      path.split('.').reduce<unknown>((node, key) => (node === undefined || node === null ? node : typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : null), data);
    for (const field of requiredFields()) {
      if (value(field.field) === undefined) {
        report(rule, `Missing \`${field.field}\` (${field.label})`, placeOf(field.field.split('.'), 'key'));
      }
    }
    for (const answer of formAnswers()) {
      if (!answer.field || !answer.required) continue;
      const items = value(answer.field);
      if (items === undefined || (Array.isArray(items) && items.length === 0)) {
        report(rule, `Missing \`${answer.field}\` (${answer.code}: ${answer.heading})`, placeOf([answer.field], 'key'));
      }
    }
    const each = (list: string, wanted: string[], what: string) => {
      const items = data[list];
      if (!Array.isArray(items)) return;
      items.forEach((item: unknown, index) => {
        if (!item || typeof item !== 'object') return;
        for (const key of wanted) {
          const value = (item as Record<string, unknown>)[key];
          const empty = value === undefined || (key === 'targets' && value !== null && typeof value === 'object' && Object.keys(value).length === 0);
          if (empty) report(rule, `Missing \`${key}\` of item ${index + 1} in \`${list}\` (${what})`, placeOf([list, index], 'value'));
        }
      });
    };
    each('schedule', ['start', 'end'], 'the first and last month, as YYYY-MM');
    each('indicators', ['targets'], 'the goal for each year, such as "2026": 30');
  },
};
export default rule;
