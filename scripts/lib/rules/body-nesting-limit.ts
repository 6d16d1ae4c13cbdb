import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-nesting-limit',
  title: 'Answers nest quotes and lists at most 32 levels deep',
  severity: 'error',
  description:
    'A list inside a list inside a quote is fine; a few levels are all a printed page can show. A line that opens more than 32 quotes or list items (two columns of indentation count as one level) is refused before the answers are read, because such nesting only comes from a broken conversion or an attempt to stall the checker.',
  examples: [
    {title: 'A list inside a list', valid: true, body: '## III.1 Background\n\n- Pests\n  - Pine wilt\n'},
    {title: 'A list nested 40 levels by indentation alone', valid: false, body: `## III.1 Background\n\n${Array.from({length: 40}, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`, messages: ['Unexpected nesting of more than 32 quotes or list items on one line: the answers were not checked']},
    {title: 'Forty quotes on one line', valid: false, body: `## III.1 Background\n\n${'> '.repeat(40)}deep\n`, messages: ['Unexpected nesting of more than 32 quotes or list items on one line: the answers were not checked']},
  ],
};
export default rule;
