/**
 * A worker thread of `checkPaths`: checks its share of the files and posts their messages back
 * as plain data. The catalog is loaded here too (a few milliseconds), so nothing but paths
 * crosses the thread boundary on the way in.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {loadCatalog} from './catalog.ts';
import {checkOne, type CheckJob} from './check.ts';
import {plainMessages} from './plain-message.ts';

interface WorkerInput {
  jobs: CheckJob[];
  root: string;
  cwd: string;
}

const {jobs, root, cwd} = workerData as WorkerInput;
const catalog = await loadCatalog(root, cwd);
for (const job of jobs) {
  const file = await checkOne(job, catalog, root);
  const messages = plainMessages(file);
  parentPort!.postMessage({index: job.index, messages});
}
