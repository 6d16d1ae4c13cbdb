/**
 * A worker thread of `readFrontmatters`: reads its share and posts the results back as plain data,
 * a batch at a time (one message per file would cost the main thread more than the reading).
 */
import {parentPort, workerData} from 'node:worker_threads';
import {plainMessages} from './plain-message.ts';
import {readFrontmatter, type FrontmatterJob, type FrontmatterRequest, type PlainFrontmatterFields} from './read-frontmatters.ts';

const {jobs, request} = workerData as {jobs: FrontmatterJob[]; request: FrontmatterRequest};
const batchSize = 100;
let batch: PlainFrontmatterFields[] = [];
for (const job of jobs) {
  const {file, readable, values} = readFrontmatter(job, request);
  batch.push({index: job.index, messages: plainMessages(file), readable, values});
  if (batch.length === batchSize) {
    parentPort!.postMessage(batch);
    batch = [];
  }
}
if (batch.length > 0) parentPort!.postMessage(batch);
