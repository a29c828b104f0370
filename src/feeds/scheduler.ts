// The background refresher: every minute (jittered), refresh the feeds whose time has come.
// Its timer is unref()'d so it never keeps a command-line process alive; stop() waits for a
// refresh in progress to finish.

import type { Feed } from '../model/index.js';

export interface SchedulerDeps {
  /** Feeds that are due now (not gone, nextFetchAt passed or never fetched). */
  dueFeeds(now: number): Feed[];
  refresh(feeds: Feed[]): Promise<unknown>;
  /** Milliseconds between checks (default one minute) and before the first one. */
  tickMs?: number;
  firstDelayMs?: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.deps.firstDelayMs ?? 60_000);
  }

  /** Stops the timer and waits for a refresh in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One check: refresh what is due. Exposed for tests and for "refresh due feeds now". */
  async tick(now: number = Date.now()): Promise<void> {
    if (this.running) return;
    const due = this.deps.dueFeeds(now);
    if (due.length === 0) return;
    this.running = this.deps.refresh(due).finally(() => (this.running = null));
    await this.running.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule(Math.round((this.deps.tickMs ?? 60_000) * (0.9 + 0.2 * Math.random()))));
    }, delay);
    this.timer.unref();
  }
}

/** Feeds due at `now`: never fetched, or past their nextFetchAt; gone feeds never. */
export function dueFeeds(feeds: Feed[], now: number): Feed[] {
  return feeds.filter((feed) => !feed.gone && (feed.nextFetchAt === null || Date.parse(feed.nextFetchAt) <= now));
}
