// bench/search/judged-queries.json as the search bench reads it: every query names a judged page
// of ../shared/corpus/pages, holds plain lower-case words both query languages read alike, and
// the set has every kind in the size the bench is meant to have. Skips when the corpus is missing.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusAvailable, CORPUS_PAGES } from '../../bench/search/corpus.js';
import { JUDGED_QUERIES, judgedPages } from '../../bench/search/judged.js';
import { type JudgedQuery, QUERY_KINDS } from '../../bench/search/judged-queries.js';

const queries = (JSON.parse(readFileSync(JUDGED_QUERIES, 'utf8')) as { queries: JudgedQuery[] }).queries;

describe('judged-queries.json', () => {
  it('holds 300 to 600 queries of every kind, two words or more, letters only, each once per page', () => {
    expect(queries.length).toBeGreaterThanOrEqual(300);
    expect(queries.length).toBeLessThanOrEqual(600);
    for (const kind of QUERY_KINDS) expect(queries.filter((q) => q.kind === kind).length).toBeGreaterThanOrEqual(30);
    for (const { q } of queries) expect(q).toMatch(/^\p{Ll}+( \p{Ll}+)+$/u);
    expect(new Set(queries.map((q) => `${q.page}\n${q.q}`)).size).toBe(queries.length);
  });

  it.skipIf(!corpusAvailable())(`names only judged pages of ${CORPUS_PAGES} (skipped when that folder is missing)`, () => {
    const pages = new Set(judgedPages().map((p) => p.page));
    expect(queries.filter((q) => !pages.has(q.page))).toEqual([]);
  });
});
