import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-alias-limit',
  title: 'The frontmatter uses few YAML aliases',
  severity: 'error',
  description:
    'YAML lets a value be named with `&name` and repeated with `*name`. A proposal needs no aliases, and many of them can expand into billions of values (the "billion laughs" attack), so at most 16 aliases are accepted and they may expand to at most 100 copies. Write values out instead.',
  examples: [
    {title: 'The same person written out twice', valid: true},
    {
      title: 'An alias bomb',
      valid: false,
      source: `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${Array(9).fill('*a').join(', ')}]\nc: &c [${Array(9).fill('*b').join(', ')}]\n---\n`,
      messages: ['Unexpected 17th alias: the frontmatter may use at most 16 aliases (`*name`); write the values out'],
    },
  ],
};
export default rule;
