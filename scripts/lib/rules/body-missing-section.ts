import type {Rule} from '../rule.ts';
import {formAnswers} from '../form.ts';

const rule: Rule = {
  id: 'body-missing-section',
  title: 'Every required section is there',
  severity: 'stage',
  description:
    'The form asks for every answer of Sections III and IV except IV.4 (the legal framework, "if necessary"). In a draft a missing section is a warning, so you can see what is left; from `submitted` on it is an error. The message points at where the section belongs.',
  examples: [
    {title: 'All required sections', valid: true},
    {title: 'III.2 left out', valid: false, body: '## III.1 Background\n\nText.\n\n## III.3 Current status\n\nText.\n\n## III.4 Systems\n\nText.\n\n## IV.1 Purpose\n\nText.\n\n## IV.2 Diagram\n\nText.\n\n## IV.3 Details\n\nText.\n\n## IV.5 Governance\n\nText.\n\n## IV.6 Schedule\n\nText.\n\n## IV.7 Results\n\nText.\n', messages: ['Missing section `III.2`: 2. Describe current problem and restrictions related to the service in your country']},
  ],
  check({body, report, source}) {
    const present = new Map(body.sections.filter((s) => s.answer).map((s) => [s.answer!.code, s]));
    const answers = formAnswers();
    answers.forEach((answer, i) => {
      if (!answer.required || present.has(answer.code)) return;
      const next = answers.slice(i + 1).map((later) => present.get(later.code)).find(Boolean);
      const end = source.index.point(source.text.length);
      report(rule, `Missing section \`${answer.code}\`: ${answer.heading}`, next?.heading.position?.start ?? end);
    });
  },
};
export default rule;
