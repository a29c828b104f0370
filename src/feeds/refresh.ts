// Refreshing feeds: for each one, a conditional GET, then (only when the body changed) parse
// and hand the items to the archive. Every outcome is written back to the feed: HTTP validators,
// a moved URL, gone, the last error and failure count, the next time to fetch. A server that
// said when to come back (429/503 with Retry-After) is not asked before then, not even by a
// manual refresh. A failing feed never stops the others; progress goes out as events.

import type { ArchiveEvent, RefreshSummary } from '../api.js';
import { describeError, TidingsError } from '../errors.js';
import { sha256 } from '../model/index.js';
import type { Feed } from '../model/index.js';
import { fetchUrl, parseRetryAfter, type FetchResult } from '../net/index.js';
import { FEED_ACCEPT } from './discover.js';
import type { ParsedFeed } from './model.js';
import { parseBody } from './parse.js';
import { nextAfterFailure, nextAfterRetryAfter, nextAfterSuccess } from './schedule.js';

export interface RefreshDeps {
  /** Default minutes between refreshes (settings). */
  refreshMinutes: number;
  /** Store the parsed items of `feed`; returns how many new articles it made. */
  storeItems(feed: Feed, parsed: ParsedFeed): Promise<number>;
  /** Write back what the refresh learned about the feed. */
  updateFeed(id: string, patch: Partial<Feed>): void;
  emit(event: ArchiveEvent): void;
  /**
   * Decode and parse a fetched body (default: in this thread; the archive uses FeedParser's
   * workers). `url` is the final URL after redirects; `contentLocation` the header of that name,
   * the base of relative links before `url`.
   */
  parse?: (body: Uint8Array, contentType: string | null, url: string, contentLocation?: string | null) => Promise<ParsedFeed>;
  signal?: AbortSignal;
  now?: () => number;
}

export type FeedOutcome =
  | { status: 'ok'; newArticles: number }
  | { status: 'not-modified' }
  | { status: 'failed'; error: string };

export async function refreshFeeds(feeds: Feed[], deps: RefreshDeps, refreshOne = refreshFeed): Promise<RefreshSummary> {
  const total = feeds.length;
  const summary: RefreshSummary = { feeds: total, ok: 0, notModified: 0, failed: 0, newArticles: 0, errors: [] };
  deps.emit({ type: 'refresh', phase: 'start', index: 0, total, newArticles: 0 });
  let done = 0;
  await Promise.all(
    feeds.map(async (feed) => {
      const outcome = await refreshOne(feed, deps);
      done++;
      if (outcome.status === 'ok') {
        summary.ok++;
        summary.newArticles += outcome.newArticles;
      } else if (outcome.status === 'not-modified') summary.notModified++;
      else {
        summary.failed++;
        summary.errors.push({ feedId: feed.id, title: feed.title, error: outcome.error });
      }
      const newArticles = outcome.status === 'ok' ? outcome.newArticles : 0;
      const error = outcome.status === 'failed' ? outcome.error : undefined;
      deps.emit({ type: 'refresh', phase: 'feed', index: done, total, feedId: feed.id, title: feed.title, newArticles, ...(error ? { error } : {}) });
    }),
  );
  deps.emit({ type: 'refresh', phase: 'done', index: total, total, newArticles: summary.newArticles });
  return summary;
}

/** One feed, start to end. Never throws: a failure is recorded on the feed and returned. */
export async function refreshFeed(feed: Feed, deps: RefreshDeps): Promise<FeedOutcome> {
  const now = deps.now?.() ?? Date.now();
  const interval = feed.refreshMinutes ?? deps.refreshMinutes;
  const waitUntil = feed.retryAt ? Date.parse(feed.retryAt) : Number.NaN;
  if (waitUntil > now) {
    // The server said when to come back; a manual refresh is no reason to ask sooner.
    const message = `the server asked us to wait (Retry-After) until ${new Date(waitUntil).toISOString()}; not fetched`;
    return { status: 'failed', error: new TidingsError('feeds', feed.url, message).message };
  }
  try {
    const response = await fetchUrl(feed.url, { etag: feed.http.etag, lastModified: feed.http.lastModified, accept: FEED_ACCEPT, signal: deps.signal });
    const moved = permanentTarget(response);
    if (response.status === 304) return succeed(feed, deps, { status: 'not-modified' }, { url: moved ?? feed.url }, now, interval);
    if (response.status === 410) return fail(feed, deps, 'HTTP 410 Gone: the feed was removed; it will not be fetched again', now, interval, { gone: true });
    if (response.status < 200 || response.status > 299) {
      const retryAfter = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers['retry-after'], now) : null;
      const message = `HTTP ${response.status}${retryAfter !== null ? `, retry after ${Math.round(retryAfter / 1000)} s` : ''}`;
      return fail(feed, deps, new TidingsError('feeds', feed.url, message).message, now, interval, {}, retryAfter);
    }
    const bodyHash = sha256(response.body);
    const validators = { etag: response.headers['etag'] ?? null, lastModified: response.headers['last-modified'] ?? null };
    if (bodyHash === feed.http.bodyHash) {
      return succeed(feed, deps, { status: 'not-modified' }, { url: moved ?? feed.url, http: { ...validators, bodyHash } }, now, interval);
    }
    const contentType = response.headers['content-type'] ?? null;
    const parsed = await (deps.parse ?? parseBody)(response.body, contentType, response.url, response.headers['content-location'] ?? null);
    const newArticles = await deps.storeItems(feed, parsed);
    const patch: Partial<Feed> = { url: moved ?? feed.url, http: { ...validators, bodyHash }, gone: false };
    if (!feed.siteUrl && parsed.siteUrl) patch.siteUrl = parsed.siteUrl;
    // A feed subscribed without a title takes the one it gives itself.
    if (!feed.title && parsed.title) patch.title = parsed.title;
    return succeed(feed, deps, { status: 'ok', newArticles }, patch, now, interval);
  } catch (error) {
    return fail(feed, deps, describeError(error), now, interval);
  }
}

/** The URL after the leading run of permanent redirects (301/308), or null if the first hop was not one. */
export function permanentTarget(response: FetchResult): string | null {
  let target: string | null = null;
  for (const hop of response.redirects) {
    if (hop.status !== 301 && hop.status !== 308) break;
    target = hop.url;
  }
  return target;
}

function succeed(feed: Feed, deps: RefreshDeps, outcome: FeedOutcome, patch: Partial<Feed>, now: number, interval: number): FeedOutcome {
  const at = new Date(now).toISOString();
  deps.updateFeed(feed.id, {
    ...patch,
    lastFetchedAt: at,
    lastSuccessAt: at,
    lastError: null,
    errorCount: 0,
    gone: false,
    retryAt: null,
    nextFetchAt: new Date(nextAfterSuccess(now, interval)).toISOString(),
  });
  return outcome;
}

function fail(feed: Feed, deps: RefreshDeps, error: string, now: number, interval: number, patch: Partial<Feed> = {}, retryAfter: number | null = null): FeedOutcome {
  const errorCount = feed.errorCount + 1;
  const next = retryAfter !== null ? nextAfterRetryAfter(now, retryAfter) : nextAfterFailure(now, interval, errorCount);
  deps.updateFeed(feed.id, {
    ...patch,
    retryAt: retryAfter !== null ? new Date(next).toISOString() : null,
    lastFetchedAt: new Date(now).toISOString(),
    lastError: error,
    errorCount,
    nextFetchAt: new Date(next).toISOString(),
  });
  return { status: 'failed', error };
}
