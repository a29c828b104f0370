// The worker side of the pool (pool.ts): a worker's entry calls serveJobs with its handlers,
// one per job kind. Jobs run one at a time; each answer is plain data. A TidingsError keeps its
// module and kind across the thread boundary, so the caller sees the same error it would have
// seen had the work run in its own thread.

import { type MessagePort, parentPort } from 'node:worker_threads';
import { describeError, TidingsError, type ErrorKind } from '../errors.js';

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
    chain = chain.then(async () => post(port, job, await answer(handlers, job)));
  });
  port.postMessage({ ready: true } satisfies WorkerAnswer);
}

/**
 * Every job gets exactly one answer. A result that cannot cross the thread boundary (a
 * function, a class instance with one) makes postMessage throw: that job is answered with the
 * reason instead, so neither it nor the jobs after it wait for the pool's time limit.
 */
function post(port: MessagePort, job: WorkerJob, reply: WorkerAnswer): void {
  try {
    port.postMessage(reply);
  } catch (error) {
    const message = `the answer could not be sent back: ${describeError(error)}`;
    port.postMessage({ id: job.id, ok: false, error: { message } } satisfies WorkerAnswer);
  }
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
