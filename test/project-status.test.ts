/**
 * The anonymized projection: what the public may learn from status.json, and what it must not.
 */
import {execFile} from 'node:child_process';
import {cp, mkdtemp, readFile, rm, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {loadCatalog} from '../scripts/lib/catalog.ts';
import {loadStatusVocabulary} from '../scripts/lib/form.ts';
import {projectStatus, type StatusCell, type StatusProjection, type StatusRecord} from '../scripts/lib/project-status.ts';
import {projectRoot} from '../scripts/lib/project-root.ts';
import {csvCell, statusCsv} from '../scripts/lib/status-csv.ts';

const run = promisify(execFile);
const catalog = await loadCatalog(projectRoot);
const call = catalog.call!;
const vocabulary = loadStatusVocabulary();
const afterAnnouncement = new Date('2025-01-15T12:00:00Z');
const beforeAnnouncement = new Date('2024-11-29T23:00:00Z');

function project(records: StatusRecord[], today = afterAnnouncement, threshold = call.suppressionThreshold): StatusProjection {
  return projectStatus(records, {catalog: {services: catalog.services, call: {...call, suppressionThreshold: threshold}}, vocabulary, today});
}

function many(status: string, service: number, n: number): StatusRecord[] {
  return Array.from({length: n}, () => ({status, service}));
}

function table(projection: StatusProjection, id: string): Record<string, StatusCell> {
  return Object.fromEntries(projection.tables.find((entry) => entry.id === id)!.cells.map((cell) => [cell.id, cell]));
}

describe('projectStatus', () => {
  it('publishes counts at or above the threshold and hides those under it, zero included', () => {
    const projection = project([...many('submitted', 12, 9), ...many('draft', 2, 6), ...many('withdrawn', 8, 2)]);
    expect(projection.total).toMatchObject({count: 17, shown: 'exact'});
    const stages = table(projection, 'stage');
    expect(stages.submitted).toMatchObject({count: 9, shown: 'exact'});
    expect(stages.draft).toMatchObject({count: 6, shown: 'exact'});
    expect(stages.withdrawn).toMatchObject({count: null, shown: 'fewer-than'});
    expect(stages.approved).toMatchObject({count: null, shown: 'fewer-than'});
    const domains = table(projection, 'domain');
    expect(domains.environment).toMatchObject({count: 15, shown: 'exact'});
    expect(domains.healthcare).toMatchObject({count: null, shown: 'fewer-than'});
  });

  it('withholds the smallest other count when a lone small one could be worked out from the total', () => {
    // Before the announcement the reader sees five stages. Only drafts (3) are under 5, so with
    // the total (34) and the four others published, the drafts would be 34 - 31 = 3.
    const records = [...many('draft', 12, 3), ...many('submitted', 12, 10), ...many('clarification-requested', 12, 6), ...many('under-review', 12, 7), ...many('withdrawn', 12, 8)];
    const stages = table(project(records, beforeAnnouncement), 'stage');
    expect(stages.draft).toMatchObject({count: null, shown: 'fewer-than'});
    expect(stages['clarification-requested']).toMatchObject({count: null, shown: 'hidden'});
    expect(stages.submitted).toMatchObject({count: 10, shown: 'exact'});
    expect(stages['under-review']).toMatchObject({count: 7, shown: 'exact'});
    expect(stages.withdrawn).toMatchObject({count: 8, shown: 'exact'});
  });

  it('publishes a lone big stage: that the others are zero can be worked out, and tells nothing', () => {
    const twenty = project(many('submitted', 12, 20), afterAnnouncement);
    expect(table(twenty, 'stage').submitted).toMatchObject({count: 20, shown: 'exact'});
    expect(table(twenty, 'stage').draft!.shown).toBe('fewer-than');
    expect(twenty.total).toMatchObject({count: 20, shown: 'exact'});
  });

  it('withholds what would give a small count away through another table and the public catalog', () => {
    // Service 1 is the only one with Fintech and the only one without Big Data, so with the
    // total and Big Data both published, Fintech = total - Big Data = 2.
    const projection = project([...many('submitted', 2, 10), ...many('submitted', 1, 2)]);
    const tech = table(projection, 'technology');
    expect(tech.fintech!.shown).toBe('fewer-than');
    expect(projection.total.shown === 'exact' && tech['big-data']!.shown === 'exact').toBe(false);
    // Robot and Culture are both service 18 alone: never one published beside the other withheld.
    const culture = project([...many('submitted', 18, 3), ...many('submitted', 2, 9)]);
    expect([table(culture, 'technology').robot!.shown, table(culture, 'domain').culture!.shown]).toEqual(['fewer-than', 'fewer-than']);
  });

  // The derivations a reader can make from the public catalog alone, checked on many random
  // repositories: none may give a withheld count other than zero.
  it('never lets the catalog\'s sums give a withheld count away', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const stagesSeen = ['draft', 'submitted', 'under-review', 'withdrawn'];
    for (let trial = 0; trial < 150; trial++) {
      const hot = Array.from({length: 1 + Math.floor(random() * 4)}, () => 1 + Math.floor(random() * 21));
      const records = Array.from({length: 5 + Math.floor(random() * 30)}, () => ({status: stagesSeen[Math.floor(random() ** 2 * 4)]!, service: random() < 0.7 ? hot[Math.floor(random() * hot.length)]! : 1 + Math.floor(random() * 21)}));
      const projection = project(records);
      const cell = (id: string, cellId: string) => table(projection, id)[cellId]!;
      const known = (entry: StatusCell | {count: number | null}) => entry.count;
      const leaks: Array<[StatusCell, number | null]> = [
        [cell('technology', 'fintech'), known(projection.total) !== null && known(cell('technology', 'big-data')) !== null ? known(projection.total)! - known(cell('technology', 'big-data'))! : null],
        [cell('technology', 'big-data'), known(projection.total) !== null && known(cell('technology', 'fintech')) !== null ? known(projection.total)! - known(cell('technology', 'fintech'))! : null],
        [cell('technology', 'robot'), known(cell('domain', 'culture'))],
        [cell('domain', 'culture'), known(cell('technology', 'robot'))],
        [cell('technology', 'drone'), null],
      ];
      for (const [withheld, derived] of leaks) {
        if (withheld.shown !== 'exact' && derived !== null) expect(derived, `trial ${trial}: ${withheld.id} = ${derived}`).toBe(0);
      }
    }
  });

  it('counts outcomes as under review before the announcement, and has no outcome rows', () => {
    const records = [...many('shortlisted', 12, 6), ...many('approved', 2, 5), ...many('under-review', 8, 5), ...many('submitted', 12, 7), ...many('withdrawn', 12, 2), ...many('draft', 12, 1)];
    const before = project(records, beforeAnnouncement);
    expect(before.outcomesPublished).toBe(false);
    const stages = table(before, 'stage');
    expect(Object.keys(stages)).toEqual(['draft', 'submitted', 'clarification-requested', 'under-review', 'withdrawn']);
    expect(stages['under-review']).toMatchObject({count: 16, shown: 'exact'});
    expect(JSON.stringify(before)).not.toMatch(/shortlisted|approved|not-selected|pre-feasibility/);

    const after = project(records, afterAnnouncement);
    expect(after.outcomesPublished).toBe(true);
    expect(table(after, 'stage').shortlisted).toMatchObject({count: 6, shown: 'exact'});
    expect(table(after, 'stage').approved).toMatchObject({count: 5, shown: 'exact'});
  });

  it('publishes outcomes from the announcement day itself', () => {
    expect(project([], new Date(`${call.announcement}T00:00:00Z`)).outcomesPublished).toBe(true);
  });

  it('shows a total under the threshold as "fewer than", and every cell with it', () => {
    const projection = project(many('submitted', 12, 4));
    expect(projection.total).toMatchObject({count: null, shown: 'fewer-than'});
    for (const entry of projection.tables) for (const cell of entry.cells) expect(cell.shown).toBe('fewer-than');
  });

  it('holds no field but counts, labels and the call\'s dates', () => {
    const projection = project([...many('submitted', 12, 9), ...many('draft', 3, 6)]);
    expect(Object.keys(projection).sort()).toEqual(['announcement', 'call', 'format', 'outcomesPublished', 'snapshot', 'tables', 'threshold', 'total']);
    for (const entry of projection.tables) for (const cell of entry.cells) expect(Object.keys(cell).sort()).toEqual(['count', 'id', 'label', 'shown']);
    expect(projection.snapshot).toBe('2025-01-15');
  });

  // The property that matters: whatever a reader combines from the published numbers (the total,
  // the exact cells, the meaning of "fewer than" and "hidden"), no withheld cell has one possible
  // value other than zero. Checked by enumerating every stage table consistent with what is published.
  it('never publishes a table from which a withheld stage count can be worked out', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const stages = vocabulary.stages.filter((stage) => !stage.embargoed).map((stage) => stage.id);
    for (let trial = 0; trial < 120; trial++) {
      const records: StatusRecord[] = [];
      for (const stage of stages) records.push(...many(stage, 12, Math.floor(random() ** 2 * 9)));
      const projection = project(records, beforeAnnouncement);
      const cells = projection.tables[0]!.cells;
      const withheld = cells.flatMap((cell, i) => (cell.count === null ? [i] : []));
      if (withheld.length === 0) continue;
      const total = projection.total.count;
      const threshold = projection.threshold;
      const range = (cell: StatusCell) => (cell.shown === 'fewer-than' ? [0, threshold - 1] : cell.shown === 'hidden' ? [threshold, records.length + 20] : [cell.count!, cell.count!]) as [number, number];
      const seen = withheld.map(() => new Set<number>());
      const values: number[] = [];
      const walk = (i: number, sum: number) => {
        if (total !== null && sum > total) return;
        if (i === cells.length) {
          if (total === null || sum === total) withheld.forEach((cellIndex, k) => seen[k]!.add(values[cellIndex]!));
          return;
        }
        const [low, high] = range(cells[i]!);
        for (let v = low; v <= high; v++) {
          values[i] = v;
          walk(i + 1, sum + v);
        }
      };
      walk(0, 0);
      for (const [k, cellIndex] of withheld.entries()) {
        const values = [...seen[k]!];
        expect(values.length > 1 || values[0] === 0, `trial ${trial}: ${cells[cellIndex]!.id} of ${JSON.stringify(cells)} total ${total}`).toBe(true);
      }
    }
  });
});

describe('statusCsv', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('Under review')).toBe('Under review');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('has one row per published cell, with empty counts where withheld', () => {
    const csv = statusCsv(project([...many('submitted', 12, 9), ...many('draft', 3, 6)]));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('table,id,label,count,shown');
    expect(lines[1]).toBe('total,total,All proposals,15,exact');
    expect(lines).toContain('stage,submitted,Submitted,9,exact');
    expect(lines).toContain('stage,withdrawn,Withdrawn,,fewer-than');
  });
});

describe('pcp status', () => {
  const node = join(projectRoot, 'node_modules', '.bin', 'node');
  const cli = join(projectRoot, 'scripts', 'cli.ts');

  async function repository(proposals: Record<string, string>): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'pcp-status-'));
    await cp(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
    for (const [slug, text] of Object.entries(proposals)) {
      await mkdir(join(root, 'proposals', slug), {recursive: true});
      await writeFile(join(root, 'proposals', slug, 'proposal.md'), text);
    }
    return root;
  }

  it('writes the projection of the repository\'s proposals, dated by SOURCE_DATE_EPOCH', async () => {
    const sample = await readFile(join(projectRoot, 'proposals', 'air-quality-forecasting', 'proposal.md'), 'utf8');
    const proposals: Record<string, string> = {};
    for (let i = 0; i < 6; i++) proposals[`copy-${i}`] = sample;
    const root = await repository(proposals);
    try {
      const out = join(root, 'out', 'status.json');
      const {stdout} = await run(node, [cli, 'status', '--root', root, '--out', out], {env: {...process.env, SOURCE_DATE_EPOCH: '1735689600'}});
      expect(stdout).toMatch(/Wrote .*status\.json/);
      const projection = JSON.parse(await readFile(out, 'utf8')) as StatusProjection;
      expect(projection.snapshot).toBe('2025-01-01');
      expect(projection.total.shown).not.toBe('fewer-than');
      expect(JSON.stringify(projection)).not.toMatch(/Viet|Nguyen|@|\+84/);
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  });

  it('exits 1 with a positioned diagnostic, and writes nothing, when a stage cannot be read', async () => {
    const root = await repository({broken: '---\npcp: 1\ncall: dps-2026\nstatus: sumbitted\nservice: 12\ncountry: Secretland\n---\n'});
    try {
      const out = join(root, 'status.json');
      const error = await run(node, [cli, 'status', '--root', root, '--out', out]).catch((failure: {code: number; stderr: string}) => failure);
      expect('code' in error && error.code).toBe(1);
      const stderr = (error as {stderr: string}).stderr;
      expect(stderr).toMatch(/proposal\.md:4:\d+\s+error/);
      expect(stderr).toContain('frontmatter-invalid-value');
      expect(stderr).not.toContain('Secretland');
      await expect(readFile(out)).rejects.toThrow();
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  });
});

describe('the site\'s status loader', () => {
  it('publishes only the projection\'s known fields, whatever else the file holds', async () => {
    const {knownRows, publishable} = await import('../site/loaders.ts');
    const known = await knownRows();
    const projection = project([...many('submitted', 12, 9), ...many('draft', 3, 6)]);
    const tampered = JSON.parse(JSON.stringify(projection));
    tampered.proposals = [{country: 'Secretland'}];
    tampered.tables[0].cells[0].email = 'someone@example.org';
    const published = publishable(tampered, 'status.json', known);
    expect(published).toEqual(projection);
    expect(JSON.stringify(published)).not.toMatch(/Secretland|someone@/);
  });

  it('refuses a file that is not a projection, or a withheld cell with a count', async () => {
    const {knownRows, publishable} = await import('../site/loaders.ts');
    const known = await knownRows();
    const projection = project([...many('submitted', 12, 9), ...many('draft', 3, 6)]);
    expect(() => publishable({format: 2}, 'status.json', known)).toThrow(/not a status projection of format 1 \(format\)/);
    const leaky = JSON.parse(JSON.stringify(projection));
    leaky.tables[0].cells.find((cell: StatusCell) => cell.shown === 'fewer-than').count = 3;
    expect(() => publishable(leaky, 'status.json', known)).toThrow(/withheld count/);
    const small = JSON.parse(JSON.stringify(projection));
    Object.assign(small.tables[0].cells.find((cell: StatusCell) => cell.shown === 'fewer-than'), {count: 3, shown: 'exact'});
    expect(() => publishable(small, 'status.json', known)).toThrow(/count under the threshold/);
    const early = JSON.parse(JSON.stringify(project(many('submitted', 12, 9), beforeAnnouncement)));
    early.tables[0].cells.push({id: 'approved', label: 'Approved', count: null, shown: 'fewer-than'});
    expect(() => publishable(early, 'status.json', known)).toThrow(/outcome before the announcement/);
    const invented = JSON.parse(JSON.stringify(projection));
    invented.tables[1].cells[0].id = 'republika-kanarija';
    expect(() => publishable(invented, 'status.json', known)).toThrow(/unknown domain row/);
  });
});

describe('the site build\'s one read of the proposals', () => {
  it('gives the projection the same records, and the guard the same values, as their own readers', async () => {
    const {readProposalMetadata, sharedProposalMetadata} = await import('../scripts/lib/proposal-metadata.ts');
    const {readStatusRecords} = await import('../scripts/lib/project-status.ts');
    const {personalValues} = await import('../scripts/lib/site-guard.ts');
    const once = await readProposalMetadata(projectRoot);
    expect(once.status.records).toEqual((await readStatusRecords(projectRoot, projectRoot)).records);
    expect(once.personal).toEqual(await personalValues(projectRoot));
    expect(once.status.records.length).toBeGreaterThanOrEqual(4);
    expect(once.personal.values.some((value) => value.kind === 'email')).toBe(true);
    // Shared: the loader and the integration get the very same read.
    expect(sharedProposalMetadata(projectRoot)).toBe(sharedProposalMetadata(projectRoot));
  });
});

describe('reading proposals for the projection and the guard', () => {
  it('refuses a linked proposal, and never blocks on a FIFO behind a link', async () => {
    const {execFileSync} = await import('node:child_process');
    const {symlink} = await import('node:fs/promises');
    const {readProposalMetadata} = await import('../scripts/lib/proposal-metadata.ts');
    const root = await mkdtemp(join(tmpdir(), 'pcp-links-'));
    try {
      await cp(join(projectRoot, 'catalog'), join(root, 'catalog'), {recursive: true});
      await mkdir(join(root, 'proposals', 'linked'), {recursive: true});
      await mkdir(join(root, 'proposals', 'piped'), {recursive: true});
      execFileSync('mkfifo', [join(root, 'pipe')]);
      await symlink(join(projectRoot, 'proposals', 'air-quality-forecasting', 'proposal.md'), join(root, 'proposals', 'linked', 'proposal.md'));
      await symlink(join(root, 'pipe'), join(root, 'proposals', 'piped', 'proposal.md'));
      const metadata = await Promise.race([readProposalMetadata(root), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the reader blocked')), 10_000))]);
      expect(metadata.status.records).toEqual([]);
      for (const file of metadata.status.files) expect(file.messages.map((message) => message.ruleId)).toEqual(['file-location']);
      // Unreadable to the guard too, so the site build fails rather than guarding nothing.
      expect(metadata.personal.unreadable.sort()).toEqual(['proposals/linked/proposal.md', 'proposals/piped/proposal.md']);
    } finally {
      await rm(root, {recursive: true, force: true});
    }
  });
});
