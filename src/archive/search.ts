// The search part of the API: full-text search and listing with the query language, tags
// across the library, rules, smart views and saved searches, retention, settings.
// It owns the search index (index/ in the data directory). A feed's refresh calls its steps
// (index, rules, retention: src/archive/refresh.ts); articles that come other ways (a saved
// page, an import, another device) reach it through the archive's hooks; removed ones are dropped.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ArchiveApi, ArticlePage, ArticleSummary, ListQuery, RetentionResult, RuleRunResult, ViewCount } from '../api.js';
import { LIMITS } from '../contract/index.js';
import { TidingsError, describeError } from '../errors.js';
import type { ArticleRecord, Feed, Settings, TagRule } from '../model/index.js';
import {
  type Catalog, CorruptSegmentError, type DocMeta, type Hit, type IndexSource, type MemoryIndex, type ParsedQuery, PersistentIndex, TagWords,
  execute, hasText, highlightOf, matchAll, matchesArticle, parseQuery, snippet, sortDate, sortKey,
} from '../search/index.js';
import { applyRule, countTags, makeRule, normalizeTag, planRetention, replaceTags, type RuleState, tagKey, withTags, withoutTags } from '../tags/index.js';
import { removeArticles, startOfToday, summarize } from './articles.js';
import type { ArchiveContext } from './context.js';

type SearchPart = Pick<
  ArchiveApi,
  | 'listArticles' | 'search' | 'listTags' | 'renameTag' | 'mergeTags' | 'deleteTag' | 'tagQuery' | 'untagQuery'
  | 'listRules' | 'addRule' | 'removeRule' | 'runRules' | 'listViews' | 'saveSearch' | 'removeSavedSearch'
  | 'applyRetention' | 'getSettings' | 'updateSettings'
>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** The steps of a feed's refresh this part owns (src/archive/refresh.ts calls them in order). */
export interface SearchSteps {
  index(ids: { added: string[]; changed: string[] }): Promise<void>;
  rules(ids: string[]): Promise<void>;
  retention(feed: Feed): Promise<void>;
}

export function createSearchPart(ctx: ArchiveContext): { api: SearchPart; steps: SearchSteps } {
  const index = openIndex(ctx);
  const cache = new Derived(ctx);
  const catalog: Catalog = {
    get articles() {
      return ctx.data.articles;
    },
    get feeds() {
      return ctx.data.feeds;
    },
    list: () => cache.records(),
  };
  const background = new Set<Promise<void>>();

  /**
   * Run `work` on the complete index. A segment found corrupt while reading it is rebuilt and
   * the work done again: the index is derived data, never a reason to fail a search.
   */
  async function withIndex<T>(work: (memory: MemoryIndex) => T): Promise<T> {
    try {
      return work(await index.ready());
    } catch (error) {
      if (!(error instanceof CorruptSegmentError)) throw error;
      await index.recover(error.message);
      return work(await index.ready());
    }
  }

  /** Every article a query matches (ids with scores), unordered. */
  async function matching(parsed: ParsedQuery): Promise<Hit[]> {
    return withIndex((memory) => matchAll(parsed, memory, cache.tagWords(), catalog));
  }

  async function rulesOnNew(all: string[]): Promise<void> {
    // An article made on another device had the (shared) rules run there: running them again
    // here would make new changes that undo what the user did to it since.
    const ids = all.filter((id) => ctx.library.madeHere(`a:${id}`));
    if (ctx.data.rules.length === 0 || ids.length === 0) return;
    const changes = new Map<string, RuleState>();
    for (const rule of ctx.data.rules) {
      try {
        const parsed = parseQuery(rule.query);
        const matched = await withIndex((memory) => ids.filter((id) => matchesArticle(parsed, memory, catalog, id)));
        for (const id of matched) stage(changes, rule, id);
      } catch (error) {
        // One broken rule must not keep the others from acting.
        ctx.emit({ type: 'notice', level: 'error', message: `rules: ${rule.name}: ${(error as Error).message}` });
      }
    }
    await commitStates(changes);
  }

  function stage(changes: Map<string, RuleState>, rule: TagRule, id: string): boolean {
    const article = ctx.data.articles[id];
    if (!article) return false;
    const next = applyRule(rule, changes.get(id) ?? { tags: article.tags, read: article.read, starred: article.starred });
    if (next) changes.set(id, next);
    return next !== null;
  }

  async function commitStates(changes: Map<string, RuleState>): Promise<void> {
    if (changes.size === 0) return;
    ctx.library.change((data) => {
      for (const [id, state] of changes) {
        const article = data.articles[id];
        if (article) Object.assign(article, state);
      }
    });
    await changed([...changes.keys()]);
  }

  /** Tell the other parts and the front ends that these articles changed. */
  async function changed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await ctx.runHooks('changed', ids);
    ctx.emit({ type: 'changed', what: 'articles', ids });
  }

  /** Set new tags on articles in one store change. */
  async function retag(ids: Iterable<string>, next: (tags: string[]) => string[] | null): Promise<number> {
    const done = ctx.library.change((data) => {
      const out: string[] = [];
      for (const id of ids) {
        const article = data.articles[id];
        const tags = article ? next(article.tags) : null;
        if (article && tags) {
          article.tags = tags;
          out.push(id);
        }
      }
      return out;
    });
    await changed(done);
    if (done.length) ctx.emit({ type: 'changed', what: 'tags' });
    return done.length;
  }

  /** The index learns new and changed articles (their text comes from memory, not read back). */
  async function indexArticles(ids: { added: string[]; changed: string[] }): Promise<void> {
    if (ids.added.length > 0) {
      cache.invalidate('added', ids.added);
      await index.update(ids.added);
    }
    if (ids.changed.length > 0) {
      cache.invalidate('changed', ids.changed);
      await index.update(ids.changed);
    }
  }

  /** The rules act on new articles, once they are indexed. */
  async function rulesForNew(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (index.complete) return rulesOnNew(ids);
    // While the index is being built, rules wait for it (they need the new article indexed).
    // Known gap: if the archive closes first, these articles are not offered to the rules.
    track(background, index.ready().then(() => (index.complete ? rulesOnNew(ids.filter((id) => ctx.data.articles[id])) : undefined)));
  }

  /** A feed's keeping period, after its refresh: a failure becomes a notice, never a lost error. */
  async function retentionFor(feed: Feed): Promise<void> {
    // Most feeds keep everything: then there is nothing to look through (500 feeds refresh at once).
    if (!(typeof feed.retentionDays === 'number' && feed.retentionDays > 0)) return;
    try {
      const ids = planRetention(Object.values(ctx.data.articles), { [feed.id]: feed }, new Date()).flatMap((p) => p.ids);
      if (ids.length > 0) await removeArticles(ctx, ids);
    } catch (error) {
      ctx.emit({ type: 'notice', level: 'error', message: `retention: ${feed.url}: removing old read articles failed: ${describeError(error)}` });
    }
  }

  // Articles stored by other ways than a feed's refresh (a saved page, an import, another device).
  ctx.hooks.added.push(async (ids) => {
    await indexArticles({ added: ids, changed: [] });
    await rulesForNew(ids);
  });
  ctx.hooks.changed.push((ids) => indexArticles({ added: [], changed: ids }));
  ctx.hooks.removed.push((ids) => {
    cache.invalidate('removed', ids);
    index.remove(ids);
  });
  ctx.closers.push(async () => {
    // Stop a rebuild first: rules waiting for it would otherwise hold the close for its length.
    await index.close();
    await Promise.allSettled([...background]);
  });

  const part: SearchPart = {
    async listArticles(query: ListQuery): Promise<ArticlePage> {
      const offset = checkWhole('offset', query.offset, 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = checkWhole('limit', query.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
      const keep = structuredFilter(ctx, query);
      const text = query.query?.trim() ?? '';
      if (text === '') {
        const all = cache.byDate();
        // An article deleted a moment ago stays in the cached order until the hook has run.
        const ids = isEverything(query) ? all : all.filter((id) => ctx.data.articles[id] !== undefined && keep(ctx.data.articles[id]));
        const items = ids.slice(offset, offset + limit).flatMap((id) => (ctx.data.articles[id] ? [summarize(ctx, ctx.data.articles[id])] : []));
        return { total: ids.length, offset, items };
      }
      const parsed = parseQuery(query.query!, { typing: query.typing === true });
      if (query.sort) parsed.sort = query.sort;
      const page = await withIndex((memory) => execute(parsed, memory, cache.tagWords(), catalog, { offset, limit }, keep));
      const items = await Promise.all(page.hits.filter((hit) => ctx.data.articles[hit.id]).map((hit) => withSnippet(ctx, parsed, hit)));
      return { total: page.total, offset, items };
    },

    async search(query, options = {}) {
      if (typeof query !== 'string' || query.trim() === '') throw new TidingsError('search', null, 'type something to search for', 'invalid');
      return part.listArticles({ query, offset: options.offset, limit: options.limit, sort: options.sort, typing: options.typing });
    },

    async listTags() {
      return countTags(Object.values(ctx.data.articles));
    },

    async renameTag(from, to) {
      return part.mergeTags([from], to);
    },

    async mergeTags(from, into) {
      if (!Array.isArray(from) || from.length === 0) throw new TidingsError('tags', null, 'name at least one tag to merge', 'invalid');
      const sources = from.map(normalizeTag);
      const wanted = normalizeTag(into);
      // Renaming a tag to itself in other letters changes its spelling; else keep the library's.
      const target = sources.some((t) => tagKey(t) === tagKey(wanted)) ? wanted : existingSpelling(ctx, wanted);
      return retag(Object.keys(ctx.data.articles), (tags) => replaceTags(tags, sources, target));
    },

    async deleteTag(name) {
      const tag = normalizeTag(name);
      return retag(Object.keys(ctx.data.articles), (tags) => withoutTags(tags, [tag]));
    },

    async tagQuery(query, tags) {
      const add = checkTags(tags).map((t) => existingSpelling(ctx, t));
      const ids = (await matching(parseQuery(query))).map((h) => h.id);
      return retag(ids, (current) => withTags(current, add));
    },

    async untagQuery(query, tags) {
      const remove = checkTags(tags);
      const ids = (await matching(parseQuery(query))).map((h) => h.id);
      return retag(ids, (current) => withoutTags(current, remove));
    },

    async listRules() {
      return ctx.data.rules.map((r) => ({ ...r, addTags: [...r.addTags] }));
    },

    async addRule(input) {
      const rule = makeRule(input, `r${randomBytes(6).toString('hex')}`, new Date().toISOString());
      rule.addTags = rule.addTags.map((t) => existingSpelling(ctx, t));
      ctx.library.change((data) => {
        data.rules.push(rule);
      });
      ctx.emit({ type: 'changed', what: 'rules' });
      return { ...rule };
    },

    async removeRule(id) {
      if (!ctx.data.rules.some((r) => r.id === id)) throw new TidingsError('rules', id, 'no such rule', 'not-found');
      ctx.library.change((data) => {
        data.rules = data.rules.filter((r) => r.id !== id);
      });
      ctx.emit({ type: 'changed', what: 'rules' });
    },

    async runRules(options) {
      const dryRun = options?.dryRun !== false;
      const rules = options?.ruleId === undefined ? ctx.data.rules : ctx.data.rules.filter((r) => r.id === options.ruleId);
      if (options?.ruleId !== undefined && rules.length === 0) throw new TidingsError('rules', options.ruleId, 'no such rule', 'not-found');
      // Every rule sees the archive as it is now, so the preview and the run agree.
      const changes = new Map<string, RuleState>();
      const result: RuleRunResult = { dryRun, rules: [], changed: 0 };
      for (const rule of rules) {
        const hits = await matching(parseQuery(rule.query));
        let changedByRule = 0;
        for (const hit of hits) if (stage(changes, rule, hit.id)) changedByRule++;
        result.rules.push({ id: rule.id, name: rule.name, matched: hits.length, changed: changedByRule });
      }
      result.changed = changes.size;
      if (!dryRun) await commitStates(changes);
      return result;
    },

    async listViews() {
      return listViews(ctx, matching);
    },

    async saveSearch(name, query) {
      const clean = typeof name === 'string' ? name.trim() : '';
      if (clean === '') throw new TidingsError('views', null, 'a saved search needs a name', 'invalid');
      parseQuery(query);
      if (typeof query !== 'string' || query.trim() === '') throw new TidingsError('views', clean, 'a saved search needs a query', 'invalid');
      const saved = { id: `s${randomBytes(6).toString('hex')}`, name: clean, query: query.trim() };
      ctx.library.change((data) => {
        data.savedSearches.push(saved);
      });
      ctx.emit({ type: 'changed', what: 'views' });
      return { ...saved };
    },

    async removeSavedSearch(id) {
      if (!ctx.data.savedSearches.some((s) => s.id === id)) throw new TidingsError('views', id, 'no such saved search', 'not-found');
      ctx.library.change((data) => {
        data.savedSearches = data.savedSearches.filter((s) => s.id !== id);
      });
      ctx.emit({ type: 'changed', what: 'views' });
    },

    applyRetention: (options) => applyRetention(ctx, options?.dryRun !== false),

    async getSettings() {
      return { ...ctx.data.settings };
    },

    async updateSettings(patch) {
      const clean = checkSettings(patch);
      ctx.library.change((data) => {
        Object.assign(data.settings, clean);
      });
      ctx.emit({ type: 'changed', what: 'settings' });
      return { ...ctx.data.settings };
    },
  };
  return { api: part, steps: { index: indexArticles, rules: rulesForNew, retention: retentionFor } };
}

function openIndex(ctx: ArchiveContext): PersistentIndex {
  const metaOf = (a: ArticleRecord): DocMeta => ({
    id: a.id,
    hash: `${(a.contentHash ?? '').slice(0, 16)}.${fnv1a(`${a.title}\u0000${a.byline ?? ''}\u0000${a.siteName ?? ''}\u0000${a.lang ?? ''}`)}`,
    title: a.title,
    byline: a.byline ?? '',
    site: a.siteName ?? '',
    lang: a.lang,
  });
  const source: IndexSource = {
    textDir: ctx.files.articlesDir,
    // A text stored a moment ago comes from memory (the added hook runs just after the write).
    readText: (id) => ctx.files.readText(id),
    docs: () => Object.values(ctx.data.articles).map(metaOf),
    doc: (id) => {
      const article = ctx.data.articles[id];
      return article ? metaOf(article) : null;
    },
  };
  return PersistentIndex.open(path.join(ctx.dataDir, 'index'), source, (event) => {
    if (event.kind === 'progress') ctx.emit({ type: 'index', phase: event.phase, done: event.done, total: event.total });
    else ctx.emit({ type: 'notice', level: event.level, message: event.message });
  });
}

/** What is cheap to derive from the library and is dropped whenever articles change. */
class Derived {
  private words: TagWords | null = null;
  private dates: string[] | null = null;
  private datesOf = new Map<string, string>();
  private tagsOf = new Map<string, string>();
  private list: ArticleRecord[] | null = null;
  private positionOf = new Map<string, number>();

  constructor(private readonly ctx: ArchiveContext) {}

  /** After articles came, went or changed: tags may differ; the date order only if sort keys did. */
  invalidate(kind: 'added' | 'changed' | 'removed', ids: string[]): void {
    if (kind !== 'changed' || ids.some((id) => this.tagsOf.get(id) !== tagsOrNull(this.ctx.data.articles[id]))) this.words = null;
    if (kind !== 'changed' || ids.some((id) => this.datesOf.get(id) !== dateOrNull(this.ctx.data.articles[id]))) {
      this.dates = null;
      this.list = null;
    } else if (this.list) {
      for (const id of ids) this.refreshRecord(id);
    }
  }

  /** Every article record, newest first; a record replaced by a change is updated in place. */
  records(): ArticleRecord[] {
    if (!this.list) {
      this.list = this.byDate().map((id) => this.ctx.data.articles[id]!);
      this.positionOf = new Map(this.list.map((a, i) => [a.id, i]));
    }
    return this.list;
  }

  private refreshRecord(id: string): void {
    const at = this.positionOf.get(id);
    const article = this.ctx.data.articles[id];
    if (at === undefined || !article) this.list = null;
    else this.list![at] = article;
  }

  tagWords(): TagWords {
    if (!this.words) {
      const articles = Object.values(this.ctx.data.articles);
      this.words = new TagWords(articles);
      this.tagsOf = new Map(articles.filter((a) => a.tags.length).map((a) => [a.id, tagsOrNull(a)!]));
    }
    return this.words;
  }

  /** Article ids, newest first (sortKey descending, then id). */
  byDate(): string[] {
    if (!this.dates) {
      const dated = Object.values(this.ctx.data.articles).map((a) => [a.id, sortKey(a)] as const);
      this.datesOf = new Map(dated);
      this.dates = dated.sort((x, y) => (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : x[0] < y[0] ? -1 : 1)).map(([id]) => id);
    }
    return this.dates;
  }
}

function tagsOrNull(article: ArticleRecord | undefined): string | undefined {
  return article?.tags.length ? article.tags.join('\n') : undefined;
}

function dateOrNull(article: ArticleRecord | undefined): string | undefined {
  return article ? sortKey(article) : undefined;
}

async function withSnippet(ctx: ArchiveContext, parsed: ParsedQuery, hit: Hit): Promise<ArticleSummary> {
  const summary: ArticleSummary = { ...summarize(ctx, ctx.data.articles[hit.id]!), score: hit.score };
  if (hasText(parsed)) summary.snippet = snippet(await ctx.files.readText(hit.id).catch(() => ''), highlightOf(parsed));
  return summary;
}

async function listViews(ctx: ArchiveContext, matching: (p: ParsedQuery) => Promise<Hit[]>): Promise<ViewCount[]> {
  const today = startOfToday();
  const counts = { unread: 0, starred: 0, today: 0, saved: 0 };
  for (const a of Object.values(ctx.data.articles)) {
    if (!a.read) counts.unread++;
    if (a.starred) counts.starred++;
    if (sortDate(a) >= today) counts.today++;
    if (a.savedAt !== null) counts.saved++;
  }
  const views: ViewCount[] = [
    { id: 'unread', kind: 'smart', name: 'Unread', query: 'is:unread', count: counts.unread },
    { id: 'starred', kind: 'smart', name: 'Starred', query: 'is:starred', count: counts.starred },
    { id: 'today', kind: 'smart', name: 'Today', query: '', count: counts.today },
    { id: 'saved', kind: 'smart', name: 'Saved', query: 'is:saved', count: counts.saved },
  ];
  for (const tag of countTags(Object.values(ctx.data.articles))) {
    views.push({ id: `tag:${tagKey(tag.name)}`, kind: 'tag', name: tag.name, query: `tag:${quoteIfNeeded(tag.name)}`, count: tag.count });
  }
  for (const saved of ctx.data.savedSearches) {
    let count = 0;
    try {
      count = (await matching(parseQuery(saved.query))).length;
    } catch (error) {
      ctx.emit({ type: 'notice', level: 'warning', message: (error as Error).message });
    }
    views.push({ id: saved.id, kind: 'saved-search', name: saved.name, query: saved.query, count });
  }
  return views;
}

/** The filters of a list query other than its `query` text. */
function structuredFilter(ctx: ArchiveContext, query: ListQuery): (a: ArticleRecord) => boolean {
  const tag = query.tag === undefined ? null : tagKey(query.tag);
  const feedIds = query.folder === undefined ? null : new Set(Object.values(ctx.data.feeds).filter((f) => f.folder === query.folder).map((f) => f.id));
  const view = viewTest(query.view ?? 'all', startOfToday());
  return (a) =>
    view(a) &&
    (query.feedId === undefined || a.feedId === query.feedId) &&
    (feedIds === null || (a.feedId !== null && feedIds.has(a.feedId))) &&
    (tag === null || a.tags.some((t) => tagKey(t) === tag));
}

/** A list query that keeps every article: no need to look at each. */
function isEverything(query: ListQuery): boolean {
  return (query.view ?? 'all') === 'all' && query.feedId === undefined && query.folder === undefined && query.tag === undefined;
}

function viewTest(view: string, today: string): (a: ArticleRecord) => boolean {
  switch (view) {
    case 'all':
      return () => true;
    case 'unread':
      return (a) => !a.read;
    case 'starred':
      return (a) => a.starred;
    case 'saved':
      return (a) => a.savedAt !== null;
    case 'today':
      // Published (or first seen, or saved) since local midnight: not fetched since.
      return (a) => sortDate(a) >= today;
    default:
      throw new TidingsError('articles', String(view), 'unknown view; use all, unread, starred, today or saved', 'invalid');
  }
}


/** A tag as the library already spells it, if it has it. */
function existingSpelling(ctx: ArchiveContext, tag: string): string {
  const key = tagKey(tag);
  for (const article of Object.values(ctx.data.articles)) {
    const found = article.tags.find((t) => tagKey(t) === key);
    if (found) return found;
  }
  return tag;
}

function checkTags(tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.length === 0) throw new TidingsError('tags', null, 'name at least one tag', 'invalid');
  return tags.map((t) => normalizeTag(String(t)));
}

function checkWhole(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) throw new TidingsError('articles', String(value), `${name} must be a whole number from ${min} to ${max}`, 'invalid');
  return value;
}

// The bounds are the contract's (one table, LIMITS): the front door refuses the same values first.
const inRange = (range: { min: number; max: number }) => (v: unknown) => Number.isInteger(v) && (v as number) >= range.min && (v as number) <= range.max;
const SETTING_CHECKS: { [K in keyof Settings]: (v: unknown) => boolean } = {
  refreshMinutes: inRange(LIMITS.settings.refreshMinutes),
  maxConcurrentFetches: inRange(LIMITS.settings.maxConcurrentFetches),
  maxPerHost: inRange(LIMITS.settings.maxPerHost),
  downloadImages: (v) => typeof v === 'boolean',
  downloadEnclosures: (v) => typeof v === 'boolean',
  theme: (v) => v === 'system' || v === 'light' || v === 'dark',
  fontSize: inRange(LIMITS.settings.fontSize),
};

function checkSettings(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new TidingsError('settings', null, 'expected an object of settings', 'invalid');
  for (const [key, value] of Object.entries(patch)) {
    const check = SETTING_CHECKS[key as keyof Settings];
    if (!check) throw new TidingsError('settings', key, `unknown setting; known: ${Object.keys(SETTING_CHECKS).join(', ')}`, 'invalid');
    if (!check(value)) throw new TidingsError('settings', key, `${JSON.stringify(value)} is not a valid value`, 'invalid');
  }
  return patch as Partial<Settings>;
}

/** What retention allows to remove now, per feed; removed unless this is a dry run. */
async function applyRetention(ctx: ArchiveContext, dryRun: boolean): Promise<RetentionResult> {
  const plans = planRetention(Object.values(ctx.data.articles), ctx.data.feeds, new Date());
  const ids = plans.flatMap((p) => p.ids);
  if (!dryRun && ids.length > 0) await removeArticles(ctx, ids);
  return { dryRun, removed: ids.length, perFeed: plans.map((p) => ({ feedId: p.feedId, title: p.title, removed: p.ids.length })) };
}

function quoteIfNeeded(tag: string): string {
  return /[\s"]/.test(tag) ? `"${tag.replace(/"/g, '')}"` : tag;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

function track(set: Set<Promise<void>>, work: Promise<void>): void {
  const p = work.catch(() => undefined).finally(() => set.delete(p));
  set.add(p);
}

