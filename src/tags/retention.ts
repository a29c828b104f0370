// Retention: per feed, read articles older than the feed's `retentionDays` may be removed.
// Starred, tagged and saved articles are never removed. Off unless a feed sets a number.

import type { ArticleRecord, Feed } from '../model/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPlan {
  feedId: string;
  title: string;
  ids: string[];
}

/** What retention would remove now: per feed with a retention period, the articles past it. */
export function planRetention(articles: Iterable<ArticleRecord>, feeds: Record<string, Feed>, now: Date): RetentionPlan[] {
  const plans = new Map<string, RetentionPlan>();
  // Most archives set no retention anywhere: then there is nothing to look through.
  if (!Object.values(feeds).some((feed) => isRetentionDays(feed.retentionDays))) return [];
  for (const article of articles) {
    const feed = article.feedId ? feeds[article.feedId] : undefined;
    if (!feed || !isRetentionDays(feed.retentionDays)) continue;
    if (!mayExpire(article)) continue;
    const cutoff = now.getTime() - feed.retentionDays * DAY_MS;
    if (Date.parse(articleDate(article)) >= cutoff) continue;
    let plan = plans.get(feed.id);
    if (!plan) plans.set(feed.id, (plan = { feedId: feed.id, title: feed.title, ids: [] }));
    plan.ids.push(article.id);
  }
  return [...plans.values()];
}

/** Only read feed items the user did nothing else with. */
export function mayExpire(a: ArticleRecord): boolean {
  return a.read && !a.starred && a.tags.length === 0 && a.savedAt === null && a.source === 'feed';
}

function isRetentionDays(days: number | null): days is number {
  return typeof days === 'number' && Number.isFinite(days) && days > 0;
}

/** The later of publication and arrival: an old item fetched today is not removed today. */
function articleDate(a: ArticleRecord): string {
  return a.publishedAt && a.publishedAt > a.addedAt ? a.publishedAt : a.addedAt;
}
