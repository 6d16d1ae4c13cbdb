/**
 * The one place the GitHub client is assembled. `octokit`'s Octokit already composes
 * @octokit/plugin-retry (5xx and network errors, with backoff) and @octokit/plugin-throttling
 * (GitHub's primary and secondary rate limits); applying them again would retry each request
 * twice over, so this file configures them instead. Everything else takes the client as an
 * argument, so tests point the real request path at a fake server with `baseUrl`.
 */
import {App, Octokit} from 'octokit';

/** The client every step of scripts/github uses. */
export type GitHub = Octokit;

/** How to reach GitHub, and how patient to be. */
export interface ClientOptions {
  /** A token; in a workflow, the job's GITHUB_TOKEN. */
  token: string;
  /** The REST API root; default: GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
  /** Retries of a failed request (5xx, network); default 3. */
  retries?: number;
  /** Milliseconds one unit of retry backoff lasts; default 1000 (tests make it tiny). */
  retryAfterBaseValue?: number;
  /** False turns the rate-limit throttle off (tests, where writes need not be spaced). */
  throttle?: boolean;
  /** Where the client's own warnings go; default: stderr. */
  log?: (line: string) => void;
}

/** The most times a rate-limited request is tried again before the step gives up. */
const rateLimitRetries = 2;

/** A GitHub REST client with retries and rate-limit throttling. */
export function createClient(options: ClientOptions): GitHub {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Only method and route template reach the log: never bodies, which may quote a proposal.
  const onLimit = (kind: string) => (retryAfter: number, request: {method: string; url: string}, _octokit: unknown, retryCount: number) => {
    log(`GitHub ${kind} rate limit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter} s`);
    return retryCount < rateLimitRetries;
  };
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'pcp-review-bot',
    // 409 added to the plugin's own list: a conflicting write (the file changed) stays a conflict.
    retry: {retries: options.retries ?? 3, retryAfterBaseValue: options.retryAfterBaseValue ?? 1000, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451]},
    throttle: {
      enabled: options.throttle ?? true,
      retryAfterBaseValue: options.retryAfterBaseValue ?? 1000,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
    log: {debug: () => {}, info: () => {}, warn: (message: string) => log(message), error: (message: string) => log(message)},
  });
  // A POST or PUT that failed with a 5xx may have been carried out anyway: retried, it would post
  // a second comment or check run, or answer 409 to its own commit. Such writes are made once;
  // the caller looks at what is there instead (status-command.ts after the contents write).
  // GET, PATCH and DELETE are idempotent and keep their retries.
  octokit.hook.before('request', (request) => {
    if (nonIdempotent.has(request.method.toUpperCase())) request.request = {...request.request, retries: 0};
  });
  return octokit;
}

/** Methods whose request is never retried. */
export const nonIdempotent: ReadonlySet<string> = new Set(['POST', 'PUT']);

/** A GitHub App that creates the required check run, so that no workflow's token can fake it. */
export interface AppCredentials {
  /** The App's id (secret PCP_APP_ID). */
  appId: string;
  /** The App's private key, PEM (secret PCP_APP_PRIVATE_KEY). */
  privateKey: string;
  owner: string;
  repo: string;
  /** The REST API root; default: GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
}

/**
 * A client with an installation token of the App, limited to this repository and to
 * `checks: write`. A check run it creates carries the App's id, which a ruleset can require:
 * a fork's edited workflow can add a job named `pcp / trusted verdict`, but only with the
 * GitHub Actions app's id, never this App's.
 */
export async function createAppClient(credentials: AppCredentials, options: Omit<ClientOptions, 'token' | 'baseUrl'> = {}): Promise<GitHub> {
  const baseUrl = (credentials.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const app = new App({appId: credentials.appId, privateKey: credentials.privateKey, Octokit: Octokit.defaults({baseUrl, userAgent: 'pcp-review-bot'})});
  const {data: installation} = await app.octokit.rest.apps.getRepoInstallation({owner: credentials.owner, repo: credentials.repo});
  const {token} = (await app.octokit.auth({type: 'installation', installationId: installation.id, repositoryNames: [credentials.repo], permissions: {checks: 'write'}})) as {token: string};
  return createClient({...options, token, baseUrl});
}

/** The App's client when both secrets are set, else undefined (the workflow token makes the check run). */
export async function appClientFromEnv(env: NodeJS.ProcessEnv, target: {owner: string; repo: string}): Promise<GitHub | undefined> {
  if (!env.PCP_APP_ID || !env.PCP_APP_PRIVATE_KEY) return undefined;
  return createAppClient({appId: env.PCP_APP_ID, privateKey: env.PCP_APP_PRIVATE_KEY, ...target, ...(env.GITHUB_API_URL ? {baseUrl: env.GITHUB_API_URL} : {})});
}
