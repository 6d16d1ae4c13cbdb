import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-missing-field',
  title: 'The frontmatter has the fields every proposal needs',
  severity: 'error',
  description:
    'Even a draft says which format (`pcp: 1`), call (`call: dps-2026`), stage (`status`) and service (`service`) it is. Each item of `schedule` needs its `activity`, each item of `indicators` its `name`, and each attachment its `type` and `file`. The form\'s other fields may stay blank in a draft (rule submission-missing-field says what is still to fill in).',
  examples: [
    {title: 'The four fields present', valid: true},
    {title: 'No service chosen', valid: false, frontmatter: 'service:', messages: ['Missing `service`: section II: the number of the one service proposed, from the call\'s catalog (catalog/services/)']},
    {title: 'An attachment without its file', valid: false, frontmatter: 'attachments:\n  - type: organization-letter', messages: ['Missing `file` of item 1 in `attachments`: path of the file inside this proposal\'s folder, such as letters/organization-letter.pdf']},
  ],
};
export default rule;
