// Starting a rebuild on a worker thread. From compiled JavaScript the worker is build-worker.js;
// from TypeScript sources (tsx, vitest) it is build-worker.ts loaded through tsx. If no worker
// can be started the build runs here, so the index is rebuilt either way.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BuildJob, type Progress, buildSegmentFile } from './build.js';

export function rebuildInWorker(job: BuildJob, progress: Progress, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new Error('index rebuild stopped'));
  let worker: Worker;
  try {
    worker = startWorker(job);
  } catch {
    return buildSegmentFile(job, progress);
  }
  return inWorker(worker, progress, signal).catch((error: unknown) => {
    // A worker that could not run (its script not loadable, as inside a packed archive) is no
    // reason to go without an index: build here instead. Stopping at close stays a stop.
    if (signal?.aborted || !(error instanceof WorkerStartError)) throw error;
    return buildSegmentFile(job, progress);
  });
}

/** The worker failed before it started building. */
class WorkerStartError extends Error {}

/**
 * How long a stopped worker may go on loading before it is terminated anyway. Terminating a
 * worker while it still loads its modules can abort the whole process in V8
 * ("v8::Module::IsGraphAsync must be used on an instantiated module").
 */
const LOAD_WAIT_MS = 60_000;

function inWorker(worker: Worker, progress: Progress, signal?: AbortSignal): Promise<void> {
  let started = false;
  let loaded = false;
  let onLoaded: (() => void) | null = null;
  const stop = () => {
    if (loaded) return void worker.terminate();
    const timer = setTimeout(() => void worker.terminate(), LOAD_WAIT_MS);
    onLoaded = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
  };
  const markLoaded = () => {
    loaded = true;
    onLoaded?.();
  };
  worker.on('exit', markLoaded);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      stop();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (msg: { type: string; done?: number; total?: number; message?: string }) => {
      started = true;
      if (!loaded) markLoaded();
      if (msg.type === 'progress') progress(msg.done!, msg.total!);
      else if (msg.type === 'done') settle(null);
      else if (msg.type === 'error') settle(new Error(msg.message));
    });
    worker.on('error', (error) => settle(started ? error : new WorkerStartError(error.message)));
    signal?.addEventListener('abort', () => settle(new Error('index rebuild stopped')), { once: true });
    worker.on('exit', (code) => settle(code === 0 ? new Error('index worker stopped early') : new Error(`index worker exited with code ${code}`)));
  });
}

function startWorker(job: BuildJob): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(new URL('./build-worker.js', import.meta.url), { workerData: job });
  // From sources: a small bootstrap registers tsx inside the worker, then loads the .ts entry.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./build-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}
