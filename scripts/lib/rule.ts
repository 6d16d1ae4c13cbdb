/**
 * The shape of a rule, and how its diagnostics are made. Every diagnostic the pipeline emits
 * belongs to a rule object under `rules/`: the id is permanent (retire, never rename), the
 * examples are the rule's tests and its guidance page on the site.
 */
import type {Position, Point} from 'unist';
import type {VFile} from 'vfile';
import type {VFileMessage} from 'vfile-message';
import type {ProposalContext} from './check-proposal.ts';

/**
 * `stage`: a warning while the proposal's stage allows it to be incomplete (a draft, or a
 * withdrawn one), an error from `submitted` on.
 */
export type Severity = 'error' | 'warning' | 'stage';

/** One documented example of a rule; the tests run each through the whole check. */
export interface RuleExample {
  /** What the example shows, in plain words. */
  title: string;
  /** True when the example must give no message of this rule. */
  valid: boolean;
  /** The whole file, when the example is about the file's form itself. */
  source?: string;
  /** YAML of top-level fields set over the base example proposal (a blank value removes one). */
  frontmatter?: string;
  /** The body that replaces the base example proposal's body. */
  body?: string;
  /** Files beside proposal.md, path to content; content starting `base64:` is binary. */
  files?: Record<string, string>;
  /** Where the proposal sits, relative to the repository; default proposals/example/proposal.md. */
  path?: string;
  /** The stage in the previous version of the file; null when the file is new. */
  previous?: string | null;
  /** For an invalid example: the exact reasons the rule gives, in order. */
  messages?: string[];
}

/** A check with its documentation. */
export interface Rule {
  /** Permanent kebab-case id with a family prefix (file-, frontmatter-, body-, catalog-, attachment-, submission-). */
  id: string;
  /** One line: what the rule asks for. */
  title: string;
  severity: Severity;
  /** Why the rule exists and how to fix what it finds, in plain words. */
  description: string;
  examples: RuleExample[];
  /** Runs on a parsed proposal; rules without it are reported by the read, parse or schema step. */
  check?: (context: ProposalContext) => void;
}

/** Where a diagnostic points: a range, a point, or nothing (the whole file). */
export type Place = Position | Point | undefined;

/**
 * A value the user wrote, quoted for a message: in backticks, without backticks or control
 * characters inside, shortened to 60 characters. Use only for values that are not personal data
 * (file names, stages, codes). People put personal data where it does not belong, though (a
 * signatory's name in a file name, a phone number as a stage), so a value with white space, an
 * `@` or seven digits or more is not repeated: only its extension is, as `….pdf`.
 */
export function quoted(value: string): string {
  const clean = value.replace(/[`\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  if (/[\s@]/.test(clean) || (clean.match(/\p{Nd}/gu)?.length ?? 0) >= 7) return `\`…${/\.[A-Za-z0-9]{1,5}$/.exec(clean)?.[0] ?? ''}\``;
  return `\`${clean.length > 60 ? `${clean.slice(0, 59)}…` : clean}\``;
}

/**
 * A field name the user wrote, quoted for a message, or undefined when it does not look like a
 * field name (a key can hold anything, even a person's name or e-mail address, so only plain
 * identifiers are repeated).
 */
export function quotedKey(key: string): string | undefined {
  // Field names are camelCase: a capitalised word is more likely a name written as a key.
  return /^[a-z][A-Za-z0-9_-]{0,39}$/.test(key) ? `\`${key}\`` : undefined;
}

const summaries = new WeakSet<VFileMessage>();

/** At most this many messages of one rule in one file; the rest are counted in one more. */
export const messagesPerRule = 50;

/**
 * Orders a file's messages by position, as people read them, and keeps at most
 * `messagesPerRule` of each rule: a file with thousands of the same mistake gets the first ones
 * and a count, not a wall of text.
 */
export function sortMessages(file: VFile): void {
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const seen = new Map<string, number>();
  const kept = file.messages.filter((message) => {
    if (summaries.has(message)) return true;
    const count = (seen.get(message.ruleId ?? '') ?? 0) + 1;
    seen.set(message.ruleId ?? '', count);
    return count <= messagesPerRule;
  });
  if (kept.length === file.messages.length) return;
  const last = new Map(kept.map((message) => [message.ruleId ?? '', message]));
  file.messages = kept;
  for (const [ruleId, count] of seen) {
    if (count <= messagesPerRule) continue;
    const after = last.get(ruleId)!;
    const summary = file.message(`And ${count - messagesPerRule} more of this rule in this file, not listed`, {place: after.place, ruleId, source: 'pcp'});
    summaries.add(summary);
    summary.fatal = after.fatal;
    summary.url = after.url;
  }
  file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Public address of the rules' guidance pages: the website's /checks/ (site/pages/checks/). The
 * site's address is the deployment's: PCP_SITE_URL and PCP_SITE_BASE, as astro.config.mjs reads
 * them (GitHub Pages: https://OWNER.github.io and /REPO/); unset, a placeholder that never resolves.
 */
export const checksBaseUrl = new URL(`${(process.env.PCP_SITE_BASE ?? '/').replace(/\/?$/, '/')}checks/`, process.env.PCP_SITE_URL ?? 'https://pcp.invalid').href;

/** The guidance page of a rule on the site. */
export function ruleUrl(id: string): string {
  return `${checksBaseUrl}${id}/`;
}

/**
 * Adds a diagnostic of `rule` to `file`. `complete` says whether the proposal's stage requires a
 * complete proposal, which makes `stage` rules errors.
 */
export function report(file: VFile, rule: Rule, reason: string, place: Place, complete = false): VFileMessage {
  // A reason is one line: a control character or line break from a quoted value could forge a
  // second line (a GitHub workflow command such as ::error::) in a log.
  const message = file.message(reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' '), {place, ruleId: rule.id, source: 'pcp'});
  message.fatal = rule.severity === 'error' || (rule.severity === 'stage' && complete);
  message.url = ruleUrl(rule.id);
  return message;
}
