import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-unclosed',
  title: 'The frontmatter ends with a `---` line',
  severity: 'error',
  description:
    'The frontmatter runs from the first `---` line to the next line that holds only `---`. Without the closing line the whole file would be read as frontmatter, so nothing else can be checked.',
  examples: [
    {title: 'Closed frontmatter', valid: true},
    {title: 'Closed with `...`', valid: false, source: '---\npcp: 1\nstatus: draft\n...\n\n## III.1 Background\n', messages: ['Expected a `---` line that closes the frontmatter opened here (a `...` line does not close it here)']},
    {title: 'The closing line is missing', valid: false, source: '---\npcp: 1\nstatus: draft\n\n## III.1 Background\n', messages: ['Expected a `---` line that closes the frontmatter opened here']},
  ],
};
export default rule;
