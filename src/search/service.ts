// The search service: the one owner of the library's full-text index (index/ in the data
// directory), its recovery from a damaged segment and the caches derived from the library. It
// lists articles with and without a query (a list's view, feed, folder and tag are filters of
// the query language: list-filters.ts) and tells which articles a query matches (rules, tagging
// by query, saved searches). It knows nothing of the archive: the archive hands it what it
// needs (SearchSource) and tells it when articles come, change and go.

import type { ArchiveEvent, ListQuery } from '../api.js';
import type { ArticleRecord, Feed } from '../model/index.js';
import type { DocMeta } from './build.js';
import { type Catalog, execute, type Hit, matchAll, matchesArticle } from './execute.js';
import { listFilters } from './list-filters.js';
import { MemoryIndex } from './memory-index.js';
import { PersistentIndex } from './persistent-index.js';
import { TidingsError } from '../errors.js';
import { hasText, type ParsedQuery, parseQuery } from './query.js';
import { CorruptSegmentError } from './segment.js';
import { TagWords } from './tag-words.js';
import { Derived } from './service-cache.js';
import { highlightOf, snippet } from './snippet.js';

/** What the service needs from the archive that opens it. */
export interface SearchSource {
  /** The library's articles and feeds as they are now (read on every use, never copied). */
  articles(): Record<string, ArticleRecord>;
  feeds(): Record<string, Feed>;
  /** Where the articles' texts are, and one text (from memory when stored a moment ago). */
  textDir: string;
  readText(id: string): Promise<string>;
  /** The folder the index is kept in. */
  indexDir: string;
  /** Index progress and notices, for the front ends. */
  emit(event: ArchiveEvent): void;
}

/** One listed article: its score and snippet when the list had a query text. */
export interface ListHit {
  id: string;
  score?: number;
  snippet?: string;
}

export interface ListPage {
  total: number;
  hits: ListHit[];
}

/** What a list with filters only runs against: it looks no word up. */
const NO_INDEX = new MemoryIndex(null);
const NO_TAGS = new TagWords([]);

export class SearchService {
  private readonly index: PersistentIndex;
  private readonly cache: Derived;
  private readonly catalog: Catalog;

  constructor(private readonly source: SearchSource) {
    this.index = openIndex(source);
    this.cache = new Derived(() => source.articles());
    const cache = this.cache;
    this.catalog = {
      get articles() {
        return source.articles();
      },
      get feeds() {
        return source.feeds();
      },
      list: () => cache.records(),
    };
  }

  /** Whether the first index is complete (until then, queries wait for it). */
  get complete(): boolean {
    return this.index.complete;
  }

  /** Resolves once the index is ready (or closed). */
  async ready(): Promise<void> {
    await this.index.ready();
  }

  /**
   * A page of a list: newest first without a query text (from the cached date order, the
   * fast path of a plain list), else as the query orders it, with scores and snippets.
   * `query`'s view, feed, folder and tag are added to its text as filters.
   */
  async list(query: ListQuery, page: { offset: number; limit: number }): Promise<ListPage> {
    const filters = listFilters(query);
    const text = query.query?.trim() ?? '';
    // By progress, a list without words runs the one engine too (its date order is the tie-break).
    // Continue reading (the started view) is most recently read first unless told otherwise.
    const sort = query.sort === 'progress' || query.sort === 'recent' ? query.sort : query.view === 'started' && !query.sort ? 'recent' : null;
    if (text === '' && filters.length === 0 && sort === null) {
      const all = this.cache.byDate();
      const articles = this.source.articles();
      // An article deleted a moment ago stays in the cached order until the hook has run.
      return { total: all.length, hits: all.slice(page.offset, page.offset + page.limit).filter((id) => articles[id]).map((id) => ({ id })) };
    }
    if (text === '') {
      // Filters only: the records answer in date order, without waiting for the index (a view
      // opened while the index is built answers at once). A plain list: no scores, no snippets.
      const found = execute({ groups: filters, sort }, NO_INDEX, NO_TAGS, this.catalog, page);
      return { total: found.total, hits: found.hits.map((hit) => ({ id: hit.id })) };
    }
    const parsed = parseQuery(query.query!, { typing: query.typing === true });
    if (query.sort) parsed.sort = query.sort;
    else if (parsed.sort === null && query.view === 'started') parsed.sort = 'recent';
    parsed.groups.push(...filters);
    const found = await this.withIndex((memory) => execute(parsed, memory, this.cache.tagWords(), this.catalog, page));
    const hits = found.hits.filter((hit) => this.source.articles()[hit.id]);
    return { total: found.total, hits: await Promise.all(hits.map((hit) => this.withSnippet(parsed, hit))) };
  }

  /** Every article a query matches (ids with scores), unordered. */
  async matching(query: string | ParsedQuery): Promise<Hit[]> {
    const parsed = toMatch(query);
    return this.withIndex((memory) => matchAll(parsed, memory, this.cache.tagWords(), this.catalog));
  }

  /** Those of `ids` a query matches, each looked at alone (rules on new articles). */
  async matchingAmong(query: string | ParsedQuery, ids: string[]): Promise<string[]> {
    const parsed = toMatch(query);
    return this.withIndex((memory) => ids.filter((id) => matchesArticle(parsed, memory, this.catalog, id)));
  }

  /** The index learns new and changed articles (their text comes from memory, not read back). */
  async update(ids: { added: string[]; changed: string[] }): Promise<void> {
    if (ids.added.length > 0) {
      this.cache.invalidate('added', ids.added);
      await this.index.update(ids.added);
    }
    if (ids.changed.length > 0) {
      this.cache.invalidate('changed', ids.changed);
      await this.index.update(ids.changed);
    }
  }

  remove(ids: string[]): void {
    this.cache.invalidate('removed', ids);
    this.index.remove(ids);
  }

  /** Stop a rebuild: whoever waits for the index is let go at once. */
  async close(): Promise<void> {
    await this.index.close();
  }

  /**
   * Run `work` on the complete index. A segment found corrupt while reading it is rebuilt and
   * the work done again: the index is derived data, never a reason to fail a search.
   */
  private async withIndex<T>(work: (memory: MemoryIndex) => T): Promise<T> {
    try {
      return work(await this.index.ready());
    } catch (error) {
      if (!(error instanceof CorruptSegmentError)) throw error;
      await this.index.recover(error.message);
      return work(await this.index.ready());
    }
  }

  private async withSnippet(parsed: ParsedQuery, hit: Hit): Promise<ListHit> {
    const out: ListHit = { id: hit.id, score: hit.score };
    if (hasText(parsed)) out.snippet = snippet(await this.source.readText(hit.id).catch(() => ''), highlightOf(parsed));
    return out;
  }
}

function openIndex(source: SearchSource): PersistentIndex {
  const metaOf = (a: ArticleRecord): DocMeta => ({
    id: a.id,
    hash: `${(a.contentHash ?? '').slice(0, 16)}.${fnv1a(`${a.title}\u0000${a.byline ?? ''}\u0000${a.siteName ?? ''}\u0000${a.lang ?? ''}`)}`,
    title: a.title,
    byline: a.byline ?? '',
    site: a.siteName ?? '',
    lang: a.lang,
  });
  return PersistentIndex.open(
    source.indexDir,
    {
      textDir: source.textDir,
      readText: (id) => source.readText(id),
      docs: () => Object.values(source.articles()).map(metaOf),
      doc: (id) => {
        const article = source.articles()[id];
        return article ? metaOf(article) : null;
      },
    },
    (event) => {
      if (event.kind === 'progress') source.emit({ type: 'index', phase: event.phase, done: event.done, total: event.total });
      else source.emit({ type: 'notice', level: event.level, message: event.message });
    },
  );
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/**
 * A query to match articles by (rules, tagging). One with no terms at all (an emoji, only
 * punctuation) would match every article: a rule or a bulk tag acting on the whole library.
 */
function toMatch(query: string | ParsedQuery): ParsedQuery {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  if (parsed.groups.length === 0) {
    const text = typeof query === 'string' ? query : null;
    throw new TidingsError('search', text, 'the query has nothing to search for (no words, no operators like tag: or is:)', 'invalid');
  }
  return parsed;
}
