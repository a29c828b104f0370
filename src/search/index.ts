// Search: the query language, word folding, the full-text index (on disk and in memory),
// running queries and cutting snippets. The archive's search part is the one user of this.

export { fold, tokenize, tokenSpans } from './fold.js';
export { parseQuery, hasText, OPERATORS, type ParsedQuery, type Group, type Item, type Filter, type TextClause } from './query.js';
export { analyze, type IndexDoc, type AnalyzedDoc } from './analyze.js';
export { SegmentBuilder, Segment, CorruptSegmentError, SEGMENT_VERSION } from './segment.js';
export { MemoryIndex } from './memory-index.js';
export { PersistentIndex, SEGMENT_FILE, type IndexSource, type IndexEvent, type IndexOptions } from './persistent-index.js';
export { type DocMeta } from './build.js';
export { TagWords, containsRun } from './tag-words.js';
export { execute, matchAll, matchesArticle, sortDate, sortKey, isFirstSeen, topK, type Catalog, type Hit, type ResultPage } from './execute.js';
export { snippet, highlightOf, escapeHtml, type Highlight } from './snippet.js';
export { MAX_QUERY_LENGTH } from './query.js';
export { feedRank } from './execute.js';
export { listFilters, type ListFilters } from './list-filters.js';
export { startOfToday } from './execute.js';
export { SearchService, type SearchSource, type ListHit, type ListPage } from './service.js';
