import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-nesting-limit',
  title: 'The frontmatter nests at most 16 levels deep',
  severity: 'error',
  description:
    'The deepest field of a proposal is four levels down (`projectMinistry`, `contact`, `email`). Deeper nesting is a mistake or an attempt to exhaust the checker, and is refused.',
  examples: [
    {title: 'The form\'s own nesting', valid: true},
    {title: 'Deep nesting after an apostrophe in plain text', valid: false, source: `---\npcp: 1\ncountry: People's Republic of Aurelia\nnote: ${'['.repeat(40)}${']'.repeat(40)}\n---\n`, messages: ['Unexpected nesting deeper than 16 levels in the frontmatter']},
    {title: 'Lists nested 40 deep', valid: false, source: `---\npcp: 1\nnote: ${'['.repeat(40)}${']'.repeat(40)}\n---\n`, messages: ['Unexpected nesting deeper than 16 levels in the frontmatter']},
  ],
};
export default rule;
