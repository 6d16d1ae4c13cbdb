/**
 * A small, stateful fake of the GitHub REST API on 127.0.0.1, for running the real octokit
 * client (URL templates, pagination by Link header, errors, retries) against: issue comments
 * and labels, pull requests and their files, contents and blobs at a commit, contents writes
 * on a branch, check runs, collaborator roles and run artifacts. Faults can be queued per route.
 */
import {createHash, randomBytes} from 'node:crypto';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join, relative, sep} from 'node:path';

/** A comment as the fake stores it. */
export interface FakeComment {
  id: number;
  body: string;
  user: {login: string; type: string};
  html_url: string;
}

/** A pull request as the fake stores it. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  user: {login: string};
  head: {sha: string; ref: string; repo: {full_name: string} | null};
  base: {sha: string; ref: string; repo: {full_name: string}};
  /** GitHub's count of changed files; default: how many `pullFiles` lists. */
  changed_files?: number;
}

/** A queued fault: the next `times` requests matching `method` and `path` get `status`. */
export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
  message?: string;
  /** Carry the request out first, then answer with the fault (a write whose answer was lost). */
  after?: boolean;
}

/** A commit made through the contents API. */
export interface FakeCommit {
  sha: string;
  branch: string;
  path: string;
  message: string;
  parent: string;
}

/** The git blob id of some bytes, as git computes it. */
export function blobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A random 40-hex commit id. */
export function commitSha(): string {
  return randomBytes(20).toString('hex');
}

/** Every file under `folder`, by its path relative to `base` with `/`. */
export function filesOf(folder: string, base: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.set(relative(base, path).split(sep).join('/'), readFileSync(path));
    }
  };
  visit(folder);
  return out;
}

/** The fake server and its state. */
export class FakeGitHub {
  readonly owner = 'programme';
  readonly repo = 'proposals';
  baseUrl = '';
  comments = new Map<number, FakeComment[]>();
  labels = new Map<number, string[]>();
  pulls = new Map<number, FakePull>();
  pullFiles = new Map<number, Array<{filename: string; status: string; previous_filename?: string}>>();
  /** Repository content by commit id: path -> bytes. */
  trees = new Map<string, Map<string, Buffer>>();
  /** Branch name -> commit id. */
  branches = new Map<string, string>();
  roles = new Map<string, string>();
  checkRuns: Array<Record<string, unknown>> = [];
  commits: FakeCommit[] = [];
  artifacts = new Map<number, Array<{id: number; name: string; expired: boolean}>>();
  faults: Fault[] = [];
  /** More entries for a folder's listing, by folder path (a submodule, which GitHub lists as a file). */
  extraEntries = new Map<string, Array<Record<string, unknown>>>();
  /** Every request: method, path (with query) and the token it came with. */
  requests: Array<{method: string; path: string; token?: string}> = [];
  /** The bodies of installation-token requests (what the App asked for). */
  appTokenRequests: Array<Record<string, unknown>> = [];
  /** Called on every request before it is answered (to move a head while a review runs, say). */
  onRequest: ((method: string, path: string) => void) | undefined;
  /** The login that the token's comments are written by. */
  botLogin = 'github-actions[bot]';
  private nextId = 1000;
  private server: Server | undefined;

  /** Starts listening on a random port of 127.0.0.1. */
  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => this.send(response, 500, {message: error.message}));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Adds a commit whose content is `files`; returns its id. */
  addCommit(files: Map<string, Buffer>): string {
    const sha = commitSha();
    this.trees.set(sha, new Map(files));
    return sha;
  }

  /** Adds a comment by anyone. */
  addComment(issue: number, login: string, body: string): FakeComment {
    const id = this.nextId++;
    const comment = {id, body, user: {login, type: login.endsWith('[bot]') ? 'Bot' : 'User'}, html_url: `https://github.test/${this.owner}/${this.repo}/pull/${issue}#issuecomment-${id}`};
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  /** The requests made so far that match. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((request) => request.method === method && path.test(request.path.replace(/\?.*$/, ''))).length;
  }

  private send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...headers});
    response.end(body === undefined ? '' : JSON.stringify(body));
  }

  private page<T>(response: ServerResponse, url: URL, items: T[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return `<${this.baseUrl}${next.pathname}${next.search}>; rel="${rel}"`;
    };
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    this.send(response, 200, items.slice((page - 1) * perPage, page * perPage), links.length > 0 ? {link: links.join(', ')} : {});
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    this.requests.push({method, path: `${url.pathname}${url.search}`, token: (request.headers.authorization ?? '').replace(/^\S+ /, '')});
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    if (!/^(token|bearer) \S+/i.test(request.headers.authorization ?? '')) return this.send(response, 401, {message: 'Requires authentication'});
    this.onRequest?.(method, url.pathname);
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.method === method && candidate.path.test(url.pathname));
    if (fault) {
      fault.times--;
      if (fault.after) {
        const discard = {writeHead: () => discard, end: () => discard} as unknown as ServerResponse;
        await this.route(request, discard, url, method, body);
      }
      return this.send(response, fault.status, {message: fault.message ?? `Fault ${fault.status}`}, fault.headers);
    }
    return this.route(request, response, url, method, body);
  }

  private async route(_request: IncomingMessage, response: ServerResponse, url: URL, method: string, body: Record<string, unknown>): Promise<void> {
    const prefix = `/repos/${this.owner}/${this.repo}`;
    // A GitHub App: the repository's installation, and an installation token for a JWT.
    if (url.pathname === `${prefix}/installation` && method === 'GET') return this.send(response, 200, {id: 77});
    if (url.pathname === '/app/installations/77/access_tokens' && method === 'POST') {
      this.appTokenRequests.push(body);
      return this.send(response, 201, {token: 'app-installation-token', expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: body.permissions ?? {}, repository_selection: 'selected'});
    }
    if (!url.pathname.startsWith(`${prefix}/`)) return this.send(response, 404, {message: 'Not Found'});
    const path = url.pathname.slice(prefix.length);
    let match: RegExpExecArray | null;

    if ((match = /^\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(match[1]);
      if (method === 'GET') return this.page(response, url, this.comments.get(issue) ?? []);
      if (method === 'POST') return this.send(response, 201, this.addComment(issue, this.botLogin, String(body.body)));
    }
    if ((match = /^\/issues\/comments\/(\d+)$/.exec(path)) && method === 'PATCH') {
      const comment = [...this.comments.values()].flat().find((candidate) => candidate.id === Number(match![1]));
      if (!comment) return this.send(response, 404, {message: 'Not Found'});
      comment.body = String(body.body);
      return this.send(response, 200, comment);
    }
    if ((match = /^\/issues\/(\d+)\/labels$/.exec(path))) {
      const issue = Number(match[1]);
      const current = this.labels.get(issue) ?? [];
      if (method === 'GET') return this.page(response, url, current.map((name) => ({name})));
      if (method === 'POST') {
        const next = [...new Set([...current, ...(body.labels as string[])])];
        this.labels.set(issue, next);
        return this.send(response, 200, next.map((name) => ({name})));
      }
    }
    if ((match = /^\/issues\/(\d+)\/labels\/(.+)$/.exec(path)) && method === 'DELETE') {
      const issue = Number(match[1]);
      const name = decodeURIComponent(match[2]!);
      const current = this.labels.get(issue) ?? [];
      if (!current.includes(name)) return this.send(response, 404, {message: 'Label does not exist'});
      this.labels.set(issue, current.filter((label) => label !== name));
      return this.send(response, 200, this.labels.get(issue)!.map((label) => ({name: label})));
    }
    if ((match = /^\/pulls\/(\d+)$/.exec(path)) && method === 'GET') {
      const pull = this.pulls.get(Number(match[1]));
      return pull ? this.send(response, 200, {changed_files: this.pullFiles.get(pull.number)?.length ?? 0, ...pull}) : this.send(response, 404, {message: 'Not Found'});
    }
    if ((match = /^\/branches\/(.+)$/.exec(path)) && method === 'GET') {
      const name = decodeURIComponent(match[1]!);
      const sha = this.branches.get(name);
      return sha ? this.send(response, 200, {name, commit: {sha}}) : this.send(response, 404, {message: 'Branch not found'});
    }
    if ((match = /^\/pulls\/(\d+)\/files$/.exec(path)) && method === 'GET') {
      const files = this.pullFiles.get(Number(match[1]));
      return files ? this.page(response, url, files) : this.send(response, 404, {message: 'Not Found'});
    }
    if ((match = /^\/contents\/(.*)$/.exec(path))) {
      const filePath = decodeURIComponent(match[1]!).replace(/\/+$/, '');
      if (method === 'GET') return this.getContents(response, filePath, url.searchParams.get('ref') ?? '');
      if (method === 'PUT') return this.putContents(response, filePath, body);
    }
    if ((match = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(path)) && method === 'GET') {
      for (const tree of this.trees.values()) {
        for (const bytes of tree.values()) {
          if (blobSha(bytes) === match[1]) return this.send(response, 200, {sha: match[1], size: bytes.length, encoding: 'base64', content: bytes.toString('base64').replace(/(.{60})/g, '$1\n')});
        }
      }
      return this.send(response, 404, {message: 'Not Found'});
    }
    if (path === '/check-runs' && method === 'POST') {
      const run = {id: this.nextId++, ...body};
      this.checkRuns.push(run);
      return this.send(response, 201, run);
    }
    if ((match = /^\/collaborators\/([^/]+)\/permission$/.exec(path)) && method === 'GET') {
      const login = decodeURIComponent(match[1]!);
      const role = this.roles.get(login);
      if (!role) return this.send(response, 404, {message: `${login} is not a user`});
      // As GitHub does: `permission` folds triage into read and maintain into write.
      const permission = role === 'triage' ? 'read' : role === 'maintain' ? 'write' : ['read', 'write', 'admin'].includes(role) ? role : 'read';
      return this.send(response, 200, {permission, role_name: role, user: {login}});
    }
    if ((match = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(path)) && method === 'GET') {
      const artifacts = (this.artifacts.get(Number(match[1])) ?? []).filter((artifact) => !url.searchParams.get('name') || artifact.name === url.searchParams.get('name'));
      return this.send(response, 200, {total_count: artifacts.length, artifacts});
    }
    return this.send(response, 404, {message: 'Not Found'});
  }

  private getContents(response: ServerResponse, path: string, ref: string): void {
    const commit = this.branches.get(ref) ?? ref;
    const tree = this.trees.get(commit);
    if (!tree) return this.send(response, 404, {message: 'No commit found for the ref'});
    const bytes = tree.get(path);
    if (bytes) return this.send(response, 200, {type: 'file', name: path.split('/').at(-1), path, sha: blobSha(bytes), size: bytes.length, encoding: 'base64', content: bytes.toString('base64')});
    const entries = new Map<string, Record<string, unknown>>();
    for (const [candidate, content] of tree) {
      if (!candidate.startsWith(`${path}/`)) continue;
      const rest = candidate.slice(path.length + 1);
      const name = rest.split('/')[0]!;
      const isDir = rest.includes('/');
      entries.set(name, {type: isDir ? 'dir' : 'file', name, path: `${path}/${name}`, sha: isDir ? commitSha() : blobSha(content), size: isDir ? 0 : content.length});
    }
    for (const entry of this.extraEntries.get(path) ?? []) entries.set(String(entry.name), entry);
    if (entries.size === 0) return this.send(response, 404, {message: 'Not Found'});
    return this.send(response, 200, [...entries.values()].sort((a, b) => String(a.name).localeCompare(String(b.name))));
  }

  private putContents(response: ServerResponse, path: string, body: Record<string, unknown>): void {
    const branch = String(body.branch);
    const head = this.branches.get(branch);
    if (!head) return this.send(response, 404, {message: 'Branch not found'});
    const tree = new Map(this.trees.get(head)!);
    const current = tree.get(path);
    if (current && blobSha(current) !== body.sha) return this.send(response, 409, {message: `${path} does not match ${String(body.sha)}`});
    const bytes = Buffer.from(String(body.content), 'base64');
    tree.set(path, bytes);
    const sha = this.addCommit(tree);
    this.branches.set(branch, sha);
    for (const pull of this.pulls.values()) if (pull.head.ref === branch && pull.head.repo?.full_name === `${this.owner}/${this.repo}`) pull.head.sha = sha;
    this.commits.push({sha, branch, path, message: String(body.message), parent: head});
    return this.send(response, 200, {content: {path, sha: blobSha(bytes)}, commit: {sha, message: body.message}});
  }
}
