/** The `attachments` list of a proposal, read defensively (the schema may have failed). */
import type {ProposalContext} from './check-proposal.ts';

/** An attachment entry with its index in the list. */
export interface AttachmentEntry {
  index: number;
  type: unknown;
  file: string;
}

/** The attachments whose `file` is text. */
export function attachmentEntries(context: ProposalContext): AttachmentEntry[] {
  const list = context.data.attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    const entry = (item ?? {}) as {type?: unknown; file?: unknown};
    return typeof entry.file === 'string' ? [{index, type: entry.type, file: entry.file}] : [];
  });
}
