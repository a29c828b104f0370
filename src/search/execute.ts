// Runs a parsed query: words and phrases through the index (and the articles' tags), then the
// operators (tag:, is:, feed:, site:, dates) on the article records, then the order (relevance
// or date) and the page asked for.

import type { ArticleRecord, Feed } from '../model/index.js';
import { tagKey } from '../model/index.js';
import { fold, tokenize } from './fold.js';
import { type DocSet, EMPTY, EXACT_TIER, type MemoryIndex, intersect, subtract, union } from './memory-index.js';
import type { Filter, Group, ParsedQuery, TextClause } from './query.js';
import { recencyPrior } from './recency.js';
import { type TagWords, containsRun } from './tag-words.js';

/** What a query runs against: the records of the library and its feeds. */
export interface Catalog {
  articles: Record<string, ArticleRecord>;
  feeds: Record<string, Feed>;
  /**
   * The same articles as a list, newest first (sortKey, then id), when the caller keeps one:
   * walking a 50k-key object is slow, and a list already in order needs no sorting.
   */
  list?(): ArticleRecord[];
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

/** The fields an article's place in time comes from (a record or its summary). */
export type DatedArticle = Pick<ArticleRecord, 'savedAt' | 'publishedAt' | 'addedAt'>;

/**
 * The date an article stands at in time, for "Today", "newest first" and date filters: when it
 * was saved, for a saved page; else when it was published; else (no usable date, or a date
 * after the item was first seen, which would keep it on top for years) when it was first seen.
 */
export function sortDate(a: DatedArticle): string {
  if (a.savedAt !== null) return a.savedAt;
  if (a.publishedAt !== null && a.publishedAt <= a.addedAt) return a.publishedAt;
  return a.addedAt;
}

/** Local midnight as an ISO time: where "today" (is:today, the Today view) starts. */
export function startOfToday(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** Whether the date an article stands at is when we first saw it, not one its source gave. */
export function isFirstSeen(a: DatedArticle): boolean {
  return a.savedAt === null && (a.publishedAt === null || a.publishedAt > a.addedAt);
}

/** Positions a feed rank leaves room for within one second of refreshes. */
const RANK_SPAN = 100_000;

/**
 * The rank of the item at `index` of a feed stored by a refresh at `refreshedAt` (ms): larger
 * is newer, so items of one date list as their feed lists them, this refresh's before older ones.
 */
export function feedRank(refreshedAt: number, index: number): number {
  return Math.floor(refreshedAt / 1000) * RANK_SPAN - Math.min(index, RANK_SPAN - 1);
}

/**
 * The key "newest first" sorts by, descending (then the id, ascending): the date to the second,
 * then the item's rank in its feed. An item first seen stands at the second of the refresh that
 * stored it (its rank's), not at its own store time, so the undated items of one refresh tie and
 * keep the feed order even when storing them straddled a second. Plain strings: comparing
 * 50,000 of them costs about what comparing the dates did.
 */
export function sortKey(a: ArticleRecord): string {
  const ranked = Number.isSafeInteger(a.feedRank) && a.feedRank! > 0;
  if (!ranked) return `${sortDate(a).slice(0, 19)}\u0000`;
  const rank = a.feedRank!;
  const date = isFirstSeen(a) ? new Date(Math.floor(rank / RANK_SPAN) * 1000).toISOString() : sortDate(a);
  return `${date.slice(0, 19)}\u0000${String(rank).padStart(16, '0')}`;
}

export function execute(
  parsed: ParsedQuery, index: MemoryIndex, tags: TagWords, catalog: Catalog,
  page: { offset: number; limit: number }, keep?: (a: ArticleRecord) => boolean,
): ResultPage {
  const found = matchSet(parsed, index, tags, catalog, keep);
  if ((parsed.sort === 'progress' || parsed.sort === 'recent') && found.records && catalog.list) {
    // Operators only, in date order already: the started ones moved up, furthest read first
    // or most recently read first (a stable sort: ties keep the date order). Few are started;
    // the rest stay put.
    const started = found.records.filter(isStarted);
    const order = parsed.sort === 'recent' ? stableByRecent : stableByProgress;
    const ordered = started.length === 0 ? found.records : [...order(started), ...found.records.filter((a) => !isStarted(a))];
    const page_ = ordered.slice(page.offset, page.offset + page.limit);
    return { total: found.count, hits: page_.map((a) => ({ id: a.id, score: 0 })) };
  }
  if (found.records && catalog.list) {
    // Operators only: the matches came in date order already.
    const page_ = found.records.slice(page.offset, page.offset + page.limit);
    return { total: found.count, hits: page_.map((a) => ({ id: a.id, score: 0 })) };
  }
  // Looked up once per match at most, and only when compared (few are, by relevance).
  const ids = new Map<number, string>();
  const dates = new Map<number, string>();
  const id = (i: number) => {
    let out = ids.get(i);
    if (out === undefined) ids.set(i, (out = found.ids?.[i] ?? index.idOf(found.docs![i]!)));
    return out;
  };
  const date = (i: number) => {
    let out = dates.get(i);
    if (out === undefined) dates.set(i, (out = dateOf(found.records?.[i] ?? catalog.articles[id(i)])));
    return out;
  };
  const byDate = (a: number, b: number) => date(a) > date(b) || (date(a) === date(b) && id(a) < id(b));
  const progress = (i: number) => {
    const article = found.records?.[i] ?? catalog.articles[id(i)];
    return article && isStarted(article) ? article.progress! : -1;
  };
  const byProgress = (a: number, b: number) => progress(a) > progress(b) || (progress(a) === progress(b) && byDate(a, b));
  // Most recently read first: a started article's progressAt ('' when it has none or a damaged
  // one: an old record, after those with one), then furthest read first; not started: -1.
  const readAt = (i: number) => {
    const article = found.records?.[i] ?? catalog.articles[id(i)];
    return article && isStarted(article) ? progressTime(article) : null;
  };
  const byRecent = (a: number, b: number) => {
    const x = readAt(a);
    const y = readAt(b);
    if (x !== y) return y === null || (x !== null && x > y);
    return byProgress(a, b);
  };
  const relevance = (parsed.sort === null || parsed.sort === 'relevance') && found.text;
  // By relevance: BM25 (title words weigh more), then a small prior for newer articles, so that
  // matches alike in relevance rarely tie (a tie compares dates, which costs a lookup each).
  const scores = relevance && found.docs ? withRecency(found.scores, found.docs, recencyPrior(index, catalog, sortKey)) : found.scores;
  const better = relevance
    ? (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && byDate(a, b))
    : parsed.sort === 'progress' ? byProgress : parsed.sort === 'recent' ? byRecent : byDate;
  const wanted = page.offset + page.limit;
  const words = relevance && found.docs ? nearWords(parsed) : [];
  const best = words.length > 1
    ? byNearness(topK(found.count, wanted + NEAR_CANDIDATES, better, relevance ? scores : undefined), found.docs!, scores, index.spans(words), words.length).slice(0, wanted)
    : topK(found.count, wanted, better, relevance ? scores : undefined);
  // An article deleted a moment ago may still be in the index until the hook has run: skip it.
  const hits = best.slice(page.offset).filter((i) => catalog.articles[id(i)] !== undefined);
  return { total: found.count, hits: hits.map((i) => ({ id: id(i), score: scores[i]! })) };
}

/**
 * How much newer articles gain: a share of their score, at most this one (for the newest), so
 * that only results within a few percent of each other change places, whatever the scale of
 * the scores (a handful of articles gives tiny BM25 scores, thousands larger ones).
 */
const RECENCY_WEIGHT = 0.03;
/**
 * How much words standing together gain: their score times 1 + this when next to each other,
 * less when apart (× 1 + weight × (words − 1) / (stretch − 1)); a share, like the recency prior,
 * so that it means the same for a handful of articles and for thousands. On the judged queries
 * (bench/search) MRR@10 went 0.922 → 0.933 → 0.942 → 0.946 → 0.956 for weights 0, 0.5, 1, 2, 4;
 * 2 is kept as the one that does not let nearness alone outweigh a word's rarity.
 */
const NEAR_WEIGHT = 2;
/** How many results past the page are looked at again for how near their words stand. */
const NEAR_CANDIDATES = 100;

function withRecency(scores: Float64Array, docs: Uint32Array, prior: Float32Array): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = raised(scores[i]!, 1 + RECENCY_WEIGHT * (prior[docs[i]!] ?? 0));
  return out;
}

/**
 * `score` with its relevance (the part below the exact tier, see EXACT_TIER) times `factor`: a
 * share of the tier itself would be thousands, and the newest or nearest exact match would come
 * first however weakly it matched (search as you type was ordered by date).
 */
function raised(score: number, factor: number): number {
  const tier = score >= EXACT_TIER ? Math.floor(score / EXACT_TIER) * EXACT_TIER : 0;
  return tier + (score - tier) * factor;
}

/**
 * How many of a query's words nearness is judged on: the walk over their positions costs words
 * x positions per candidate, and a query of 64 words (the most) made it take seconds.
 */
const MAX_NEAR_WORDS = 8;

/**
 * The query's single words that must all be there (not in OR, not negated, not phrases), each
 * once (a word said twice stands near itself: 64 x "the" was 64 lists of the same positions),
 * the first MAX_NEAR_WORDS of them.
 */
function nearWords(parsed: ParsedQuery): { token: string; prefix: boolean }[] {
  const seen = new Set<string>();
  const out: { token: string; prefix: boolean }[] = [];
  for (const g of parsed.groups) {
    if (g.negated || g.items.length !== 1 || g.items[0]!.kind !== 'text' || g.items[0]!.tokens.length !== 1) continue;
    const clause = g.items[0] as TextClause;
    const key = `${clause.prefix ? '*' : ''}${clause.tokens[0]!}`;
    if (seen.has(key) || out.length >= MAX_NEAR_WORDS) continue;
    seen.add(key);
    out.push({ token: clause.tokens[0]!, prefix: clause.prefix });
  }
  return out;
}

/**
 * The candidates ordered again, each score raised by how near its words stand (the smallest
 * stretch of text holding them all). `scores` gets the raised scores.
 */
function byNearness(candidates: number[], docs: Uint32Array, scores: Float64Array, span: (doc: number) => number, words: number): number[] {
  for (const i of candidates) {
    const stretch = span(docs[i]!);
    if (Number.isFinite(stretch)) scores[i] = raised(scores[i]!, 1 + (NEAR_WEIGHT * (words - 1)) / Math.max(stretch - 1, words - 1));
  }
  // A stable sort: candidates equally near keep their order.
  return candidates.sort((a, b) => scores[b]! - scores[a]!);
}

/** Every article the query matches, unordered, with its relevance score. */
export function matchAll(parsed: ParsedQuery, index: MemoryIndex, tags: TagWords, catalog: Catalog): Hit[] {
  const found = matchSet(parsed, index, tags, catalog);
  const hits: Hit[] = [];
  for (let i = 0; i < found.count; i++) {
    const id = found.ids?.[i] ?? index.idOf(found.docs![i]!);
    if (catalog.articles[id] !== undefined) hits.push({ id, score: found.scores[i]! });
  }
  return hits;
}

/** Matches as document numbers (from the index) or ids (from a scan), with scores. */
interface Found {
  count: number;
  docs: Uint32Array | null;
  ids: string[] | null;
  /** The matching records, when the matches came from a scan of the records. */
  records?: ArticleRecord[];
  scores: Float64Array;
  /** Whether the query had words to rank by. */
  text: boolean;
}

function matchSet(parsed: ParsedQuery, index: MemoryIndex, tags: TagWords, catalog: Catalog, keep?: (a: ArticleRecord) => boolean): Found {
  const textGroups = parsed.groups.filter((g) => g.items[0]!.kind === 'text');
  const filterGroups = parsed.groups.filter((g) => g.items[0]!.kind !== 'text');
  const positive = textGroups.filter((g) => !g.negated).map((g) => textGroup(g, index, tags));
  const negative = textGroups.filter((g) => g.negated).map((g) => textGroup(g, index, tags));
  const tests = filterGroups.map((g) => filterGroup(g, catalog));
  if (keep) tests.push(keep);
  const accept = (id: string) => {
    const article = catalog.articles[id];
    return article !== undefined && tests.every((test) => test(article));
  };

  if (positive.length > 0) {
    let set = positive.sort((a, b) => a.docs.length - b.docs.length).reduce(intersect);
    for (const not of negative) set = subtract(set, not);
    if (tests.length === 0) return { count: set.docs.length, docs: set.docs, ids: null, scores: set.scores, text: true };
    const docs = new Uint32Array(set.docs.length);
    const scores = new Float64Array(set.docs.length);
    let n = 0;
    for (let i = 0; i < set.docs.length; i++) {
      if (accept(index.idOf(set.docs[i]!))) {
        docs[n] = set.docs[i]!;
        scores[n++] = set.scores[i]!;
      }
    }
    return { count: n, docs: docs.subarray(0, n), ids: null, scores: scores.subarray(0, n), text: true };
  }
  // Only operators (and maybe -words): every article is looked at once, by its record.
  const excluded = new Set<string>();
  for (const not of negative) not.docs.forEach((d) => excluded.add(index.idOf(d)));
  const records: ArticleRecord[] = [];
  for (const article of catalog.list?.() ?? Object.values(catalog.articles)) {
    if ((excluded.size === 0 || !excluded.has(article.id)) && tests.every((test) => test(article))) records.push(article);
  }
  return { count: records.length, docs: null, ids: records.map((a) => a.id), records, scores: new Float64Array(records.length), text: false };
}

/** Whether one article matches: for rules on a new article, without running the whole query. */
export function matchesArticle(parsed: ParsedQuery, index: MemoryIndex, catalog: Catalog, id: string): boolean {
  const article = catalog.articles[id];
  if (!article) return false;
  const tagWords = article.tags.map((t) => tokenize(t));
  return parsed.groups.every((group) => {
    const any = group.items.some((item) =>
      item.kind === 'text'
        ? index.contains(id, item.tokens, item.prefix) || tagWords.some((words) => containsRun(words, item.tokens, item.prefix, index.languagesHeld()))
        : filterTest(item, catalog)(article),
    );
    return group.negated ? !any : any;
  });
}

function textGroup(group: Group, index: MemoryIndex, tags: TagWords): DocSet {
  const clauses = group.items as TextClause[];
  // A prefix clause puts its exact matches a tier up (EXACT_TIER); beside it in an OR, a whole
  // word's matches are exact too and go up with them ("nvidia OR gpu*": NVIDIA ranked below
  // every article saying gpu).
  const tiered = clauses.length > 1 && clauses.some((c) => c.prefix);
  const sets = clauses.map((clause) => {
    const set = textClause(clause, index, tags);
    return tiered && !clause.prefix ? { docs: set.docs, scores: set.scores.map((s) => s + EXACT_TIER) } : set;
  });
  return sets.length === 1 ? sets[0]! : sets.reduce(union, EMPTY);
}

function textClause(clause: TextClause, index: MemoryIndex, tags: TagWords): DocSet {
  const found = index.lookup(clause.tokens, clause.prefix);
  const tagged = tags
    .match(clause.tokens, clause.prefix, index.languagesHeld())
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
      return (a) => a.tags.length > 0 && a.tags.some((t) => keyOf(t) === key);
    }
    case 'feed': {
      const name = fold(filter.value);
      const wanted = filter.exact ? (f: Feed) => f.id === filter.value : (f: Feed) => f.id === filter.value || fold(f.title).includes(name);
      return feedsTest(catalog, wanted);
    }
    case 'folder': {
      const name = fold(filter.value);
      const wanted = filter.exact ? (f: Feed) => f.folder === filter.value : (f: Feed) => f.folder !== null && fold(f.folder) === name;
      return feedsTest(catalog, wanted);
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
    case 'has':
      return filter.value === 'note' ? (a) => notesOf(a).length > 0 : (a) => (a.highlights?.length ?? 0) > 0;
    case 'note':
      return (a) => holdsWords(notesOf(a), filter.words);
    case 'highlight':
      return (a) => holdsWords(a.highlights?.map((h) => h.quote.exact) ?? [], filter.words);
    case 'before':
      return (a) => sortDate(a) < filter.value;
    case 'after':
      return (a) => sortDate(a) >= filter.value;
  }
}

/** Articles of the feeds `wanted` takes (looked at once per query, not once per article). */
function feedsTest(catalog: Catalog, wanted: (f: Feed) => boolean): (a: ArticleRecord) => boolean {
  const ids = new Set(Object.values(catalog.feeds).filter(wanted).map((f) => f.id));
  return (a) => a.feedId !== null && ids.has(a.feedId);
}

function dateOf(article: ArticleRecord | undefined): string {
  return article ? sortKey(article) : '';
}

const keys = new Map<string, string>();

/** tagKey, remembered: the same few tags are compared on every article of the library. */
function keyOf(tag: string): string {
  let key = keys.get(tag);
  if (key === undefined) {
    if (keys.size > 10_000) keys.clear();
    keys.set(tag, (key = tagKey(tag)));
  }
  return key;
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
    case 'started':
      return isStarted;
    case 'today': {
      // Stands at a moment since local midnight (published, first seen or saved): not fetched since.
      const today = startOfToday();
      return (a) => sortDate(a) >= today;
    }
  }
}

/** Read past the top and not to the end (a progress out of range or not a number: not started). */
export function isStarted(a: ArticleRecord): boolean {
  return typeof a.progress === 'number' && a.progress > 0 && a.progress < 1;
}

/** When a started article was last read ('' when not known: a record from before progressAt, or a damaged one). */
function progressTime(a: ArticleRecord): string {
  const at = a.progressAt as unknown;
  return typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(at) ? at : '';
}

/** Started articles most recently read first; those without a time after, furthest read first; ties keep the order they came in. */
function stableByRecent(started: ArticleRecord[]): ArticleRecord[] {
  return started.sort((x, y) => {
    const a = progressTime(x);
    const b = progressTime(y);
    return a !== b ? (a < b ? 1 : -1) : y.progress! - x.progress!;
  });
}

/** Started articles furthest read first; equally far keep the order they came in (by date: Array sort is stable). */
function stableByProgress(started: ArticleRecord[]): ArticleRecord[] {
  return started.sort((x, y) => y.progress! - x.progress!);
}

/** The article's note and its highlights' notes. */
function notesOf(a: ArticleRecord): string[] {
  const notes = a.highlights?.flatMap((h) => (h.note ? [h.note] : [])) ?? [];
  return a.note ? [a.note, ...notes] : notes;
}

/** Whether one of `texts` holds every word (whole words, folded as the index folds them). */
function holdsWords(texts: string[], words: string[]): boolean {
  return texts.some((text) => {
    const held = new Set(tokenize(text));
    return words.every((w) => held.has(w));
  });
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * Indices 0..count-1 of the best `k` items, best first: a heap of k, so O(count · log k).
 * `scores`, when `better` puts a higher score first whatever else it compares: an item scoring
 * below the worst kept is passed over without calling `better`.
 */
export function topK(count: number, k: number, better: (a: number, b: number) => boolean, scores?: Float64Array): number[] {
  if (k <= 0) return [];
  // A heap whose root is the worst of the best so far.
  const heap: number[] = [];
  const up = (at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!better(heap[parent]!, heap[at]!)) break;
      [heap[parent], heap[at]] = [heap[at]!, heap[parent]!];
      at = parent;
    }
  };
  const down = (at: number) => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < heap.length && better(heap[worst]!, heap[left]!)) worst = left;
      if (right < heap.length && better(heap[worst]!, heap[right]!)) worst = right;
      if (worst === at) return;
      [heap[worst], heap[at]] = [heap[at]!, heap[worst]!];
      at = worst;
    }
  };
  // From the last item back: documents are numbered about as they came, so with the recency
  // prior the scores tend to fall this way and few items displace one kept.
  for (let i = count - 1; i >= 0; i--) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (scores && scores[i]! < scores[heap[0]!]!) {
      continue;
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
