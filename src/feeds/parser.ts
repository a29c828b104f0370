// Parsing fetched feeds in worker threads. Fetching is waiting; parsing is CPU: a 5 MB feed
// keeps a thread busy for a good fraction of a second. Off the main thread, a refresh fetches
// and parses at once on every core, the thread that answers the UI never stalls on a big or
// hostile feed, and a feed that would hang the parser is stopped by the pool's time limit.

import { PoolLease, WorkerPool, type PoolOptions } from '../workers/index.js';
import type { ParsedFeed } from './model.js';
import type { ParsePayload } from './parse-worker.js';

const DEFAULTS: PoolOptions = {
  timeoutMs: 20_000,
  // Feeds are small and many: recycle by volume only.
  recycleAfter: Number.POSITIVE_INFINITY,
  recycleAfterChars: 200_000_000,
  idleMs: 10_000,
  maxHeapMb: 256,
};

let shared: WorkerPool | null = null;

const startPool = (options: PoolOptions) =>
  new WorkerPool({ module: 'feeds', name: 'feed parsing', entry: new URL('./parse-worker.js', import.meta.url) }, { ...DEFAULTS, ...options });

export class FeedParser {
  private readonly workers: WorkerPool;
  private readonly ownPool: boolean;
  private readonly lease = new PoolLease('feeds', 'feed parsing');

  /** With options, a pool of its own; without, the one the process shares (workers/lease.ts). */
  constructor(options?: PoolOptions) {
    this.ownPool = options !== undefined;
    this.workers = options ? startPool(options) : (shared ??= startPool({}));
  }

  /**
   * Decode (charset from the header, the XML declaration or a BOM) and parse a fetched body.
   * `contentLocation`: the HTTP header, the base of relative links before `url`.
   */
  parse(body: Uint8Array, contentType: string | null, url: string, contentLocation: string | null = null): Promise<ParsedFeed> {
    const payload: ParsePayload = { body, contentType, url, contentLocation };
    return this.lease.track(url, () => this.workers.run({ kind: 'feed', payload, label: url, size: body.byteLength, counted: false }));
  }

  /** Workers started over the parser's life (for tests). */
  get started(): number {
    return this.workers.started;
  }

  /** Stop: parses still waited for fail at once; a pool of its own is closed, the shared one lent back. */
  async close(): Promise<void> {
    this.lease.close();
    if (this.ownPool) await this.workers.close();
  }
}
