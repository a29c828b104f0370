// The dock/taskbar badge (issue 16 item 10): main counts unread articles with stats() after the
// archive's changes, once for a burst of them (debounced), and shows the count with
// app.setBadgeCount (0 clears it); a platform without badges (false) or a failing count is quiet.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveEvent, ArchiveListener } from '../../src/api.js';
import { BADGE_DELAY_MS, watchUnread } from '../../electron/badge.js';

function fakeArchive(unread: () => number | Promise<number>) {
  const listeners = new Set<ArchiveListener>();
  return {
    stats: vi.fn(async () => ({ unread: await unread() })),
    on(listener: ArchiveListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: ArchiveEvent) {
      for (const l of listeners) l(event);
    },
    get listening() {
      return listeners.size;
    },
  };
}

const changed = (what: 'articles' | 'feeds' | 'settings'): ArchiveEvent => ({ type: 'changed', what });

describe('the unread badge', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the unread count at start, and again once after a burst of changes', async () => {
    let unread = 12;
    const archive = fakeArchive(() => unread);
    const app = { setBadgeCount: vi.fn(() => true) };
    const badge = watchUnread(archive, app);
    await vi.advanceTimersByTimeAsync(0);
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(12);
    unread = 9;
    for (let i = 0; i < 5; i++) archive.emit(changed('articles'));
    archive.emit(changed('feeds'));
    expect(app.setBadgeCount).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(archive.stats).toHaveBeenCalledTimes(2);
    expect(app.setBadgeCount).toHaveBeenCalledTimes(2);
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(9);
    unread = 0;
    archive.emit(changed('articles'));
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(0);
    badge.stop();
    expect(archive.listening).toBe(0);
  });

  it('ignores events that cannot change the count, and counts again after a refresh', async () => {
    const archive = fakeArchive(() => 3);
    const app = { setBadgeCount: vi.fn(() => true) };
    watchUnread(archive, app);
    await vi.advanceTimersByTimeAsync(0);
    archive.emit(changed('settings'));
    archive.emit({ type: 'notice', level: 'info', message: 'x' });
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS * 2);
    expect(archive.stats).toHaveBeenCalledTimes(1);
    archive.emit({ type: 'refresh', phase: 'done', index: 1, total: 1, newArticles: 2 });
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(archive.stats).toHaveBeenCalledTimes(2);
  });

  it('is quiet where badges are not supported and when counting fails', async () => {
    let fail = false;
    const archive = fakeArchive(() => {
      if (fail) throw new Error('closed');
      return 4;
    });
    const app = { setBadgeCount: vi.fn(() => false) };
    watchUnread(archive, app);
    await vi.advanceTimersByTimeAsync(0);
    expect(app.setBadgeCount).toHaveBeenCalledWith(4);
    fail = true;
    archive.emit(changed('articles'));
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(app.setBadgeCount).toHaveBeenCalledTimes(1);
  });

  it('does not set the same count twice in a row', async () => {
    const archive = fakeArchive(() => 7);
    const app = { setBadgeCount: vi.fn(() => true) };
    watchUnread(archive, app);
    await vi.advanceTimersByTimeAsync(0);
    archive.emit(changed('articles'));
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(archive.stats).toHaveBeenCalledTimes(2);
    expect(app.setBadgeCount).toHaveBeenCalledTimes(1);
  });
});
