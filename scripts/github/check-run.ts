/** The trusted verdict as a check run on the pull request's head commit. */
import type {GitHub} from './client.ts';
import type {Repository} from './repository.ts';

/** The check run's name, which a ruleset can require. */
export const checkRunName = 'pcp / trusted verdict';

/** GitHub caps a check run's summary at 65,535 characters. */
const summaryLimit = 65_000;

/** What the check run says. */
export interface CheckRunReport extends Repository {
  headSha: string;
  passing: boolean;
  title: string;
  summary: string;
  detailsUrl?: string;
}

/** Creates a completed check run with the verdict; returns its id. */
export async function createCheckRun(github: GitHub, report: CheckRunReport): Promise<number> {
  const summary = report.summary.length > summaryLimit ? `${report.summary.slice(0, summaryLimit)}\n\n(cut: see the pull request's comment)` : report.summary;
  const {data} = await github.rest.checks.create({
    owner: report.owner,
    repo: report.repo,
    name: checkRunName,
    head_sha: report.headSha,
    status: 'completed',
    conclusion: report.passing ? 'success' : 'failure',
    ...(report.detailsUrl ? {details_url: report.detailsUrl} : {}),
    output: {title: report.title.slice(0, 250), summary},
  });
  return data.id;
}
