import {linkReferences, unsafeScheme} from '../references.ts';
import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'body-link-unsafe',
  title: 'Links go to web pages or e-mail addresses',
  severity: 'error',
  description:
    'Links in answers may use `https:`, `http:` or `mailto:`, or point to a file in the proposal\'s folder. Other schemes (`javascript:`, `data:`, `file:`) could run code or open local files when a reviewer clicks them in the PCP, so they are refused.',
  examples: [
    {title: 'A web link', valid: true, body: '## III.1 Background\n\nSee the [national strategy](https://example.org/strategy).\n'},
    {title: 'A script link', valid: false, body: '## III.1 Background\n\nSee the [national strategy](javascript:alert(1)).\n', messages: ['Unexpected link with the scheme `javascript:`: use an https:// address']},
  ],
  check({source, report}) {
    for (const link of linkReferences(source.tree!)) {
      const scheme = unsafeScheme(link.url);
      if (scheme) report(rule, `Unexpected link with the scheme \`${scheme}:\`: use an https:// address`, link.position);
    }
  },
};
export default rule;
