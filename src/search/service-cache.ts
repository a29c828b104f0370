// What the search service derives cheaply from the library and drops whenever articles change:
// the date order (the no-query list's fast path), the words of the tags, the records in order.

import type { ArticleRecord } from '../model/index.js';
import { sortKey } from './execute.js';
import { TagWords } from './tag-words.js';

export class Derived {
  private words: TagWords | null = null;
  private dates: string[] | null = null;
  private datesOf = new Map<string, string>();
  private tagsOf = new Map<string, string>();
  private list: ArticleRecord[] | null = null;
  private positionOf = new Map<string, number>();

  constructor(private readonly articles: () => Record<string, ArticleRecord>) {}

  /** After articles came, went or changed: tags may differ; the date order only if sort keys did. */
  invalidate(kind: 'added' | 'changed' | 'removed', ids: string[]): void {
    const articles = this.articles();
    if (kind !== 'changed' || ids.some((id) => this.tagsOf.get(id) !== tagsOrNull(articles[id]))) this.words = null;
    if (kind !== 'changed' || ids.some((id) => this.datesOf.get(id) !== dateOrNull(articles[id]))) {
      this.dates = null;
      this.list = null;
    } else if (this.list) {
      for (const id of ids) this.refreshRecord(id);
    }
  }

  /** Every article record, newest first; a record replaced by a change is updated in place. */
  records(): ArticleRecord[] {
    if (!this.list) {
      const articles = this.articles();
      this.list = this.byDate().map((id) => articles[id]!);
      this.positionOf = new Map(this.list.map((a, i) => [a.id, i]));
    }
    return this.list;
  }

  private refreshRecord(id: string): void {
    const at = this.positionOf.get(id);
    const article = this.articles()[id];
    if (at === undefined || !article) this.list = null;
    else this.list![at] = article;
  }

  tagWords(): TagWords {
    if (!this.words) {
      const articles = Object.values(this.articles());
      this.words = new TagWords(articles);
      this.tagsOf = new Map(articles.filter((a) => a.tags.length).map((a) => [a.id, tagsOrNull(a)!]));
    }
    return this.words;
  }

  /** Article ids, newest first (sortKey descending, then id). */
  byDate(): string[] {
    if (!this.dates) {
      const dated = Object.values(this.articles()).map((a) => [a.id, sortKey(a)] as const);
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
