// Entry of the worker thread that rebuilds the index off the main thread. It receives a
// BuildJob, says it has loaded, reports progress, and answers done or error.

import { parentPort, workerData } from 'node:worker_threads';
import { type BuildJob, buildSegmentFile } from './build.js';

const port = parentPort;
if (port) {
  // Loaded: from now on the worker may be terminated without aborting the process (see rebuild.ts).
  port.postMessage({ type: 'loaded' });
  buildSegmentFile(workerData as BuildJob, (done, total) => port.postMessage({ type: 'progress', done, total })).then(
    () => port.postMessage({ type: 'done' }),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
}
