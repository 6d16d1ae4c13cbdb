import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-unknown-field',
  title: 'The frontmatter has only the form\'s fields',
  severity: 'error',
  description:
    'Field names are fixed (they are listed in the template that `pcp new` writes), and a misspelt one would silently leave the real field empty. The message suggests the field you probably meant.',
  examples: [
    {title: 'Known fields only', valid: true},
    {title: 'A misspelt field', valid: false, frontmatter: 'preparedBy:\n  name: Aroha Kinsale\n  telefone: "+999 21 555 0100"', messages: ['Unexpected field `telefone` in `preparedBy`: did you mean `telephone`?']},
  ],
};
export default rule;
