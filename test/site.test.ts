/**
 * The public website, built for real (`astro build`) from the catalog and a known status
 * projection, then served on 127.0.0.1 and opened in real Chromium: accessibility (axe, WCAG 2.2
 * AA) on every page, keyboard use, filters, search, the status page's suppression, phone widths
 * and print; vnu on every page's HTML; page weight; no script but search; no personal data.
 * One file, so the builds run one after another (Astro keeps one cache per project).
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative, sep} from 'node:path';
import {promisify} from 'node:util';
import {gzipSync} from 'node:zlib';
import {cp, mkdir} from 'node:fs/promises';
import type {Browser, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {loadStatusVocabulary} from '../scripts/lib/form.ts';
import {projectStatus, type StatusRecord} from '../scripts/lib/project-status.ts';
import {projectRoot} from '../scripts/lib/project-root.ts';
import {rules} from '../scripts/lib/rules/index.ts';
import {formatGuardResult, guardSite, normalizeText, personalValues} from '../scripts/lib/site-guard.ts';
import {launchBrowser} from './support/browser.ts';
import {serveStatic} from './support/static-server.ts';

const run = promisify(execFile);
const astro = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const require_ = (await import('node:module')).createRequire(import.meta.url);
const axeSource = await readFile(require_.resolve('axe-core/axe.min.js'), 'utf8');

let scratch: string;
let dist: string;
let server: {origin: string; close: () => Promise<void>};
let browser: Browser;
let pages: string[];

/** Builds the site into `out` with `status` as its projection; returns the build's output. */
async function build(out: string, statusFile: string, env: Record<string, string> = {}): Promise<{code: number; output: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, [astro, 'build', '--outDir', out], {
      cwd: projectRoot,
      env: {...process.env, PCP_STATUS: statusFile, SOURCE_DATE_EPOCH: '1730419200', NO_COLOR: '1', ...env},
      maxBuffer: 64 * 1024 * 1024,
    });
    return {code: 0, output: stdout + stderr};
  } catch (error) {
    const failure = error as {code: number; stdout: string; stderr: string};
    return {code: failure.code ?? 1, output: `${failure.stdout}${failure.stderr}`};
  }
}

async function htmlFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && entry.name.endsWith('.html')) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** The site path of a built HTML file: dist/services/index.html -> /services/. */
function pathOf(file: string): string {
  const inside = relative(dist, file).split(sep).join('/');
  return `/${inside.replace(/index\.html$/, '')}`;
}

// A projection with every kind of cell: 10 submitted (published), 3 drafts (fewer than 5),
// 6 asking for clarification (hidden: else the drafts could be worked out), and 5 shortlisted
// proposals that must appear as under review before the announcement.
const records: StatusRecord[] = [
  ...Array.from({length: 3}, () => ({status: 'draft', service: 12})),
  ...Array.from({length: 10}, () => ({status: 'submitted', service: 2})),
  ...Array.from({length: 6}, () => ({status: 'clarification-requested', service: 16})),
  ...Array.from({length: 2}, () => ({status: 'under-review', service: 8})),
  ...Array.from({length: 5}, () => ({status: 'shortlisted', service: 2})),
  ...Array.from({length: 8}, () => ({status: 'withdrawn', service: 12})),
];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pcp-site-'));
  const catalog = await loadCatalog(projectRoot, projectRoot);
  const projection = projectStatus(records, {catalog: {services: catalog.services, call: catalog.call!}, vocabulary: loadStatusVocabulary(), today: new Date('2024-11-01T00:00:00Z')});
  await writeFile(join(scratch, 'status.json'), JSON.stringify(projection));
  dist = join(scratch, 'dist');
  const result = await build(dist, join(scratch, 'status.json'));
  if (result.code !== 0) throw new Error(`astro build failed:\n${result.output}`);
  pages = (await htmlFiles(dist)).map(pathOf);
  server = await serveStatic(dist);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, {recursive: true, force: true});
});

async function open(path: string, viewport = {width: 1024, height: 800}): Promise<Page> {
  const page = await browser.newPage({viewport});
  const response = await page.goto(`${server.origin}${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

describe('the built site', () => {
  it('has every page the public needs, one per service, filter and check', async () => {
    const catalog = await loadCatalog(projectRoot, projectRoot);
    for (const path of ['/', '/services/', '/guidance/', '/guidance/writing/', '/guidance/submit/', '/checks/', '/status/', '/downloads/', '/open-data/', '/search/', '/404.html']) {
      expect(pages.includes(path) || pages.includes(path.replace(/^\//, '/')), path).toBe(true);
    }
    for (const service of catalog.services) expect(pages).toContain(`/services/${String(service.number).padStart(2, '0')}-${service.slug}/`);
    for (const rule of rules) expect(pages).toContain(`/checks/${rule.id}/`);
    expect(pages).toContain('/services/domain/environment/');
    expect(pages).toContain('/services/technology/big-data/');
    const sitemap = await readFile(join(dist, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).toContain('/services/12-drone-based-automated-forest-pest-and-disease-detection/');
    expect(sitemap).not.toContain('404');
  });

  it('offers the blank form in DOCX and PDF and a template per service', async () => {
    const docx = await readFile(join(dist, 'downloads', 'pcp-blank.docx'));
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const pdf = await readFile(join(dist, 'downloads', 'pcp-blank.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const template = await readFile(join(dist, 'downloads', 'templates', 'proposal-service-12.md'), 'utf8');
    expect(template).toMatch(/^---\n/);
    expect(template).toMatch(/^service: 12\b/m);
    expect(template).toContain('## III.1');
  });

  it('publishes the open data: catalog.json, status.json as projected, status.csv', async () => {
    const catalog = JSON.parse(await readFile(join(dist, 'catalog.json'), 'utf8')) as {services: unknown[]; call: {id: string}};
    expect(catalog.services).toHaveLength(21);
    expect(catalog.call.id).toBe('dps-2026');
    const published = JSON.parse(await readFile(join(dist, 'status.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(await readFile(join(scratch, 'status.json'), 'utf8')));
    const csv = await readFile(join(dist, 'status.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('table,id,label,count,shown');
    expect(csv).toContain('stage,draft,Draft,,fewer-than');
  });

  it('keeps every page (HTML and its CSS) under 50 KB, with no script but on the search page', async () => {
    const cssSizes = new Map<string, number>();
    for (const path of pages) {
      const file = join(dist, path.endsWith('.html') ? path : `${path}index.html`);
      const html = await readFile(file, 'utf8');
      let bytes = Buffer.byteLength(html);
      for (const [, href] of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) {
        if (!cssSizes.has(href!)) cssSizes.set(href!, (await readFile(join(dist, href!))).length);
        bytes += cssSizes.get(href!)!;
      }
      expect(bytes, `${path}: ${bytes} bytes`).toBeLessThan(50 * 1024);
      if (path !== '/search/') expect(html, path).not.toMatch(/<script/i);
    }
    const scripts = (await readdir(dist, {recursive: true})).filter((name) => name.endsWith('.js'));
    for (const name of scripts) expect(name.startsWith(`pagefind${sep}`), name).toBe(true);
  });

  it('passes the Nu HTML Checker (vnu) with no errors', async () => {
    const jar = join(projectRoot, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
    const files = (await htmlFiles(dist));
    const result = await run('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {maxBuffer: 64 * 1024 * 1024}).catch((error: {stdout: string; stderr: string}) => error);
    const report = JSON.parse(result.stderr || '{"messages": []}') as {messages: Array<{type: string; url: string; message: string; lastLine?: number}>};
    const errors = report.messages.filter((message) => message.type === 'error').map((message) => `${message.url.replace(/^file:/, '')}:${message.lastLine}: ${message.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('in Chromium', () => {
  it('has no axe violations at WCAG 2.2 AA on any page', async () => {
    const page = await browser.newPage({viewport: {width: 1024, height: 800}});
    const problems: string[] = [];
    for (const path of pages) {
      await page.goto(`${server.origin}${path}`);
      await page.addScriptTag({content: axeSource});
      const violations = await page.evaluate(async () => {
        const axe = (globalThis as unknown as {axe: {run: (context: unknown, options: unknown) => Promise<{violations: Array<{id: string; nodes: Array<{target: string[]}>}>}>}}).axe;
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return result.violations.map((violation) => `${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      for (const violation of violations) problems.push(`${path}: ${violation}`);
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 240_000);

  it('works from the keyboard: the skip link comes first and moves focus to the content', async () => {
    const page = await open('/services/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({text: document.activeElement?.textContent, visible: (document.activeElement as HTMLElement).getBoundingClientRect().left >= 0}));
    expect(first).toEqual({text: 'Skip to main content', visible: true});
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // From the content, Tab reaches the first filter link, and Enter follows it.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent ?? '')).startsWith('Administration')) break;
    }
    await Promise.all([page.waitForURL('**/services/domain/administration/'), page.keyboard.press('Enter')]);
    await page.close();
  });

  it('filters the catalog by domain and by technology with plain links', async () => {
    const page = await open('/services/');
    expect(await page.locator('.app-cards > li').count()).toBe(21);
    await page.getByRole('link', {name: /^Environment \(\d+\)$/}).click();
    await page.waitForURL('**/services/domain/environment/');
    const cards = page.locator('.app-cards > li');
    const count = await cards.count();
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThan(21);
    for (const text of await cards.allTextContents()) expect(text).toContain('Environment');
    // The current filter is marked for screen readers (aria-current) and by a tick, not by colour.
    const current = page.locator('.app-filter a[aria-current="page"]');
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toMatch(/^Environment \(\d+\)$/);
    await page.getByRole('link', {name: /^Drone \(\d+\)$/}).click();
    await page.waitForURL('**/services/technology/drone/');
    expect(await page.locator('.app-cards > li').allTextContents()).toEqual([expect.stringContaining('Forest Pest')]);
    await page.close();
  });

  it('finds a service with the search', async () => {
    const page = await open('/search/');
    await page.getByLabel('Search the services, the guidance and the checks').fill('pest');
    const result = page.locator('#search-results a').filter({hasText: /Forest Pest/});
    await result.first().waitFor({timeout: 15_000});
    expect(await page.locator('#search-status').textContent()).toMatch(/^\d+ results? for “pest”$/);
    await result.first().click();
    await page.waitForURL('**/services/12-*/');
    // Without typing: a search link (?q=) shows its results too.
    await page.goto(`${server.origin}/search/?q=sign+language`);
    await page.locator('#search-results a').filter({hasText: /Sign Language/}).first().waitFor({timeout: 15_000});
    await page.close();
  });

  it('shows the status with small counts suppressed and outcomes held back', async () => {
    const page = await open('/status/');
    const cell = async (table: string, id: string) => (await page.locator(`#table-${table} tr[data-cell="${id}"] td .app-num`).textContent())?.trim();
    expect(await cell('stage', 'submitted')).toBe('10');
    expect(await cell('stage', 'draft')).toBe('fewer than 5');
    expect(await cell('stage', 'clarification-requested')).toBe('hidden');
    // Before the announcement the 5 shortlisted count as under review: 2 + 5.
    expect(await cell('stage', 'under-review')).toBe('7');
    expect(await page.locator('#table-stage').textContent()).not.toMatch(/Shortlisted|Approved|Not selected/);
    expect(await page.locator('[data-total]').textContent()).toBe('34');
    expect(await page.getByRole('heading', {name: 'What this page does not show, and why'}).count()).toBe(1);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    for (const path of ['/', '/services/', '/services/12-drone-based-automated-forest-pest-and-disease-detection/', '/guidance/', '/status/', '/checks/frontmatter-yaml-syntax/']) {
      const page = await open(path, {width: 320, height: 640});
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.close();
    }
  });

  it('prints a service page without the site\'s navigation', async () => {
    const page = await open('/services/12-drone-based-automated-forest-pest-and-disease-detection/');
    await page.emulateMedia({media: 'print'});
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.app-noprint').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    const pdf = await page.pdf({format: 'A4'});
    expect(pdf.length).toBeGreaterThan(1000);
    await page.close();
  });
});

describe('the personal-data guard', () => {
  // Canary proposals: values no page would contain by chance, in the scripts partners write in.
  const canary = `---
pcp: 1
call: dps-2026
status: draft
country: Republika Kanarija
odaMinistry: Ministry of Canary Affairs
projectMinistry:
  name: Министерство Канареек
  contact:
    name: Nguyễn Thị Hoàng Yến
    telephone: "+999 31 777 4242"
    email: canary.officer@example.org
service: 12
preparedBy:
  name: ສົມພອນ ແກ້ວມະນີ
---
`;

  async function canaryRepository(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'pcp-guard-'));
    await cp(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
    await mkdir(join(root, 'proposals', 'canary'), {recursive: true});
    await writeFile(join(root, 'proposals', 'canary', 'proposal.md'), canary);
    return root;
  }

  async function siteWith(files: Record<string, string | Buffer>): Promise<string> {
    const site = await mkdtemp(join(tmpdir(), 'pcp-guard-site-'));
    await cp(join(dist, 'index.html'), join(site, 'index.html'));
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(site, name, '..'), {recursive: true});
      await writeFile(join(site, name), content);
    }
    return site;
  }

  it('finds nothing in the real build', async () => {
    const result = await guardSite(dist, projectRoot);
    expect(result.findings).toEqual([]);
    expect(result.filesScanned).toBeGreaterThan(90);
  });

  it('catches every kind of canary, however the page writes it, and never prints the value', async () => {
    const root = await canaryRepository();
    const site = await siteWith({
      'a/index.html': '<p>From Republika&nbsp;Kanarija</p>',
      'b/index.html': '<p>Contact: canary.officer&#64;example.org</p>',
      'c/index.html': '<p>Call (31) 777-4242 today</p>',
      'd/index.html': '<p>МИНИСТЕРСТВО КАНАРЕЕК</p>',
      'e/index.html': '<p>Signed: Nguyen Thi Hoang Yen</p>',
      'f/data.json': '{"who": "ສົມພອນ ແກ້ວມະນີ"}',
      'pagefind/fragment/en_1.pf_fragment': gzipSync(Buffer.from('{"content": "ministry of canary affairs"}')),
      'g/index.html': '<p>Kanarija-style birds; canary.officer.example.org is not an address</p>',
      'h/index.html': '<p>Ministry of <em>Canary</em> Affairs</p>',
      'i/data.json': '{"n": "Nguy\\u1ec5n Th\\u1ecb Ho\\u00e0ng Y\\u1ebfn"}',
      'j/index.html': '<a href="mailto:canary.officer%40example.org">write</a>',
      'k/index.html': '<p>Republika Kana&shy;rija</p>',
      'l/index.html': '<p>tel 31\u2011777\u20114242</p>',
      'm/leak.docx': 'PK\u0003\u0004 a rendered PCP',
      'n/index.html': '<p>Write to canary.officer [at] example [dot] org</p>',
      'o/index.html': '<p>Phone 31·777·4242</p>',
      'p/index.html': '<p>โทร ๓๑ ๗๗๗ ๔๒๔๒</p>',
      'people/nguyen-thi-hoang-yen/index.html': '<p>A profile</p>',
      'q/slides.pptx': 'PK\u0003\u0004 slides',
      'r/notes.bin': 'PK\u0003\u0004 zipped notes',
    });
    try {
      const result = await guardSite(site, root);
      const found = result.findings.map((finding) => `${finding.file} ${finding.kind} ${finding.field}`);
      expect(found).toEqual([
        'a/index.html country country',
        'b/index.html email projectMinistry.contact.email',
        'c/index.html phone projectMinistry.contact.telephone',
        'd/index.html ministry projectMinistry.name',
        'e/index.html name projectMinistry.contact.name',
        'f/data.json name preparedBy.name',
        'h/index.html ministry odaMinistry',
        'i/data.json name projectMinistry.contact.name',
        'j/index.html email projectMinistry.contact.email',
        'k/index.html country country',
        'l/index.html phone projectMinistry.contact.telephone',
        'n/index.html email projectMinistry.contact.email',
        'o/index.html phone projectMinistry.contact.telephone',
        'p/index.html phone projectMinistry.contact.telephone',
        'pagefind/fragment/en_1.pf_fragment ministry odaMinistry',
        'people/nguyen-thi-hoang-yen/index.html name projectMinistry.contact.name',
      ]);
      expect(result.refused).toEqual([
        {file: 'm/leak.docx', reason: 'a document; rendered PCPs hold personal data and never go into the site'},
        {file: 'q/slides.pptx', reason: 'a document; rendered PCPs hold personal data and never go into the site'},
        {file: 'r/notes.bin', reason: 'an archive or office document, whose text cannot be checked'},
      ]);
      const lines = formatGuardResult(result).join('\n');
      expect(lines).toContain('site-personal-data');
      for (const value of ['Kanarija', 'canary.officer', '777', 'Канареек', 'Nguyễn', 'ສົມພອນ', 'Canary Affairs']) expect(lines).not.toContain(value);
    } finally {
      await rm(root, {recursive: true, force: true});
      await rm(site, {recursive: true, force: true});
    }
  });

  it('fails the build, naming the rule and not the value, when a page would show a proposal\'s data', async () => {
    // A projection that (wrongly) carries a proposal's country in a label: the guard is the last lock.
    const root = await canaryRepository();
    const leaky = JSON.parse(await readFile(join(scratch, 'status.json'), 'utf8'));
    leaky.tables[0].cells[0].label = 'Republika Kanarija';
    await writeFile(join(scratch, 'leaky.json'), JSON.stringify(leaky));
    try {
      const result = await build(join(scratch, 'leaky-dist'), join(scratch, 'leaky.json'), {PCP_ROOT: root});
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('site-personal-data');
      expect(result.output).toMatch(/a country from proposals\/canary\/proposal\.md/);
      expect(result.output.replace(/leaky\.json|Republika Kanarija.*?PCP/g, '')).not.toContain('Kanarija');
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  }, 180_000);

  it('projects the repository\'s own proposals when no projection file is given, and guards them', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pcp-site-repo-'));
    await cp(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
    for (let i = 0; i < 7; i++) await cp(join(projectRoot, 'proposals', 'forest-pest-detection'), join(root, 'proposals', `copy-${i}`), {recursive: true});
    try {
      const out = join(scratch, 'repo-dist');
      const {PCP_STATUS: _unset, ...env} = process.env;
      const result = await run(process.execPath, [astro, 'build', '--outDir', out], {cwd: projectRoot, env: {...env, PCP_ROOT: root, SOURCE_DATE_EPOCH: '1730419200', NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024});
      expect(result.stdout + result.stderr).toMatch(/personal-data guard: \d+ files, no personal data/);
      const published = JSON.parse(await readFile(join(out, 'status.json'), 'utf8'));
      expect(published.total).toEqual({id: 'total', label: 'All proposals', count: 7, shown: 'exact'});
      expect(published.snapshot).toBe('2024-11-01');
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  }, 180_000);

  it('refuses a projection file that is not JSON, saying which file and how to write it', async () => {
    await writeFile(join(scratch, 'broken.json'), '{"format": 1,');
    const result = await build(join(scratch, 'broken-dist'), join(scratch, 'broken.json'));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`PCP_STATUS names ${join(scratch, 'broken.json')}, which is not JSON`);
    expect(existsSync(join(scratch, 'broken-dist', 'status', 'index.html'))).toBe(false);
  }, 120_000);

  it('fails when a proposal cannot be read, since its values are unknown', async () => {
    const root = await canaryRepository();
    await writeFile(join(root, 'proposals', 'canary', 'proposal.md'), '---\ncountry: [unclosed\n---\n');
    try {
      const result = await guardSite(dist, root);
      expect(result.unreadable).toEqual(['proposals/canary/proposal.md']);
      expect(formatGuardResult(result)[0]).toMatch(/cannot be read.*site-personal-data/);
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  });
});

it('keeps no proposal value in the data store Astro builds from', async () => {
  // The loaders are the only way into the store; the glob loader would copy whole entries here.
  const store = await readFile(join(projectRoot, 'node_modules', '.astro', 'data-store.json'), 'utf8');
  const {values} = await personalValues(projectRoot);
  expect(values.length).toBeGreaterThan(20);
  const normal = normalizeText(store);
  for (const value of values) if (value.kind !== 'phone') expect(normal.includes(normalizeText(value.value)), `${value.proposal} ${value.field}`).toBe(false);
  expect(store).toContain('Forest Pest');
});
