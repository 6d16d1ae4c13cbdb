/**
 * The printed PCP as a renderer-neutral model: the official form's parts in order, each filled
 * from a checked proposal (or left with the form's instructions, for the blank form). Both
 * renderers (DOCX and PDF) read only this model, so they print the same form.
 */
import type {RootContent} from 'mdast';
import type {Catalog} from '../catalog.ts';
import {loadForm, type FormField} from '../form.ts';
import type {Activity, Indicator, Proposal} from '../generated/schema-types.ts';
import type {BodySections} from '../sections.ts';

/** A label and its value; `prompt` is the form's instruction, printed when there is no value. */
export interface LayoutField {
  label: string;
  value: string | undefined;
  prompt: string | undefined;
}

/** One row of Section II's service table. */
export interface LayoutServiceRow {
  number: number;
  title: string;
  domain: string[];
  tech: string[];
  details: string;
  selected: boolean;
}

/** One written answer of Sections III and IV. */
export interface LayoutAnswer {
  code: string;
  /** The form's official heading ("1. Describe the background and need ..."). */
  heading: string;
  prompts: string[];
  /** The form requires the answer (IV.4 is "if necessary"). */
  required: boolean;
  /** The answer's Markdown content; undefined when not answered (the blank form, a draft). */
  content: RootContent[] | undefined;
  /** IV.6: the schedule, drawn as a table with a month bar chart. */
  schedule?: Activity[];
  /** IV.7: the performance indicators with their annual targets. */
  indicators?: Indicator[];
}

/** The whole printed form. */
export interface PcpLayout {
  /** The proposal's slug, printed in the footer; "blank" for the blank form. */
  slug: string;
  /** Marks every page DRAFT: the proposal is not final. */
  draft: boolean;
  /** The empty form with its instructions. */
  blank: boolean;
  title: string;
  subtitle: string;
  instruction: string;
  overview: {heading: string; table: string; fields: LayoutField[]; group: {label: string; fields: LayoutField[]}};
  service: {heading: string; instruction: string; columns: string[]; rows: LayoutServiceRow[]};
  sections: Array<{heading: string; answers: LayoutAnswer[]}>;
  preparedBy: {label: string; fields: LayoutField[]};
  confirmation: {text: string; checked: boolean};
  signatures: Array<{lines: LayoutField[]}>;
}

/** What a layout is made from: a checked proposal, or nothing for the blank form. */
export interface LayoutInput {
  catalog: Catalog;
  slug?: string;
  proposal?: {data: Partial<Proposal>; body: BodySections};
}

/** Every month of the schedule, from the earliest start to the latest end, as YYYY-MM (at most ten years). */
export function scheduleMonths(schedule: Activity[]): string[] {
  const valid = schedule.filter((item) => /^\d{4}-\d{2}$/.test(item.start ?? '') && /^\d{4}-\d{2}$/.test(item.end ?? ''));
  if (valid.length === 0) return [];
  const first = valid.map((item) => item.start!).sort()[0]!;
  const last = valid.map((item) => item.end!).sort().at(-1)!;
  const out: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  while (out.length < 120) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    out.push(current);
    if (current >= last) break;
    if (++month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

/** One column of the schedule chart: a month, or a quarter for long schedules. */
export interface SchedulePeriod {
  year: string;
  /** "3" for March, or "Q1". */
  label: string;
  /** First and last month it covers, YYYY-MM. */
  from: string;
  to: string;
}

/**
 * The schedule chart's columns: months for up to three years, quarters beyond, so a long
 * schedule still fits the page width.
 */
export function schedulePeriods(schedule: Activity[]): SchedulePeriod[] {
  const months = scheduleMonths(schedule);
  if (months.length <= 36) return months.map((month) => ({year: month.slice(0, 4), label: String(Number(month.slice(5))), from: month, to: month}));
  const quarters = new Map<string, SchedulePeriod>();
  for (const month of months) {
    const quarter = Math.ceil(Number(month.slice(5)) / 3);
    const key = `${month.slice(0, 4)}-Q${quarter}`;
    const period = quarters.get(key);
    if (period) period.to = month;
    else quarters.set(key, {year: month.slice(0, 4), label: `Q${quarter}`, from: month, to: month});
  }
  return [...quarters.values()];
}

/** True when the activity runs during the period. */
export function activeIn(item: Activity, period: SchedulePeriod): boolean {
  return Boolean(item.start && item.end && item.start <= period.to && item.end >= period.from);
}

/** Dates are written YYYY-MM-DD and printed DD/MM/YYYY, as the form asks. */
export function printDate(iso: string | undefined): string | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

function valueAt(data: unknown, path: string): string | undefined {
  const value = path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Builds the printed form from `input`. */
export function buildLayout(input: LayoutInput): PcpLayout {
  const form = loadForm();
  const data = input.proposal?.data;
  const blank = !input.proposal;
  const field = (entry: FormField): LayoutField => ({
    label: entry.label,
    value: data ? valueAt(data, entry.field) : undefined,
    prompt: [entry.prompt, entry.example].filter(Boolean).join('\n') || undefined,
  });
  const sections = new Map((input.proposal?.body.sections ?? []).filter((s) => s.answer).map((s) => [s.answer!.code, s]));
  return {
    slug: input.slug ?? 'blank',
    draft: !blank && data?.status === 'draft',
    blank,
    title: form.title,
    subtitle: form.subtitle,
    instruction: form.instruction,
    overview: {
      heading: form.overview.heading,
      table: form.overview.table,
      fields: form.overview.fields.map(field),
      group: {label: form.overview.group.label, fields: form.overview.group.fields.map(field)},
    },
    service: {
      heading: form.service.heading,
      instruction: form.service.instruction,
      columns: form.service.columns,
      rows: input.catalog.services.map((service) => ({
        number: service.number,
        title: service.title,
        domain: service.domain,
        tech: service.tech,
        details: service.summary,
        selected: data?.service === service.number,
      })),
    },
    sections: form.sections.map((section) => ({
      heading: section.heading,
      answers: section.answers.map((answer) => {
        const written = sections.get(answer.code);
        const out: LayoutAnswer = {code: answer.code, heading: answer.heading, prompts: answer.prompts, required: answer.required, content: written && written.content.length > 0 ? written.content : undefined};
        if (answer.field === 'schedule' && Array.isArray(data?.schedule)) out.schedule = data.schedule;
        if (answer.field === 'indicators' && Array.isArray(data?.indicators)) out.indicators = data.indicators;
        return out;
      }),
    })),
    preparedBy: {label: form.preparedBy.label, fields: form.preparedBy.fields.map(field)},
    confirmation: {text: form.confirmation.text, checked: data?.confirmation === true},
    signatures: form.signatures.map((block) => ({
      lines: block.lines.map((line) => {
        const value = line.field && data ? valueAt(data, line.field) : undefined;
        return {label: line.label, value: line.label === 'DD/MM/YYYY' ? printDate(value) : value, prompt: undefined};
      }),
    })),
  };
}
