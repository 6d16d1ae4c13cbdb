/**
 * The PCP as a pdfmake document definition, A4, read from the layout model: the official form
 * filled in. Kept separate from writing bytes so tests can read the definition itself.
 */
import type {FootnoteDefinition} from 'mdast';
import type {Activity, Indicator} from '../../generated/schema-types.ts';
import {activeIn, schedulePeriods, type LayoutAnswer, type LayoutField, type PcpLayout} from '../layout.ts';
import {blocks, footnoteList, guardedRuns, textRuns, type Content, type MarkdownContext, type Style} from './markdown.ts';
import {contentWidth, fitsOnPage, page, rowHeight, rowsFitOnPage, textHeight} from './page.ts';

/** Page geometry in points: A4 with 20 mm margins. */
export {page} from './page.ts';
const blue = '#1f4e9a';
const labelFill = '#e8edf3';

/** What the definition needs besides the layout. */
export interface DocumentOptions {
  folder: string;
  definitions: Map<string, FootnoteDefinition>;
  /** The document's date (reproducible output: the source's, not the clock's). */
  date: Date;
  /** Filled with the scripts the PDF could not shape, by section code. */
  unsupported: Map<string, Set<string>>;
}

/** The form's own text (labels, headings, the catalog) as runs; values from a proposal go through valueRuns. */
const runs = (text: string, style: Record<string, unknown> = {}) => textRuns(text, style);
const box = (checked: boolean) => ({text: checked ? '☑' : '☐', font: 'NotoSansSymbols2', fontSize: 12});

/**
 * A value from the frontmatter as runs: a stretch in a script the PDF cannot shape prints a note
 * pointing to the DOCX, and the script is added to `found` (render.ts reports it at the value).
 */
const valueRuns = (text: string, found: Set<string>, style: Style = {}) => guardedRuns(text, style, found);

function valueCell(field: LayoutField, blank: boolean, found: Set<string>): Content {
  if (field.value !== undefined) return {text: valueRuns(field.value, found)};
  if (blank && field.prompt) return {text: runs(field.prompt, {color: blue})};
  return {text: ''};
}

function overview(layout: PcpLayout, found: Set<string>): Content[] {
  const label = (text: string, extra: Record<string, unknown> = {}) => ({text: runs(text, {bold: true}), fillColor: labelFill, ...extra});
  const body: Content[][] = [[{text: runs(layout.overview.table, {bold: true}), colSpan: 3, alignment: 'center', fillColor: '#c9d6e6'}, {}, {}]];
  for (const field of layout.overview.fields) body.push([label(field.label, {colSpan: 2}), {}, valueCell(field, layout.blank, found)]);
  const group = layout.overview.group;
  group.fields.forEach((field, i) => {
    body.push([i === 0 ? label(group.label, {rowSpan: group.fields.length}) : {}, label(field.label), valueCell(field, layout.blank, found)]);
  });
  return [
    {text: runs(layout.overview.heading), style: 'section'},
    ...(layout.blank ? [{text: runs(layout.instruction, {color: blue}), fontSize: 9, margin: [0, 0, 0, 6]}] : []),
    {table: {widths: [110, 110, '*'], body, dontBreakRows: overviewFits(layout)}, layout: 'pcpGrid', margin: [0, 0, 0, 10]},
  ];
}

/** Whether each row of Section I surely fits on a page, so rows may be kept whole (page.ts). */
function overviewFits(layout: PcpLayout): boolean {
  const valueWidth = contentWidth - 220 - 3 * 8;
  const rows = [...layout.overview.fields, ...layout.overview.group.fields].map((field) => [{text: field.label, width: 102}, {text: shown(field, layout.blank), width: valueWidth}]);
  return rowsFitOnPage(rows, 10);
}

/** The text a field's cell holds. */
const shown = (field: LayoutField, blank: boolean) => field.value ?? (blank ? (field.prompt ?? '') : '');

function services(layout: PcpLayout): Content[] {
  const header = layout.service.columns.map((column) => ({text: runs(column, {bold: true}), fillColor: '#c9d6e6', alignment: 'center'}));
  const body: Content[][] = [header];
  for (const row of layout.service.rows) {
    const fill = row.selected ? {fillColor: '#fff4c2'} : {};
    body.push([
      {text: String(row.number), alignment: 'center', ...fill},
      {text: [box(row.selected)], alignment: 'center', ...fill},
      {text: runs(row.title, {bold: row.selected}), ...fill},
      {text: runs(row.domain.join(', ')), ...fill},
      {text: runs(row.tech.join(', ')), ...fill},
      {text: runs(row.details), fontSize: 7.5, ...fill},
    ]);
  }
  return [
    {text: runs(layout.service.heading), style: 'section', pageBreak: 'before'},
    {text: runs(layout.service.instruction, layout.blank ? {color: blue} : {}), fontSize: 9, margin: [0, 0, 0, 6]},
    {table: {headerRows: 1, widths: [20, 30, 100, 62, 62, '*'], body, dontBreakRows: true}, layout: 'pcpGrid', fontSize: 8.5, margin: [0, 0, 0, 10]},
  ];
}

/** IV.6: the schedule as a table with a bar per activity across the months. */
export function scheduleChart(schedule: Activity[], found = new Set<string>()): Content | undefined {
  const columns = schedulePeriods(schedule);
  if (columns.length === 0) return undefined;
  const activityWidth = 150;
  const monthWidth = Math.floor(((contentWidth - activityWidth - (columns.length + 1) * 2 - 1) / columns.length) * 100) / 100;
  const years = [...new Set(columns.map((period) => period.year))];
  const yearRow: Content[] = [{text: runs('Activity', {bold: true}), rowSpan: 2, fillColor: labelFill}];
  for (const year of years) {
    const span = columns.filter((period) => period.year === year).length;
    yearRow.push({text: year, colSpan: span, alignment: 'center', bold: true, fillColor: labelFill}, ...Array.from({length: span - 1}, () => ({})));
  }
  const monthRow: Content[] = [{}, ...columns.map((period) => ({text: period.label, alignment: 'center', fontSize: 6, fillColor: labelFill}))];
  const rows = schedule.map((item) => [
    {text: [...valueRuns(item.activity, found), {text: `\n${item.start ?? '?'} – ${item.end ?? '?'}`, fontSize: 6.5, color: '#555555'}]},
    ...columns.map((period) => (activeIn(item, period) ? {text: '', fillColor: '#2f6db5'} : {text: ''})),
  ]);
  const whole = rowsFitOnPage(schedule.map((item) => [{text: `${item.activity}\n`, width: activityWidth - 2}]), 7.5);
  return {
    table: {headerRows: 2, widths: [activityWidth, ...columns.map(() => monthWidth)], body: [yearRow, monthRow, ...rows], dontBreakRows: whole},
    layout: {hLineWidth: () => 0.5, vLineWidth: () => 0.25, hLineColor: () => '#8a9bb0', vLineColor: () => '#c5ced9', paddingLeft: () => 1, paddingRight: () => 1, paddingTop: () => 2, paddingBottom: () => 2},
    fontSize: 7.5,
    margin: [0, 4, 0, 8],
  };
}

/** IV.7: each indicator with its unit, baseline and annual targets. */
export function indicatorTable(indicators: Indicator[], found = new Set<string>()): Content | undefined {
  if (indicators.length === 0) return undefined;
  const years = [...new Set(indicators.flatMap((indicator) => Object.keys(indicator.targets ?? {})))].sort();
  const header = ['Performance indicator', 'Unit', 'Baseline', ...years].map((text) => ({text: runs(text, {bold: true}), fillColor: labelFill, alignment: 'center'}));
  const body = indicators.map((indicator) => [
    {text: valueRuns(indicator.name, found)},
    {text: valueRuns(indicator.unit ?? '', found), alignment: 'center'},
    {text: valueRuns(indicator.baseline === undefined ? '' : String(indicator.baseline), found), alignment: 'center'},
    ...years.map((year) => ({text: valueRuns(indicator.targets?.[year] === undefined ? '' : String(indicator.targets[year]), found), alignment: 'center'})),
  ]);
  // The name keeps at least a third of the width; unit, baseline and years share the rest.
  const fixed = Math.min(50, (contentWidth * 0.66 - (3 + years.length) * 8) / (2 + years.length));
  const fontSize = years.length > 5 ? 7 : 8.5;
  const nameWidth = contentWidth - (2 + years.length) * fixed - (3 + years.length) * 8;
  const cells = indicators.map((indicator) => [{text: indicator.name, width: nameWidth}, {text: indicator.unit ?? '', width: fixed}]);
  const whole = rowsFitOnPage(cells, fontSize);
  const keep = whole && fitsOnPage(rowHeight([{text: 'Performance indicator', width: nameWidth}], fontSize) + rowHeight(cells[0]!, fontSize));
  return {table: {headerRows: 1, ...(keep ? {keepWithHeaderRows: 1} : {}), widths: ['*', fixed, fixed, ...years.map(() => fixed)], body: [header, ...body], dontBreakRows: whole}, layout: 'pcpGrid', fontSize, margin: [0, 4, 0, 8]};
}

function answer(item: LayoutAnswer, layout: PcpLayout, options: DocumentOptions, found: Set<string>): Content {
  const context: MarkdownContext = {folder: options.folder, width: contentWidth, definitions: options.definitions, footnotes: [], unsupported: new Set()};
  const parts: Content[] = [];
  if (!layout.blank && !item.content && !item.required) parts.push({text: runs('Not answered: this section is optional.', {italics: true, color: '#555555'}), fontSize: 9, margin: [0, 0, 0, 3]});
  else if (layout.blank || !item.content) parts.push(...item.prompts.map((prompt) => ({text: runs(prompt, {color: blue}), fontSize: 9, margin: [0, 0, 0, 3]})));
  if (item.content) parts.push(...blocks(item.content, context));
  if (item.schedule) {
    const chart = scheduleChart(item.schedule, found);
    if (chart) parts.push(chart);
  }
  if (item.indicators) {
    const table = indicatorTable(item.indicators, found);
    if (table) parts.push(table);
  }
  const notes = footnoteList(context);
  if (notes) parts.push(notes);
  if (layout.blank) parts.push({text: '\n\n\n'});
  if (context.unsupported.size > 0) options.unsupported.set(item.code, context.unsupported);
  // headlineLevel: the page-break rule below moves a heading that would end a page to the next.
  const heading = {text: runs(item.heading, {bold: true}), fontSize: 10.5, margin: [0, 8, 0, 4], headlineLevel: 1};
  return {stack: [heading, ...parts]};
}

function preparedBy(layout: PcpLayout, found: Set<string>): Content {
  const fields = layout.preparedBy.fields;
  const label = (field: LayoutField) => ({text: runs(field.label, {bold: true}), fillColor: labelFill});
  const rows: Content[][] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const [a, b] = [fields[i]!, fields[i + 1]];
    rows.push([i === 0 ? {text: runs(layout.preparedBy.label, {bold: true}), rowSpan: Math.ceil(fields.length / 2), fillColor: '#c9d6e6'} : {}, label(a), valueCell(a, layout.blank, found), b ? label(b) : {}, b ? valueCell(b, layout.blank, found) : {}]);
  }
  return {table: {widths: [70, 70, '*', 70, '*'], body: rows}, layout: 'pcpGrid', fontSize: 8.5, margin: [0, 10, 0, 10]};
}

function signatures(layout: PcpLayout, found: Set<string>): Content {
  const block = (lines: LayoutField[]) => ({
    stack: lines.map((line) =>
      line.value !== undefined
        ? {stack: [{text: valueRuns(line.value, found), fontSize: 10}, {text: runs(line.label), fontSize: 7.5, color: '#555555', margin: [0, 0, 0, 4]}]}
        : line.label === '(Signature)'
          ? {stack: [{canvas: [{type: 'line', x1: 0, y1: 0, x2: 180, y2: 0, lineWidth: 0.5, lineColor: '#333333'}], margin: [0, 26, 0, 2]}, {text: runs(line.label), fontSize: 7.5, color: '#555555', margin: [0, 0, 0, 6]}]}
          : {text: runs(line.label), fontSize: 9, color: '#555555', margin: [0, 0, 0, 4]},
    ),
  });
  return {columns: layout.signatures.map((signature) => block(signature.lines)), columnGap: 30, margin: [0, 6, 0, 0]};
}

/** What pdfmake tells the page-break rule about a node. */
interface PageBreakNode {
  headlineLevel?: number;
  stack?: boolean;
  startPosition: {top: number};
}

/**
 * Whether the closing part (the prepared-by table, the confirmation and the signatures) surely
 * fits on one page, from the estimated height of each of its rows and lines (page.ts). With
 * ordinary values it takes about a third of a page.
 */
function closingFitsOnePage(layout: PcpLayout): boolean {
  const fields = layout.preparedBy.fields;
  const valueWidth = (contentWidth - 210 - 5 * 8) / 2;
  let height = 20;
  for (let i = 0; i < fields.length; i += 2) {
    height += rowHeight(fields.slice(i, i + 2).flatMap((field) => [{text: field.label, width: 62}, {text: shown(field, layout.blank), width: valueWidth}]), 8.5);
  }
  height += textHeight(layout.confirmation.text, contentWidth - 20, 9) + 8;
  const columnWidth = (contentWidth - 30) / 2;
  height += Math.max(...layout.signatures.map((signature) => signature.lines.reduce((sum, line) => sum + (line.value !== undefined ? textHeight(line.value, columnWidth, 10) + textHeight(line.label, columnWidth, 7.5) + 4 : 40), 0)));
  return fitsOnPage(height);
}

/** The whole document definition. */
export function pdfDefinition(layout: PcpLayout, options: DocumentOptions): Record<string, unknown> {
  // Scripts the PDF cannot shape found in the frontmatter's values (the answers' are by section).
  const frontmatter = new Set<string>();
  const content: Content[] = [
    {text: runs(layout.title), fontSize: 20, bold: true, alignment: 'center', margin: [0, 40, 0, 2]},
    {text: runs(layout.subtitle), fontSize: 12, alignment: 'center', margin: [0, 0, 0, 24]},
    ...overview(layout, frontmatter),
    ...services(layout),
  ];
  layout.sections.forEach((section, i) => {
    content.push({text: runs(section.heading), style: 'section', headlineLevel: 1, ...(i === 0 ? {pageBreak: 'before'} : {margin: [0, 14, 0, 6]})});
    for (const item of section.answers) content.push(answer(item, layout, options, frontmatter));
  });
  // The closing part (who prepared it, the confirmation, the signatures) is kept on one page.
  // pdfmake keeps only the first page of an unbreakable block taller than a page, so a closing
  // part with very long values instead starts on a new page when less than a third is left.
  const closing = [preparedBy(layout, frontmatter), {columns: [{width: 'auto', text: [box(layout.confirmation.checked)]}, {width: '*', text: runs(layout.confirmation.text), fontSize: 9, margin: [6, 1, 0, 0]}], margin: [0, 0, 0, 8]}, signatures(layout, frontmatter)];
  if (closingFitsOnePage(layout)) content.push({stack: closing, unbreakable: true});
  else content.push({text: '', headlineLevel: 2}, ...closing);
  if (frontmatter.size > 0) options.unsupported.set('frontmatter', frontmatter);
  return {
    pageSize: 'A4',
    pageMargins: [page.margin, page.margin, page.margin, page.margin],
    info: {title: `${layout.title} ${layout.subtitle}`, subject: layout.slug, creator: 'pcp', producer: 'pcp', creationDate: options.date, modDate: options.date},
    ...(layout.draft ? {watermark: {text: 'DRAFT', color: '#c0392b', opacity: 0.12, bold: true, angle: -45, fontSize: 110}} : {}),
    header: layout.draft ? () => ({text: 'DRAFT: not for submission', alignment: 'center', color: '#c0392b', bold: true, fontSize: 9, margin: [0, 22, 0, 0]}) : undefined,
    footer: (current: number, count: number) => ({
      columns: [{text: layout.slug, fontSize: 8, color: '#555555'}, {text: `page ${current} of ${count}`, alignment: 'right', fontSize: 8, color: '#555555'}],
      margin: [page.margin, 20, page.margin, 0],
    }),
    defaultStyle: {font: 'NotoSans', fontSize: 9.5, lineHeight: 1.15},
    // No heading ends a page: one with nothing but headings after it on its page moves to the
    // next. (pdfmake 0.3 passes helpers, not the list of nodes, as the second argument.)
    pageBreakBefore: (node: PageBreakNode, nodes: {getFollowingNodesOnPage(): PageBreakNode[]}) =>
      (node.headlineLevel === 1 && !nodes.getFollowingNodesOnPage().some((next) => next.headlineLevel !== 1 && !next.stack)) || (node.headlineLevel === 2 && node.startPosition.top > page.height * 0.62),
    styles: {section: {fontSize: 13, bold: true, color: '#12355b', margin: [0, 0, 0, 6]}},
    content,
  };
}
