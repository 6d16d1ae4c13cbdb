/** Typed access to the collections for pages, plus the few helpers every page shares. */
import {getCollection, getEntry} from 'astro:content';
import {facetId} from '../scripts/lib/facet-id.ts';

export {facetId};
import {buildDate} from '../scripts/lib/source-date.ts';
import type {CatalogService} from '../scripts/lib/catalog.ts';
import type {FormAnswer, Form, Stage} from '../scripts/lib/form.ts';
import type {Call} from '../scripts/lib/generated/schema-types.ts';
import type {StatusProjection} from '../scripts/lib/project-status.ts';
import type {Rule} from '../scripts/lib/rule.ts';

/** A service as the pages see it. */
export type Service = Omit<CatalogService, 'body'>;

/** The call's services in catalog order, with their entries (for `render`). */
export async function services() {
  const entries = await getCollection('services');
  return entries.map((entry) => ({entry, service: entry.data as unknown as Service})).sort((a, b) => a.service.number - b.service.number);
}

/** The call. */
export async function call(): Promise<Call> {
  return (await getEntry('call', 'call'))!.data as unknown as Call;
}

/** The form definition and its answers in order. */
export async function form(): Promise<{form: Form; answers: FormAnswer[]}> {
  const entries = await getCollection('form');
  const definition = entries.find((entry) => entry.id === 'form')!.data as unknown as Form;
  return {form: definition, answers: definition.sections.flatMap((section) => section.answers)};
}

/** The stages in order, each with the stages it can be reached from and by whom. */
export async function stages(): Promise<Array<Stage & {order: number; reachedFrom: Array<{from: string; by: string}>}>> {
  const entries = await getCollection('stages');
  return entries.map((entry) => entry.data as unknown as Stage & {order: number; reachedFrom: Array<{from: string; by: string}>}).sort((a, b) => a.order - b.order);
}

/** Every rule's documentation, in the order of its family. */
export async function rules(): Promise<Array<Omit<Rule, 'check'>>> {
  const entries = await getCollection('rules');
  return entries.map((entry) => entry.data as unknown as Omit<Rule, 'check'> & {order: number}).sort((a, b) => a.order - b.order);
}

/** The anonymized status projection. */
export async function status(): Promise<StatusProjection> {
  return (await getEntry('status', 'status'))!.data as unknown as StatusProjection;
}

/** A site path with the deployment's base (GitHub Pages serves a project under /<repo>/). */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path}`;
}


/** The path of a service's page. */
export function servicePath(service: Pick<Service, 'number' | 'slug'>): string {
  return `/services/${String(service.number).padStart(2, '0')}-${service.slug}/`;
}

/** "31 October 2024" from YYYY-MM-DD, as GOV.UK writes dates. */
export function longDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}).format(date);
}

/** Every domain and every technology of the catalog, sorted, each with its services. */
export function facets(list: Service[]) {
  const collect = (key: 'domain' | 'tech') => {
    const names = [...new Set(list.flatMap((service) => service[key]))].sort((a, b) => a.localeCompare(b, 'en'));
    return names.map((name) => ({name, id: facetId(name), services: list.filter((service) => service[key].includes(name))}));
  };
  return {domains: collect('domain'), technologies: collect('tech')};
}

/** The build's day, YYYY-MM-DD: SOURCE_DATE_EPOCH when set (reproducible builds), else today. */
export function buildDay(): string {
  return buildDate().toISOString().slice(0, 10);
}

/** Whether the call still takes applications on the build's day. */
export function callOpen(theCall: Pick<Call, 'deadline'>): boolean {
  return buildDay() <= theCall.deadline;
}
