import {quoted, type Rule} from '../rule.ts';

const rule: Rule = {
  id: 'attachment-missing',
  title: 'Every attachment listed is there',
  severity: 'error',
  description:
    'An attachment listed in the frontmatter must be committed with the proposal at that path (names are case-sensitive). Add the file, or remove the entry until you have it.',
  examples: [
    {title: 'The letter is there', valid: true},
    {title: 'The letter was not added', valid: false, frontmatter: 'attachments:\n  - {type: organization-letter, file: letters/letter.pdf}\n  - {type: oda-ministry-letter, file: letters/oda-ministry-letter.pdf}', messages: ['Missing file `letters/letter.pdf` (item 1 in `attachments`) in the proposal\'s folder']},
  ],
  check({attachments, report, placeOf}) {
    for (const entry of attachments) {
      if (entry.state === 'missing') {
        report(rule, `Missing file ${quoted(entry.file)} (item ${entry.index + 1} in \`attachments\`) in the proposal's folder`, placeOf(['attachments', entry.index, 'file']));
      }
    }
  },
};
export default rule;
