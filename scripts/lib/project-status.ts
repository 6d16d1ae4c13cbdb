/**
 * The anonymized status projection: the only view of the proposals that leaves the private side.
 * The public site and `status.json` are built from it and never from proposals.
 *
 * What it holds: the total and one-way counts by stage, by domain and by technology. What it never
 * holds: cross-tabulations, countries, ministries, people, dates or ids of single proposals.
 * Small counts are hidden (primary suppression: a count under the call's threshold is shown as
 * "fewer than N"), and so is whatever would let a hidden count be worked out from the total
 * (secondary suppression, below). Outcome stages are embargoed until the announcement date: before
 * it, a shortlisted, approved or not-selected proposal is counted as under review, which is what
 * the public is told.
 */
import {join, relative} from 'node:path';
import type {VFile} from 'vfile';
import type {Catalog} from './catalog.ts';
import {loadCatalog} from './catalog.ts';
import {facetId} from './facet-id.ts';
import {UsageError} from './check.ts';
import {proposalJobs} from './proposal-jobs.ts';
import {loadStatusVocabulary, type StatusVocabulary} from './form.ts';
import {projectRoot} from './project-root.ts';
import {readFrontmatters, type FrontmatterFields} from './read-frontmatters.ts';
import {sortMessages} from './rule.ts';

/** The two fields of a proposal that the projection counts. Nothing else is read into it. */
export interface StatusRecord {
  status: string;
  service: number;
}

/**
 * How a count is published. `exact`: the number. `fewer-than`: under the threshold (primary
 * suppression); `hidden`: withheld so that a small count cannot be worked out (secondary).
 */
export type CellShown = 'exact' | 'fewer-than' | 'hidden';

/** One published count. `count` is null whenever it is not `exact`. */
export interface StatusCell {
  id: string;
  label: string;
  count: number | null;
  shown: CellShown;
}

/** A one-way table of counts. */
export interface StatusTable {
  id: 'stage' | 'domain' | 'technology';
  title: string;
  cells: StatusCell[];
}

/** The published projection (`status.json`). */
export interface StatusProjection {
  /** Version of this format. */
  format: 1;
  call: string;
  /** The day the counts were taken, YYYY-MM-DD. */
  snapshot: string;
  /** Counts under this are not published. */
  threshold: number;
  /** The day outcome stages become public, YYYY-MM-DD. */
  announcement: string;
  /** False before the announcement: outcome stages are counted as under review. */
  outcomesPublished: boolean;
  total: StatusCell;
  tables: StatusTable[];
}

/** What `projectStatus` needs besides the records. */
export interface ProjectionInput {
  catalog: Pick<Catalog, 'services'> & {call: {id: string; announcement: string; suppressionThreshold: number}};
  vocabulary: StatusVocabulary;
  /** The snapshot day. */
  today: Date;
}

/** Builds the anonymized projection of `records`. Pure: the same input gives the same output. */
export function projectStatus(records: readonly StatusRecord[], {catalog, vocabulary, today}: ProjectionInput): StatusProjection {
  const {call} = catalog;
  const threshold = call.suppressionThreshold;
  const snapshot = isoDay(today);
  const outcomesPublished = snapshot >= call.announcement;
  const shownStages = vocabulary.stages.filter((stage) => outcomesPublished || !stage.embargoed);
  // Before the announcement an outcome is not news yet: the public sees the proposal as still
  // under review. The table then has no outcome rows at all, so not even "fewer than 5" hints.
  const stageOf = (status: string) => {
    const stage = vocabulary.stages.find((candidate) => candidate.id === status);
    return stage && stage.embargoed && !outcomesPublished ? 'under-review' : status;
  };
  const serviceOf = new Map(catalog.services.map((service) => [service.number, service]));
  const domains = [...new Set(catalog.services.flatMap((service) => service.domain))].sort((a, b) => a.localeCompare(b, 'en'));
  const technologies = [...new Set(catalog.services.flatMap((service) => service.tech))].sort((a, b) => a.localeCompare(b, 'en'));

  const total = records.length;
  const count = (test: (record: StatusRecord) => boolean) => records.filter(test).length;
  const stageCounts = shownStages.map((stage) => ({id: stage.id, label: stage.label, n: count((record) => stageOf(record.status) === stage.id)}));
  const domainCounts = domains.map((domain) => ({id: facetId(domain), label: domain, n: count((record) => serviceOf.get(record.service)?.domain.includes(domain) ?? false)}));
  const techCounts = technologies.map((tech) => ({id: facetId(tech), label: tech, n: count((record) => serviceOf.get(record.service)?.tech.includes(tech) ?? false)}));
  const published = [stageCounts, domainCounts, techCounts].map((cells) => suppress(cells, threshold));
  const tables: StatusTable[] = [
    {id: 'stage', title: 'By stage', cells: published[0]!.cells},
    {id: 'domain', title: 'By domain', cells: published[1]!.cells},
    {id: 'technology', title: 'By technology', cells: published[2]!.cells},
  ];
  const totalHidden = total < threshold || published.some((table) => table.totalHidden);
  return {
    format: 1,
    call: call.id,
    snapshot,
    threshold,
    announcement: call.announcement,
    outcomesPublished,
    total: {id: 'total', label: 'All proposals', count: totalHidden ? null : total, shown: total < threshold ? 'fewer-than' : totalHidden ? 'hidden' : 'exact'},
    tables,
  };
}

interface RawCell {
  id: string;
  label: string;
  n: number;
}

/**
 * Primary suppression (every count under `threshold`, zero included), then secondary suppression
 * until no withheld cell can be pinned to one value. The reader is assumed to know the sum of the
 * table's cells: for the stages it is the total; for domains and technologies (a service may have
 * two) it is at least the total, and equal to it when no proposal's service has two, so assuming
 * it known is the cautious side. A reader knows a "fewer than" cell lies in [0, threshold - 1] and
 * a "hidden" one in [threshold, sum]; a cell is pinned when the sum the others leave for it allows
 * one value only. If withholding every cell is not enough, the total is withheld too.
 */
function suppress(raw: RawCell[], threshold: number): {cells: StatusCell[]; totalHidden: boolean} {
  const shown: CellShown[] = raw.map((cell) => (cell.n < threshold ? 'fewer-than' : 'exact'));
  const sum = raw.reduce((total, cell) => total + cell.n, 0);
  let totalHidden = false;
  if (sum >= threshold) {
    while (pinned(raw, shown, sum, threshold)) {
      // Withhold the smallest published count: it costs readers the least.
      let smallest = -1;
      for (const [i, cell] of raw.entries()) if (shown[i] === 'exact' && (smallest === -1 || cell.n < raw[smallest]!.n)) smallest = i;
      if (smallest === -1) {
        totalHidden = true;
        break;
      }
      shown[smallest] = 'hidden';
    }
  }
  return {cells: raw.map((cell, i) => ({id: cell.id, label: cell.label, count: shown[i] === 'exact' ? cell.n : null, shown: shown[i]!})), totalHidden};
}

/** Whether some withheld cell can be worked out exactly from `sum` and the published cells. */
function pinned(raw: RawCell[], shown: CellShown[], total: number, threshold: number): boolean {
  const withheld = raw.flatMap((_, i) => (shown[i] === 'exact' ? [] : [i]));
  if (withheld.length === 0) return false;
  const left = total - raw.reduce((sum, cell, i) => sum + (shown[i] === 'exact' ? cell.n : 0), 0);
  const low = (i: number) => (shown[i] === 'fewer-than' ? 0 : threshold);
  const high = (i: number) => (shown[i] === 'fewer-than' ? threshold - 1 : total);
  const lows = withheld.reduce((sum, i) => sum + low(i), 0);
  const highs = withheld.reduce((sum, i) => sum + high(i), 0);
  return withheld.some((i) => {
    const least = Math.max(low(i), left - (highs - high(i)));
    const most = Math.min(high(i), left - (lows - low(i)));
    return least >= most;
  });
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The snapshot day: SOURCE_DATE_EPOCH when set (reproducible builds), else today. */
export function snapshotDay(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** The records of every proposal under `root`'s proposals/, and the files with their messages. */
export interface StatusRecords {
  records: StatusRecord[];
  /** Every proposal read, with messages for those whose stage or service could not be read. */
  files: VFile[];
}

/** The frontmatter fields the projection counts. */
export const statusFields = ['status', 'service'] as const;

/**
 * The records of read frontmatters (`readFrontmatters` with `statusFields`, validated): a
 * proposal whose frontmatter has errors keeps its messages and is not counted.
 */
export function statusRecordsOf(read: FrontmatterFields[]): StatusRecords {
  const records: StatusRecord[] = [];
  for (const {file, values} of read) {
    sortMessages(file);
    if (file.messages.some((message) => message.fatal)) continue;
    const {status, service} = values;
    if (typeof status === 'string' && typeof service === 'number') records.push({status, service});
  }
  return {records, files: read.map(({file}) => file)};
}

/**
 * Reads the stage and the service of every proposal: the frontmatter only (the body is never
 * parsed, so this stays fast for thousands of proposals), checked against the schema.
 */
export async function readStatusRecords(root: string = projectRoot, cwd: string = process.cwd()): Promise<StatusRecords> {
  return statusRecordsOf(await readFrontmatters(await proposalJobs(root, cwd), {fields: [...statusFields], validated: true}));
}

/** Projects `records` with the repository's catalog and the status vocabulary. */
export async function projectRecords(records: StatusRecord[], root: string = projectRoot, cwd: string = process.cwd(), today: Date = snapshotDay()): Promise<StatusProjection> {
  const catalog = await loadCatalog(root, cwd);
  if (!catalog.call) throw new UsageError('The call in catalog/call.yaml has errors: run `pcp check catalog` first');
  return projectStatus(records, {catalog: {services: catalog.services, call: catalog.call}, vocabulary: loadStatusVocabulary(), today});
}

/** Reads every proposal's stage and service under `root` and projects them for today. */
export async function statusOfRepository(root: string = projectRoot, cwd: string = process.cwd(), today: Date = snapshotDay()): Promise<{projection: StatusProjection | undefined; files: VFile[]}> {
  const catalog = await loadCatalog(root, cwd);
  if (!catalog.call) throw new UsageError('The call in catalog/call.yaml has errors: run `pcp check catalog` first');
  const {records, files} = await readStatusRecords(root, cwd);
  if (files.some((file) => file.messages.some((message) => message.fatal))) return {projection: undefined, files};
  return {projection: await projectRecords(records, root, cwd, today), files};
}
