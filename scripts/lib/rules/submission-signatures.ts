import type {Rule} from '../rule.ts';

const wanted: Array<[string, string, string]> = [
  ['preparer', 'name', 'name of the signee'],
  ['preparer', 'date', 'date the preparer signed'],
  ['representative', 'name', 'name of the person representing the ministry'],
  ['representative', 'position', 'position of the person representing the ministry'],
  ['representative', 'ministry', 'name of the ministry'],
  ['representative', 'date', 'date the representative signed'],
];

const rule: Rule = {
  id: 'submission-signatures',
  title: 'Both signature blocks are filled in',
  severity: 'stage',
  description:
    'The form is signed twice: by the person who prepared it, and by the person representing the ministry (with position and ministry). Each block has a date, written YYYY-MM-DD and printed DD/MM/YYYY as the form asks. The signatures themselves are added on the printed copy; the fields say who signs. Required from `submitted` on.',
  examples: [
    {title: 'Both blocks', valid: true},
    {title: 'The representative has not signed yet', valid: false, frontmatter: 'signatures:\n  preparer: {name: Aroha Kinsale, date: 2024-10-21}', messages: ['Missing `signatures.representative.name`: the name of the person representing the ministry', 'Missing `signatures.representative.position`: the position of the person representing the ministry', 'Missing `signatures.representative.ministry`: the name of the ministry', 'Missing `signatures.representative.date`: the date the representative signed']},
  ],
  check({data, report, placeOf}) {
    if (data.signatures !== undefined && (typeof data.signatures !== 'object' || Array.isArray(data.signatures))) return;
    const signatures = (data.signatures ?? {}) as Record<string, unknown>;
    for (const [block, field, what] of wanted) {
      const entry = signatures[block];
      if (entry !== undefined && (typeof entry !== 'object' || Array.isArray(entry))) continue;
      if ((entry as Record<string, unknown> | undefined)?.[field] === undefined) {
        report(rule, `Missing \`signatures.${block}.${field}\`: the ${what}`, placeOf(['signatures', block, field], 'key'));
      }
    }
  },
};
export default rule;
