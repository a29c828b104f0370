// A pool of worker threads for CPU-heavy work on untrusted input (extracting pages, cleaning
// feed HTML, parsing feeds), so the thread that serves the UI never blocks on it.
// Each job has a time limit: a job that hangs gets its worker terminated, fails with a clear
// reason, and the pool goes on with a fresh worker. Workers are retired after a number of
// counted jobs or an amount of input (and when idle) so memory stays bounded; each has a heap
// cap of its own. Small, many jobs (feed fragments) count by size only, so thousands of them
// do not pay a worker start-up every few dozen.

import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeError, restoreError, TidingsError } from '../errors.js';
import type { WorkerAnswer, WorkerJob } from './serve.js';

export interface PoolOptions {
  /** Worker threads at most (default: the number of cores). */
  size?: number;
  /** Per-job time limit in ms (default 20 s). */
  timeoutMs?: number;
  /** A worker is replaced after this many counted jobs (default 200)... */
  recycleAfter?: number;
  /** ...or after this much input of any job, in characters (default 50 M). */
  recycleAfterChars?: number;
  /** Idle workers stop after this many ms (default 30 s). */
  idleMs?: number;
  /** Old-generation heap cap of each worker in MB (default 256): a job that needs more fails alone. */
  maxHeapMb?: number;
  /** Young-generation size of each worker in MB (default 16: smaller saves memory but costs collections). */
  youngHeapMb?: number;
}

export interface PoolConfig {
  /** The module named in errors (`extract`, `feeds`). */
  module: string;
  /** What the pool does, for messages ("the extraction pool is closed"). */
  name: string;
  /** The worker's entry, as the built `.js` URL; from source the `.ts` beside it runs under tsx. */
  entry: URL;
}

export interface PoolJob {
  kind: string;
  payload: unknown;
  /** The input named in this job's errors (a URL). */
  label: string;
  /** Size of the input in characters (or bytes), for recycling. */
  size: number;
  /** Counts toward `recycleAfter` (whole pages do; small fragments count by size only). */
  counted: boolean;
}

/** Loading jsdom, linkedom and Readability in a fresh worker; a slow machine may need a while. */
const STARTUP_MS = 60_000;

/**
 * How long stopping a worker waits for it to finish loading. Terminating a worker thread in the
 * middle of loading its modules can abort the whole process (V8: `Module::IsGraphAsync must be
 * used on an instantiated module`), so a loading worker is let finish first; a worker that
 * never loads is terminated after this anyway.
 */
const LOAD_WAIT_MS = STARTUP_MS;

interface Job {
  message: WorkerJob;
  label: string;
  size: number;
  counted: boolean;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules; until then a job's clock does not run. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  /** Settles when the worker has loaded, or has failed or stopped before it did. */
  loaded: Promise<void>;
  markLoaded(): void;
  counted: number;
  size: number;
}

export class WorkerPool {
  private readonly options: Required<PoolOptions>;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (for tests and the benchmark). */
  started = 0;

  constructor(private readonly config: PoolConfig, options: PoolOptions = {}) {
    this.options = {
      size: Math.max(1, options.size ?? os.availableParallelism()),
      timeoutMs: options.timeoutMs ?? 20_000,
      recycleAfter: options.recycleAfter ?? 200,
      recycleAfterChars: options.recycleAfterChars ?? 50_000_000,
      idleMs: options.idleMs ?? 30_000,
      maxHeapMb: options.maxHeapMb ?? 256,
      youngHeapMb: options.youngHeapMb ?? 16,
    };
  }

  run<R>(job: PoolJob): Promise<R> {
    if (this.closed) return Promise.reject(this.error(job.label, `the ${this.config.name} pool is closed`));
    return new Promise<R>((resolve, reject) => {
      const message: WorkerJob = { id: this.nextId++, kind: job.kind, payload: job.payload };
      this.queue.push({ message, label: job.label, size: job.size, counted: job.counted, resolve: resolve as (r: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Start the workers now, with no job (so none counts as running), to have them loaded when
   * the work comes; resolves when each has loaded or failed to (a real job then says why).
   */
  warm(): Promise<void> {
    const starting: Promise<void>[] = [];
    while (!this.closed && this.slots.size < this.options.size) {
      const slot = this.spawn();
      starting.push(slot.loaded);
      this.idle(slot);
    }
    return Promise.all(starting).then(() => undefined);
  }

  /** Jobs waiting and jobs in a worker now. */
  status(): { queued: number; running: number; workers: number } {
    let running = 0;
    for (const slot of this.slots) if (slot.job) running++;
    return { queued: this.queue.length, running, workers: this.slots.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(this.error(job.label, `the ${this.config.name} pool was closed`));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, this.error(slot.job?.label ?? null, `the ${this.config.name} pool was closed`))));
  }

  private error(label: string | null, message: string): TidingsError {
    return new TidingsError(this.config.module, label, message);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.freeSlot();
      if (!slot) return;
      this.assign(slot, this.queue.shift()!);
    }
  }

  private freeSlot(): Slot | null {
    for (const slot of this.slots) if (!slot.job) return slot;
    return this.slots.size < this.options.size ? this.spawn() : null;
  }

  private assign(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    slot.worker.ref();
    if (slot.ready) this.startClock(slot, this.options.timeoutMs, 'took longer than');
    else this.startClock(slot, STARTUP_MS, 'worker did not start within');
    slot.worker.postMessage(job.message);
  }

  private startClock(slot: Slot, ms: number, what: string): void {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      void this.retire(slot, this.error(job.label, `${what} ${Math.round(ms / 100) / 10} s; stopped`));
      this.dispatch();
    }, ms);
  }

  private spawn(): Slot {
    const worker = startWorker(this.config.entry, { maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: this.options.youngHeapMb });
    this.started++;
    let markLoaded = () => {};
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    const slot: Slot = { worker, ready: false, job: null, timer: null, idleTimer: null, loaded, markLoaded, counted: 0, size: 0 };
    worker.on('message', (answer: WorkerAnswer) => this.finish(slot, answer));
    worker.on('error', (error: unknown) => {
      slot.markLoaded();
      void this.retire(slot, this.error(slot.job?.label ?? null, `the ${this.config.name} worker failed: ${describeError(error)}`));
      this.dispatch();
    });
    worker.on('exit', () => {
      slot.markLoaded();
      if (!this.slots.has(slot)) return;
      void this.retire(slot, this.error(slot.job?.label ?? null, `the ${this.config.name} worker stopped unexpectedly`));
      this.dispatch();
    });
    this.slots.add(slot);
    return slot;
  }

  private finish(slot: Slot, answer: WorkerAnswer): void {
    if ('ready' in answer) {
      slot.ready = true;
      slot.markLoaded();
      // Loaded: an idle worker no longer needs to keep the process alive (see idle()).
      if (!slot.job) slot.worker.unref();
      this.startClock(slot, this.options.timeoutMs, 'took longer than');
      return;
    }
    const job = slot.job;
    if (!job || job.message.id !== answer.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    if (job.counted) slot.counted++;
    slot.size += job.size;
    if (answer.ok) job.resolve(answer.result);
    else job.reject(answer.error.module ? restoreError(answer.error.module, answer.error.kind, answer.error.message) : this.error(job.label, answer.error.message));
    if (slot.counted >= this.options.recycleAfter || slot.size >= this.options.recycleAfterChars) void this.retire(slot, null);
    else this.idle(slot);
    this.dispatch();
  }

  private idle(slot: Slot): void {
    // A worker still loading keeps the process alive: a process that exits tears its workers
    // down, which mid-load can abort it (see LOAD_WAIT_MS).
    if (slot.ready) slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      if (!slot.job) void this.retire(slot, null);
    }, this.options.idleMs);
    slot.idleTimer.unref();
  }

  /** Take a worker out of the pool and stop it; its current job, if any, fails with `error`. */
  private async retire(slot: Slot, error: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const job = slot.job;
    slot.job = null;
    if (job) job.reject(error ?? this.error(job.label, `the ${this.config.name} worker was stopped`));
    if (!slot.ready) await untilLoaded(slot);
    await slot.worker.terminate().catch(() => undefined);
  }
}

/** Wait (keeping the process alive) until a worker has loaded or is gone, at most LOAD_WAIT_MS. */
async function untilLoaded(slot: Slot): Promise<void> {
  slot.worker.ref();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOAD_WAIT_MS)));
  await Promise.race([slot.loaded, bound]);
  clearTimeout(timer);
}

/**
 * The worker runs the built .js, or, when this module is TypeScript source (tests,
 * `npm run cli`, the benchmark), the .ts entry with tsx's loader registered first.
 */
function startWorker(entry: URL, resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  // The ESM build of tsx's API, next to the CommonJS one that require.resolve finds.
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  const source = entry.href.replace(/\.js$/, '.ts');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}
