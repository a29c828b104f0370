// The queue of articles waiting for extraction (feed items of "fetch full article" feeds,
// and `extract ID`): a few at a time, each with progress events, counts for `extractionStatus`.
// A failed article never stops the queue; `stop` waits for the articles in progress.

import type { ExtractionQueueStatus } from '../api.js';
import { describeError } from '../errors.js';
import type { ArchiveContext } from './context.js';

const CONCURRENCY = 4;

export class ExtractionQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  /** Callers waiting for one article (extractArticle), settled when it is done or failed. */
  private readonly waiters = new Map<string, { resolve(): void; reject(error: unknown): void }[]>();
  private done = 0;
  private failed = 0;
  private stopped = false;

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly extract: (id: string) => Promise<void>,
  ) {}

  add(ids: string[]): void {
    for (const id of ids) {
      if (this.stopped || this.queued.has(id) || this.running.has(id)) continue;
      this.queued.add(id);
      this.waiting.push(id);
      this.event('queued', id);
    }
    this.pump();
  }

  /** Queue one article and wait for it; rejects when extraction could not even start. */
  run(id: string): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`extract: ${id}: the archive is closing`));
    return new Promise((resolve, reject) => {
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), { resolve, reject }]);
      this.add([id]);
    });
  }

  status(pool: { queued: number; running: number }): ExtractionQueueStatus {
    return { queued: this.waiting.length, running: Math.max(this.running.size, pool.running), done: this.done, failed: this.failed };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of this.waiting) this.settle(id, new Error(`extract: ${id}: the archive is closing`));
    this.waiting.length = 0;
    this.queued.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < CONCURRENCY && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.queued.delete(id);
      this.running.set(id, this.runOne(id));
    }
  }

  private async runOne(id: string): Promise<void> {
    this.event('start', id);
    let error: unknown = null;
    try {
      if (!this.ctx.data.articles[id]) throw new Error(`extract: ${id}: the article is gone`);
      await this.extract(id);
      const failedReason = this.ctx.data.articles[id]?.extraction.status === 'failed' ? this.ctx.data.articles[id]?.extraction.reason : null;
      if (failedReason) {
        this.failed++;
        this.event('failed', id, failedReason);
      } else {
        this.done++;
        this.event('done', id);
      }
    } catch (caught) {
      error = caught;
      this.markFailed(id, describeError(caught));
      this.failed++;
      this.event('failed', id, describeError(caught));
    } finally {
      this.running.delete(id);
      this.settle(id, error);
      this.pump();
    }
  }

  /** An article still waiting ('pending') must not stay so when its extraction could not even run. */
  private markFailed(id: string, reason: string): void {
    if (this.ctx.data.articles[id]?.extraction.status !== 'pending') return;
    this.ctx.library.change((data) => {
      const extraction = data.articles[id]!.extraction;
      data.articles[id]!.extraction = { status: 'failed', reason, attempts: extraction.attempts + 1, at: new Date().toISOString() };
    });
  }

  private settle(id: string, error: unknown): void {
    const waiters = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }

  private event(phase: 'queued' | 'start' | 'done' | 'failed', id: string, error?: string): void {
    // A finished article no longer counts as running, though it leaves the map a moment later.
    const running = this.running.size - (phase !== 'queued' && phase !== 'start' && this.running.has(id) ? 1 : 0);
    this.ctx.emit({ type: 'extract', phase, id, queued: this.waiting.length, running, ...(error ? { error } : {}) });
  }
}
