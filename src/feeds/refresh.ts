// The fetch step of a feed's refresh (the whole refresh reads top to bottom in
// src/archive/refresh.ts): a conditional GET, and what the answer means for the feed. Every
// outcome becomes a patch for the feed: HTTP validators, a moved URL, gone, the last error and
// failure count, the next time to fetch. A server that said when to come back (429/503 with
// Retry-After) is not asked before then, not even by a manual refresh. refreshFeeds fans out
// over many feeds (a failing feed never stops the others) and sends progress as events.

import type { ArchiveEvent, RefreshSummary } from '../api.js';
import { describeError, TidingsError } from '../errors.js';
import { sha256 } from '../model/index.js';
import type { Feed } from '../model/index.js';
import { fetchUrl, parseRetryAfter, type FetchResult } from '../net/index.js';
import { FEED_ACCEPT } from './discover.js';
import { nextAfterFailure, nextAfterRetryAfter, nextAfterSuccess } from './schedule.js';

/** What fetching a feed needs besides the feed. */
export interface FetchOptions {
  /** Default minutes between refreshes (settings). */
  refreshMinutes: number;
  signal?: AbortSignal;
  now?: () => number;
}

export type FeedOutcome =
  | { status: 'ok'; newArticles: number }
  | { status: 'not-modified' }
  | { status: 'failed'; error: string };

/**
 * What a conditional GET of a feed came to. `changed`: a new body to parse, and what to write
 * back on the feed once its items are stored (`done`) or when they cannot be (`failed`).
 * Otherwise the refresh ends here: `patch` is all there is to write back.
 */
export type FeedFetch =
  | {
      status: 'changed';
      body: Uint8Array;
      contentType: string | null;
      /** The final URL after redirects. */
      url: string;
      /** The Content-Location header: the base of relative links before `url`. */
      contentLocation: string | null;
      done(newArticles: number, learned: Partial<Feed>): { outcome: FeedOutcome; patch: Partial<Feed> };
      failed(error: unknown): { outcome: FeedOutcome; patch: Partial<Feed> };
    }
  | { status: 'not-modified' | 'failed'; outcome: FeedOutcome; patch: Partial<Feed> };

/** Fan out over feeds, with progress events; `refreshOne` never throws. */
export async function refreshFeeds(feeds: Feed[], emit: (event: ArchiveEvent) => void, refreshOne: (feed: Feed) => Promise<FeedOutcome>): Promise<RefreshSummary> {
  const total = feeds.length;
  const summary: RefreshSummary = { feeds: total, ok: 0, notModified: 0, failed: 0, newArticles: 0, errors: [] };
  emit({ type: 'refresh', phase: 'start', index: 0, total, newArticles: 0 });
  let done = 0;
  await Promise.all(
    feeds.map(async (feed) => {
      const outcome = await refreshOne(feed);
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
      emit({ type: 'refresh', phase: 'feed', index: done, total, feedId: feed.id, title: feed.title, newArticles, ...(error ? { error } : {}) });
    }),
  );
  emit({ type: 'refresh', phase: 'done', index: total, total, newArticles: summary.newArticles });
  return summary;
}

/**
 * The fetch step of a feed's refresh: a conditional GET through src/net (limits, caps), and
 * what its answer means for the feed (304, 410, Retry-After, a permanent redirect, an
 * unchanged body by its hash). Never throws: a failure is an outcome with its patch.
 */
export async function fetchFeed(feed: Feed, options: FetchOptions): Promise<FeedFetch> {
  const now = options.now?.() ?? Date.now();
  const interval = feed.refreshMinutes ?? options.refreshMinutes;
  const ended = (outcome: FeedOutcome, patch: Partial<Feed>) => ({ status: outcome.status === 'failed' ? ('failed' as const) : ('not-modified' as const), outcome, patch });
  const failure = (error: string, patch: Partial<Feed> = {}, retryAfter: number | null = null) => ended({ status: 'failed', error }, failed(feed, error, now, interval, patch, retryAfter));
  const waitUntil = feed.retryAt ? Date.parse(feed.retryAt) : Number.NaN;
  if (waitUntil > now) {
    // The server said when to come back; a manual refresh is no reason to ask sooner.
    const message = `the server asked us to wait (Retry-After) until ${new Date(waitUntil).toISOString()}; not fetched`;
    return { status: 'failed', outcome: { status: 'failed', error: new TidingsError('feeds', feed.url, message).message }, patch: {} };
  }
  try {
    const response = await fetchUrl(feed.url, { etag: feed.http.etag, lastModified: feed.http.lastModified, accept: FEED_ACCEPT, signal: options.signal });
    const moved = permanentTarget(response);
    if (response.status === 304) return ended({ status: 'not-modified' }, succeeded({ url: moved ?? feed.url }, now, interval));
    if (response.status === 410) return failure('HTTP 410 Gone: the feed was removed; it will not be fetched again', { gone: true });
    if (response.status < 200 || response.status > 299) {
      const retryAfter = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers['retry-after'], now) : null;
      const message = `HTTP ${response.status}${retryAfter !== null ? `, retry after ${Math.round(retryAfter / 1000)} s` : ''}`;
      return failure(new TidingsError('feeds', feed.url, message).message, {}, retryAfter);
    }
    const bodyHash = sha256(response.body);
    const validators = { etag: response.headers['etag'] ?? null, lastModified: response.headers['last-modified'] ?? null };
    if (bodyHash === feed.http.bodyHash) return ended({ status: 'not-modified' }, succeeded({ url: moved ?? feed.url, http: { ...validators, bodyHash } }, now, interval));
    return {
      status: 'changed',
      body: response.body,
      contentType: response.headers['content-type'] ?? null,
      url: response.url,
      contentLocation: response.headers['content-location'] ?? null,
      done: (newArticles, learned) => ({
        outcome: { status: 'ok', newArticles },
        patch: succeeded({ ...learned, url: moved ?? feed.url, http: { ...validators, bodyHash }, gone: false }, now, interval),
      }),
      failed: (error) => {
        const message = describeError(error);
        return { outcome: { status: 'failed', error: message }, patch: failed(feed, message, now, interval) };
      },
    };
  } catch (error) {
    return failure(describeError(error));
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

function succeeded(patch: Partial<Feed>, now: number, interval: number): Partial<Feed> {
  const at = new Date(now).toISOString();
  return {
    ...patch,
    lastFetchedAt: at,
    lastSuccessAt: at,
    lastError: null,
    errorCount: 0,
    gone: false,
    retryAt: null,
    nextFetchAt: new Date(nextAfterSuccess(now, interval)).toISOString(),
  };
}

function failed(feed: Feed, error: string, now: number, interval: number, patch: Partial<Feed> = {}, retryAfter: number | null = null): Partial<Feed> {
  const errorCount = feed.errorCount + 1;
  const next = retryAfter !== null ? nextAfterRetryAfter(now, retryAfter) : nextAfterFailure(now, interval, errorCount);
  return {
    ...patch,
    retryAt: retryAfter !== null ? new Date(next).toISOString() : null,
    lastFetchedAt: new Date(now).toISOString(),
    lastError: error,
    errorCount,
    nextFetchAt: new Date(next).toISOString(),
  };
}
