import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-duplicate-key',
  title: 'Each field appears once',
  severity: 'error',
  description:
    'When a field is written twice, it is unclear which value counts (YAML readers disagree), so the file is refused. Delete one of the two.',
  examples: [
    {title: 'Each field once', valid: true},
    {title: '`status` written twice', valid: false, source: '---\npcp: 1\nstatus: draft\nstatus: submitted\n---\n', messages: ['Unexpected second `status` field: each field may appear only once']},
  ],
};
export default rule;
