import type {Root} from 'mdast';
import {imageReferences, linkReferences, unsafeScheme} from '../references.ts';
import {isHtmlComment} from './body-raw-html.ts';
import {report, type Rule} from '../rule.ts';
import type {VFile} from 'vfile';
import {walk} from '../walk.ts';

const page = 'catalog/services/12-drone-based-automated-forest-pest-and-disease-detection.md';

const rule: Rule = {
  id: 'catalog-page-markdown',
  title: 'Catalog pages are plain Markdown, with links to web pages only',
  severity: 'error',
  description:
    'Each service\'s page is published on the public website as it is written. Raw HTML (a `<script>`, an `onerror=`) would run in visitors\' browsers, and a `javascript:` or `data:` link would run code when clicked, so a catalog page may hold only Markdown, with links and images to `https:`, `http:` or `mailto:` addresses.',
  examples: [
    {title: 'A page with a link to the programme', valid: true, path: page, body: 'See the [programme site](https://example.org/programme).\n'},
    {title: 'A script in the page', valid: false, path: page, body: '<script>alert(1)</script>\n', messages: ['Unexpected raw HTML in a catalog page: the website would publish it as it is; write it in Markdown']},
    {title: 'A javascript: link', valid: false, path: page, body: 'See [the demo](javascript:alert(1)).\n', messages: ['Unexpected link with the scheme `javascript:` in a catalog page: use an https:// address']},
    {title: 'An image with a data: address', valid: false, path: page, body: '![logo](data:image/svg+xml;base64,PHN2Zy8+)\n', messages: ['Unexpected link with the scheme `data:` in a catalog page: use an https:// address']},
  ],
};

/**
 * Reports raw HTML and unsafe link or image addresses in a catalog page (`tree`, from `file`).
 * The catalog loader refuses a catalog with errors, so none of it reaches the site.
 */
export function checkCatalogPage(file: VFile, tree: Root): void {
  walk(tree, (node) => {
    if (node.type === 'html' && !isHtmlComment(node.value)) report(file, rule, 'Unexpected raw HTML in a catalog page: the website would publish it as it is; write it in Markdown', node.position);
  });
  for (const reference of [...linkReferences(tree), ...imageReferences(tree)]) {
    const scheme = unsafeScheme(reference.url);
    if (scheme) report(file, rule, `Unexpected link with the scheme \`${scheme}:\` in a catalog page: use an https:// address`, reference.position);
  }
}

export default rule;
