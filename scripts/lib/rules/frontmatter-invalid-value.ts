import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-invalid-value',
  title: 'Each field has a value of the right kind',
  severity: 'error',
  description:
    'Text fields take text, `service` one whole number, `confirmation` `true` or `false`; e-mail addresses, telephone numbers, dates (YYYY-MM-DD) and months (YYYY-MM) have their forms; `status` and attachment types come from fixed lists. Numbers meant as text, such as a telephone number, go in quotes. The message never repeats what you wrote in a personal field.',
  examples: [
    {title: 'Values of the right kinds', valid: true},
    {title: 'A misspelt stage', valid: false, frontmatter: 'status: submited', messages: ['Unexpected `submited` for `status`, expected `draft`, `submitted`, `clarification-requested`, `under-review`, `shortlisted`, `pre-feasibility`, `approved`, `not-selected` or `withdrawn`: did you mean `submitted`?']},
    {title: 'Two services', valid: false, frontmatter: 'service: [12, 13]', messages: ['Expected a whole number for `service`, found a list: a proposal proposes exactly one service']},
    {title: 'A date written the way the printed form shows it', valid: false, frontmatter: 'signatures:\n  preparer:\n    name: Aroha Kinsale\n    date: 31/10/2024', messages: ['Expected `signatures.preparer.date` to be a date as YYYY-MM-DD, such as 2024-10-31']},
    {title: 'A control character written as a YAML escape', valid: false, frontmatter: 'country: "Aurelia\\x07"', messages: ['Unexpected control character or broken character in `country`: remove it']},
    {title: 'A hidden right-to-left override in a name', valid: false, frontmatter: 'country: "Aurelia \\u202Eaidni"', messages: ['Unexpected invisible text-direction character in `country`: it can make the text show in another order than it is written; remove it']},
    {title: 'A telephone number without quotes', valid: false, frontmatter: 'preparedBy:\n  name: Aroha Kinsale\n  telephone: 9992155501', messages: ['Expected text for `preparedBy.telephone`, found a number: put it in quotes']},
  ],
};
export default rule;
