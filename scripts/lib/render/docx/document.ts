/**
 * The PCP as a Word document (docx, the instance remark-docx pins), read from the layout model
 * like the PDF: the form's tables built here, the answers converted by remark-docx. A4, a
 * footer with the slug and "page X of Y", a DRAFT header on every page of a draft.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  PageNumber,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  LineRuleType,
  WidthType,
  type FileChild,
} from 'docx';
import type {Activity, Indicator} from '../../generated/schema-types.ts';
import {activeIn, schedulePeriods, type LayoutField, type PcpLayout} from '../layout.ts';
import {convertFragments, type Fragment} from './markdown.ts';
import type {ZipEntries} from './reproducible.ts';

/** A4 in twips with 2 cm margins. */
const pageSize = {width: 11906, height: 16838, margin: 1134};
const contentWidth = pageSize.width - 2 * pageSize.margin;
const blue = '1F4E9A';
const labelFill = 'E8EDF3';
const headFill = 'C9D6E6';
const font = 'Noto Sans';

const run = (text: string, options: {bold?: boolean; color?: string; size?: number; italics?: boolean} = {}) => new TextRun({text, font, ...options});
const lines = (text: string, options: {bold?: boolean; color?: string; size?: number} = {}) =>
  text.split('\n').map((line, i) => new TextRun({text: line, font, break: i > 0 ? 1 : 0, ...options}));
const paragraph = (children: TextRun[], options: {alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]; spacing?: {before?: number; after?: number}; keepNext?: boolean; heading?: never} = {}) => new Paragraph({children, ...options});
const box = (checked: boolean) => run(checked ? '☑' : '☐', {size: 24});

function cell(children: Paragraph[] | string, options: {width: number; fill?: string; columnSpan?: number; merge?: 'restart' | 'continue'; bold?: boolean; tight?: boolean; size?: number} = {width: 1000}): TableCell {
  const content = typeof children === 'string' ? [paragraph(lines(children, {bold: options.bold, ...(options.size ? {size: options.size} : {})}), {spacing: {after: 0}})] : children;
  return new TableCell({
    children: content,
    width: {size: options.width, type: WidthType.DXA},
    ...(options.fill ? {shading: {type: ShadingType.CLEAR, fill: options.fill, color: 'auto'}} : {}),
    ...(options.columnSpan ? {columnSpan: options.columnSpan} : {}),
    ...(options.merge ? {verticalMerge: options.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE} : {}),
    margins: options.tight ? {top: 20, bottom: 20, left: 0, right: 0} : {top: 40, bottom: 40, left: 80, right: 80},
  });
}

function table(widths: number[], rows: TableRow[]): Table {
  return new Table({layout: TableLayoutType.FIXED, width: {size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA}, columnWidths: widths, rows});
}

function value(field: LayoutField, blank: boolean): Paragraph[] {
  const tight = {spacing: {after: 0}};
  if (field.value !== undefined) return [paragraph(lines(field.value), tight)];
  if (blank && field.prompt) return [paragraph(lines(field.prompt, {color: blue}), tight)];
  return [paragraph([], tight)];
}

function sectionHeading(text: string, pageBreak = false): Paragraph {
  return new Paragraph({children: [run(text, {bold: true, size: 28, color: '12355B'})], spacing: {before: 240, after: 120}, keepNext: true, pageBreakBefore: pageBreak});
}

function overview(layout: PcpLayout): FileChild[] {
  const widths = [2000, 2000, contentWidth - 4000];
  const rows = [new TableRow({children: [cell(layout.overview.table, {width: contentWidth, columnSpan: 3, fill: headFill, bold: true})], tableHeader: true, cantSplit: true})];
  for (const field of layout.overview.fields) rows.push(new TableRow({cantSplit: true, children: [cell(field.label, {width: 4000, columnSpan: 2, fill: labelFill, bold: true}), cell(value(field, layout.blank), {width: widths[2]!})]}));
  const group = layout.overview.group;
  group.fields.forEach((field, i) => {
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(i === 0 ? group.label : '', {width: 2000, fill: labelFill, merge: i === 0 ? 'restart' : 'continue', bold: true}),
          cell(field.label, {width: 2000, fill: labelFill, bold: true}),
          cell(value(field, layout.blank), {width: widths[2]!}),
        ],
      }),
    );
  });
  return [
    sectionHeading(layout.overview.heading),
    ...(layout.blank ? [paragraph(lines(layout.instruction, {color: blue, size: 18}))] : []),
    table(widths, rows),
  ];
}

function services(layout: PcpLayout): FileChild[] {
  const widths = [450, 650, 2000, 1300, 1300, contentWidth - 5700];
  const header = new TableRow({tableHeader: true, cantSplit: true, children: layout.service.columns.map((column, i) => cell(column, {width: widths[i]!, fill: headFill, bold: true}))});
  const rows = layout.service.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(String(row.number), {width: widths[0]!}),
          cell([paragraph([box(row.selected)], {alignment: AlignmentType.CENTER, spacing: {after: 0}})], {width: widths[1]!, ...(row.selected ? {fill: 'FFF4C2'} : {})}),
          cell(row.title, {width: widths[2]!, bold: row.selected}),
          cell(row.domain.join(', '), {width: widths[3]!}),
          cell(row.tech.join(', '), {width: widths[4]!}),
          cell([paragraph(lines(row.details, {size: 16}), {spacing: {after: 0}})], {width: widths[5]!}),
        ],
      }),
  );
  return [sectionHeading(layout.service.heading, true), paragraph(lines(layout.service.instruction, {size: 18, ...(layout.blank ? {color: blue} : {})})), table(widths, [header, ...rows])];
}

function scheduleChart(schedule: Activity[]): Table | undefined {
  const columns = schedulePeriods(schedule);
  if (columns.length === 0) return undefined;
  const activity = 2600;
  const width = Math.floor((contentWidth - activity) / columns.length);
  const widths = [activity, ...columns.map(() => width)];
  const years = [...new Set(columns.map((period) => period.year))];
  const yearRow = new TableRow({
    tableHeader: true,
    children: [cell('Activity', {width: activity, fill: labelFill, bold: true}), ...years.map((year) => cell(year, {width: width * columns.filter((period) => period.year === year).length, columnSpan: columns.filter((period) => period.year === year).length, fill: labelFill, bold: true}))],
  });
  const monthRow = new TableRow({tableHeader: true, children: [cell('', {width: activity, fill: labelFill}), ...columns.map((period) => cell([paragraph([run(period.label, {size: 11})], {alignment: AlignmentType.CENTER, spacing: {after: 0}})], {width, fill: labelFill, tight: true}))]});
  const rows = schedule.map(
    (item) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([paragraph([run(item.activity, {size: 16}), new TextRun({text: `${item.start ?? '?'} – ${item.end ?? '?'}`, font, size: 13, color: '555555', break: 1})], {spacing: {after: 0}})], {width: activity}),
          ...columns.map((period) => cell('', {width, tight: true, ...(activeIn(item, period) ? {fill: '2F6DB5'} : {})})),
        ],
      }),
  );
  return table(widths, [yearRow, monthRow, ...rows]);
}

function indicatorTable(indicators: Indicator[]): Table | undefined {
  if (indicators.length === 0) return undefined;
  const years = [...new Set(indicators.flatMap((indicator) => Object.keys(indicator.targets ?? {})))].sort();
  // The name keeps at least a third of the width; unit, baseline and years share the rest.
  const fixed = Math.floor(Math.min(1000, (contentWidth * 0.66) / (2 + years.length)));
  const widths = [contentWidth - fixed * (2 + years.length), fixed, fixed, ...years.map(() => fixed)];
  const header = new TableRow({tableHeader: true, children: ['Performance indicator', 'Unit', 'Baseline', ...years].map((text, i) => cell(text, {width: widths[i]!, fill: labelFill, bold: true, size: 17}))});
  const rows = indicators.map(
    (indicator) =>
      new TableRow({
        cantSplit: true,
        children: [indicator.name, indicator.unit ?? '', indicator.baseline === undefined ? '' : String(indicator.baseline), ...years.map((year) => (indicator.targets?.[year] === undefined ? '' : String(indicator.targets[year])))].map((text, i) => cell(text, {width: widths[i]!, size: 17})),
      }),
  );
  return table(widths, [header, ...rows]);
}

function preparedBy(layout: PcpLayout): Table {
  const fields = layout.preparedBy.fields;
  const widths = [1400, 1700, (contentWidth - 4600) / 2, 1500, (contentWidth - 4600) / 2];
  const rows: TableRow[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const [a, b] = [fields[i]!, fields[i + 1]];
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(i === 0 ? layout.preparedBy.label : '', {width: widths[0]!, fill: headFill, merge: i === 0 ? 'restart' : 'continue', bold: true}),
          cell(a.label, {width: widths[1]!, fill: labelFill, bold: true}),
          cell(value(a, layout.blank), {width: widths[2]!}),
          cell(b ? b.label : '', {width: widths[3]!, fill: labelFill, bold: true}),
          cell(b ? value(b, layout.blank) : [paragraph([])], {width: widths[4]!}),
        ],
      }),
    );
  }
  return table(widths, rows);
}

function signatures(layout: PcpLayout): Table {
  const half = Math.floor(contentWidth / 2);
  const none = {style: BorderStyle.NONE, size: 0, color: 'FFFFFF'};
  const block = (fields: LayoutField[]) =>
    new TableCell({
      width: {size: half, type: WidthType.DXA},
      borders: {top: none, bottom: none, left: none, right: none},
      children: fields.flatMap((field) =>
        field.value !== undefined
          ? [paragraph([run(field.value)]), paragraph([run(field.label, {size: 14, color: '555555'})], {spacing: {after: 80}})]
          : field.label === '(Signature)'
            ? [paragraph([run('______________________________')], {spacing: {before: 360}}), paragraph([run(field.label, {size: 14, color: '555555'})], {spacing: {after: 80}})]
            : [paragraph([run(field.label, {size: 18, color: '555555'})], {spacing: {after: 80}})],
      ),
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: {size: half * 2, type: WidthType.DXA},
    columnWidths: [half, half],
    borders: {top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none},
    rows: [new TableRow({cantSplit: true, children: layout.signatures.map((signature) => block(signature.lines))})],
  });
}

/**
 * The closing part (prepared-by table, confirmation, signatures) as one row of a borderless
 * table that may not break across pages: keepNext on paragraphs does not hold tables together
 * in every word processor (LibreOffice let the signatures fall on the next page), a row that
 * cannot split does. A row taller than a page is split anyway, so nothing is lost.
 */
function closing(layout: PcpLayout): Table {
  const none = {style: BorderStyle.NONE, size: 0, color: 'FFFFFF'};
  const borders = {top: none, bottom: none, left: none, right: none};
  const parts = [
    preparedBy(layout),
    new Paragraph({children: [box(layout.confirmation.checked), run(`  ${layout.confirmation.text}`, {size: 18})], spacing: {before: 200, after: 200}}),
    signatures(layout),
    // A cell ends with a paragraph.
    paragraph([], {spacing: {after: 0}}),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: {size: contentWidth, type: WidthType.DXA},
    columnWidths: [contentWidth],
    borders: {...borders, insideHorizontal: none, insideVertical: none},
    rows: [new TableRow({cantSplit: true, children: [new TableCell({width: {size: contentWidth, type: WidthType.DXA}, borders, margins: {top: 0, bottom: 0, left: 0, right: 0}, children: parts})]})],
  });
}

/** The Word document of `layout`, unpacked (pack it with `packDocx`). */
export async function docxDocument(layout: PcpLayout, folder: string): Promise<Document> {
  const answers = layout.sections.flatMap((section) => section.answers);
  const fragments: Fragment[] = answers.map((answer) => ({content: answer.content ?? [], width: contentWidth}));
  const converted = await convertFragments(fragments, folder);
  const children: FileChild[] = [
    new Paragraph({children: [run(layout.title, {bold: true, size: 40})], alignment: AlignmentType.CENTER, spacing: {before: 600}}),
    new Paragraph({children: [run(layout.subtitle, {size: 24})], alignment: AlignmentType.CENTER, spacing: {after: 400}}),
    ...overview(layout),
    ...services(layout),
  ];
  let index = 0;
  layout.sections.forEach((section, s) => {
    children.push(sectionHeading(section.heading, s === 0));
    for (const answer of section.answers) {
      const content = converted.children[index++] as FileChild[];
      children.push(new Paragraph({children: [run(answer.heading, {bold: true, size: 21})], spacing: {before: 200, after: 80}, keepNext: true}));
      if (!layout.blank && !answer.content && !answer.required) children.push(paragraph([run('Not answered: this section is optional.', {italics: true, color: '555555', size: 18})]));
      else if (layout.blank || !answer.content) for (const prompt of answer.prompts) children.push(paragraph([run(prompt, {color: blue, size: 18})]));
      children.push(...content);
      if (answer.schedule) {
        const chart = scheduleChart(answer.schedule);
        if (chart) children.push(chart, paragraph([]));
      }
      if (answer.indicators) {
        const indicators = indicatorTable(answer.indicators);
        if (indicators) children.push(indicators, paragraph([]));
      }
    }
  });
  children.push(paragraph([]), closing(layout));
  const footer = new Footer({
    children: [
      new Paragraph({
        // Each field in a run of its own: with both fields and the text between them in one run,
        // LibreOffice set the number and " of " in its default size, not the footer's.
        children: [{text: `${layout.slug}\t`}, {text: 'page '}, {children: [PageNumber.CURRENT]}, {text: ' of '}, {children: [PageNumber.TOTAL_PAGES]}].map((part) => new TextRun({...part, font, size: 16, color: '555555'})),
        tabStops: [{type: 'right', position: contentWidth}],
        style: 'PcpFooter',
      }),
    ],
  });
  const header = layout.draft ? new Header({children: [new Paragraph({children: [run('DRAFT: not for submission', {bold: true, color: 'C0392B', size: 18})], alignment: AlignmentType.CENTER})]}) : undefined;
  return new Document({
    creator: 'pcp',
    title: `${layout.title} ${layout.subtitle}`,
    subject: layout.slug,
    lastModifiedBy: 'pcp',
    revision: 1,
    // lineRule auto: without it LibreOffice reads the line height as exact and cuts pictures to one line.
    styles: {
      default: {document: {run: {font, size: 19}, paragraph: {spacing: {after: 100, line: 264, lineRule: LineRuleType.AUTO}}}},
      // The page numbers are fields: LibreOffice sets a field's number in its paragraph style, not its run.
      paragraphStyles: [{id: 'PcpFooter', name: 'PCP footer', basedOn: 'Normal', run: {font, size: 16, color: '555555'}, paragraph: {spacing: {after: 0}}}],
    },
    numbering: {config: converted.numbering},
    footnotes: converted.footnotes,
    sections: [
      {
        properties: {page: {size: {width: pageSize.width, height: pageSize.height}, margin: {top: pageSize.margin, bottom: pageSize.margin, left: pageSize.margin, right: pageSize.margin}}},
        ...(header ? {headers: {default: header}} : {}),
        footers: {default: footer},
        children,
      },
    ],
  });
}

/** The document's bytes. */
export async function packDocx(document: Document): Promise<Buffer> {
  return Packer.toBuffer(document);
}

/**
 * The document's zip entries before compression. Packer.toBuffer deflates every part, and
 * making the file reproducible meant inflating and deflating it all again; docx's own compiler
 * (the step before Packer zips) gives the entries, so they are compressed once.
 */
export function unpackedDocx(document: Document): ZipEntries {
  return (Packer as unknown as {compiler: {compile(file: Document, prettify: undefined, overrides: unknown[]): ZipEntries}}).compiler.compile(document, undefined, []);
}
