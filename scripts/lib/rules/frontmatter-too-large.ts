import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-too-large',
  title: 'The frontmatter is at most 64 KB',
  severity: 'error',
  description:
    'The frontmatter holds short fields (names, numbers, dates), about 2 KB in a full proposal. Long text belongs in the answers below it. A frontmatter larger than 64 KB is refused unread.',
  examples: [
    {title: 'Ordinary frontmatter', valid: true},
    {title: 'A 100 KB field', valid: false, source: `---\npcp: 1\nnote: "${'x'.repeat(100 * 1024)}"\n---\n`, messages: ['Unexpected frontmatter of 101 KB, expected at most 64 KB: answers belong in the body, not the frontmatter']},
  ],
};
export default rule;
