import type {Rule} from '../rule.ts';
import {loadForm} from '../form.ts';

const rule: Rule = {
  id: 'body-unknown-section',
  title: 'Each answer\'s heading starts with a section code of the form',
  severity: 'error',
  description:
    'Answers are `## ` headings that start with the form\'s section code, `III.1` to `III.4` and `IV.1` to `IV.7`, followed by a title of your choice: `## III.1 Background and need`. The code says which question of the form the answer belongs to, and the PCP prints the form\'s official heading for it. Use `### ` for headings inside an answer.',
  examples: [
    {title: 'Coded headings, a sub-heading inside', valid: true, body: '## III.1 Background and need\n\nForest pests spread fast.\n\n### Why now\n\nTwo outbreaks in 2024.\n'},
    {title: 'A heading without a code', valid: false, body: '## Background\n\nForest pests spread fast.\n', messages: ['Expected a section code such as `III.1` at the start of this heading']},
    {title: 'A code the form does not have', valid: false, body: '## IV.8 Budget\n\nThe budget is ...\n', messages: ['Unexpected section `IV.8`: the form\'s answers are III.1 to III.4 and IV.1 to IV.7']},
    {title: 'A code pasted with full-width characters', valid: true, body: '## ＩＩＩ．１ Background\n\nForest pests spread fast.\n'},
    {title: 'A non-breaking space after ##', valid: false, body: '## III.1 Background\n\nText.\n\n##\u00a0III.2 Problems\n\nText.\n', messages: ['Unexpected non-breaking space after `#`: type an ordinary space, or this line is not a heading']},
    {title: 'A top-level heading', valid: false, body: '# Our proposal\n\n## III.1 Background\n\nForest pests spread fast.\n', messages: ['Unexpected top-level heading: start each answer with `## ` and its section code']},
  ],
  check({body, source, report}) {
    // `##` followed by a non-breaking or other unusual space (pasted from a word processor) is
    // not a heading at all: say so, or the answer silently joins the section above it.
    for (const node of source.tree?.children ?? []) {
      if (node.type !== 'paragraph' || node.children[0]?.type !== 'text') continue;
      if (/^#{1,6}[\u00a0\u2000-\u200b\u202f\u205f\u3000]/.test(node.children[0].value)) {
        report(rule, 'Unexpected non-breaking space after `#`: type an ordinary space, or this line is not a heading', node.position);
      }
    }
    const range = loadForm().sections.map((part) => `${part.answers[0]!.code} to ${part.answers.at(-1)!.code}`).join(' and ');
    for (const section of body.sections) {
      const place = section.heading.position;
      if (section.heading.depth === 1) report(rule, 'Unexpected top-level heading: start each answer with `## ` and its section code', place);
      else if (!section.code) report(rule, 'Expected a section code such as `III.1` at the start of this heading', place);
      else if (!section.answer) report(rule, `Unexpected section \`${section.code}\`: the form's answers are ${range}`, place);
    }
  },
};
export default rule;
