// The worker side of the pool (pool.ts): a worker's entry calls serveJobs with its handlers,
// one per job kind. Jobs run one at a time; each answer is plain data. A TidingsError keeps its
// module and kind across the thread boundary, so the caller sees the same error it would have
// seen had the work run in its own thread.

import { parentPort } from 'node:worker_threads';
import { TidingsError, type ErrorKind } from '../errors.js';

export interface WorkerJob {
  id: number;
  kind: string;
  payload: unknown;
}

export interface WorkerFailure {
  message: string;
  /** Set when the error was a TidingsError: its message is already whole. */
  module?: string;
  kind?: ErrorKind;
}

export type WorkerAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: WorkerFailure }
  /** Sent once, when the modules are loaded: a job's time limit starts from here. */
  | { ready: true };

export type JobHandlers = Record<string, (payload: never) => unknown>;

export function serveJobs(handlers: JobHandlers): void {
  const port = parentPort;
  if (!port) return;
  let chain = Promise.resolve();
  port.on('message', (job: WorkerJob) => {
    chain = chain.then(async () => port.postMessage(await answer(handlers, job)));
  });
  port.postMessage({ ready: true } satisfies WorkerAnswer);
}

async function answer(handlers: JobHandlers, job: WorkerJob): Promise<WorkerAnswer> {
  try {
    const handler = handlers[job.kind] as ((payload: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
    return { id: job.id, ok: true, result: await handler(job.payload) };
  } catch (error) {
    if (error instanceof TidingsError) return { id: job.id, ok: false, error: { message: error.message, module: error.module, kind: error.kind } };
    return { id: job.id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}
