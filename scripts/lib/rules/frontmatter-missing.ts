import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-missing',
  title: 'A proposal starts with its frontmatter',
  severity: 'error',
  description:
    'The first line of `proposal.md` is `---`. The lines after it, up to the next `---` line, are the frontmatter: the form\'s fields (country, ministries, the service, who prepared the report) written as `field: value`. The written answers follow. `pcp new` writes a template to start from.',
  examples: [
    {title: 'Frontmatter first', valid: true},
    {title: 'An empty file', valid: false, source: '', messages: ['Unexpected empty file: start with the frontmatter fields between two `---` lines (run `pcp new` for a template)']},
    {title: 'Answers without frontmatter', valid: false, source: '## III.1 Background\n\nOur ministry ...\n', messages: ['Expected the file to start with a `---` line that opens the frontmatter']},
  ],
};
export default rule;
