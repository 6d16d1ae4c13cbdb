import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-schedule-dates',
  title: 'Each activity of the schedule ends on or after its start, within ten years',
  severity: 'error',
  description:
    'Section IV.6\'s schedule is drawn as a month chart. An activity whose `end` month comes before its `start` month cannot be drawn and is almost always a typo. The chart shows at most ten years (120 months) from the first start to the last end; the pilot itself runs two years, so a longer span is usually a mistyped year.',
  examples: [
    {title: 'End after start', valid: true, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}'},
    {title: 'A year mistyped: 2062 for 2026', valid: false, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}\n  - {activity: Pilot operation, start: 2027-03, end: 2062-11}', messages: ['Expected the schedule to fit in ten years (120 months) from its first start: `end` of item 2 in `schedule` falls in month 443; the chart cannot show more']},
    {title: 'Exactly ten years', valid: true, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2035-12}'},
    {title: 'One month more than ten years', valid: false, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2036-01}', messages: ['Expected the schedule to fit in ten years (120 months) from its first start: `end` of item 1 in `schedule` falls in month 121; the chart cannot show more']},
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
    // The chart (render/layout.ts scheduleMonths) draws at most 120 months, from the first start
    // to the last end of the activities that have both dates.
    const monthOf = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) ? Number(value.slice(0, 4)) * 12 + Number(value.slice(5)) - 1 : undefined);
    const dated = data.schedule.flatMap((item: unknown, index) => {
      const {start, end} = (item ?? {}) as {start?: unknown; end?: unknown};
      const [from, to] = [monthOf(start), monthOf(end)];
      return from !== undefined && to !== undefined ? [{index, from, to}] : [];
    });
    if (dated.length === 0) return;
    const first = Math.min(...dated.map((item) => item.from));
    const last = dated.reduce((latest, item) => (item.to > latest.to ? item : latest));
    const months = last.to - first + 1;
    if (months > 120) report(rule, `Expected the schedule to fit in ten years (120 months) from its first start: \`end\` of item ${last.index + 1} in \`schedule\` falls in month ${months}; the chart cannot show more`, placeOf(['schedule', last.index, 'end']));
  },
};
export default rule;
