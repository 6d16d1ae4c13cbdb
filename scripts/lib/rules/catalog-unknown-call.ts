import {quoted, type Rule} from '../rule.ts';

const rule: Rule = {
  id: 'catalog-unknown-call',
  title: 'The proposal answers the open call',
  severity: 'error',
  description:
    'The `call` field names the call for proposals the PCP answers, as `catalog/call.yaml` gives it (`dps-2026`).',
  examples: [
    {title: 'The open call', valid: true, frontmatter: 'call: dps-2026'},
    {title: 'Another call', valid: false, frontmatter: 'call: dps-2024', messages: ['Unexpected call `dps-2024`, expected `dps-2026`']},
  ],
  check({data, catalog, report, placeOf}) {
    const id = catalog.call?.id;
    if (typeof data.call === 'string' && id && data.call !== id) {
      report(rule, `Unexpected call ${quoted(data.call)}, expected \`${id}\``, placeOf(['call']));
    }
  },
};
export default rule;
