// The background fetching of imported articles whose file shipped no content: their records
// wait with extraction 'pending' (kept in the archive, so a killed import resumes at the next
// open), and are extracted through the one extraction queue, politely: a few at a time in all,
// at most PER_HOST at once from one host and a gap between two starts on one host (on top of
// the network's page lane limits, src/net). Only ids wait here, grouped by host: an import of
// 10,000 pages from one host holds a list of 10,000 ids, never 10,000 requests or promises.

import type { ImportStatus } from '../api.js';
import type { ArchiveContext } from './context.js';

/** Articles being fetched at once, in all. */
const CONCURRENCY = 4;
/** Pages of one host being fetched at once. */
export const PER_HOST = 2;
/** Between two starts of a fetch on one host. */
export const HOST_GAP_MS = 250;
/** Articles left waiting by an earlier session start this long after opening (a short command-line call starts none). */
export const RESUME_DELAY_MS = 5_000;
/** At most this often an `import` fetch event. */
const EVENT_EVERY_MS = 250;

export class ImportFetcher {
  /** Waiting ids by host, hosts taken in turn. */
  private readonly waiting = new Map<string, string[]>();
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, string>();
  private readonly busyHosts = new Map<string, number>();
  private readonly lastStart = new Map<string, number>();
  private readonly idle = new Set<() => void>();
  private done = 0;
  private failed = 0;
  private timer: NodeJS.Timeout | null = null;
  private resumeTimer: NodeJS.Timeout | null = null;
  private resumed = false;
  private stopped = false;
  private lastEvent = 0;

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly extract: (id: string) => Promise<void>,
    private readonly gapMs = HOST_GAP_MS,
  ) {
    // A killed import's records wait at the next open: taken up in the background, after a moment.
    this.resumeTimer = setTimeout(() => this.resume(), RESUME_DELAY_MS);
    this.resumeTimer.unref();
  }

  add(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.stopped || this.queued.has(id) || this.running.has(id)) continue;
      const host = this.hostOf(id);
      if (host === null) continue;
      this.queued.add(id);
      const list = this.waiting.get(host);
      if (list) list.push(id);
      else this.waiting.set(host, [id]);
    }
    this.pump();
  }

  /** The articles an earlier session left waiting ('pending'), queued once. */
  resume(): void {
    if (this.resumed || this.stopped) return;
    this.resumed = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.add(this.pendingIds());
  }

  status(): ImportStatus {
    // Before the resume, what an earlier session left is waiting all the same.
    const waiting = this.resumed ? this.queued.size : this.pendingIds().length;
    return { waiting, running: this.running.size, done: this.done, failed: this.failed };
  }

  private pendingIds(): string[] {
    return Object.values(this.ctx.data.articles).filter((a) => a.extraction.status === 'pending' && a.url).map((a) => a.id);
  }

  /** Work now (with what an earlier session left) and answer when nothing waits, or after `seconds`. */
  async wait(seconds: number): Promise<ImportStatus> {
    this.resume();
    if (this.queued.size + this.running.size > 0) {
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timeout);
          this.idle.delete(finish);
          resolve();
        };
        const timeout = setTimeout(finish, seconds * 1000);
        this.idle.add(finish);
      });
    }
    return this.status();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.waiting.clear();
    this.queued.clear();
    for (const finish of [...this.idle]) finish();
  }

  private hostOf(id: string): string | null {
    const url = this.ctx.data.articles[id]?.url;
    return (url && URL.parse(url)?.hostname) || null;
  }

  /** Start what the limits allow; when only the gap holds a host back, look again when it has passed. */
  private pump(): void {
    if (this.stopped) return;
    let soonest = Infinity;
    for (const [host, ids] of this.waiting) {
      if (this.running.size >= CONCURRENCY) break;
      const wait = (this.lastStart.get(host) ?? -Infinity) + this.gapMs - Date.now();
      if ((this.busyHosts.get(host) ?? 0) >= PER_HOST) continue;
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      const id = ids.shift()!;
      if (ids.length === 0) this.waiting.delete(host);
      else {
        // Hosts in turn: this one goes to the back of the line.
        this.waiting.delete(host);
        this.waiting.set(host, ids);
      }
      this.start(id, host);
      // One start per host per pass: the gap applies to the next.
      soonest = Math.min(soonest, this.gapMs);
    }
    if (soonest !== Infinity && this.waiting.size > 0 && this.running.size < CONCURRENCY && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, Math.max(1, soonest));
    }
  }

  private start(id: string, host: string): void {
    this.queued.delete(id);
    this.running.set(id, host);
    this.busyHosts.set(host, (this.busyHosts.get(host) ?? 0) + 1);
    this.lastStart.set(host, Date.now());
    void this.extract(id)
      .then(
        () => (this.ctx.data.articles[id]?.extraction.status === 'failed' ? this.failed++ : this.done++),
        () => this.failed++,
      )
      .finally(() => this.finish(id, host));
  }

  private finish(id: string, host: string): void {
    this.running.delete(id);
    const left = (this.busyHosts.get(host) ?? 1) - 1;
    if (left <= 0) this.busyHosts.delete(host);
    else this.busyHosts.set(host, left);
    const idle = this.queued.size + this.running.size === 0;
    this.announce(idle);
    if (idle) for (const finish of [...this.idle]) finish();
    this.pump();
  }

  private announce(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastEvent < EVENT_EVERY_MS) return;
    this.lastEvent = now;
    const done = this.done + this.failed;
    this.ctx.emit({ type: 'import', phase: 'fetch', format: null, done, total: done + this.queued.size + this.running.size });
  }
}
