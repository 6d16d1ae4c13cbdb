import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-yaml-syntax',
  title: 'The frontmatter is valid YAML',
  severity: 'error',
  description:
    'The frontmatter is YAML: one `field: value` per line, nested fields indented with spaces (never tabs). Text containing `: `, ` #`, or starting with a quote, `*`, `&`, `!`, `[` or `{` must be put in double quotes. The message points at where the YAML stops making sense.',
  examples: [
    {title: 'Text with a colon, quoted', valid: true, frontmatter: 'odaMinistry: "Ministry of Finance: ODA Department"'},
    {title: 'A tab used for indentation', valid: false, source: '---\npcp: 1\nprojectMinistry:\n\tname: Ministry of Digital Affairs\n---\n', messages: ['Unexpected tab character: indent the frontmatter with spaces, not tabs']},
    {title: 'Two colons on one line', valid: false, source: '---\npcp: 1\nodaMinistry: Ministry of Finance: ODA Department\n---\n', messages: ['Unexpected second `:` on one line: put the value in quotes, or start a nested field on a new line']},
  ],
};
export default rule;
