/** A worker thread of `readFrontmatters`: reads its share and posts each result back as plain data. */
import {parentPort, workerData} from 'node:worker_threads';
import {readAhead, type FrontmatterJob, type FrontmatterRequest, type PlainFrontmatterFields} from './read-frontmatters.ts';

const {jobs, request} = workerData as {jobs: FrontmatterJob[]; request: FrontmatterRequest};
let i = 0;
for await (const {file, readable, values} of readAhead(jobs, request)) {
  const job = jobs[i++]!;
  const messages = file.messages.map((message) => ({reason: message.reason, place: message.place, ruleId: message.ruleId, fatal: message.fatal, url: message.url}));
  parentPort!.postMessage({index: job.index, messages, readable, values} satisfies PlainFrontmatterFields);
}
