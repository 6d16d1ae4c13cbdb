import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-schedule-dates',
  title: 'Each activity of the schedule ends on or after its start',
  severity: 'error',
  description:
    'Section IV.6\'s schedule is drawn as a month chart. An activity whose `end` month comes before its `start` month cannot be drawn and is almost always a typo.',
  examples: [
    {title: 'End after start', valid: true, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}'},
    {title: 'End before start', valid: false, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-04, end: 2026-01}', messages: ['Expected `end` of item 1 in `schedule` to be the same month as its start or later']},
  ],
  check({data, report, placeOf}) {
    if (!Array.isArray(data.schedule)) return;
    data.schedule.forEach((item: unknown, index) => {
      const {start, end} = (item ?? {}) as {start?: unknown; end?: unknown};
      const month = /^\d{4}-\d{2}$/;
      if (typeof start === 'string' && typeof end === 'string' && month.test(start) && month.test(end) && end < start) {
        report(rule, `Expected \`end\` of item ${index + 1} in \`schedule\` to be the same month as its start or later`, placeOf(['schedule', index, 'end']));
      }
    });
  },
};
export default rule;
