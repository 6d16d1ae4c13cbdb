import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-image-outside-folder',
  title: 'Images come from the proposal\'s own folder',
  severity: 'error',
  description:
    'An image path is relative to `proposal.md` and stays inside its folder: `diagram.png` or `images/diagram.png`. Paths that climb out (`../`), absolute paths (`/etc/...`, `C:\\...`), backslashes and links that lead outside are refused, so one proposal can never print another\'s files or the machine\'s.',
  examples: [
    {title: 'An image in a sub-folder', valid: true, body: '## IV.2 Conceptual diagram\n\n![Diagram](images/diagram.png)\n', files: {'images/diagram.png': 'base64:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='}},
    {title: 'A path that climbs out of the folder', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](../other-proposal/diagram.png)\n', messages: ['Unexpected image path outside the proposal\'s folder: refer to a file inside it, without `..`']},
    {title: 'An absolute path', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](/etc/passwd)\n', messages: ['Unexpected absolute image path: refer to a file inside the proposal\'s folder by its relative path']},
  ],
  check({images, report}) {
    for (const image of images) {
      const resolved = image.reference;
      if (resolved.kind === 'parent') report(rule, 'Unexpected image path outside the proposal\'s folder: refer to a file inside it, without `..`', image.position);
      else if (resolved.kind === 'absolute') report(rule, 'Unexpected absolute image path: refer to a file inside the proposal\'s folder by its relative path', image.position);
      else if (resolved.kind === 'backslash') report(rule, 'Unexpected `\\` in an image path: separate folders with `/`', image.position);
      else if (image.state === 'escapes') report(rule, 'Unexpected image that links to a file outside the proposal\'s folder: copy the file into the folder', image.position);
    }
  },
};
export default rule;
