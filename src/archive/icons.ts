// Feed icons, from the archive's side: when a feed's refresh succeeds and its icon is due (never
// looked for, none found a week ago, or its file gone), look for it in the background (see
// src/feeds/icon.ts), keep the bytes in assets/ under their sha256 like article images, and
// name the asset on the feed. It listens to the refresh events, so the refresh never waits for
// it, and no icon is never an error: the feed just shows its letter.

import { findFeedIcon } from '../feeds/index.js';
import type { Feed } from '../model/index.js';
import { scopeOf } from '../net/index.js';
import type { ArchiveContext } from './context.js';

/** A feed without an icon is asked again after this many days (sites add one; servers come back). */
export const ICON_RETRY_DAYS = 7;
const DAY_MS = 86_400_000;
/** Icon lookups at once: a first refresh of 500 imported feeds must not open 500 more connections. */
const CONCURRENCY = 2;

/** Whether the feed's icon should be looked for now. */
export function iconDue(feed: Feed, now: number, assetExists: (name: string) => boolean): boolean {
  if (feed.icon === undefined) return true;
  if (feed.icon !== null) return !assetExists(feed.icon);
  const checked = feed.iconCheckedAt ? Date.parse(feed.iconCheckedAt) : NaN;
  return !(now - checked < ICON_RETRY_DAYS * DAY_MS);
}

/** Start looking for icons after successful refreshes; stopped (and waited for) at close. */
export function startFeedIcons(ctx: ArchiveContext): void {
  const controller = new AbortController();
  const queue: string[] = [];
  const pending = new Set<string>();
  const running = new Set<Promise<void>>();
  // Articles first: the icons of a refresh are looked for once it is over, so a first refresh
  // of hundreds of imported feeds does not share its connections with their icons.
  let refreshing = 0;

  const pump = () => {
    while (refreshing === 0 && running.size < CONCURRENCY && queue.length > 0 && !controller.signal.aborted) {
      const id = queue.shift()!;
      const job = lookUp(ctx, id, controller.signal).finally(() => {
        pending.delete(id);
        running.delete(job);
        pump();
      });
      running.add(job);
    }
  };

  const stop = ctx.on((event) => {
    if (event.type !== 'refresh') return;
    if (event.phase === 'start') refreshing++;
    if (event.phase === 'done') {
      refreshing = Math.max(0, refreshing - 1);
      pump();
    }
    if (event.phase !== 'feed' || event.error || !event.feedId) return;
    const feed = ctx.data.feeds[event.feedId];
    if (!feed || pending.has(feed.id) || !iconDue(feed, Date.now(), (name) => ctx.files.assetPath(name) !== null)) return;
    pending.add(feed.id);
    queue.push(feed.id);
    pump();
  });

  ctx.closers.push(async () => {
    stop();
    controller.abort(new Error('the archive is closing'));
    queue.length = 0;
    await Promise.allSettled([...running]);
  });
}

/** Find, keep and record one feed's icon. Nothing is recorded when the archive closed meanwhile. */
async function lookUp(ctx: ArchiveContext, id: string, signal: AbortSignal): Promise<void> {
  const feed = ctx.data.feeds[id];
  if (!feed) return;
  try {
    const found = await findFeedIcon(feed, { network: await scopeOf(feed.url), signal });
    if (signal.aborted) return;
    const name = found ? await ctx.files.writeAsset(found.bytes, found.ext) : null;
    record(ctx, id, name);
  } catch {
    // A disk that refuses the small file: no icon this time; the next refresh asks again.
  }
}

function record(ctx: ArchiveContext, id: string, icon: string | null): void {
  let changed = false;
  ctx.library.change((data) => {
    const feed = data.feeds[id];
    if (!feed) return; // removed while its icon was looked for
    changed = feed.icon !== icon;
    feed.icon = icon;
    feed.iconCheckedAt = new Date().toISOString();
  });
  if (changed) ctx.emit({ type: 'changed', what: 'feeds', ids: [id] });
}
