import type {Nodes} from 'mdast';
import type {Rule} from '../rule.ts';
import {walk} from '../walk.ts';

const rule: Rule = {
  id: 'body-footnote-nested',
  title: 'A footnote does not refer to another footnote',
  severity: 'error',
  description:
    'Footnotes are printed at the foot of the page (DOCX) or under the answer (PDF). Word has no note inside a note: a DOCX with one cannot be opened by LibreOffice, and the inner note would be lost. Write what the inner note says into the note itself.',
  examples: [
    {title: 'A note with its source in it', valid: true, body: '## III.1 Background\n\nFine dust doubled.[^1]\n\n[^1]: Ministry of Environment, Air Quality Report 2023, p. 12.\n'},
    {title: 'A note that refers to another note', valid: false, body: '## III.1 Background\n\nFine dust doubled.[^1]\n\n[^1]: See the annual report.[^2]\n\n[^2]: Ministry of Environment, 2023.\n', messages: ['Unexpected footnote reference inside a footnote: write what the other note says into this note instead']},
  ],
  check({source, report}) {
    walk(source.tree!, (node: Nodes) => {
      if (node.type !== 'footnoteDefinition') return;
      walk(node, (inner: Nodes) => {
        if (inner.type === 'footnoteReference') report(rule, 'Unexpected footnote reference inside a footnote: write what the other note says into this note instead', inner.position);
      });
      return false;
    });
  },
};
export default rule;
