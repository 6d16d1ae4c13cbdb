import type {Rule} from '../rule.ts';

const rule: Rule = {
  id: 'frontmatter-schedule-dates',
  title: 'Each activity of the schedule ends on or after its start, within ten years',
  severity: 'error',
  description:
    'Section IV.6\'s schedule is drawn as a month chart. An activity whose `end` month comes before its `start` month cannot be drawn and is almost always a typo. The chart shows at most ten years (120 months) from the first start to the last end; the pilot itself runs two years, so a longer span is usually a mistyped year.',
  examples: [
    {title: 'End after start', valid: true, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}'},
    {title: 'A year mistyped: 2062 for 2026', valid: false, frontmatter: 'schedule:\n  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}\n  - {activity: Pilot operation, start: 2027-03, end: 2062-11}', messages: ['Expected the schedule to end at most ten years (120 months) after it starts: `end` of item 2 in `schedule` is 442 months after the first start; the chart cannot show more']},
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
    // The chart (render/layout.ts scheduleMonths) draws at most 120 months.
    const monthOf = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) ? Number(value.slice(0, 4)) * 12 + Number(value.slice(5)) - 1 : undefined);
    const items = data.schedule.map((item: unknown) => (item ?? {}) as {start?: unknown; end?: unknown});
    const starts = items.map((item) => monthOf(item.start)).filter((month): month is number => month !== undefined);
    if (starts.length === 0) return;
    const first = Math.min(...starts);
    let latest = -1;
    items.forEach((item, index) => {
      const end = monthOf(item.end);
      if (end !== undefined && (latest === -1 || end > monthOf(items[latest]!.end)!)) latest = index;
    });
    const span = latest === -1 ? 0 : monthOf(items[latest]!.end)! - first + 1;
    if (span > 120) report(rule, `Expected the schedule to end at most ten years (120 months) after it starts: \`end\` of item ${latest + 1} in \`schedule\` is ${span - 1} months after the first start; the chart cannot show more`, placeOf(['schedule', latest, 'end']));
  },
};
export default rule;
