/** The `attachments` list of a proposal, read defensively (the schema may have failed) and resolved once. */
import {existsInside, resolveInFolder, type LocalReference} from './local-file.ts';

/** An attachment entry with its index in the list and where its file is. */
export interface AttachmentEntry {
  index: number;
  type: unknown;
  file: string;
  reference: LocalReference;
  /** For a reference inside the folder: whether the file is there (and stays inside after links). */
  state: 'ok' | 'missing' | 'escapes' | undefined;
}

/** The attachments whose `file` is text, resolved against the proposal's folder. */
export function resolveAttachments(list: unknown, folder: string): AttachmentEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    const entry = (item ?? {}) as {type?: unknown; file?: unknown};
    if (typeof entry.file !== 'string') return [];
    const reference = resolveInFolder(folder, entry.file, 'path');
    const state = reference.kind === 'inside' ? existsInside(folder, reference.absolute) : undefined;
    return [{index, type: entry.type, file: entry.file, reference, state}];
  });
}
