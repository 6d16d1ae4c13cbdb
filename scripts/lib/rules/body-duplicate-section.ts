import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-duplicate-section',
  title: 'Each section is answered once',
  severity: 'error',
  description:
    'Each section code heads one answer. When a code appears twice, merge the two parts into one section (use `### ` sub-headings inside it if it helps).',
  examples: [
    {title: 'Each code once', valid: true, body: '## III.1 Background\n\nText.\n\n## III.2 Problems\n\nText.\n'},
    {title: 'III.1 twice', valid: false, body: '## III.1 Background\n\nText.\n\n## III.1 More background\n\nText.\n', messages: ['Unexpected second section `III.1`: write each answer once, under one heading']},
  ],
  check({body, report}) {
    const seen = new Set<string>();
    for (const section of body.sections) {
      if (!section.answer) continue;
      if (seen.has(section.answer.code)) report(rule, `Unexpected second section \`${section.answer.code}\`: write each answer once, under one heading`, section.heading.position);
      seen.add(section.answer.code);
    }
  },
};
export default rule;
