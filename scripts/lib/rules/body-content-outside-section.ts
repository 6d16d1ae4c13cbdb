import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-content-outside-section',
  title: 'All text stands under a section',
  severity: 'warning',
  description:
    'The PCP prints answers under the form\'s headings. Text between the frontmatter and the first `## ` heading belongs to no question and is not printed. Move it into a section, or into a comment (`<!-- ... -->`) if it is a note to yourself.',
  examples: [
    {title: 'A comment before the first section', valid: true, body: '<!-- Notes for the team -->\n\n## III.1 Background\n\nText.\n'},
    {title: 'A paragraph before the first section', valid: false, body: 'This proposal was prepared with the ministry.\n\n## III.1 Background\n\nText.\n', messages: ['Unexpected text before the first section: it is not printed; move it under a `## ` section']},
  ],
  check({body, report}) {
    const first = body.preamble[0];
    if (first) report(rule, 'Unexpected text before the first section: it is not printed; move it under a `## ` section', first.position);
  },
};
export default rule;
