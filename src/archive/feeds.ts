// The feed part of the API: subscribe (with discovery), list, change, remove, refresh, OPML.
// It wires the steps of a feed's refresh (src/archive/refresh.ts) from the parts that own them,
// and runs the background scheduler, stopped when the archive closes.

import { setMaxListeners } from 'node:events';
import type { AddFeedOptions, AddFeedResult, ArchiveApi, FeedPatch, FeedSummary, OpmlImportResult, RefreshSummary, RefreshTarget } from '../api.js';
import { TidingsError } from '../errors.js';
import { buildOpml, discoverFeeds, dueFeeds, FeedParser, fetchFeed, parseOpml, refreshFeeds, Scheduler, userUrl, type FeedOutcome } from '../feeds/index.js';
import { readableError } from '../messages/index.js';
import { feedIdFor, normalizeUrl } from '../model/index.js';
import type { Feed } from '../model/index.js';
import { setNetLimits } from '../net/index.js';
import type { ArchiveContext } from './context.js';
import type { EnclosureSteps } from './enclosures.js';
import type { ExtractionSteps } from './extraction.js';
import type { ImageQueue } from './images.js';
import { refreshFeed, type RefreshSteps } from './refresh.js';
import type { SearchSteps } from './search.js';
import { isSaved, storeArticles } from './store-article.js';
import { fullTextChanges, fullTextMode } from './summary-only.js';

type FeedsPart = Pick<
  ArchiveApi,
  'discoverFeeds' | 'addFeed' | 'listFeeds' | 'updateFeed' | 'removeFeed' | 'refresh' | 'importOpml' | 'exportOpml'
>;

const MIN_REFRESH_MINUTES = 5;

/** The steps of a refresh that other parts own. */
export interface FeedsNeeds {
  search: SearchSteps;
  extraction: ExtractionSteps;
  images: ImageQueue;
  enclosures: EnclosureSteps;
}

export function createFeedsPart(ctx: ArchiveContext, needs: FeedsNeeds): FeedsPart {
  const parser = new FeedParser();
  const runner = new RefreshRunner(ctx, parser, needs);
  // Discovery parses its candidate on the worker pool too: a hostile feed never stalls this thread.
  const inWorker = (body: Uint8Array, contentType: string | null, url: string) => parser.parse(body, contentType, url);
  const scheduler = new Scheduler({
    dueFeeds: (now) => dueFeeds(Object.values(ctx.data.feeds), now),
    refresh: (feeds) => runner.run(feeds),
  });
  scheduler.start();
  ctx.closers.push(async () => {
    runner.abort();
    await scheduler.stop();
    await runner.idle();
    await parser.close();
  });

  return {
    discoverFeeds: (url) => discoverFeeds(url, runner.signal, inWorker),

    async addFeed(url, options = {}) {
      const candidates = await discoverFeeds(url, runner.signal, inWorker);
      if (candidates.length === 0) throw noFeedFound(url);
      if (candidates.length > 1) return { status: 'choose', candidates };
      return subscribe(ctx, runner, candidates[0]!.url, candidates[0]!.title, options);
    },

    async listFeeds() {
      const counts = articleCounts(ctx);
      return Object.values(ctx.data.feeds)
        .sort((a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.title.localeCompare(b.title))
        .map((feed) => summarizeFeed(feed, counts));
    },

    async updateFeed(id, patch) {
      const feed = feedOr404(ctx, id);
      const changes = checkPatch(ctx, feed, patch);
      ctx.library.change((data) => Object.assign(data.feeds[id]!, changes));
      ctx.emit({ type: 'changed', what: 'feeds', ids: [id] });
      return summarizeFeed(ctx.data.feeds[id]!, articleCounts(ctx));
    },

    async removeFeed(id) {
      feedOr404(ctx, id);
      const articles = Object.values(ctx.data.articles).filter((a) => a.feedId === id);
      const removed = articles.filter((a) => !a.starred && a.tags.length === 0 && !isSaved(a)).map((a) => a.id);
      ctx.library.change((data) => {
        delete data.feeds[id];
        if (data.feedSeen) delete data.feedSeen[id];
        for (const articleId of removed) delete data.articles[articleId];
      });
      await Promise.all(removed.map((articleId) => ctx.files.remove(articleId)));
      if (removed.length > 0) {
        await ctx.runHooks('removed', removed);
        ctx.emit({ type: 'changed', what: 'articles', ids: removed });
      }
      ctx.emit({ type: 'changed', what: 'feeds', ids: [id] });
    },

    async refresh(target: RefreshTarget = { all: true }) {
      return runner.run(feedsFor(ctx, target));
    },

    async importOpml(xml, options) {
      const list = parseOpml(xml);
      const result: OpmlImportResult = { added: 0, existing: 0, folders: list.folders.length, errors: list.errors };
      // The counts come with the options-taking form (the app and the command line use it);
      // a call without options keeps the result it always had.
      if (options) Object.assign(result, { duplicates: list.duplicates, invalid: list.invalid });
      const known = new Set(Object.values(ctx.data.feeds).map((f) => normalizeUrl(f.url)));
      const added: string[] = [];
      ctx.library.change((data) => {
        for (const entry of list.entries) {
          if (known.has(normalizeUrl(entry.url)) || data.feeds[feedIdFor(entry.url)]) {
            result.existing++;
            continue;
          }
          const feed = newFeed(entry.url, entry.title ?? new URL(entry.url).hostname, entry.folder, false);
          feed.siteUrl = entry.siteUrl;
          data.feeds[feed.id] = feed;
          known.add(normalizeUrl(entry.url));
          added.push(feed.id);
        }
      });
      result.added = added.length;
      if (added.length > 0) ctx.emit({ type: 'changed', what: 'feeds', ids: added });
      if (!options?.refresh || added.length === 0) return result;
      // The first refresh of the new feeds only: its progress comes as the usual refresh events.
      const refreshing = runner.run(added.map((id) => ctx.data.feeds[id]).filter((f): f is Feed => f !== undefined));
      if (options.refresh === 'wait') return { ...result, refresh: await refreshing };
      // Failures of single feeds are in the summary and on each feed; a throw here is the archive closing.
      refreshing.catch(() => undefined);
      return { ...result, refreshing: added.length };
    },

    async exportOpml() {
      return buildOpml(Object.values(ctx.data.feeds));
    },
  };
}

/** Runs refreshes: one at a time per feed, cancellable at close, with the current settings. */
class RefreshRunner {
  private readonly controller = new AbortController();
  private readonly inFlight = new Map<string, Promise<FeedOutcome>>();
  readonly signal = this.controller.signal;

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly parser: FeedParser,
    private readonly needs: FeedsNeeds,
  ) {
    // Every fetch waiting for a slot listens to this one signal: hundreds at once are expected.
    setMaxListeners(0, this.signal);
  }

  run(feeds: Feed[]): Promise<RefreshSummary> {
    const settings = this.ctx.data.settings;
    setNetLimits({ maxPerHost: settings.maxPerHost, maxGlobal: settings.maxConcurrentFetches });
    const steps = this.steps(settings.refreshMinutes);
    // Feeds never fetched will bring items: the cleaning workers start while they are fetched.
    if (feeds.some((feed) => feed.http.bodyHash === null && !feed.gone)) this.needs.extraction.warm();
    return refreshFeeds(feeds, (event) => this.ctx.emit(event), (feed) => this.once(feed, steps));
  }

  /** Each step of a feed's refresh, from the part that owns it (see src/archive/refresh.ts). */
  private steps(refreshMinutes: number): RefreshSteps {
    const { ctx, needs } = this;
    return {
      fetch: (feed) => fetchFeed(feed, { refreshMinutes, signal: this.signal }),
      parse: (body, contentType, url, contentLocation) => this.parser.parse(body, contentType, url, contentLocation),
      known: (feed) => ({ seen: new Set(ctx.data.feedSeen?.[feed.id] ?? []), articles: ctx.data.articles, tombstones: ctx.data.tombstones }),
      sanitize: needs.extraction.sanitize,
      store: {
        articles: (inputs) => storeArticles(ctx, inputs, { quiet: true }),
        change: (mutate) => ctx.library.change(mutate),
        seen: (feedId) => ctx.data.feedSeen?.[feedId] ?? [],
      },
      index: needs.search.index,
      rules: needs.search.rules,
      retention: needs.search.retention,
      images: needs.images,
      fullTexts: needs.extraction.fullTexts,
      enclosures: needs.enclosures,
      updateFeed: (id, patch) => this.updateFeed(id, patch),
      emit: (event) => ctx.emit(event),
    };
  }

  abort(): void {
    this.controller.abort(new Error('the archive is closing'));
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** A feed already being refreshed is not fetched twice: the second caller shares the first's outcome. */
  private once(feed: Feed, steps: RefreshSteps): Promise<FeedOutcome> {
    const running = this.inFlight.get(feed.id);
    if (running) return running;
    const outcome = refreshFeed(feed, steps).finally(() => this.inFlight.delete(feed.id));
    this.inFlight.set(feed.id, outcome);
    return outcome;
  }

  private updateFeed(id: string, patch: Partial<Feed>): void {
    if (this.signal.aborted) return;
    this.ctx.library.change((data) => {
      const feed = data.feeds[id];
      if (!feed) return; // removed while it was being refreshed
      Object.assign(feed, patch);
    });
    this.ctx.emit({ type: 'changed', what: 'feeds', ids: [id] });
  }
}

async function subscribe(ctx: ArchiveContext, runner: RefreshRunner, url: string, title: string | null, options: AddFeedOptions): Promise<AddFeedResult> {
  const existing = Object.values(ctx.data.feeds).find((f) => normalizeUrl(f.url) === normalizeUrl(url));
  if (existing) return { status: 'exists', feed: summarizeFeed(existing, articleCounts(ctx)) };
  // No title given: the feed's own title after the first fetch, else the page's name for it, else the host.
  const feed = newFeed(url, options.title?.trim() ?? '', cleanFolder(options.folder ?? null), options.fetchFullArticle ?? false);
  // A new feed: `fetchFullArticle: false` only says "not always" (nobody turned anything off yet).
  Object.assign(feed, fullTextChanges({ fullText: options.fullText ?? (options.fetchFullArticle ? 'always' : 'auto') }));
  ctx.library.change((data) => {
    data.feeds[feed.id] = feed;
  });
  const before = articlesOfFeed(ctx, feed.id);
  const summary = await runner.run([feed]);
  const error = summary.errors[0];
  // Articles this first refresh stored, also when it failed after storing some.
  const stored = articlesOfFeed(ctx, feed.id) - before;
  if (error && stored === 0) {
    // The first fetch failed and nothing came of it: take the subscription back, so nothing changed.
    ctx.library.change((data) => {
      delete data.feeds[feed.id];
      if (data.feedSeen) delete data.feedSeen[feed.id];
    });
    throw new TidingsError('feeds', url, `not added: ${error.error}`);
  }
  // Some items were stored and others failed for now: the feed stays (its articles must never
  // point at nothing), says why on the feed, and the next refresh tries the others again.
  if (error) ctx.emit({ type: 'notice', level: 'warning', message: error.error });
  if (!ctx.data.feeds[feed.id]!.title) {
    ctx.library.change((data) => {
      data.feeds[feed.id]!.title = title || new URL(url).hostname;
    });
  }
  ctx.emit({ type: 'changed', what: 'feeds', ids: [feed.id] });
  return { status: 'added', feed: summarizeFeed(ctx.data.feeds[feed.id]!, articleCounts(ctx)), newArticles: Math.max(summary.newArticles, stored) };
}

/** What to do when a page offers no feed: said in the words the user typed. */
function noFeedFound(typed: string): TidingsError {
  const where = typed.trim().replace(/^(feed:)?(https?:)?\/\//i, '').replace(/\/$/, '') || typed;
  return new TidingsError(
    'feeds',
    userUrl(typed),
    `No feed found at ${where}: no feed found on this page, in its links or at ${COMMON_PATHS_SHOWN}. ` +
      "Look on the site for an RSS icon or a 'Subscribe' link and paste the address it leads to.",
    'not-found',
  );
}

const COMMON_PATHS_SHOWN = '/feed, /rss, /atom.xml, /index.xml';

/** Articles that name the feed (starred ones of an earlier subscription to it may still). */
function articlesOfFeed(ctx: ArchiveContext, feedId: string): number {
  return Object.values(ctx.data.articles).filter((a) => a.feedId === feedId).length;
}

function newFeed(url: string, title: string, folder: string | null, fetchFullArticle: boolean): Feed {
  return {
    id: feedIdFor(url),
    url,
    siteUrl: null,
    title,
    folder,
    fetchFullArticle,
    refreshMinutes: null,
    retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null },
    createdAt: new Date().toISOString(),
    lastFetchedAt: null,
    lastSuccessAt: null,
    lastError: null,
    errorCount: 0,
    nextFetchAt: null,
    gone: false,
  };
}

function feedsFor(ctx: ArchiveContext, target: RefreshTarget): Feed[] {
  const all = Object.values(ctx.data.feeds);
  if ('feedId' in target) return [feedOr404(ctx, target.feedId)];
  if ('folder' in target) {
    const feeds = all.filter((f) => f.folder === target.folder && !f.gone);
    if (!all.some((f) => f.folder === target.folder)) throw new TidingsError('feeds', target.folder, 'no such folder', 'not-found');
    return feeds;
  }
  return all.filter((f) => !f.gone);
}

function feedOr404(ctx: ArchiveContext, id: string): Feed {
  const feed = ctx.data.feeds[id];
  if (!feed) throw new TidingsError('feeds', id, 'no such feed', 'not-found');
  return feed;
}

function checkPatch(ctx: ArchiveContext, feed: Feed, patch: FeedPatch): Partial<Feed> {
  const changes: Partial<Feed> = {};
  if (patch.title !== undefined) {
    const title = patch.title.trim();
    if (!title) throw new TidingsError('feeds', feed.id, 'a feed title cannot be empty', 'invalid');
    changes.title = title;
  }
  if (patch.folder !== undefined) changes.folder = cleanFolder(patch.folder);
  if (patch.fetchFullArticle !== undefined) changes.fetchFullArticle = Boolean(patch.fetchFullArticle);
  Object.assign(changes, fullTextChanges(patch));
  if (patch.refreshMinutes !== undefined) changes.refreshMinutes = wholeOrNull(feed, 'refreshMinutes', patch.refreshMinutes, MIN_REFRESH_MINUTES);
  if (patch.retentionDays !== undefined) changes.retentionDays = wholeOrNull(feed, 'retentionDays', patch.retentionDays, 1);
  if (patch.notify !== undefined) changes.notify = patch.notify === true;
  if (patch.url !== undefined) {
    const url = userUrl(patch.url);
    const other = Object.values(ctx.data.feeds).find((f) => f.id !== feed.id && normalizeUrl(f.url) === normalizeUrl(url));
    if (other) throw new TidingsError('feeds', url, `already subscribed as "${other.title}"`, 'invalid');
    // A new address is a fresh start: old validators and failures belong to the old one.
    Object.assign(changes, { url, http: { etag: null, lastModified: null, bodyHash: null }, gone: false, errorCount: 0, lastError: null, nextFetchAt: null, retryAt: null });
  }
  return changes;
}

function wholeOrNull(feed: Feed, name: string, value: number | null, min: number): number | null {
  if (value === null) return null;
  if (!Number.isInteger(value) || value < min) throw new TidingsError('feeds', feed.id, `${name} must be a whole number ≥ ${min}, or null`, 'invalid');
  return value;
}

function cleanFolder(folder: string | null): string | null {
  const name = folder?.trim() ?? '';
  return name === '' ? null : name;
}

type Counts = Map<string, { unread: number; total: number }>;

function articleCounts(ctx: ArchiveContext): Counts {
  const counts: Counts = new Map();
  for (const article of Object.values(ctx.data.articles)) {
    if (!article.feedId) continue;
    const count = counts.get(article.feedId) ?? { unread: 0, total: 0 };
    count.total++;
    if (!article.read) count.unread++;
    counts.set(article.feedId, count);
  }
  return counts;
}

function summarizeFeed(feed: Feed, counts: Counts): FeedSummary {
  const count = counts.get(feed.id) ?? { unread: 0, total: 0 };
  // fullText as it acts (older feeds have only fetchFullArticle), so front ends need no rule of their own.
  const summary: FeedSummary = { ...feed, http: { ...feed.http }, ...count, fullText: fullTextMode(feed) };
  // lastError stays technical (logs, old archives); people read its sentence (src/messages).
  if (feed.lastError) summary.lastErrorMessage = readableError(feed.lastError, 'feed');
  return summary;
}
