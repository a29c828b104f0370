// Desktop notifications of new articles, for the feeds the user marked "notify" (Feed info…).
// The refresh's per-feed events say how many new articles each feed brought; when the refresh
// is done, each such feed gets one notification ("3 new in Ars Technica"), and more than
// MAX_SEPARATE of them at once one notification for all, so a morning's refresh is not a storm.

import type { Archive, FeedId } from '../src/api.js';

/** Above this many feeds with news at once, one notification names them all. */
export const MAX_SEPARATE = 3;

export interface NewArticlesNotice {
  title: string;
  body: string;
  /** The feed to show when the notification is clicked; null: several. */
  feedId: FeedId | null;
}

export interface Notifier {
  isSupported(): boolean;
  show(notice: NewArticlesNotice): void;
}

export function newArticlesTitle(count: number, feedTitle: string): string {
  return `${count} new in ${feedTitle}`;
}

/** Notices for the new articles per feed (only feeds with notify on and something new). */
export function noticesFor(counts: Map<FeedId, number>, feeds: { id: FeedId; title: string; notify?: boolean }[]): NewArticlesNotice[] {
  const news = feeds.filter((f) => f.notify === true && (counts.get(f.id) ?? 0) > 0).map((f) => ({ feed: f, count: counts.get(f.id)! }));
  if (news.length <= MAX_SEPARATE) return news.map(({ feed, count }) => ({ title: newArticlesTitle(count, feed.title), body: 'Tidings', feedId: feed.id }));
  const total = news.reduce((sum, n) => sum + n.count, 0);
  return [{ title: `${total} new in ${news.length} feeds`, body: news.map((n) => n.feed.title).join(', '), feedId: null }];
}

/** Notify after each refresh; returns the function that stops it. */
export function watchNewArticles(archive: Pick<Archive, 'on' | 'listFeeds'>, notifier: Notifier): () => void {
  let counts = new Map<FeedId, number>();
  return archive.on((event) => {
    if (event.type !== 'refresh') return;
    if (event.phase === 'feed' && event.feedId && event.newArticles > 0) {
      counts.set(event.feedId, (counts.get(event.feedId) ?? 0) + event.newArticles);
      return;
    }
    if (event.phase !== 'done') return;
    const these = counts;
    counts = new Map();
    if (these.size === 0 || !notifier.isSupported()) return;
    void archive.listFeeds().then((feeds) => {
      for (const notice of noticesFor(these, feeds)) notifier.show(notice);
    }).catch(() => undefined);
  });
}
