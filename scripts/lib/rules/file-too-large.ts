import type {Rule} from '../rule.ts';

/** Caps the size of a source file, so a huge file is refused before it is read. */
const rule: Rule = {
  id: 'file-too-large',
  title: 'A proposal file is at most 512 KB',
  severity: 'error',
  description:
    'A Project Concept Paper is a few dozen pages of text; its Markdown file is about 60 KB, far below 512 KB. A larger file is refused unread. Images and letters are separate files in the proposal\'s folder and do not count.',
  examples: [
    {title: 'A proposal of ordinary length', valid: true},
    {title: 'A file of 3 MB', valid: false, source: `---\npcp: 1\n---\n${'x'.repeat(3 * 1024 * 1024)}`, messages: ['Unexpected file of 3.0 MB, expected at most 512 KB: move large content into attachments']},
  ],
};
export default rule;
