/** A person's role in the repository, from the collaborator-permission API. */
import type {GitHub} from './client.ts';
import type {Repository} from './repository.ts';

/**
 * The person's repository role (`role_name`: read, triage, write, maintain, admin or a custom
 * role), or 'none' when they are not a collaborator (the API answers 404). Never taken from an
 * event's `author_association`, which says how someone is related to the repository, not what
 * they may do in it.
 */
export async function repositoryRole(github: GitHub, target: Repository & {username: string}): Promise<string> {
  try {
    const {data} = await github.rest.repos.getCollaboratorPermissionLevel({owner: target.owner, repo: target.repo, username: target.username});
    return data.role_name || 'none';
  } catch (error) {
    if ((error as {status?: number}).status === 404) return 'none';
    throw error;
  }
}
