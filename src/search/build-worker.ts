// Entry of the worker thread that rebuilds the index off the main thread. It receives a
// BuildJob, reports progress, and answers { ok } or { error }.

import { parentPort, workerData } from 'node:worker_threads';
import { type BuildJob, buildSegmentFile } from './build.js';

const port = parentPort;
if (port) {
  buildSegmentFile(workerData as BuildJob, (done, total) => port.postMessage({ type: 'progress', done, total })).then(
    () => port.postMessage({ type: 'done' }),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
}
