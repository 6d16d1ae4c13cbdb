import {contentProblem, extensionOf} from '../local-file.ts';
import {quoted, type Rule} from '../rule.ts';

const accepted = new Set(['.png', '.jpg', '.jpeg', '.svg']);

const rule: Rule = {
  id: 'body-image-type',
  title: 'Images are PNG, JPEG or SVG files, and are what their names say',
  severity: 'error',
  description:
    'Both the Word and the PDF version of the PCP can show PNG, JPEG and SVG images. The file\'s content must match its extension (a renamed file cannot be printed), and an SVG may not contain scripts or refer to other files or web addresses.',
  examples: [
    {title: 'A PNG image', valid: true, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.png)\n', files: {'diagram.png': 'base64:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='}},
    {title: 'A GIF image', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.gif)\n', files: {'diagram.gif': 'GIF89a'}, messages: ['Unexpected image format `.gif`: use PNG, JPEG or SVG']},
    {title: 'An SVG that embeds a web page', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.svg)\n', files: {'diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="https://example.org"/></foreignObject></svg>'}, messages: ['Unexpected image `diagram.svg`: the SVG embeds other documents (foreignObject)']},
    {title: 'An SVG with a script', valid: false, body: '## IV.2 Conceptual diagram\n\n![Diagram](diagram.svg)\n', files: {'diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}, messages: ['Unexpected image `diagram.svg`: the SVG contains scripts']},
  ],
  check({images, report}) {
    for (const image of images) {
      const resolved = image.reference;
      if (resolved.kind !== 'inside' || image.state !== 'ok') continue;
      const extension = extensionOf(resolved.absolute);
      if (!accepted.has(extension)) {
        report(rule, `Unexpected image format ${quoted(extension || 'without extension')}: use PNG, JPEG or SVG`, image.position);
        continue;
      }
      const problem = contentProblem(resolved.absolute);
      if (problem) report(rule, `Unexpected image ${quoted(image.url)}: ${problem}`, image.position);
    }
  },
};
export default rule;
