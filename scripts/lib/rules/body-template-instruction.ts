import type {Nodes} from 'mdast';
import {toString} from 'mdast-util-to-string';
import {instructionTexts, normalizeInstruction} from '../form.ts';
import type {Rule} from '../rule.ts';
import {walk} from '../walk.ts';

const rule: Rule = {
  id: 'body-template-instruction',
  title: 'No answer still holds the form\'s instructions',
  severity: 'stage',
  description:
    'The form\'s instructions ("○ Describe what led you to choose the service ...") are there to guide you, and the form asks that they be deleted before submitting. `pcp new` puts them in comments, which are never printed; text of an instruction outside a comment is a warning in a draft and an error from `submitted` on.',
  examples: [
    {title: 'The instruction kept as a comment', valid: true, body: '## III.1 Background\n\n<!-- ○ Describe what led you to choose the service, including need, urgency, etc. -->\n\nForest pests spread fast.\n'},
    {title: 'The instruction left as text', valid: false, body: '## III.1 Background\n\n○ Describe what led you to choose the service, including need, urgency, etc.\n\nForest pests spread fast.\n', messages: ['Unexpected instruction text of the form: delete it and keep only your answer']},
  ],
  check({body, report}) {
    const instructions = instructionTexts();
    const visit = (node: Nodes): boolean => {
      if (node.type !== 'paragraph' && node.type !== 'tableCell' && node.type !== 'heading') return true;
      const text = normalizeInstruction(toString(node));
      if (text && instructions.some((instruction) => text.includes(instruction))) {
        report(rule, 'Unexpected instruction text of the form: delete it and keep only your answer', node.position);
      }
      return false;
    };
    for (const section of body.sections) for (const node of section.content) walk(node, visit);
  },
};
export default rule;
