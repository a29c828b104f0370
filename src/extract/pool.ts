// The extraction pool: the shared worker pool (src/workers/) running worker.ts, plus what is
// particular to pages. A page above the size cap is refused before it reaches a worker; whole
// pages count toward a worker's recycling, feed fragments by size only.

import { TidingsError } from '../errors.js';
import { WorkerPool, type PoolOptions as WorkerPoolOptions } from '../workers/index.js';
import type { CleanedFragment, ExtractedPage } from './pipeline.js';
import type { ExtractionPayload } from './worker.js';

export interface PoolOptions extends WorkerPoolOptions {
  /** Largest page accepted, in characters (default 5 M). */
  maxChars?: number;
}

type JobKind = 'page' | 'fragment';
type ResultOf<K extends JobKind> = K extends 'page' ? ExtractedPage : CleanedFragment;

export class ExtractionPool {
  private readonly workers: WorkerPool;
  private readonly maxChars: number;

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
    return this.workers.run({ kind, payload, label, size: html.length, counted: kind === 'page' });
  }

  /** Start every worker now and wait until each has loaded (an app may do this at start-up). */
  async warm(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers.size }, () => this.run('fragment', '', null)));
  }

  status(): { queued: number; running: number; workers: number } {
    return this.workers.status();
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
