/**
 * Turns checked files into what people read: aligned text grouped by file, JSON for tools, and
 * GitHub workflow commands (annotations) with a Markdown step summary.
 */
import type {VFileMessage} from 'vfile-message';
import type {CheckedFile} from './check.ts';

/** Counts over a batch. */
export interface Summary {
  errors: number;
  warnings: number;
  files: number;
  filesWithProblems: number;
  /** "proposals" when every file is one, else "files". */
  noun: string;
}

/** Errors, warnings and files of a batch. */
export function summarize(files: CheckedFile[]): Summary {
  let errors = 0;
  let warnings = 0;
  let filesWithProblems = 0;
  for (const {file} of files) {
    const fatal = file.messages.filter((message) => message.fatal).length;
    errors += fatal;
    warnings += file.messages.length - fatal;
    if (file.messages.length > 0) filesWithProblems++;
  }
  const noun = files.every((entry) => entry.kind === 'proposal') ? 'proposal' : 'file';
  return {errors, warnings, files: files.length, filesWithProblems, noun};
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "2 errors, 1 warning in 1 of 4 proposals", or "No problems in 4 proposals". */
export function summaryLine(summary: Summary): string {
  if (summary.errors + summary.warnings === 0) return `No problems in ${plural(summary.files, summary.noun)}`;
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${summary.filesWithProblems} of ${plural(summary.files, summary.noun)}`;
}

function where(message: VFileMessage): string {
  return `${message.line ?? 1}:${message.column ?? 1}`;
}

/** Plain text: `file:line:col  severity  message  rule-id`, aligned, a blank line between files. */
export function formatText(files: CheckedFile[], {color = false}: {color?: boolean} = {}): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const blocks: string[] = [];
  for (const {file} of files) {
    if (file.messages.length === 0) continue;
    const rows = file.messages.map((message) => ({
      place: `${file.path}:${where(message)}`,
      severity: message.fatal ? 'error' : 'warning',
      reason: message.reason,
      rule: message.ruleId ?? '',
    }));
    const placeWidth = Math.max(...rows.map((row) => row.place.length));
    const reasonWidth = Math.min(100, Math.max(...rows.map((row) => row.reason.length)));
    blocks.push(
      rows
        .map((row) => {
          const severity = paint(row.severity === 'error' ? '31' : '33', row.severity.padEnd(7));
          return `${row.place.padEnd(placeWidth)}  ${severity}  ${row.reason.padEnd(reasonWidth)}  ${paint('2', row.rule)}`.trimEnd();
        })
        .join('\n'),
    );
  }
  const summary = summarize(files);
  const line = summaryLine(summary);
  blocks.push(summary.errors > 0 ? paint('31', line) : summary.warnings > 0 ? paint('33', line) : paint('32', line));
  return `${blocks.join('\n\n')}\n`;
}

/** JSON for tools: every message with its position, rule and guidance page. */
export function formatJson(files: CheckedFile[]): string {
  const out = {
    version: 1,
    summary: summarize(files),
    files: files.map(({kind, file}) => ({
      path: file.path,
      kind,
      messages: file.messages.map((message) => ({
        line: message.line ?? 1,
        column: message.column ?? 1,
        endLine: message.place && 'end' in message.place ? message.place.end.line : (message.line ?? 1),
        endColumn: message.place && 'end' in message.place ? message.place.end.column : (message.column ?? 1),
        severity: message.fatal ? 'error' : 'warning',
        message: message.reason,
        ruleId: message.ruleId,
        url: message.url,
      })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Escapes data of a workflow command (the text after `::`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property of a workflow command. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands, one annotation per message, then the summary line. */
export function formatGithub(files: CheckedFile[]): string {
  const lines: string[] = [];
  for (const {file} of files) {
    for (const message of file.messages) {
      const end = message.place && 'end' in message.place ? message.place.end : undefined;
      const properties = [
        `file=${escapeProperty(file.path ?? '')}`,
        `line=${message.line ?? 1}`,
        `col=${message.column ?? 1}`,
        ...(end && end.line === message.line ? [`endColumn=${end.column}`] : end ? [`endLine=${end.line}`] : []),
        `title=${escapeProperty(message.ruleId ?? 'pcp')}`,
      ];
      lines.push(`::${message.fatal ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(message.reason)}`);
    }
  }
  lines.push(summaryLine(summarize(files)));
  return `${lines.join('\n')}\n`;
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/[\\|<>[\]]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** The job summary: the verdict and a table of every message. */
export function formatStepSummary(files: CheckedFile[]): string {
  const summary = summarize(files);
  const verdict = summary.errors > 0 ? '❌ Checks failed' : summary.warnings > 0 ? '⚠️ Checks passed with warnings' : '✅ Checks passed';
  const lines = [`## ${verdict}`, '', summaryLine(summary), ''];
  const rows = files.flatMap(({file}) => file.messages.map((message) => ({file, message})));
  if (rows.length > 0) {
    lines.push('| File | Line | Severity | Message | Rule |', '| --- | ---: | --- | --- | --- |');
    for (const {file, message} of rows) {
      const rule = message.ruleId ? `[${message.ruleId}](${message.url ?? ''})` : '';
      lines.push(`| ${cell(file.path ?? '')} | ${message.line ?? 1}:${message.column ?? 1} | ${message.fatal ? 'error' : 'warning'} | ${cell(message.reason)} | ${rule} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
