import type {Rule} from '../rule.ts';
import {isInvisible} from '../sections.ts';

const rule: Rule = {
  id: 'body-empty-section',
  title: 'Every section holds an answer',
  severity: 'stage',
  description:
    'A section with only its heading (or only comments, which are not printed) has no answer yet. In a draft that is a warning; from `submitted` on an error. Delete an optional section you do not answer (IV.4).',
  examples: [
    {title: 'A section with text', valid: true, body: '## III.1 Background\n\nForest pests spread fast.\n'},
    {title: 'A heading with only a comment under it', valid: false, body: '## III.1 Background\n\n<!-- write here -->\n\n## III.2 Problems\n\nText.\n', messages: ['Expected an answer under section `III.1`']},
  ],
  check({body, report}) {
    for (const section of body.sections) {
      if (!section.answer) continue;
      if (section.content.every(isInvisible)) report(rule, `Expected an answer under section \`${section.answer.code}\``, section.heading.position);
    }
  },
};
export default rule;
