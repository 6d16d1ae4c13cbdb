/** How an entry reports a fault in a workflow log. */

/**
 * A fault of the job's setup (a missing variable, an event of the wrong shape) whose message the
 * code wrote itself, with no value from a file, a response or a payload in it: the only kind of
 * message `describeFailure` prints.
 */
export class SetupError extends Error {
  override name = 'SetupError';
}

/**
 * One line about a failure: the error's name (and its `code`, such as ENOENT), and for a failed
 * request its HTTP status and route (`GET /repos/o/r/pulls/7`). Never a response body, and never
 * another error's message, which could hold a path or quote a proposal (a JSON SyntaxError
 * quotes its input); only a `SetupError`'s own message is printed.
 */
export function describeFailure(error: unknown): string {
  const status = (error as {status?: number}).status;
  const name = error instanceof Error ? error.name : 'Error';
  if (error instanceof SetupError) return `${name}: ${error.message}`;
  if (!status) {
    const code = (error as {code?: unknown}).code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? `${name} (${code})` : name;
  }
  const request = (error as {request?: {method?: string; url?: string}}).request;
  const route = request ? `${request.method ?? ''} ${new URL(request.url ?? '/', 'http://x').pathname}`.trim() : 'a request';
  return `${name} (HTTP ${status}): ${route}`;
}
