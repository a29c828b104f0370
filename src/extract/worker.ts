// The worker thread's entry: runs the DOM steps of extraction (pipeline.ts) for the pool
// (pool.ts), one job at a time, and answers with plain data.

import { parentPort } from 'node:worker_threads';
import { cleanFragment, extractPage } from './pipeline.js';

export interface WorkerJob {
  id: number;
  kind: 'page' | 'fragment';
  html: string;
  url: string | null;
}

export type WorkerAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  /** Sent once, when the modules are loaded: the time limit of a page starts from here. */
  | { ready: true };

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    let answer: WorkerAnswer;
    try {
      const result = job.kind === 'page' ? extractPage(job.html, job.url) : cleanFragment(job.html, job.url);
      answer = { id: job.id, ok: true, result };
    } catch (error) {
      answer = { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
  port.postMessage({ ready: true } satisfies WorkerAnswer);
}
