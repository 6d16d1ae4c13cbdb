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

/** Creates the sticky comment, or updates the bot's existing one (every page of comments is read). */
export async function upsertStickyComment(github: GitHub, options: StickyComment): Promise<UpsertResult> {
  const marker = options.marker ?? reportMarker;
  const botLogin = options.botLogin ?? actionsBotLogin;
  const body = options.body.includes(marker) ? options.body : `${marker}\n${options.body}`;
  const {owner, repo, issueNumber} = options;
  const comments = await github.paginate(github.rest.issues.listComments, {owner, repo, issue_number: issueNumber, per_page: 100});
  const mine = comments.filter((comment) => comment.user?.login === botLogin && (comment.body ?? '').includes(marker));
  // Should two exist (a race of two runs), the oldest stays the one, so links to it keep working.
  const existing = mine.sort((a, b) => a.id - b.id)[0];
  if (existing) {
    const {data} = await github.rest.issues.updateComment({owner, repo, comment_id: existing.id, body});
    return {action: 'updated', id: data.id, url: data.html_url};
  }
  const {data} = await github.rest.issues.createComment({owner, repo, issue_number: issueNumber, body});
  return {action: 'created', id: data.id, url: data.html_url};
}

/** Posts a plain reply in a pull request's thread. */
export async function reply(github: GitHub, target: Repository & {issueNumber: number}, body: string): Promise<string> {
  const {data} = await github.rest.issues.createComment({owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body});
  return data.html_url;
}
