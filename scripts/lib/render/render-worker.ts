/**
 * A worker thread of `renderPaths`: checks and renders its share of the proposals, writing
 * their files itself, and posts each one's messages and manifest entry back as plain data. The
 * catalog is loaded here too, so nothing but paths and settings crosses the thread boundary on
 * the way in.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {loadCatalog} from '../catalog.ts';
import {plainMessages} from '../plain-message.ts';
import {renderOne, type RenderJob, type RenderSettings, type RenderWorkerMessage} from './render.ts';

interface WorkerInput {
  jobs: RenderJob[];
  settings: RenderSettings;
  cwd: string;
}

const {jobs, settings, cwd} = workerData as WorkerInput;
const catalog = await loadCatalog(settings.root, cwd);
for (const job of jobs) {
  const {file, rendered} = await renderOne(job, catalog, settings);
  const message: RenderWorkerMessage = {index: job.index, messages: plainMessages(file), ...(rendered ? {rendered} : {})};
  parentPort!.postMessage(message);
}
