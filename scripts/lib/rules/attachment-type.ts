import {contentProblem, extensionOf} from '../local-file.ts';
import {quoted, type Rule} from '../rule.ts';

/** The file formats each kind of attachment may have. */
export const acceptedFormats: Record<string, string[]> = {
  'organization-letter': ['.pdf', '.png', '.jpg', '.jpeg'],
  'oda-ministry-letter': ['.pdf', '.png', '.jpg', '.jpeg'],
  diagram: ['.png', '.jpg', '.jpeg', '.svg', '.pdf'],
  other: ['.pdf', '.png', '.jpg', '.jpeg', '.svg', '.docx', '.xlsx'],
};

const rule: Rule = {
  id: 'attachment-type',
  title: 'Attachments are in a format we accept, and are what their names say',
  severity: 'error',
  description:
    'Official letters are scanned or signed documents: PDF, PNG or JPEG. The conceptual diagram may also be SVG. Other supporting documents may be PDF, images, Word (.docx) or Excel (.xlsx). A file\'s content must match its extension, and an SVG may not contain scripts or refer to other files.',
  examples: [
    {title: 'A PDF letter', valid: true},
    {title: 'A letter as a Word file', valid: false, frontmatter: 'attachments:\n  - {type: organization-letter, file: letters/organization-letter.docx}\n  - {type: oda-ministry-letter, file: letters/oda-ministry-letter.pdf}', files: {'letters/organization-letter.docx': 'base64:UEsDBAoAAAAAAA=='}, messages: ['Unexpected format `.docx` for an organization-letter attachment (item 1 in `attachments`): use .pdf, .png, .jpg or .jpeg']},
    {title: 'A text file renamed to .pdf', valid: false, frontmatter: 'attachments:\n  - {type: organization-letter, file: letters/organization-letter.pdf}\n  - {type: oda-ministry-letter, file: letters/oda-ministry-letter.pdf}', files: {'letters/organization-letter.pdf': 'Dear Sir or Madam,'}, messages: ['Unexpected content in `letters/organization-letter.pdf` (item 1 in `attachments`): it is not a PDF file']},
  ],
  check({attachments, report, placeOf}) {
    for (const entry of attachments) {
      const resolved = entry.reference;
      if (resolved.kind !== 'inside' || entry.state !== 'ok') continue;
      const formats = typeof entry.type === 'string' && Object.hasOwn(acceptedFormats, entry.type) ? acceptedFormats[entry.type] : undefined;
      if (!formats) continue;
      const place = placeOf(['attachments', entry.index, 'file']);
      const extension = extensionOf(resolved.absolute);
      if (!formats.includes(extension)) {
        const list = formats.join(', ').replace(/, ([^,]*)$/, ' or $1');
        report(rule, `Unexpected format ${quoted(extension || 'without extension')} for an ${String(entry.type)} attachment (item ${entry.index + 1} in \`attachments\`): use ${list}`, place);
        continue;
      }
      const problem = contentProblem(resolved.absolute);
      if (problem) report(rule, `Unexpected content in ${quoted(entry.file)} (item ${entry.index + 1} in \`attachments\`): ${problem}`, place);
    }
  },
};
export default rule;
