import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'attachment-outside-folder',
  title: 'Attachments are files inside the proposal\'s folder',
  severity: 'error',
  description:
    'Each attachment\'s `file` is a path relative to `proposal.md` that stays inside its folder, such as `letters/organization-letter.pdf`. Web addresses, absolute paths, `..` and links leading outside are refused: a proposal can only hand in its own files.',
  examples: [
    {title: 'A letter in letters/', valid: true},
    {title: 'A path that climbs out', valid: false, frontmatter: 'attachments:\n  - {type: other, file: ../../etc/passwd}', messages: ['Unexpected path for `file` of item 1 in `attachments`: it leaves the proposal\'s folder; put the file inside it']},
    {title: 'A percent-encoded climb out', valid: false, frontmatter: 'attachments:\n  - {type: other, file: "%2e%2e/%2e%2e/etc/passwd"}', messages: ['Unexpected path for `file` of item 1 in `attachments`: it leaves the proposal\'s folder; put the file inside it']},
    {title: 'An absolute path', valid: false, frontmatter: 'attachments:\n  - {type: other, file: /etc/passwd}', messages: ['Unexpected absolute path for `file` of item 1 in `attachments`: write the path relative to proposal.md']},
    {title: 'A web address', valid: false, frontmatter: 'attachments:\n  - {type: other, file: "https://example.org/letter.pdf"}', messages: ['Unexpected web address for `file` of item 1 in `attachments`: add the file to the proposal\'s folder']},
  ],
  check({attachments, report, placeOf}) {
    for (const entry of attachments) {
      const where = `\`file\` of item ${entry.index + 1} in \`attachments\``;
      const place = placeOf(['attachments', entry.index, 'file']);
      const resolved = entry.reference;
      if (resolved.kind === 'remote') report(rule, `Unexpected web address for ${where}: add the file to the proposal's folder`, place);
      else if (resolved.kind === 'absolute') report(rule, `Unexpected absolute path for ${where}: write the path relative to proposal.md`, place);
      else if (resolved.kind === 'parent') report(rule, `Unexpected path for ${where}: it leaves the proposal's folder; put the file inside it`, place);
      else if (resolved.kind === 'backslash') report(rule, `Unexpected \`\\\` in ${where}: separate folders with \`/\``, place);
      else if (entry.state === 'escapes') report(rule, `Unexpected link for ${where}: it leads outside the proposal's folder; copy the file into the folder`, place);
    }
  },
};
export default rule;
