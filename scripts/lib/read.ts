/**
 * Step 1: read a file into a VFile. Size cap first (a huge file is never read whole), then strict
 * UTF-8. A leading byte order mark is dropped, so columns match what an editor shows.
 */
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import {VFile} from 'vfile';
import {limits} from './limits.ts';
import {report} from './rule.ts';
import fileTooLarge from './rules/file-too-large.ts';
import fileEncoding from './rules/file-encoding.ts';

/**
 * Reads `path` (shown in messages as `shownPath`). Problems become messages on the returned file,
 * whose `value` is then undefined.
 */
export async function readSource(path: string, shownPath = path): Promise<VFile> {
  // Synchronous underneath: a file is read whole before anything else happens to it, and one
  // system call each beats four awaited ones when thousands of files are read in a row.
  return readSourceSync(path, shownPath);
}

const strictUtf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

/** `readSource`, synchronously. */
export function readSourceSync(path: string, shownPath = path): VFile {
  const file = new VFile({path: shownPath});
  // Non-blocking: a FIFO or device in place of a file must not hang the reader (its size is 0).
  const descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const {size} = fstatSync(descriptor);
    if (size > limits.fileBytes) {
      report(file, fileTooLarge, `Unexpected file of ${formatBytes(size)}, expected at most ${formatBytes(limits.fileBytes)}: move large content into attachments`, {line: 1, column: 1});
      return file;
    }
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const bytesRead = readSync(descriptor, buffer, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    decodeInto(file, buffer.subarray(0, read));
    return file;
  } finally {
    closeSync(descriptor);
  }
}

/** Decodes bytes as UTF-8 into `file.value`, or reports where they stop being UTF-8. */
export function decodeInto(file: VFile, bytes: Uint8Array): void {
  let text: string;
  try {
    // The platform's strict decoder is fast; the byte walk runs only to say where it failed.
    text = strictUtf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, bad === -1 ? bytes.length : bad));
    report(file, fileEncoding, 'Unexpected bytes that are not UTF-8: save the file as UTF-8 (in Word or Notepad: "Save as", encoding "UTF-8")', pointAfter(before));
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    report(file, fileEncoding, 'Unexpected NUL character: this looks like a binary file, not Markdown text', pointAfter(text.slice(0, nul)));
    return;
  }
  // Other control characters (not tab, line feed or carriage return) are invisible in an editor
  // and make the DOCX's XML invalid.
  const control = text.search(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  if (control !== -1) {
    report(file, fileEncoding, `Unexpected control character U+${text.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')}: delete it (it is invisible in most editors)`, pointAfter(text.slice(0, control)));
    return;
  }
  // A carriage return alone ends a line only in old Mac files; every reader here (and GitHub)
  // would take the whole file for one line, so the frontmatter would seem to be missing.
  const lone = text.search(/\r(?!\n)/);
  if (lone !== -1) {
    report(file, fileEncoding, 'Unexpected line break without a line feed (a carriage return alone, as in old Mac files): save the file with Windows or Unix line endings', pointAfter(text.slice(0, lone)));
    return;
  }
  file.value = text;
}

/** Index of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let code = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The point just after `text`, as line and column. */
function pointAfter(text: string): {line: number; column: number} {
  const lines = text.split('\n');
  return {line: lines.length, column: lines.at(-1)!.length + 1};
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
