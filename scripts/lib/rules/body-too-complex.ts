import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-too-complex',
  title: 'Answers use a reasonable amount of emphasis and brackets per paragraph',
  severity: 'error',
  description:
    'Every `*`, `_`, `~`, `[` and `]` in a paragraph may open or close emphasis or a link, and the Markdown reader compares them pairwise. Ordinary writing uses a few dozen per paragraph; tens of thousands in one paragraph (usually a pasted data dump or a broken conversion) would take minutes to read, so the answers are refused. So is a single paragraph or table of more than 48 KB (a real one is a few KB). Split the text into paragraphs, or put data in an attachment.',
  examples: [
    {title: 'Ordinary emphasis', valid: true, body: '## III.1 Background\n\nPests spread **fast** and *far*, see [the survey](https://example.org).\n'},
    {title: 'A 300-row table with bold and links in every row', valid: true, body: `## III.3 Current status\n\n| District | Report | Source |\n| --- | --- | --- |\n${Array.from({length: 300}, (_, i) => `| **District ${i}** | [report](https://example.org/${i}) | data_source_${i} |`).join('\n')}\n`},
    {title: 'A 60 KB paragraph', valid: false, body: `## III.1 Background\n\n${'Forest pests spread fast. '.repeat(2400)}\n`, messages: ['Unexpected paragraph or table of more than 48 KB without a blank line: split it up; the answers were not checked']},
    {title: 'Ten thousand stars in one paragraph', valid: false, body: `## III.1 Background\n\n${'*a'.repeat(10_000)}\n`, messages: ['Unexpected paragraph with about 10000 emphasis and bracket characters: split it up; the answers were not checked']},
  ],
};
export default rule;
