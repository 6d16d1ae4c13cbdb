/**
 * The bot's one comment per pull request: found by a hidden marker AND the bot's own login, so
 * a comment someone else pastes the marker into is never taken over, and edited in place.
 */
import type {GitHub} from './client.ts';
import type {Repository} from './repository.ts';

/** The login GitHub gives the GITHUB_TOKEN of a workflow. */
export const actionsBotLogin = 'github-actions[bot]';

/** The hidden line that marks the report comment. */
export const reportMarker = '<!-- pcp-review-bot:report -->';

/** Where the sticky comment goes and what it says. */
export interface StickyComment extends Repository {
  issueNumber: number;
  /** The comment's text; the marker is added in front when missing. */
  body: string;
  marker?: string;
  /** Whose comment may be updated; default: the workflow token's bot. */
  botLogin?: string;
}

/** What happened to the sticky comment. */
export interface UpsertResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** The bot's sticky comment, as found. */
export interface FoundComment {
  id: number;
  body: string;
}

/**
 * The bot's sticky comment on the issue, or null: the comment must start with the marker AND be
 * written by the bot, over every page of comments (a reply of the bot that quotes the marker,
 * or another bot's comment that starts with it, is never the one). Should two exist (two runs raced), the
 * oldest is the one, so links to it keep working.
 */
export async function findStickyComment(github: GitHub, options: Repository & {issueNumber: number; marker?: string; botLogin?: string}): Promise<FoundComment | null> {
  const marker = options.marker ?? reportMarker;
  const botLogin = options.botLogin ?? actionsBotLogin;
  const comments = await github.paginate(github.rest.issues.listComments, {owner: options.owner, repo: options.repo, issue_number: options.issueNumber, per_page: 100});
  const mine = comments.filter((comment) => comment.user?.login === botLogin && (comment.body ?? '').startsWith(marker)).sort((a, b) => a.id - b.id);
  return mine[0] ? {id: mine[0].id, body: mine[0].body ?? ''} : null;
}

/**
 * Creates the sticky comment, or updates the bot's existing one. `existing` is what
 * `findStickyComment` found, when the caller looked already (null: there is none).
 */
export async function upsertStickyComment(github: GitHub, options: StickyComment, existing?: FoundComment | null): Promise<UpsertResult> {
  const marker = options.marker ?? reportMarker;
  const body = options.body.startsWith(marker) ? options.body : `${marker}\n${options.body}`;
  const {owner, repo, issueNumber} = options;
  const found = existing === undefined ? await findStickyComment(github, options) : existing;
  if (found) {
    const {data} = await github.rest.issues.updateComment({owner, repo, comment_id: found.id, body});
    return {action: 'updated', id: data.id, url: data.html_url};
  }
  const {data} = await github.rest.issues.createComment({owner, repo, issue_number: issueNumber, body});
  return {action: 'created', id: data.id, url: data.html_url};
}

/** The hidden line of the sticky comment that records each proposal's trusted stage. */
const stagesPattern = /^<!-- pcp-review-bot:stages (\{.*\}) -->$/m;

/**
 * Each proposal's stage as the bot last accepted it (a move it judged allowed, or a `/status`
 * it made), read from its own comment: only the bot can write there, so a pull request that
 * edits `status:` cannot change what its next move is judged against.
 */
export function readStageRecord(body: string | undefined): Record<string, string> {
  const json = body ? stagesPattern.exec(body)?.[1] : undefined;
  if (!json) return {};
  try {
    const data = JSON.parse(json) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => /^proposals\/[^/]+$/.test(entry[0]) && typeof entry[1] === 'string' && /^[a-z][a-z-]*$/.test(entry[1])));
  } catch {
    return {};
  }
}

/** The hidden line that records the stages, for the comment's text. */
export function stageRecordLine(stages: Record<string, string>): string {
  // `--` never occurs in a folder or stage id that passes readStageRecord, so the comment stays closed.
  const safe = Object.fromEntries(Object.entries(stages).filter(([folder, stage]) => /^proposals\/[a-z0-9][a-z0-9-]*$/i.test(folder) && !folder.includes('--') && /^[a-z][a-z-]*$/.test(stage) && !stage.includes('--')).sort());
  return `<!-- pcp-review-bot:stages ${JSON.stringify(safe)} -->`;
}

/** Posts a plain reply in a pull request's thread. */
export async function reply(github: GitHub, target: Repository & {issueNumber: number}, body: string): Promise<string> {
  const {data} = await github.rest.issues.createComment({owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body});
  return data.html_url;
}
