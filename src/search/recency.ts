// A small prior for newer articles: among results of (nearly) the same relevance, the newer one
// comes first. One number per document of the index, from 1 (newest) to 0 (oldest) by its place
// in the date order, computed once and kept until the index or the date order changes: ranking
// by it costs an array read per match, where comparing dates cost a record lookup and a string
// build for every match tied on score (the slow case of queries that match thousands alike).

import type { ArticleRecord } from '../model/index.js';
import type { MemoryIndex } from './memory-index.js';

/** What the prior is made from: the library's records, newest first when the caller keeps them so. */
export interface DatedLibrary {
  articles: Record<string, ArticleRecord>;
  list?(): ArticleRecord[];
}

interface Prior {
  /** The date order it was made from (its identity changes when the order does). */
  from: object;
  values: Float32Array;
}

const priors = new WeakMap<MemoryIndex, Prior>();

/** How new each document of `index` is, 0 to 1 (1 for the newest); 0 for one the library lacks. */
export function recencyPrior(index: MemoryIndex, library: DatedLibrary, sortKey: (a: ArticleRecord) => string): Float32Array {
  const order = library.list?.();
  const from: object = order ?? library.articles;
  const size = index.baseSize + index.liveSize;
  const known = priors.get(index);
  if (known && known.from === from && known.values.length === size) return known.values;
  const newestFirst = order ?? byDate(Object.values(library.articles), sortKey);
  const place = new Map<string, number>();
  newestFirst.forEach((a, i) => place.set(a.id, i));
  const values = new Float32Array(size);
  const last = Math.max(newestFirst.length - 1, 1);
  for (let doc = 0; doc < size; doc++) {
    const id = index.idAt(doc);
    const at = id === undefined ? undefined : place.get(id);
    values[doc] = at === undefined ? 0 : 1 - at / last;
  }
  priors.set(index, { from, values });
  return values;
}

function byDate(articles: ArticleRecord[], sortKey: (a: ArticleRecord) => string): ArticleRecord[] {
  const keyed = articles.map((a) => [sortKey(a), a] as const);
  keyed.sort((x, y) => (x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : x[1].id < y[1].id ? -1 : 1));
  return keyed.map(([, a]) => a);
}
