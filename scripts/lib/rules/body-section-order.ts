import type {Rule} from '../rule.ts';
import {formAnswers} from '../form.ts';

const rule: Rule = {
  id: 'body-section-order',
  title: 'Sections follow the form\'s order',
  severity: 'warning',
  description:
    'The PCP prints the answers in the form\'s order (III.1 to IV.7) whatever order they are written in, so an answer out of order is only a warning: reviewers reading the Markdown expect the same order as the printed form.',
  examples: [
    {title: 'In order', valid: true, body: '## III.1 Background\n\nText.\n\n## III.2 Problems\n\nText.\n'},
    {title: 'III.2 before III.1', valid: false, body: '## III.2 Problems\n\nText.\n\n## III.1 Background\n\nText.\n', messages: ['Unexpected section `III.1` after `III.2`: the form puts it before']},
  ],
  check({body, report}) {
    const order = new Map(formAnswers().map((answer, i) => [answer.code, i]));
    let last: {code: string; rank: number} | undefined;
    for (const section of body.sections) {
      if (!section.answer) continue;
      const rank = order.get(section.answer.code)!;
      if (last && rank < last.rank) report(rule, `Unexpected section \`${section.answer.code}\` after \`${last.code}\`: the form puts it before`, section.heading.position);
      else last = {code: section.answer.code, rank};
    }
  },
};
export default rule;
