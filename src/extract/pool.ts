// A pool of worker threads for the DOM steps of extraction, so the caller never blocks.
// Each job has a time limit: a page that hangs Readability gets its worker terminated, the
// job fails with a clear reason and the pool goes on with a fresh worker. Pages above a size
// cap are refused before they reach a worker. Workers are retired after a number of pages or
// an amount of HTML (and when idle) so memory stays bounded; each has a heap cap of its own.
// Feed fragments are small and many: they count by size only, so a refresh of thousands of
// items does not pay a worker start-up every few dozen items.

import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TidingsError } from '../errors.js';
import type { CleanedFragment, ExtractedPage } from './pipeline.js';
import type { WorkerAnswer, WorkerJob } from './worker.js';

export interface PoolOptions {
  /** Worker threads at most (default: the number of cores). */
  size?: number;
  /** Per-page time limit in ms (default 20 s). */
  timeoutMs?: number;
  /** Largest page accepted, in characters (default 5 M). */
  maxChars?: number;
  /** A worker is replaced after this many whole pages (default 200; feed fragments do not count)... */
  recycleAfter?: number;
  /** ...or after this much HTML of any kind, in characters (default 50 M). */
  recycleAfterChars?: number;
  /** Idle workers stop after this many ms (default 30 s). */
  idleMs?: number;
  /** Old-generation heap cap of each worker in MB (default 256): a page that needs more fails alone. */
  maxHeapMb?: number;
  /** Young-generation size of each worker in MB (default 16: smaller saves memory but costs collections). */
  youngHeapMb?: number;
}

type JobKind = WorkerJob['kind'];

/** Loading jsdom, linkedom and Readability in a fresh worker; a slow machine may need a while. */
const STARTUP_MS = 60_000;
type ResultOf<K extends JobKind> = K extends 'page' ? ExtractedPage : CleanedFragment;

interface Job {
  message: WorkerJob;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules; until then a page's clock does not run. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  pages: number;
  chars: number;
}

export class ExtractionPool {
  private readonly options: Required<PoolOptions>;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (for tests and the benchmark). */
  started = 0;

  constructor(options: PoolOptions = {}) {
    this.options = {
      size: Math.max(1, options.size ?? os.availableParallelism()),
      timeoutMs: options.timeoutMs ?? 20_000,
      maxChars: options.maxChars ?? 5_000_000,
      recycleAfter: options.recycleAfter ?? 200,
      recycleAfterChars: options.recycleAfterChars ?? 50_000_000,
      idleMs: options.idleMs ?? 30_000,
      maxHeapMb: options.maxHeapMb ?? 256,
      youngHeapMb: options.youngHeapMb ?? 16,
    };
  }

  run<K extends JobKind>(kind: K, html: string, url: string | null): Promise<ResultOf<K>> {
    const label = url ?? 'page';
    if (this.closed) return Promise.reject(new TidingsError('extract', label, 'the extraction pool is closed'));
    if (html.length > this.options.maxChars) {
      return Promise.reject(new TidingsError('extract', label, `page larger than ${this.options.maxChars} characters; not extracted`, 'invalid'));
    }
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.queue.push({ message: { id: this.nextId++, kind, html, url }, resolve: resolve as (r: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Start every worker now and wait until each has loaded (an app may do this at start-up). */
  async warm(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.size }, () => this.run('fragment', '', null)));
  }

  /** Jobs waiting and jobs in a worker now. */
  status(): { queued: number; running: number; workers: number } {
    let running = 0;
    for (const slot of this.slots) if (slot.job) running++;
    return { queued: this.queue.length, running, workers: this.slots.size };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TidingsError('extract', job.message.url ?? 'page', 'the extraction pool was closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new TidingsError('extract', slot.job?.message.url ?? 'page', 'the extraction pool was closed'))));
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
      void this.retire(slot, new TidingsError('extract', job.message.url ?? 'page', `${what} ${Math.round(ms / 100) / 10} s; stopped`));
      this.dispatch();
    }, ms);
  }

  private spawn(): Slot {
    const worker = startWorker({ maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: this.options.youngHeapMb });
    this.started++;
    const slot: Slot = { worker, ready: false, job: null, timer: null, idleTimer: null, pages: 0, chars: 0 };
    worker.on('message', (answer: WorkerAnswer) => this.finish(slot, answer));
    worker.on('error', (error) => {
      void this.retire(slot, new TidingsError('extract', slot.job?.message.url ?? 'page', `the extraction worker failed: ${error.message}`));
      this.dispatch();
    });
    worker.on('exit', () => {
      if (!this.slots.has(slot)) return;
      void this.retire(slot, new TidingsError('extract', slot.job?.message.url ?? 'page', 'the extraction worker stopped unexpectedly'));
      this.dispatch();
    });
    this.slots.add(slot);
    return slot;
  }

  private finish(slot: Slot, answer: WorkerAnswer): void {
    if ('ready' in answer) {
      slot.ready = true;
      this.startClock(slot, this.options.timeoutMs, 'took longer than');
      return;
    }
    const job = slot.job;
    if (!job || job.message.id !== answer.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    if (job.message.kind === 'page') slot.pages++;
    slot.chars += job.message.html.length;
    if (answer.ok) job.resolve(answer.result);
    else job.reject(new TidingsError('extract', job.message.url ?? 'page', answer.error));
    if (slot.pages >= this.options.recycleAfter || slot.chars >= this.options.recycleAfterChars) void this.retire(slot, null);
    else this.idle(slot);
    this.dispatch();
  }

  private idle(slot: Slot): void {
    slot.worker.unref();
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
    if (job) job.reject(error ?? new TidingsError('extract', job.message.url ?? 'page', 'the extraction worker was stopped'));
    await slot.worker.terminate().catch(() => undefined);
  }
}

/**
 * The worker runs the built .js, or, when this module is TypeScript source (tests,
 * `npm run cli`, the benchmark), the .ts entry with tsx's loader registered first.
 */
function startWorker(resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits });
  // The ESM build of tsx's API, next to the CommonJS one that require.resolve finds.
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}
