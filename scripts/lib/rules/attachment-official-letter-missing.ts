import type {Rule} from '../rule.ts';

const letters: Array<[string, string]> = [
  ['organization-letter', 'the official letter from your organization, with an authorized signature and seal'],
  ['oda-ministry-letter', 'the official letter from the Ministry in charge of ODA'],
];

const rule: Rule = {
  id: 'attachment-official-letter-missing',
  title: 'Both official letters are attached',
  severity: 'warning',
  description:
    'The call asks for three documents: the PCP, an official letter from your organization, and an official letter from the Ministry in charge of ODA. A proposal without one of the letters is not rejected, but "you will be disadvantaged in the evaluation", so a missing letter is a warning at every stage. Attach each as `{type: organization-letter, file: ...}` or `{type: oda-ministry-letter, file: ...}`.',
  examples: [
    {title: 'Both letters', valid: true},
    {title: 'The ODA ministry\'s letter is not attached yet', valid: false, frontmatter: 'attachments:\n  - {type: organization-letter, file: letters/organization-letter.pdf}', messages: ['Missing attachment of type `oda-ministry-letter`: the official letter from the Ministry in charge of ODA (without it, the proposal is disadvantaged in the evaluation)']},
  ],
  check(context) {
    if (context.data.attachments !== undefined && !Array.isArray(context.data.attachments)) return;
    const types = new Set(context.attachments.map((entry) => entry.type));
    const place = Array.isArray(context.data.attachments) ? context.placeOf(['attachments'], 'key') : context.frontmatter.start;
    for (const [type, what] of letters) {
      if (!types.has(type)) context.report(rule, `Missing attachment of type \`${type}\`: ${what} (without it, the proposal is disadvantaged in the evaluation)`, place);
    }
  },
};
export default rule;
