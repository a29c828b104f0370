// The queue of articles waiting for extraction (feed items of "fetch full article" feeds,
// retries): a few at a time, each with progress events, counts for `extractionStatus`.
// A failed article never stops the queue; `stop` waits for the articles in progress.

import type { ExtractionQueueStatus } from '../api.js';
import { describeError } from '../errors.js';
import type { ArchiveContext } from './context.js';

const CONCURRENCY = 4;

export class ExtractionQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
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

  status(pool: { queued: number; running: number }): ExtractionQueueStatus {
    return { queued: this.waiting.length, running: Math.max(this.running.size, pool.running), done: this.done, failed: this.failed };
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
    } catch (error) {
      this.failed++;
      this.event('failed', id, describeError(error));
    } finally {
      this.running.delete(id);
      this.pump();
    }
  }

  private event(phase: 'queued' | 'start' | 'done' | 'failed', id: string, error?: string): void {
    this.ctx.emit({ type: 'extract', phase, id, queued: this.waiting.length, running: this.running.size, ...(error ? { error } : {}) });
  }
}
