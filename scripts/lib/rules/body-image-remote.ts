import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-image-remote',
  title: 'Images are files in the proposal\'s folder, not web addresses',
  severity: 'error',
  description:
    'A printed PCP must show the same picture every time, and the checker and renderers never fetch anything from the web (an address could point inside the programme\'s network). Save the image (PNG, JPEG or SVG) in the proposal\'s folder and refer to it by its name: `![Conceptual diagram](diagram.png)`.',
  examples: [
    {title: 'An image beside proposal.md', valid: true, body: '## IV.2 Conceptual diagram\n\n![Conceptual diagram](diagram.svg)\n', files: {'diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'}},
    {title: 'An image from a web address', valid: false, body: '## IV.2 Conceptual diagram\n\n![Conceptual diagram](http://169.254.169.254/latest/meta-data/diagram.png)\n', messages: ['Unexpected image from a web address: save the image in the proposal\'s folder and refer to it by its file name']},
  ],
  check({images, report}) {
    for (const image of images) {
      if (image.reference.kind === 'remote') {
        report(rule, 'Unexpected image from a web address: save the image in the proposal\'s folder and refer to it by its file name', image.position);
      }
    }
  },
};
export default rule;
