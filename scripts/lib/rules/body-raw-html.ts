import type {Nodes} from 'mdast';
import type {Rule} from '../rule.ts';
import {walk} from '../walk.ts';

/** Whether raw HTML is only a comment (`<!-- ... -->`): a note that is never printed or published. */
export function isHtmlComment(html: string): boolean {
  return /^\s*<!--[\s\S]*-->\s*$/.test(html);
}

const rule: Rule = {
  id: 'body-raw-html',
  title: 'Answers are Markdown, not HTML',
  severity: 'warning',
  description:
    'Raw HTML is never rendered: not in the PCP, not on the website. It is left out of the printed answer, so anything written as HTML is lost; the warning says where. Write it in Markdown instead (`**bold**`, lists, tables). Comments (`<!-- ... -->`) are fine: they are notes that are not printed.',
  examples: [
    {title: 'Markdown emphasis and a comment', valid: true, body: '## III.1 Background\n\n<!-- draft 2 -->\n\nForest pests spread **fast**.\n'},
    {title: 'A script', valid: false, body: '## III.1 Background\n\n<script>alert(1)</script>\n', messages: ['Unexpected raw HTML: it is not printed in the PCP; use Markdown instead']},
    {title: 'A comment that is never closed', valid: false, body: '## III.1 Background\n\n<!-- draft notes\n\n## III.2 Problems\n\nText.\n', messages: ['Unexpected comment that is never closed: add `-->` where it should end, or everything below it stays hidden']},
    {title: 'Inline HTML', valid: false, body: '## III.1 Background\n\nPests spread <b>fast</b>.\n', messages: ['Unexpected raw HTML: it is not printed in the PCP; use Markdown instead', 'Unexpected raw HTML: it is not printed in the PCP; use Markdown instead']},
  ],
  check({source, report}) {
    walk(source.tree!, (node: Nodes) => {
      if (node.type !== 'html') return;
      if (/^\s*<!--/.test(node.value) && !node.value.includes('-->')) {
        report(rule, 'Unexpected comment that is never closed: add `-->` where it should end, or everything below it stays hidden', node.position);
      } else if (!isHtmlComment(node.value)) {
        report(rule, 'Unexpected raw HTML: it is not printed in the PCP; use Markdown instead', node.position);
      }
    });
  },
};
export default rule;
