/**
 * `npm run bench -- render`: 100 proposals rendered by `pcp render` in a cold process (median of
 * 5), DOCX and PDF separately, against two peers in the same run: pandoc (Debian) converting the
 * same Markdown bodies to DOCX (only the answers; ours carries the whole form), and LibreOffice
 * converting our DOCX files to PDF.
 */
import {cpSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {projectRoot} from '../lib/project-root.ts';
import {benchRepository, measure, table} from './measure.ts';

const count = 100;
const runs = 5;

/** Runs the benchmark and prints its table. */
export function benchRender(): void {
  const {root, proposals} = benchRepository('render', count);
  try {
    const bodies = join(root, 'bodies');
    mkdirSync(bodies);
    for (const proposal of proposals) {
      writeFileSync(join(bodies, `bench-${String(proposal.index).padStart(4, '0')}.md`), proposal.text.replace(/^---\n[\s\S]*?\n---\n/, ''));
      cpSync(join(proposal.folder, 'diagram.svg'), join(bodies, 'diagram.svg'));
    }
    const cli = [process.execPath, join(projectRoot, 'scripts/cli.ts'), 'render', '--root', root];
    const docx = measure('pcp render --format docx', [...cli, '--format', 'docx', '--out', join(root, 'docx'), join(root, 'proposals')], runs);
    const pandoc = measure('pandoc (bodies only)', ['sh', '-c', `mkdir -p ${join(root, 'pandoc')} && cd ${bodies} && for f in *.md; do pandoc -f gfm -t docx -o ${join(root, 'pandoc')}/"$f".docx "$f" || exit 1; done`], runs);
    const pdf = measure('pcp render --format pdf', [...cli, '--format', 'pdf', '--out', join(root, 'pdf'), join(root, 'proposals')], runs);
    const files = readdirSync(join(root, 'docx')).filter((name) => name.endsWith('.docx')).map((name) => join(root, 'docx', name));
    const office = measure('LibreOffice DOCX -> PDF', ['soffice', '--headless', '--norestore', `-env:UserInstallation=file://${join(root, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', join(root, 'office'), ...files], runs);
    console.log(`render: ${count} proposals, ${runs} cold runs each, on ${process.version}\n`);
    console.log(table([pandoc, docx, office, pdf]));
    console.log(`\nDOCX: ours / pandoc = ${(docx.median / pandoc.median).toFixed(2)} (target 1.00 or less)`);
    console.log(`PDF: LibreOffice / ours = ${(office.median / pdf.median).toFixed(2)} (target 10 or more)`);
    console.log(`peak memory: DOCX ${docx.peakMb.toFixed(0)} MB, PDF ${pdf.peakMb.toFixed(0)} MB (target under 500 MB)`);
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}
