import {quoted, type Rule} from '../rule.ts';

const rule: Rule = {
  id: 'submission-status-transition',
  title: 'A change of stage is one the status table allows',
  severity: 'error',
  description:
    'Stages follow the table in `schema/status.yaml`: a new proposal starts as `draft` or `submitted`; a consultant may hand in a draft and withdraw a proposal; every other move (clarification, review, shortlisting, pre-feasibility, approval, not selected) is a reviewer\'s, one step at a time. `pcp check --changed-since REF` compares each changed proposal with its version at REF (a moved folder keeps its history). This check says whether a move is in the table; who made it (consultant or reviewer) is for the review workflow, which knows the pull request\'s author.',
  examples: [
    {title: 'Handing in a draft', valid: true, frontmatter: 'status: submitted', previous: 'draft'},
    {title: 'A new proposal, submitted', valid: true, frontmatter: 'status: submitted', previous: null},
    {title: 'Jumping from submitted to approved', valid: false, frontmatter: 'status: approved', previous: 'submitted', messages: ['Unexpected change of stage from `submitted` to `approved`: from `submitted` a proposal moves to `withdrawn`, `clarification-requested`, `under-review` or `not-selected`']},
    {title: 'A new proposal that claims to be approved', valid: false, frontmatter: 'status: approved', previous: null, messages: ['Unexpected stage `approved` for a new proposal: a new proposal starts as `draft` or `submitted`']},
  ],
  check({data, previous, vocabulary, report, placeOf}) {
    if (!previous || typeof data.status !== 'string') return;
    const to = data.status;
    if (!vocabulary.stages.some((stage) => stage.id === to)) return;
    const quote = (ids: string[]) => ids.map((id) => `\`${id}\``).join(', ').replace(/, ([^,]*)$/, ' or $1');
    if (previous.status === null) {
      const allowed = vocabulary.initial.map((entry) => entry.to);
      if (!allowed.includes(to)) report(rule, `Unexpected stage \`${to}\` for a new proposal: a new proposal starts as ${quote(allowed)}`, placeOf(['status']));
      return;
    }
    const from = previous.status;
    if (from === to) return;
    if (vocabulary.transitions.some((t) => t.from === from && t.to === to)) return;
    const next = vocabulary.transitions.filter((t) => t.from === from).map((t) => t.to);
    const known = vocabulary.stages.some((stage) => stage.id === from);
    const tail = !known ? `: ${quoted(from)} is not a stage` : next.length > 0 ? `: from \`${from}\` a proposal moves to ${quote(next)}` : `: \`${from}\` is a final stage`;
    report(rule, `Unexpected change of stage from ${quoted(from)} to \`${to}\`${tail}`, placeOf(['status']));
  },
};
export default rule;
