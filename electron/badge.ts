// The dock/taskbar badge: the number of unread articles, kept up to date by the main process.
// It counts with stats() after the archive's changes, once for a burst of them (a refresh marks
// hundreds of articles in a second), and sets it with app.setBadgeCount where the platform has
// badges (macOS, Linux launchers that support it); elsewhere that returns false and nothing
// happens. The window's title shows the same count (renderer/src/badge).

import type { Archive, ArchiveEvent } from '../src/api.js';

/** How long the badge waits after a change for more changes before counting. */
export const BADGE_DELAY_MS = 500;

export interface BadgeApp {
  setBadgeCount(count?: number): boolean;
}

/** The events after which the unread count may differ. */
export function changesUnread(event: ArchiveEvent): boolean {
  if (event.type === 'changed') return event.what === 'articles' || event.what === 'feeds';
  return event.type === 'refresh' && event.phase === 'done';
}

export function watchUnread(archive: Pick<Archive, 'on'> & { stats(): Promise<{ unread: number }> }, app: BadgeApp, delayMs = BADGE_DELAY_MS): { stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown: number | null = null;
  let stopped = false;
  const update = async () => {
    timer = undefined;
    try {
      const { unread } = await archive.stats();
      if (stopped || unread === shown) return;
      shown = unread;
      app.setBadgeCount(unread);
    } catch {
      // The archive is closing, or the platform refused: the badge keeps its last count.
    }
  };
  const off = archive.on((event) => {
    if (!changesUnread(event) || timer !== undefined) return;
    timer = setTimeout(() => void update(), delayMs);
  });
  timer = setTimeout(() => void update(), 0);
  return {
    stop() {
      stopped = true;
      off();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
