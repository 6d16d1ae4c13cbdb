import {quoted, type Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-image-missing',
  title: 'Every image an answer shows exists',
  severity: 'error',
  description:
    'An image referred to in an answer must be committed with the proposal, at the path written (names are case-sensitive: `Diagram.PNG` is not `diagram.png`).',
  examples: [
    {title: 'The file is there', valid: true, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.svg)\n', files: {'diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'}},
    {title: 'The file was not added', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.png)\n', messages: ['Missing image file `diagram.png` in the proposal\'s folder']},
  ],
  check({images, report}) {
    for (const image of images) {
      if (image.state === 'missing') {
        report(rule, `Missing image file ${quoted(image.url)} in the proposal's folder`, image.position);
      }
    }
  },
};
export default rule;
