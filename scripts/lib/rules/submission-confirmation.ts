import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'submission-confirmation',
  title: 'The confirmation box is ticked',
  severity: 'stage',
  description:
    'The form ends with a box: "I confirm that I thoroughly read and understand the project overview, and the information given in this concept paper is true, complete, and accurate." Tick it with `confirmation: true` when the proposal is ready; it is required from `submitted` on.',
  examples: [
    {title: 'Confirmed', valid: true, frontmatter: 'confirmation: true'},
    {title: 'Not yet confirmed', valid: false, frontmatter: 'confirmation: false', messages: ['Expected `confirmation: true`: confirm that you read the project overview and that the information is true, complete and accurate']},
  ],
  check({data, report, placeOf}) {
    if (data.confirmation === true) return;
    if (data.confirmation !== undefined && typeof data.confirmation !== 'boolean') return;
    report(rule, 'Expected `confirmation: true`: confirm that you read the project overview and that the information is true, complete and accurate', placeOf(['confirmation']));
  },
};
export default rule;
