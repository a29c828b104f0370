// Desktop notifications of new articles (issue 16 item 10): after a refresh, the feeds the user
// marked "notify" that brought new articles get one notification each ("3 new in Ars
// Technica"); many such feeds at once make one notification for all; other feeds, feeds with
// nothing new, and a platform without notifications make none. Fakes of the archive and of
// Electron's Notification.

import { describe, expect, it, vi } from 'vitest';
import type { ArchiveEvent, ArchiveListener, FeedSummary } from '../../src/api.js';
import { MAX_SEPARATE, newArticlesTitle, watchNewArticles } from '../../electron/notifications.js';

function fakeArchive(feeds: Partial<FeedSummary>[]) {
  const listeners = new Set<ArchiveListener>();
  return {
    listFeeds: vi.fn(async () => feeds as FeedSummary[]),
    on(listener: ArchiveListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: ArchiveEvent) {
      for (const l of listeners) l(event);
    },
  };
}

const start: ArchiveEvent = { type: 'refresh', phase: 'start', index: 0, total: 3, newArticles: 0 };
const feedDone = (feedId: string, newArticles: number, title = feedId): ArchiveEvent => ({ type: 'refresh', phase: 'feed', index: 1, total: 3, feedId, title, newArticles });
const done = (newArticles: number): ArchiveEvent => ({ type: 'refresh', phase: 'done', index: 3, total: 3, newArticles });

function fakeNotifications(supported = true) {
  const shown: { title: string; body: string; feedId: string | null }[] = [];
  return {
    shown,
    isSupported: () => supported,
    show: vi.fn((n: { title: string; body: string; feedId: string | null }) => void shown.push(n)),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('notifications of new articles', () => {
  it('words the title', () => {
    expect(newArticlesTitle(1, 'Ars Technica')).toBe('1 new in Ars Technica');
    expect(newArticlesTitle(3, 'Ars Technica')).toBe('3 new in Ars Technica');
  });

  it('shows one per "notify" feed with new articles, after the refresh, and none for the others', async () => {
    const archive = fakeArchive([
      { id: 'ars', title: 'Ars Technica', notify: true },
      { id: 'quiet', title: 'Quiet Blog', notify: true },
      { id: 'other', title: 'Other', notify: false },
      { id: 'older', title: 'Older' },
    ]);
    const n = fakeNotifications();
    watchNewArticles(archive, n);
    archive.emit(start);
    archive.emit(feedDone('ars', 3));
    archive.emit(feedDone('quiet', 0));
    archive.emit(feedDone('other', 5));
    archive.emit(feedDone('older', 2));
    await settle();
    expect(n.shown).toEqual([]);
    archive.emit(done(10));
    await settle();
    expect(n.shown).toEqual([{ title: '3 new in Ars Technica', body: 'Tidings', feedId: 'ars' }]);
    // The next refresh starts counting afresh.
    archive.emit(start);
    archive.emit(feedDone('quiet', 1));
    archive.emit(done(1));
    await settle();
    expect(n.shown.at(-1)).toEqual({ title: '1 new in Quiet Blog', body: 'Tidings', feedId: 'quiet' });
    expect(n.shown).toHaveLength(2);
  });

  it('groups many feeds into one notification', async () => {
    const feeds = Array.from({ length: MAX_SEPARATE + 1 }, (_, i) => ({ id: `f${i}`, title: `Feed ${i}`, notify: true }));
    const archive = fakeArchive(feeds);
    const n = fakeNotifications();
    watchNewArticles(archive, n);
    archive.emit(start);
    for (const f of feeds) archive.emit(feedDone(f.id, 2));
    archive.emit(done(2 * feeds.length));
    await settle();
    expect(n.shown).toHaveLength(1);
    expect(n.shown[0]!.title).toBe(`${2 * feeds.length} new in ${feeds.length} feeds`);
    expect(n.shown[0]!.body).toBe(feeds.map((f) => f.title).join(', '));
    expect(n.shown[0]!.feedId).toBeNull();
  });

  it('shows nothing where notifications are not supported, or when no feed asks for them', async () => {
    const none = fakeNotifications(false);
    const a = fakeArchive([{ id: 'ars', title: 'Ars Technica', notify: true }]);
    watchNewArticles(a, none);
    a.emit(start);
    a.emit(feedDone('ars', 3));
    a.emit(done(3));
    await settle();
    expect(none.show).not.toHaveBeenCalled();

    const n = fakeNotifications();
    const b = fakeArchive([{ id: 'ars', title: 'Ars Technica' }]);
    watchNewArticles(b, n);
    b.emit(start);
    b.emit(feedDone('ars', 3));
    b.emit(done(3));
    await settle();
    expect(n.show).not.toHaveBeenCalled();
    expect(b.listFeeds).toHaveBeenCalledTimes(1);
  });

  it('does not ask for the feeds after a refresh that brought nothing, and stops when told', async () => {
    const archive = fakeArchive([{ id: 'ars', title: 'Ars Technica', notify: true }]);
    const n = fakeNotifications();
    const stop = watchNewArticles(archive, n);
    archive.emit(start);
    archive.emit(feedDone('ars', 0));
    archive.emit(done(0));
    await settle();
    expect(archive.listFeeds).not.toHaveBeenCalled();
    stop();
    archive.emit(start);
    archive.emit(feedDone('ars', 4));
    archive.emit(done(4));
    await settle();
    expect(n.show).not.toHaveBeenCalled();
  });
});
