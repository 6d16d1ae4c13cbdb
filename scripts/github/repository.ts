/** Which repository a step works on. */
import {SetupError} from './failure.ts';

/** The owner and name of a repository, as the REST API's URL templates take them. */
export interface Repository {
  owner: string;
  repo: string;
}

/** Reads `owner/name` (GITHUB_REPOSITORY); throws on anything else. */
export function parseRepository(fullName: string | undefined): Repository {
  const match = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(fullName ?? '');
  if (!match) throw new SetupError('Expected GITHUB_REPOSITORY to be owner/name');
  return {owner: match[1]!, repo: match[2]!};
}
