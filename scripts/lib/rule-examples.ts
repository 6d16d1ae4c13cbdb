/**
 * Runs a rule's documented examples through the whole check, so an example is both the rule's
 * test and its guidance page. Examples patch one complete, valid base proposal (below): they
 * show only the fields or answers that matter.
 */
import {mkdir, mkdtemp, rm, writeFile, cp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {VFile} from 'vfile';
import {isMap, parseDocument} from 'yaml';
import {loadCatalog, type Catalog} from './catalog.ts';
import {checkProposal} from './check-proposal.ts';
import {projectRoot} from './project-root.ts';
import {readSource} from './read.ts';
import type {RuleExample} from './rule.ts';

/** The frontmatter of the base example: a complete proposal of a fictional country. */
export const baseFrontmatter = `pcp: 1
call: dps-2026
status: submitted
country: Republic of Aurelia
odaMinistry: Ministry of Finance and Planning
projectMinistry:
  name: Ministry of Digital Affairs
  contact:
    name: Mira Okonkwo-Lindqvist
    department: Digital Government Division
    telephone: "+999 21 555 0142"
    mobile: "+999 90 555 0199"
    email: m.okonkwo@digital.example.org
    position: Director
service: 12
preparedBy:
  name: Aroha Kinsale
  position: Senior Adviser
  organization: Ministry of Digital Affairs
  department: Digital Government Division
  telephone: "+999 21 555 0100"
  email: a.kinsale@digital.example.org
indicators:
  - {name: Forest area surveyed by drone, unit: "%", baseline: 5, targets: {"2026": 30, "2027": 70}}
schedule:
  - {activity: Information Strategy Plan, start: 2026-01, end: 2026-04}
  - {activity: Pilot implementation, start: 2026-05, end: 2027-06}
confirmation: true
signatures:
  preparer: {name: Aroha Kinsale, date: 2024-10-21}
  representative: {name: Mira Okonkwo-Lindqvist, position: Director, ministry: Ministry of Digital Affairs, date: 2024-10-25}
attachments:
  - {type: organization-letter, file: letters/organization-letter.pdf}
  - {type: oda-ministry-letter, file: letters/oda-ministry-letter.pdf}
`;

/** The body of the base example: one short answer per section. */
export const baseBody = ['III.1', 'III.2', 'III.3', 'III.4', 'IV.1', 'IV.2', 'IV.3', 'IV.5', 'IV.6', 'IV.7']
  .map((code) => `## ${code} Answer\n\nThe answer to section ${code}.\n`)
  .join('\n');

const minimalPdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

/** Files of the base example's folder. */
export const baseFiles: Record<string, string> = {
  'letters/organization-letter.pdf': minimalPdf,
  'letters/oda-ministry-letter.pdf': minimalPdf,
};

/** The proposal.md text of an example. */
export function exampleSource(example: RuleExample): string {
  if (example.source !== undefined) return example.source;
  const document = parseDocument(baseFrontmatter);
  if (example.frontmatter) {
    const patch = parseDocument(example.frontmatter);
    if (isMap(patch.contents)) {
      for (const pair of patch.contents.items) document.set(pair.key, pair.value);
    }
  }
  return `---\n${document.toString({lineWidth: 0})}---\n\n${example.body ?? baseBody}`;
}

let catalog: Promise<Catalog> | undefined;

/** Checks an example as a real file in a temporary repository and returns it with its messages. */
export async function runExample(example: RuleExample): Promise<VFile> {
  const root = await mkdtemp(join(tmpdir(), 'pcp-example-'));
  try {
    const path = join(root, example.path ?? 'proposals/example/proposal.md');
    const source = exampleSource(example);
    const write = async (target: string, content: string) => {
      await mkdir(dirname(target), {recursive: true});
      await writeFile(target, content.startsWith('base64:') ? Buffer.from(content.slice(7), 'base64') : Buffer.from(content, 'utf8'));
    };
    if (example.path?.startsWith('catalog/')) {
      await cp(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
      // A catalog example patches the frontmatter of a real catalog file and adds its body at the end.
      if (example.frontmatter || example.body) {
        const original = (await readSource(path)).value as string;
        const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(original)!;
        const document = parseDocument(yaml!);
        const patch = parseDocument(example.frontmatter ?? '');
        if (isMap(patch.contents)) for (const pair of patch.contents.items) document.set(pair.key, pair.value);
        await write(path, `---\n${document.toString()}---\n${body}${example.body ? `\n${example.body}` : ''}`);
      }
      const loaded = await loadCatalog(root, root);
      return loaded.files.find((file) => join(root, file.path) === path) ?? new VFile();
    }
    const folder = dirname(path);
    const files = example.source === undefined ? {...baseFiles, ...example.files} : {...example.files};
    for (const [name, content] of Object.entries(files)) await write(join(folder, name), content);
    await write(path, source);
    const file = await readSource(path, example.path ?? 'proposal.md');
    catalog ??= loadCatalog();
    checkProposal(file, {path, root, catalog: await catalog, ...(example.previous !== undefined ? {previous: {status: example.previous}} : {})});
    return file;
  } finally {
    await rm(root, {recursive: true, force: true});
  }
}

