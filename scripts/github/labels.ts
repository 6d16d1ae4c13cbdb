/**
 * The labels the bot owns: `stage:*`, `service:NN` and `checks:passing|failing`. The bot adds the
 * ones it wants and removes stale ones of those prefixes only; every other label is people's.
 */
import type {GitHub} from './client.ts';
import type {Repository} from './repository.ts';

/** Prefixes of the labels the bot manages. */
export const managedPrefixes: readonly string[] = ['stage:', 'service:', 'checks:'];

/** The label naming a stage. */
export function stageLabel(stage: string): string {
  return `stage:${stage}`;
}

/** The label naming a service of the catalog, two digits (`service:02`). */
export function serviceLabel(service: number): string {
  return `service:${String(service).padStart(2, '0')}`;
}

/** The label of the verdict. */
export function checksLabel(passing: boolean): string {
  return passing ? 'checks:passing' : 'checks:failing';
}

/** Which labels to add and remove so that the managed ones are exactly `wanted`. */
export function planLabels(current: string[], wanted: string[], prefixes: readonly string[] = managedPrefixes): {add: string[]; remove: string[]} {
  const managed = (name: string) => prefixes.some((prefix) => name.startsWith(prefix));
  const want = new Set(wanted.filter(managed));
  return {
    add: [...want].filter((name) => !current.includes(name)).sort(),
    remove: current.filter((name) => managed(name) && !want.has(name)).sort(),
  };
}

/** Brings a pull request's managed labels to `wanted` (labels of other prefixes untouched). */
export async function syncLabels(github: GitHub, target: Repository & {issueNumber: number}, wanted: string[], prefixes: readonly string[] = managedPrefixes): Promise<{add: string[]; remove: string[]}> {
  const {owner, repo, issueNumber} = target;
  const current = (await github.paginate(github.rest.issues.listLabelsOnIssue, {owner, repo, issue_number: issueNumber, per_page: 100})).map((label) => label.name);
  const plan = planLabels(current, wanted, prefixes);
  if (plan.add.length > 0) await github.rest.issues.addLabels({owner, repo, issue_number: issueNumber, labels: plan.add});
  for (const name of plan.remove) {
    try {
      await github.rest.issues.removeLabel({owner, repo, issue_number: issueNumber, name});
    } catch (error) {
      // Someone removed it meanwhile: the label is gone either way.
      if ((error as {status?: number}).status !== 404) throw error;
    }
  }
  return plan;
}
