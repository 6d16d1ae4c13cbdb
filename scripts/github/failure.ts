/** How an entry reports a fault in a workflow log. */

/**
 * One line about a failure: the error's name, and for a failed request its HTTP status and
 * route (`GET /repos/o/r/pulls/7`), never the response body, which could quote a proposal.
 */
export function describeFailure(error: unknown): string {
  const status = (error as {status?: number}).status;
  const name = error instanceof Error ? error.name : 'Error';
  if (!status) return `${name}: ${error instanceof Error ? error.message : String(error)}`;
  const request = (error as {request?: {method?: string; url?: string}}).request;
  const route = request ? `${request.method ?? ''} ${new URL(request.url ?? '/', 'http://x').pathname}`.trim() : 'a request';
  return `${name} (HTTP ${status}): ${route}`;
}
