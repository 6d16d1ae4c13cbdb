/**
 * Who may move a proposal from one stage to another: pure functions of their inputs (the
 * person's repository role, the stages, the table in schema/status.yaml), tested without the
 * network. The table says whose move each one is (`by: consultant | reviewer`).
 */
import type {Actor, StatusVocabulary} from '../lib/form.ts';

/**
 * Repository roles that make someone a reviewer. GitHub's collaborator-permission API reports
 * `role_name` (read, triage, write, maintain, admin or a custom role's name); its older
 * `permission` field folds triage into read, so only `role_name` is read. Triage is the least
 * role that may label and close pull requests, which is what a reviewer needs; custom roles are
 * refused until a maintainer adds them here, so a new role never grants more than intended.
 */
export const reviewerRoles: readonly string[] = ['triage', 'write', 'maintain', 'admin'];

/** What a person may do with stages, from their repository role ('none' when not a collaborator). */
export function actorForRole(role: string): Actor {
  return reviewerRoles.includes(role) ? 'reviewer' : 'consultant';
}

/** True when the role makes someone a reviewer. */
export function isReviewer(role: string): boolean {
  return actorForRole(role) === 'reviewer';
}

/** A verdict on one change of stage. */
export type TransitionVerdict = {allowed: true} | {allowed: false; reason: string};

const quote = (ids: string[]) => ids.map((id) => `\`${id}\``).join(', ').replace(/, ([^,]*)$/, ' or $1');

/**
 * Whether `actor` may move a proposal from `from` (null: a new proposal) to `to`. A consultant's
 * move (handing in, withdrawing) may be made by anyone who may open a pull request, reviewers
 * included; a reviewer's move only by a reviewer. A move not in the table is refused for all.
 */
export function judgeTransition(from: string | null, to: string, actor: Actor, vocabulary: StatusVocabulary): TransitionVerdict {
  if (!vocabulary.stages.some((stage) => stage.id === to)) {
    return {allowed: false, reason: `\`${to}\` is not a stage; the stages are ${quote(vocabulary.stages.map((stage) => stage.id))}`};
  }
  if (from === to) return {allowed: false, reason: `the proposal is already \`${to}\``};
  const entry = from === null ? vocabulary.initial.find((candidate) => candidate.to === to) : vocabulary.transitions.find((candidate) => candidate.from === from && candidate.to === to);
  if (!entry) {
    if (from === null) return {allowed: false, reason: `a new proposal starts as ${quote(vocabulary.initial.map((candidate) => candidate.to))}`};
    const next = vocabulary.transitions.filter((candidate) => candidate.from === from).map((candidate) => candidate.to);
    return {allowed: false, reason: next.length > 0 ? `from \`${from}\` a proposal moves to ${quote(next)}` : `\`${from}\` is a final stage`};
  }
  if (entry.by === 'reviewer' && actor !== 'reviewer') {
    return {allowed: false, reason: `moving from \`${from ?? 'new'}\` to \`${to}\` is a reviewer's decision (repository role triage or above)`};
  }
  return {allowed: true};
}

/**
 * The stage a proposal is in, as far as the bot can trust: the one it recorded (a move it made
 * or accepted), else the base branch's; for a new proposal without a record, what the file
 * says if a new proposal may start there. Undefined when nothing trustworthy leads to `written`.
 */
export function trustedStage(recorded: string | undefined, base: string | null, written: string, vocabulary: StatusVocabulary): string | undefined {
  if (recorded !== undefined) return recorded;
  if (base !== null) return base;
  return vocabulary.initial.some((entry) => entry.to === written) ? written : undefined;
}

/** A `/status` comment, read. */
export type StatusCommand = {kind: 'none'} | {kind: 'invalid'; problem: string} | {kind: 'command'; stage: string; reason: string};

/** Longest reason kept: it goes into a commit message, not an essay. */
export const maxReasonLength = 500;

/**
 * Reads `/status <stage> [reason]` from the first line of a comment. Anything else is `none`,
 * so ordinary comments are ignored. The reason is one line of plain text, control characters
 * removed, at most `maxReasonLength` characters.
 */
export function parseStatusCommand(body: string): StatusCommand {
  const first = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.trim();
  const match = /^\/status(?:\s+(\S+))?(?:\s+(.*))?$/s.exec(first);
  if (!match) return {kind: 'none'};
  const stage = match[1];
  if (!stage) return {kind: 'invalid', problem: 'Expected a stage after `/status`, such as `/status under-review Complete and eligible`'};
  if (!/^[a-z][a-z-]{0,40}$/.test(stage)) return {kind: 'invalid', problem: 'Expected a stage in lower case with hyphens after `/status`, such as `under-review`'};
  // eslint-disable-next-line no-control-regex
  const reason = (match[2] ?? '').replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  if (reason.length > maxReasonLength) return {kind: 'invalid', problem: `Expected a reason of at most ${maxReasonLength} characters`};
  return {kind: 'command', stage, reason};
}
