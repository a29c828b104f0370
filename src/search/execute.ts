// Runs a parsed query: words and phrases through the index (and the articles' tags), then the
// operators (tag:, is:, feed:, site:, dates) on the article records, then the order (relevance
// or date) and the page asked for.

import type { ArticleRecord, Feed } from '../model/index.js';
import { tagKey } from '../tags/normalize.js';
import { fold, tokenize } from './fold.js';
import { type DocSet, EMPTY, type MemoryIndex, intersect, subtract, union } from './memory-index.js';
import type { Filter, Group, ParsedQuery, TextClause } from './query.js';
import { type TagWords, containsRun } from './tag-words.js';

/** What a query runs against: the records of the library and its feeds. */
export interface Catalog {
  articles: Record<string, ArticleRecord>;
  feeds: Record<string, Feed>;
}

export interface Hit {
  id: string;
  score: number;
}

export interface ResultPage {
  total: number;
  hits: Hit[];
}

/** A tag hit weighs as much as a strong word hit. */
const TAG_SCORE = 3;

export function sortDate(a: ArticleRecord): string {
  return a.publishedAt ?? a.savedAt ?? a.addedAt;
}

export function execute(parsed: ParsedQuery, index: MemoryIndex, tags: TagWords, catalog: Catalog, page: { offset: number; limit: number }): ResultPage {
  const matches = matchAll(parsed, index, tags, catalog);
  const byRelevance = parsed.sort !== 'date' && parsed.groups.some((g) => !g.negated && g.items[0]!.kind === 'text');
  const better = byRelevance
    ? (a: Hit, b: Hit) => a.score > b.score || (a.score === b.score && dateOf(catalog, a) > dateOf(catalog, b))
    : (a: Hit, b: Hit) => dateOf(catalog, a) > dateOf(catalog, b) || (dateOf(catalog, a) === dateOf(catalog, b) && a.id < b.id);
  return { total: matches.length, hits: topK(matches, page.offset + page.limit, better).slice(page.offset) };
}

/** Every article the query matches, unordered, with its relevance score. */
export function matchAll(parsed: ParsedQuery, index: MemoryIndex, tags: TagWords, catalog: Catalog): Hit[] {
  const textGroups = parsed.groups.filter((g) => g.items[0]!.kind === 'text');
  const filterGroups = parsed.groups.filter((g) => g.items[0]!.kind !== 'text');
  const positive = textGroups.filter((g) => !g.negated).map((g) => textGroup(g, index, tags));
  const negative = textGroups.filter((g) => g.negated).map((g) => textGroup(g, index, tags));

  let candidates: Hit[];
  if (positive.length > 0) {
    let set = positive.reduce(intersect);
    for (const not of negative) set = subtract(set, not);
    candidates = [];
    for (let i = 0; i < set.docs.length; i++) candidates.push({ id: index.idOf(set.docs[i]!), score: set.scores[i]! });
  } else {
    const excluded = new Set<number>();
    for (const not of negative) not.docs.forEach((d) => excluded.add(d));
    candidates = [];
    for (const id in catalog.articles) {
      const doc = index.docNumber(id);
      if (doc === undefined || !excluded.has(doc)) candidates.push({ id, score: 0 });
    }
  }
  const tests = filterGroups.map((g) => filterGroup(g, catalog));
  return candidates.filter((hit) => {
    const article = catalog.articles[hit.id];
    return article !== undefined && tests.every((test) => test(article));
  });
}

/** Whether one article matches: for rules on a new article, without running the whole query. */
export function matchesArticle(parsed: ParsedQuery, index: MemoryIndex, catalog: Catalog, id: string): boolean {
  const article = catalog.articles[id];
  if (!article) return false;
  const tagWords = article.tags.map((t) => tokenize(t));
  return parsed.groups.every((group) => {
    const any = group.items.some((item) =>
      item.kind === 'text'
        ? index.contains(id, item.tokens, item.prefix) || tagWords.some((words) => containsRun(words, item.tokens, item.prefix))
        : filterTest(item, catalog)(article),
    );
    return group.negated ? !any : any;
  });
}

function textGroup(group: Group, index: MemoryIndex, tags: TagWords): DocSet {
  return (group.items as TextClause[]).map((clause) => textClause(clause, index, tags)).reduce(union, EMPTY);
}

function textClause(clause: TextClause, index: MemoryIndex, tags: TagWords): DocSet {
  const found = index.lookup(clause.tokens, clause.prefix);
  const tagged = tags
    .match(clause.tokens, clause.prefix)
    .map((id) => index.docNumber(id))
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
  if (tagged.length === 0) return found;
  return union(found, { docs: Uint32Array.from(tagged), scores: new Float64Array(tagged.length).fill(TAG_SCORE) });
}

function filterGroup(group: Group, catalog: Catalog): (a: ArticleRecord) => boolean {
  const tests = (group.items as Filter[]).map((f) => filterTest(f, catalog));
  const any = (a: ArticleRecord) => tests.some((t) => t(a));
  return group.negated ? (a) => !any(a) : any;
}

function filterTest(filter: Filter, catalog: Catalog): (a: ArticleRecord) => boolean {
  switch (filter.kind) {
    case 'tag': {
      const key = tagKey(filter.value);
      return (a) => a.tags.some((t) => tagKey(t) === key);
    }
    case 'feed': {
      const name = fold(filter.value);
      const ids = new Set(Object.values(catalog.feeds).filter((f) => f.id === filter.value || fold(f.title).includes(name)).map((f) => f.id));
      return (a) => a.feedId !== null && ids.has(a.feedId);
    }
    case 'site': {
      const site = filter.value.toLowerCase().replace(/^www\./, '');
      return (a) => {
        const host = hostOf(a.url ?? (a.feedId ? (catalog.feeds[a.feedId]?.siteUrl ?? null) : null));
        return host !== null && (host === site || host.endsWith(`.${site}`));
      };
    }
    case 'is':
      return isTest(filter.value);
    case 'before':
      return (a) => sortDate(a) < filter.value;
    case 'after':
      return (a) => sortDate(a) >= filter.value;
  }
}

function isTest(value: Extract<Filter, { kind: 'is' }>['value']): (a: ArticleRecord) => boolean {
  switch (value) {
    case 'unread':
      return (a) => !a.read;
    case 'read':
      return (a) => a.read;
    case 'starred':
      return (a) => a.starred;
    case 'saved':
      return (a) => a.savedAt !== null;
  }
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

function dateOf(catalog: Catalog, hit: Hit): string {
  const a = catalog.articles[hit.id];
  return a ? sortDate(a) : '';
}

/** The best `k` items in order, without sorting everything when k is small. */
export function topK<T>(items: T[], k: number, better: (a: T, b: T) => boolean): T[] {
  const order = (a: T, b: T) => (better(a, b) ? -1 : better(b, a) ? 1 : 0);
  if (k * 4 >= items.length) return [...items].sort(order).slice(0, k);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === k && !better(item, best[k - 1]!)) continue;
    let at = best.length;
    while (at > 0 && better(item, best[at - 1]!)) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}
