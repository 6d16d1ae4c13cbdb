/**
 * Makes a packed DOCX byte-identical across runs and machines. docx stamps the core properties
 * with the clock, zips every entry with the current time, and gives hyperlinks random ids; this
 * rewrites the dates to the document's own date, renumbers the ids in order of appearance, and
 * zips the entries again in a fixed order with fixed dates.
 */
import JSZip from 'jszip';

/** A zip's entries as JSZip holds them (ours, or the copy bundled in docx). */
export interface ZipEntries {
  files: Record<string, {dir: boolean; async(type: 'string'): Promise<string>; async(type: 'uint8array'): Promise<Uint8Array>}>;
}

/**
 * The reproducible bytes of `packed` (a DOCX, or its entries before zipping: then nothing is
 * compressed twice), dated `date`.
 */
export async function reproducibleDocx(packed: Buffer | ZipEntries, date: Date): Promise<Buffer> {
  const input: ZipEntries = Buffer.isBuffer(packed) ? await JSZip.loadAsync(packed) : packed;
  const names = Object.keys(input.files).filter((name) => !input.files[name]!.dir);
  const texts = new Map<string, string>();
  for (const name of names) if (/\.(xml|rels)$/.test(name)) texts.set(name, await input.files[name]!.async('string'));
  const ids = new Map<string, string>();
  for (const name of names) for (const match of (texts.get(name) ?? '').matchAll(/rId[A-Za-z0-9_-]{21}(?=")/g)) if (!ids.has(match[0])) ids.set(match[0], `rIdH${ids.size + 1}`);
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const output = new JSZip();
  for (const name of names) {
    let text = texts.get(name);
    if (text !== undefined) {
      for (const [from, to] of ids) text = text.split(`"${from}"`).join(`"${to}"`);
      if (name === 'docProps/core.xml') text = text.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${iso}`);
      output.file(name, text, {date, createFolders: false});
    } else {
      output.file(name, await input.files[name]!.async('uint8array'), {date, createFolders: false});
    }
  }
  return output.generateAsync({type: 'nodebuffer', compression: 'DEFLATE', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'});
}
