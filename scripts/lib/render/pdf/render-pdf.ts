/** Writes a PCP layout as PDF bytes with pdfmake, fonts from npm, no network and no stray file access. */
import pdfmake from 'pdfmake';
import {fontFamilies} from '../fonts.ts';
import type {PcpLayout} from '../layout.ts';
import {pdfDefinition, type DocumentOptions} from './document.ts';
import {markActualText} from './actual-text.ts';
import {shareParsedFonts} from './shared-fonts.ts';

const allowedFiles = new Set(Object.values(fontFamilies).flatMap((family) => Object.values(family)));
let configured = false;

function configure(): void {
  if (configured) return;
  pdfmake.setFonts(fontFamilies);
  shareParsedFonts();
  markActualText();
  // Only our fonts may be read, and nothing fetched: images arrive as data, never as paths or URLs.
  (pdfmake as unknown as {setLocalAccessPolicy(check: (path: string) => boolean): void}).setLocalAccessPolicy((path) => allowedFiles.has(path));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.addTableLayouts({
    pcpGrid: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => '#8a9bb0',
      vLineColor: () => '#8a9bb0',
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  });
  configured = true;
}

/** The PDF of `layout`. */
export async function renderPdf(layout: PcpLayout, options: DocumentOptions): Promise<Buffer> {
  configure();
  const definition = pdfDefinition(layout, options);
  return Buffer.from(await pdfmake.createPdf(definition as never).getBuffer());
}
