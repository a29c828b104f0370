// The extraction pool: the shared worker pool (src/workers/) running worker.ts, plus what is
// particular to pages. A page above the size cap is refused before it reaches a worker; whole
// pages count toward a worker's recycling, feed fragments by size only.
// Feed fragments asked for in the same turn of the event loop (a feed's new items) go to a
// worker together, up to a batch's size: a worker then cleans a feed's items back to back
// instead of waiting on the main thread between each. A batch that fails as a whole (its
// worker timed out or died) is tried again one fragment at a time, so only the bad one fails.

import { TidingsError } from '../errors.js';
import { WorkerPool, type PoolOptions as WorkerPoolOptions } from '../workers/index.js';
import type { CleanedFragment, ExtractedPage } from './pipeline.js';
import type { ExtractionPayload, FragmentOutcome } from './worker.js';

export interface PoolOptions extends WorkerPoolOptions {
  /** Largest page accepted, in characters (default 5 M). */
  maxChars?: number;
}

type JobKind = 'page' | 'fragment';
type ResultOf<K extends JobKind> = K extends 'page' ? ExtractedPage : CleanedFragment;

/** At most this many fragments, or this many characters, in one batch. */
const BATCH_ITEMS = 32;
const BATCH_CHARS = 1_000_000;

interface Pending {
  payload: ExtractionPayload;
  resolve(result: CleanedFragment): void;
  reject(error: Error): void;
}

export class ExtractionPool {
  private readonly workers: WorkerPool;
  private readonly maxChars: number;
  private pending: Pending[] = [];

  constructor(options: PoolOptions = {}) {
    const { maxChars, ...rest } = options;
    this.maxChars = maxChars ?? 5_000_000;
    this.workers = new WorkerPool({ module: 'extract', name: 'extraction', entry: new URL('./worker.js', import.meta.url) }, rest);
  }

  /** Workers started over the pool's life (for tests and the benchmark). */
  get started(): number {
    return this.workers.started;
  }

  run<K extends JobKind>(kind: K, html: string, url: string | null): Promise<ResultOf<K>> {
    const label = url ?? 'page';
    if (html.length > this.maxChars) {
      return Promise.reject(new TidingsError('extract', label, `page larger than ${this.maxChars} characters; not extracted`, 'invalid'));
    }
    const payload: ExtractionPayload = { html, url };
    if (kind === 'fragment') return this.fragment(payload) as Promise<ResultOf<K>>;
    return this.workers.run({ kind, payload, label, size: html.length, counted: true });
  }

  /** Start every worker now and wait until each has loaded (an app may do this at start-up). */
  warm(): Promise<void> {
    return this.workers.warm();
  }

  status(): { queued: number; running: number; workers: number } {
    const status = this.workers.status();
    return { ...status, queued: status.queued + this.pending.length };
  }

  close(): Promise<void> {
    return this.workers.close();
  }

  private fragment(payload: ExtractionPayload): Promise<CleanedFragment> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) queueMicrotask(() => this.sendPending());
      this.pending.push({ payload, resolve, reject });
    });
  }

  private sendPending(): void {
    const all = this.pending;
    this.pending = [];
    let batch: Pending[] = [];
    let chars = 0;
    for (const item of all) {
      if (batch.length > 0 && (batch.length >= BATCH_ITEMS || chars + item.payload.html.length > BATCH_CHARS)) {
        void this.sendBatch(batch);
        batch = [];
        chars = 0;
      }
      batch.push(item);
      chars += item.payload.html.length;
    }
    if (batch.length > 0) void this.sendBatch(batch);
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0]!, this.one(batch[0]!.payload));
    const size = batch.reduce((sum, item) => sum + item.payload.html.length, 0);
    let outcomes: FragmentOutcome[];
    try {
      outcomes = await this.workers.run({ kind: 'fragments', payload: batch.map((item) => item.payload), label: batch[0]!.payload.url ?? 'page', size, counted: false });
    } catch {
      // The batch failed as a whole (time limit, a dead worker): each one on its own.
      await Promise.all(batch.map((item) => settle(item, this.one(item.payload))));
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.result);
      else item.reject(new TidingsError('extract', item.payload.url ?? 'page', outcome?.error ?? 'no answer for this fragment'));
    });
  }

  private one(payload: ExtractionPayload): Promise<CleanedFragment> {
    return this.workers.run({ kind: 'fragment', payload, label: payload.url ?? 'page', size: payload.html.length, counted: false });
  }
}

async function settle(item: Pending, work: Promise<CleanedFragment>): Promise<void> {
  try {
    item.resolve(await work);
  } catch (error) {
    item.reject(error as Error);
  }
}
