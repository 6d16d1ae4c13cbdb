/**
 * The call's catalog: catalog/call.yaml and catalog/services/NN-slug.md, read through the same
 * guarded pipeline as proposals (they are data in git too) and checked against their schemas.
 */
import {readdir} from 'node:fs/promises';
import {basename, join, relative} from 'node:path';
import type {VFile} from 'vfile';
import type {Call, Service} from './generated/schema-types.ts';
import {parseSource} from './parse.ts';
import {projectRoot} from './project-root.ts';
import {readSource} from './read.ts';
import {report} from './rule.ts';
import {validateFrontmatter} from './schema.ts';
import {placeOf} from './frontmatter-place.ts';
import {checkCatalogPage} from './rules/catalog-page-markdown.ts';
import catalogServiceNumber from './rules/catalog-service-number.ts';

/** A service with where it came from. */
export interface CatalogService extends Service {
  /** The file's slug: its name without `NN-` and `.md`. */
  slug: string;
  /** The appendix page, Markdown. */
  body: string;
}

/** The call and its services, plus the checked files (with their messages). */
export interface Catalog {
  call: Call | undefined;
  services: CatalogService[];
  files: VFile[];
}

const serviceName = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Loads and checks the catalog under `root` (the repository). */
export async function loadCatalog(root: string = projectRoot, cwd: string = process.cwd()): Promise<Catalog> {
  const files: VFile[] = [];
  const shown = (path: string) => relative(cwd, path) || path;

  const callPath = join(root, 'catalog', 'call.yaml');
  const callFile = await readSource(callPath, shown(callPath));
  files.push(callFile);
  const callSource = parseSource(callFile, 'yaml');
  let call: Call | undefined;
  if (callSource?.frontmatter?.data && validateFrontmatter(callFile, callSource.frontmatter, callSource.index, 'call')) {
    call = callSource.frontmatter.data as unknown as Call;
  }

  const folder = join(root, 'catalog', 'services');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  const services: CatalogService[] = [];
  const owners = new Map<number, string>();
  for (const name of names) {
    const path = join(folder, name);
    const file = await readSource(path, shown(path));
    files.push(file);
    const source = parseSource(file, 'markdown');
    const frontmatter = source?.frontmatter;
    if (!source || !frontmatter?.data || !validateFrontmatter(file, frontmatter, source.index, 'service')) continue;
    const service = frontmatter.data as unknown as Service;
    const match = serviceName.exec(basename(name));
    const numberPlace = placeOf(frontmatter, source.index, ['number']);
    if (!match) {
      report(file, catalogServiceNumber, 'Expected the file name to be `NN-slug.md`: the two-digit service number, a dash and a lowercase slug', {line: 1, column: 1});
      continue;
    }
    if (Number(match[1]) !== service.number) {
      report(file, catalogServiceNumber, `Expected \`number\` to be ${Number(match[1])}, the number in the file name`, numberPlace);
      continue;
    }
    const owner = owners.get(service.number);
    if (owner) {
      report(file, catalogServiceNumber, `Unexpected second service number ${service.number}: ${owner} has it already`, numberPlace);
      continue;
    }
    owners.set(service.number, name);
    if (source.tree) checkCatalogPage(file, source.tree);
    const bodyStart = source.tree?.children.find((node) => node.type !== 'yaml')?.position?.start.offset ?? source.text.length;
    services.push({...service, slug: match[2]!, body: source.text.slice(bodyStart).trim()});
  }
  services.sort((a, b) => a.number - b.number);
  const gap = services.findIndex((service, i) => service.number !== i + 1);
  if (gap !== -1) {
    const next = services[gap]!;
    const file = files.find((f) => f.basename === `${String(next.number).padStart(2, '0')}-${next.slug}.md`)!;
    report(file, catalogServiceNumber, `Unexpected gap: services are numbered from 1 without gaps, and number ${gap + 1} is missing`, {line: 1, column: 1});
  }
  return {call, services, files};
}
