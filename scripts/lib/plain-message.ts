/**
 * Messages as plain data, to cross between threads: checking, rendering and frontmatter reading
 * all fan out to workers, which post their files' messages back this way.
 */
import type {VFile} from 'vfile';
import type {VFileMessage} from 'vfile-message';

/** A message as plain data. */
export interface PlainMessage {
  reason: string;
  place: VFileMessage['place'];
  ruleId: string | undefined;
  fatal: boolean | null | undefined;
  url: string | undefined;
}

/** The messages of `file` as plain data (in a worker). */
export function plainMessages(file: VFile): PlainMessage[] {
  return file.messages.map((message) => ({reason: message.reason, place: message.place, ruleId: message.ruleId, fatal: message.fatal, url: message.url}));
}

/** Adds messages posted by a worker back onto `file` (in the main thread). */
export function addPlainMessages(file: VFile, messages: PlainMessage[]): void {
  for (const plain of messages) {
    const message = file.message(plain.reason, {place: plain.place, ruleId: plain.ruleId, source: 'pcp'});
    message.fatal = plain.fatal;
    message.url = plain.url;
  }
}
