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
    {title: 'A YAML tag', valid: false, source: '---\npcp: 1\ncountry: !!binary QXVyZWxpYQ==\n---\n', messages: ['Unexpected YAML tag (`!`, `!!`): remove it and write the plain value']},
    {title: 'An alias to nothing', valid: false, source: '---\npcp: 1\nposition: *Director\n---\n', messages: ['Unexpected `*`: an alias must name an anchor; put text starting with `*` in quotes']},
    {title: 'Text starting with a bracket, unquoted', valid: false, source: '---\npcp: 1\nodaMinistry: [Ministry of Finance] ODA Department\ncountry: Republic of Aurelia\n---\n', messages: ['Unexpected character: put text with special characters (`:`, `#`, `@`, quotes) in quotes']},
    {title: 'A closed bracket with text right after it', valid: false, source: '---\npcp: 1\nodaMinistry: [Ministry]ODA\ncountry: Republic of Aurelia\n---\n', messages: ['Unexpected character: put text with special characters (`:`, `#`, `@`, quotes) in quotes']},
    {title: 'A bracket that is never closed', valid: false, source: '---\npcp: 1\nodaMinistry: [Ministry of Finance\ncountry: Republic of Aurelia\n---\n', messages: ['Expected a `]` to close the list that opens here, as in `[first, second]`; if this is text, not a list, put it in double quotes']},
    {title: 'Two colons on one line', valid: false, source: '---\npcp: 1\nodaMinistry: Ministry of Finance: ODA Department\n---\n', messages: ['Unexpected `:` here: check this line\'s indentation, or put the value in quotes']},
  ],
};
export default rule;
