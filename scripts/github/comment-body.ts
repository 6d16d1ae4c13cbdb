/**
 * The text of the bot's comment and check run: the verdict, what is missing (sections answered,
 * the two official letters), the checks grouped by PCP section, and links to the rendered PCP.
 * Built only from rule ids, the library's messages, positions, section codes, stages, service
 * numbers and counts: never from a proposal's values, which are personal and confidential.
 */
import {sectionGroups, type ReviewedMessage} from './check-fetched.ts';
import {reportMarker, stageRecordLine} from './comment.ts';
import type {ProposalReview, Review} from './review.ts';

/** Where a reviewer finds more. */
export interface ReportLinks {
  /** The check workflow's run. */
  run?: string;
  /** The artifact with the rendered PCPs. */
  rendered?: string;
}

/** Most messages shown per section, so one broken proposal still gives a comment one can read. */
export const messagesPerSection = 25;

/** GitHub refuses comments over 65,536 characters. */
const bodyLimit = 60_000;

/** Escapes text for a Markdown table cell, and keeps `@name` from pinging anyone. */
export function escapeCell(text: string): string {
  return text
    .replace(/[\\|<>[\]]/g, (char) => `\\${char}`)
    .replace(/@/g, '&#64;')
    .replace(/\r?\n/g, ' ');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The verdict line. */
export function verdictTitle(review: Review): string {
  if (review.proposals.length === 0 && review.passing && review.removed.length === 0) return 'No proposal changed';
  if (!review.passing) return 'PCP checks failed';
  return review.warnings > 0 ? 'PCP checks passed, with warnings' : 'PCP checks passed';
}

/** "2 errors, 1 warning in 2 proposals". */
export function countsLine(review: Review): string {
  return `${plural(review.errors, 'error')}, ${plural(review.warnings, 'warning')} in ${plural(review.proposals.length, 'proposal')}`;
}

function icon(review: Review): string {
  if (review.proposals.length === 0 && review.passing && review.removed.length === 0) return 'ℹ️';
  return review.passing ? (review.warnings > 0 ? '⚠️' : '✅') : '❌';
}

function stageText(proposal: ProposalReview): string {
  const now = proposal.stage ? `stage \`${escapeCell(proposal.stage)}\`` : 'no stage';
  if (proposal.previousStage === null) return `${now} (new)`;
  if (proposal.previousStage && proposal.previousStage !== proposal.stage) return `${now} (was \`${escapeCell(proposal.previousStage)}\`)`;
  return now;
}

function completenessText(proposal: ProposalReview): string[] {
  const completeness = proposal.completeness;
  if (!completeness) return ['**Completeness:** unknown: the file could not be read far enough.'];
  const letter = (ok: boolean, name: string) => `${name} ${ok ? '✅ attached' : '❌ missing'}`;
  const lines = [
    `**Completeness:** ${completeness.answered.length} of ${completeness.required} required sections answered · ${letter(completeness.letters['organization-letter'], 'organization letter')} · ${letter(completeness.letters['oda-ministry-letter'], 'ODA ministry letter')}`,
  ];
  if (completeness.missing.length > 0) lines.push(`Still to answer: ${completeness.missing.map((code) => `\`${code}\``).join(', ')}`);
  return lines;
}

function messagesTable(messages: ReviewedMessage[]): string[] {
  const lines = ['| Line | Severity | Message | Rule |', '| ---: | --- | --- | --- |'];
  for (const message of messages.slice(0, messagesPerSection)) {
    const rule = message.url ? `[\`${message.ruleId}\`](${message.url})` : `\`${message.ruleId}\``;
    lines.push(`| ${message.line}:${message.column} | ${message.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${escapeCell(message.message)} | ${rule} |`);
  }
  if (messages.length > messagesPerSection) lines.push('', `… and ${messages.length - messagesPerSection} more in this section: run \`npx pcp check\` on the folder, or see the check's annotations.`);
  return lines;
}

function proposalBlock(proposal: ProposalReview): string[] {
  const errors = proposal.messages.filter((message) => message.severity === 'error').length;
  const warnings = proposal.messages.length - errors;
  const service = proposal.service !== undefined ? ` · service ${String(proposal.service).padStart(2, '0')}` : '';
  const lines = [`### \`${escapeCell(proposal.folder)}\`: ${stageText(proposal)}${service}`, '', ...completenessText(proposal), ''];
  if (proposal.messages.length === 0) {
    lines.push('No problems found.', '');
    return lines;
  }
  lines.push(`<details${errors > 0 ? ' open' : ''}><summary>${plural(errors, 'error')}, ${plural(warnings, 'warning')}, by section</summary>`, '');
  for (const group of sectionGroups()) {
    const inGroup = proposal.messages.filter((message) => message.section === group.id);
    if (inGroup.length === 0) continue;
    lines.push(`#### ${escapeCell(group.title)}`, '', ...messagesTable(inGroup), '');
  }
  const known = new Set(sectionGroups().map((group) => group.id));
  const other = proposal.messages.filter((message) => !known.has(message.section));
  if (other.length > 0) lines.push('#### Elsewhere', '', ...messagesTable(other), '');
  lines.push('</details>', '');
  return lines;
}

/**
 * The sticky comment's Markdown, starting with its hidden marker and, right after it, the hidden
 * stage record: a comment cut to GitHub's size limit loses its tail, never the record.
 */
export function formatReportComment(review: Review, links: ReportLinks = {}): string {
  const lines = [
    reportMarker,
    stageRecordLine(review.stages),
    `## ${icon(review)} ${verdictTitle(review)}`,
    '',
    `${countsLine(review)} · commit \`${review.headSha.slice(0, 7)}\`, checked by the default branch's checker (a pull request cannot change this verdict).`,
    '',
  ];
  if (review.problems.length > 0) lines.push('### The pull request', '', ...messagesTable(review.problems), '');
  for (const proposal of review.proposals) lines.push(...proposalBlock(proposal));
  for (const folder of review.removed) lines.push(`### \`${escapeCell(folder)}\`: removed`, '');
  const more: string[] = [];
  if (links.rendered) more.push(`[the rendered PCP (DOCX and PDF)](${links.rendered})`);
  if (links.run) more.push(`[the check run with its annotations](${links.run})`);
  if (more.length > 0) lines.push(`**See also:** ${more.join(' · ')}`, '');
  lines.push('<sub>Reviewers move a proposal with `/status <stage> [reason]` in this thread. This comment is updated on every push.</sub>', '');
  let body = `${lines.join('\n')}\n`;
  if (body.length > bodyLimit) body = `${body.slice(0, bodyLimit)}\n\n… cut here: the full list is in the check run's annotations.\n`;
  return body;
}

/** The check run's summary: the verdict and the counts per proposal, with no message text at all. */
export function formatCheckRunSummary(review: Review, links: ReportLinks = {}): string {
  const lines = [`${countsLine(review)} at \`${review.headSha.slice(0, 7)}\`.`, ''];
  for (const problem of review.problems) lines.push(`- the pull request: \`${problem.ruleId}\``);
  for (const proposal of review.proposals) {
    const errors = proposal.messages.filter((message) => message.severity === 'error').length;
    const completeness = proposal.completeness ? `, ${proposal.completeness.answered.length} of ${proposal.completeness.required} sections answered` : '';
    lines.push(`- \`${escapeCell(proposal.folder)}\`: ${plural(errors, 'error')}, ${plural(proposal.messages.length - errors, 'warning')}${completeness}`);
  }
  if (links.run) lines.push('', `Annotations: ${links.run}`);
  return `${lines.join('\n')}\n`;
}
