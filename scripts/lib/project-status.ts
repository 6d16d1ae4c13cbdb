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
import * as lp from 'javascript-lp-solver';
import type {VFile} from 'vfile';
import type {Catalog} from './catalog.ts';
import {loadCatalog} from './catalog.ts';
import {facetId} from './facet-id.ts';
import {UsageError} from './check.ts';
import {proposalJobs} from './proposal-jobs.ts';
import {loadStatusVocabulary, type StatusVocabulary} from './form.ts';
import {projectRoot} from './project-root.ts';
import {readFrontmatters, type FrontmatterFields} from './read-frontmatters.ts';
import {buildDate} from './source-date.ts';
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

  // A proposal of a service the catalog does not list is an error (catalog-unknown-service) and
  // is not counted: a reader rightly assumes every counted proposal has a catalog service.
  const counted = records.filter((record) => serviceOf.has(record.service));
  const total = counted.length;
  const count = (test: (record: StatusRecord) => boolean) => counted.filter(test).length;
  // Every cell is a sum of unknowns a reader can reason about: the number of proposals of each
  // service (the catalog is public, so a domain or technology cell is the sum of its services)
  // and of each stage.
  const servicesWith = (test: (service: CatalogServiceLike) => boolean) => catalog.services.filter(test).map((service) => `service-${service.number}`);
  const cells: AuditCell[] = [
    ...shownStages.map((stage) => ({table: 0, id: stage.id, label: stage.label, n: count((record) => stageOf(record.status) === stage.id), terms: [`stage-${stage.id}`]})),
    ...domains.map((domain) => ({table: 1, id: facetId(domain), label: domain, n: count((record) => serviceOf.get(record.service)?.domain.includes(domain) ?? false), terms: servicesWith((service) => service.domain.includes(domain))})),
    ...technologies.map((tech) => ({table: 2, id: facetId(tech), label: tech, n: count((record) => serviceOf.get(record.service)?.tech.includes(tech) ?? false), terms: servicesWith((service) => service.tech.includes(tech))})),
  ];
  const variables = {
    services: catalog.services.map((service) => `service-${service.number}`),
    stages: shownStages.map((stage) => `stage-${stage.id}`),
  };
  const audit = suppress(cells, total, threshold, variables);
  const tables: StatusTable[] = (['stage', 'domain', 'technology'] as const).map((id, table) => ({
    id,
    title: ['By stage', 'By domain', 'By technology'][table]!,
    cells: cells.flatMap((cell, i) => (cell.table === table ? [{id: cell.id, label: cell.label, count: audit.shown[i] === 'exact' ? cell.n : null, shown: audit.shown[i]!}] : [])),
  }));
  return {
    format: 1,
    call: call.id,
    snapshot,
    threshold,
    announcement: call.announcement,
    outcomesPublished,
    total: {id: 'total', label: 'All proposals', count: audit.total === 'exact' ? total : null, shown: audit.total},
    tables,
  };
}

type CatalogServiceLike = ProjectionInput['catalog']['services'][number];

/** One published cell, as the audit sees it: its count and the unknowns it is the sum of. */
interface AuditCell {
  table: number;
  id: string;
  label: string;
  n: number;
  terms: string[];
}

/**
 * Primary suppression (every count under `threshold`, zero included), then secondary suppression
 * until no withheld count but zero can be worked out from everything published together: the total, the
 * exact cells of all three tables, what "fewer than" (0 to threshold - 1) and "hidden" (threshold
 * or more) say, and the public catalog, which makes every domain and technology cell a sum of
 * per-service counts (Fintech is service 1 alone, and the only service without Big Data, so
 * Fintech = total - Big Data). For each withheld cell an integer program finds the least and the
 * most it can be; while one has a single possible value, the smallest published count of its
 * table (else of any table, else the total) is withheld too.
 */
function suppress(cells: AuditCell[], total: number, threshold: number, variables: {services: string[]; stages: string[]}): {shown: CellShown[]; total: CellShown} {
  const shown: CellShown[] = cells.map((cell) => (cell.n < threshold ? 'fewer-than' : 'exact'));
  let totalShown: CellShown = total < threshold ? 'fewer-than' : 'exact';
  for (;;) {
    const model = auditModel(cells, shown, total, totalShown, threshold, variables);
    const pinnedCell = cells.findIndex((cell, i) => shown[i] !== 'exact' && isPinned(model, cell.terms));
    const totalPinned = pinnedCell === -1 && totalShown !== 'exact' && isPinned(model, variables.services);
    if (pinnedCell === -1 && !totalPinned) break;
    const table = pinnedCell === -1 ? -1 : cells[pinnedCell]!.table;
    const smallestIn = (test: (cell: AuditCell) => boolean) => {
      let best = -1;
      for (const [i, cell] of cells.entries()) if (shown[i] === 'exact' && test(cell) && (best === -1 || cell.n < cells[best]!.n)) best = i;
      return best;
    };
    let next = smallestIn((cell) => cell.table === table);
    if (next === -1) next = smallestIn(() => true);
    if (next !== -1) shown[next] = 'hidden';
    else if (totalShown === 'exact') totalShown = 'hidden';
    else break; // Nothing left to withhold.
  }
  return {shown, total: totalShown};
}

interface AuditModel {
  constraints: Record<string, {equal?: number; min?: number; max?: number}>;
  variables: Record<string, Record<string, number>>;
}

/** The integer program of what a reader knows: non-negative counts, and every published fact. */
function auditModel(cells: AuditCell[], shown: CellShown[], total: number, totalShown: CellShown, threshold: number, variables: {services: string[]; stages: string[]}): AuditModel {
  const model: AuditModel = {constraints: {}, variables: {}};
  for (const name of [...variables.services, ...variables.stages]) model.variables[name] = {};
  const fact = (name: string, terms: string[], state: CellShown, n: number, sign = 1) => {
    for (const term of terms) model.variables[term]![name] = (model.variables[term]![name] ?? 0) + sign;
    model.constraints[name] = state === 'exact' ? {equal: n} : state === 'fewer-than' ? {min: 0, max: threshold - 1} : {min: threshold};
  };
  // Services and stages count the same proposals.
  for (const term of variables.services) model.variables[term]!.balance = 1;
  for (const term of variables.stages) model.variables[term]!.balance = -1;
  model.constraints.balance = {equal: 0};
  fact('total', variables.services, totalShown, total);
  for (const [i, cell] of cells.entries()) fact(`cell-${i}`, cell.terms, shown[i]!, cell.n);
  return model;
}

/**
 * Whether the sum of `terms` has exactly one possible value under `model`, other than zero. That
 * a count can be worked out to be zero tells nothing about any applicant (there is none to find);
 * a small count of real applications, 1 to threshold - 1, or a withheld larger one, must never be.
 */
function isPinned(model: AuditModel, terms: string[]): boolean {
  const extreme = (opType: 'min' | 'max') => {
    const variables: AuditModel['variables'] = {};
    for (const [name, coefficients] of Object.entries(model.variables)) variables[name] = {...coefficients, objective: terms.includes(name) ? 1 : 0};
    const ints = Object.fromEntries(Object.keys(variables).map((name) => [name, 1]));
    const result = (lp.default as unknown as {Solve(model: object): unknown}).Solve({optimize: 'objective', opType, constraints: model.constraints, variables, ints}) as {feasible: boolean; bounded?: boolean; result: number};
    return result.feasible && result.bounded !== false ? Math.round(result.result) : undefined;
  };
  const most = extreme('max');
  if (most === undefined || most === 0) return false;
  return extreme('min') === most;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
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
export async function projectRecords(records: StatusRecord[], root: string = projectRoot, cwd: string = process.cwd(), today: Date = buildDate(), loaded?: Catalog): Promise<StatusProjection> {
  const catalog = loaded ?? (await loadCatalog(root, cwd));
  if (!catalog.call) throw new UsageError('The call in catalog/call.yaml has errors: run `pcp check catalog` first');
  return projectStatus(records, {catalog: {services: catalog.services, call: catalog.call}, vocabulary: loadStatusVocabulary(), today});
}

/** Reads every proposal's stage and service under `root` and projects them for today. */
export async function statusOfRepository(root: string = projectRoot, cwd: string = process.cwd(), today: Date = buildDate()): Promise<{projection: StatusProjection | undefined; files: VFile[]}> {
  const catalog = await loadCatalog(root, cwd);
  if (!catalog.call) throw new UsageError('The call in catalog/call.yaml has errors: run `pcp check catalog` first');
  const {records, files} = await readStatusRecords(root, cwd);
  if (files.some((file) => file.messages.some((message) => message.fatal))) return {projection: undefined, files};
  return {projection: await projectRecords(records, root, cwd, today, catalog), files};
}
