/**
 * The steps after Astro has written the pages, in order: the downloads (the blank form rendered
 * by the library, a Markdown template per service), the Pagefind search index, and last the
 * personal-data guard over everything in the output, the index included. The guard failing
 * fails the build.
 */
import {mkdtemp, mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {AstroIntegration} from 'astro';
import * as pagefind from 'pagefind';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {proposalTemplate} from '../scripts/lib/new-proposal.ts';
import {projectRoot} from '../scripts/lib/project-root.ts';
import {renderPaths} from '../scripts/lib/render/render.ts';
import {sharedProposalMetadata, type ProposalMetadata} from '../scripts/lib/proposal-metadata.ts';
import {formatGuardResult, guardSite} from '../scripts/lib/site-guard.ts';
import {repositoryRoot} from './loaders.ts';

/** The downloads' files, by path under the site: the blank PCP (DOCX, PDF), a template per service. */
export async function prepareDownloads(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  // Rendered into a private temporary folder: render refuses to write into the site.
  const scratch = await mkdtemp(join(tmpdir(), 'pcp-blank-'));
  try {
    await renderPaths({blank: true, out: scratch, root: projectRoot});
    for (const format of ['docx', 'pdf']) files.set(`downloads/pcp-blank.${format}`, await readFile(join(scratch, `blank.${format}`)));
  } finally {
    await rm(scratch, {recursive: true, force: true});
  }
  const catalog = await loadCatalog(projectRoot, projectRoot);
  for (const service of catalog.services) {
    const name = `downloads/templates/proposal-service-${String(service.number).padStart(2, '0')}.md`;
    files.set(name, Buffer.from(proposalTemplate({country: '', service, call: catalog.call!})));
  }
  return files;
}

/** Writes prepared downloads into `dist`; returns their paths. */
export async function writeDownloads(dist: string, files: Map<string, Buffer>): Promise<string[]> {
  for (const [name, content] of files) {
    await mkdir(dirname(join(dist, name)), {recursive: true});
    await writeFile(join(dist, name), content);
  }
  return [...files.keys()];
}

/** Builds the Pagefind index of the pages' main content into `dist`/pagefind, without the UI bundles we do not use. */
export async function indexSearch(dist: string): Promise<number> {
  const {index, errors} = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({path: dist});
  if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
  const wrote = await index.writeFiles({outputPath: join(dist, 'pagefind')});
  if (wrote.errors.length > 0) throw new Error(`Pagefind: ${wrote.errors.join('; ')}`);
  await pagefind.close();
  // The search page uses pagefind.js itself; the prebuilt UIs (about 230 KB) would only ship unused.
  for (const entry of await readdir(join(dist, 'pagefind'))) {
    if (/^pagefind-(component-ui|modular-ui|ui)\./.test(entry)) await rm(join(dist, 'pagefind', entry));
  }
  return added.page_count;
}

/**
 * Reviewed public data (the call, the catalog, the form, the rules and their examples): a personal
 * value that is also in it cannot be told apart from it. The site's own pages are not in it: a
 * value typed into a page is exactly what the guard is for.
 */
async function publicText(): Promise<string> {
  const parts: string[] = [];
  const read = async (folder: string) => {
    for (const entry of await readdir(folder, {withFileTypes: true, recursive: true})) {
      if (entry.isFile() && /\.(ya?ml|md|mdx|astro|ts)$/.test(entry.name)) parts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
    }
  };
  await read(join(projectRoot, 'catalog'));
  await read(join(projectRoot, 'schema'));
  await read(join(projectRoot, 'scripts', 'lib', 'rules'));
  parts.push(await readFile(join(projectRoot, 'scripts', 'lib', 'rule-examples.ts'), 'utf8'));
  return parts.join('\n');
}

/** The personal values of the build's one read of the proposals under `root`. */
function personalOf(root: string): Promise<ProposalMetadata['personal']> {
  return sharedProposalMetadata(root).then((metadata) => metadata.personal);
}

/** The Astro integration that runs the steps above after the build. */
export function pcpSite(): AstroIntegration {
  let values: Promise<ProposalMetadata['personal']> | undefined;
  let downloads: Promise<Map<string, Buffer>> | undefined;
  return {
    name: 'pcp-site',
    hooks: {
      // The build's one read of the proposals (worker threads, seconds for thousands) starts as
      // soon as the configuration is, so it overlaps Astro's own start; the status loader and
      // the guard both take it from there.
      // The blank form is rendered meanwhile too: it needs nothing of the build.
      'astro:config:setup': ({command}) => {
        if (command !== 'build') return;
        downloads = prepareDownloads();
        downloads.catch(() => undefined);
        values = personalOf(repositoryRoot());
        values.catch(() => undefined);
      },
      'astro:build:done': async ({dir, logger}) => {
        const dist = fileURLToPath(dir);
        const written = await writeDownloads(dist, await (downloads ?? prepareDownloads()));
        logger.info(`${written.length} downloads`);
        logger.info(`search index of ${await indexSearch(dist)} pages`);
        const result = await guardSite(dist, repositoryRoot(), await publicText(), values ?? personalOf(repositoryRoot()));
        for (const skipped of result.public) logger.warn(`${skipped.proposal}: its ${skipped.kind} (\`${skipped.field}\`) is also public text of the site, so the guard cannot look for it`);
        const lines = formatGuardResult(result);
        if (lines.length > 0) {
          for (const line of lines) logger.error(line);
          throw new Error(`The personal-data guard failed: ${lines.length} finding(s) (site-personal-data). The site must not be published.`);
        }
        logger.info(`personal-data guard: ${result.filesScanned} files, no personal data`);
      },
    },
  };
}
