// The index answers as a plain linear scan does. Documents are generated from a small mixed
// English/Polish vocabulary; part of them sit in the on-disk segment, part were added since,
// some were removed or replaced, so every path of the index is compared with the scan.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import {
  analyze, type Catalog, CorruptSegmentError, execute, type IndexDoc, matchAll, MemoryIndex, parseQuery,
  type ParsedQuery, Segment, SegmentBuilder, TagWords, tokenize,
} from '../../src/search/index.js';
import { segmentSections } from '../../src/search/segment.js';
import { stemmerOf } from '../../src/search/analyze.js';
import { formsIn, languageMark, languageOf, variantsOf } from '../../src/search/terms.js';

const WORDS = [
  'sztuczna', 'sztuczną', 'sztucznej', 'inteligencja', 'inteligencję', 'Łódź', 'łódka', 'zażółć', 'gęślą', 'jaźń',
  'GPU', 'gpus', 'twitter', 'Twitterze', 'Musk', 'model', 'models', 'modeling', 'open', 'source', 'the', 'in', 'of',
  'Kraków', 'krakowski', 'café', 'naïve', 'data', 'database', 'news', 'newsletter', '人', '工', '知', '能',
];
const TAGS = ['ai', 'Machine Learning', 'gpu', 'polska', 'elon-musk'];

function rand(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

function generate(count: number, seed: number): { docs: IndexDoc[]; records: Record<string, ArticleRecord> } {
  const r = rand(seed);
  const pick = () => WORDS[Math.floor(r() * WORDS.length)]!;
  const words = (n: number) => Array.from({ length: n }, pick).join(r() < 0.3 ? ', ' : ' ');
  const docs: IndexDoc[] = [];
  const records: Record<string, ArticleRecord> = {};
  for (let i = 0; i < count; i++) {
    const id = (seed * 100000 + i).toString(16).padStart(16, '0');
    const doc = { id, hash: `h${seed}`, title: words(3), byline: r() < 0.3 ? words(2) : '', site: r() < 0.3 ? 'Gazeta Wyborcza' : '', body: words(5 + Math.floor(r() * 40)) };
    docs.push(doc);
    const tags = TAGS.filter(() => r() < 0.2);
    records[id] = record(id, doc.title, tags, i);
  }
  return { docs, records };
}

function record(id: string, title: string, tags: string[], i: number): ArticleRecord {
  const date = new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString();
  return {
    id, source: 'feed', feedId: null, guid: null, url: null, title, byline: null, siteName: null, lang: null,
    publishedAt: date, excerpt: null, wordCount: 0, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read: i % 3 === 0, starred: i % 7 === 0, tags, savedAt: null, addedAt: date,
  };
}

/**
 * The reference: look at every field of every document, word by word. A query word matches a
 * text's word when one of its forms (variantsOf) is the word's stem in the document's language
 * (a tag's word: one of the tag word's forms), or, as a prefix, starts the stem (the tag word).
 */
function linearScan(query: ParsedQuery, docs: Map<string, IndexDoc>, records: Record<string, ArticleRecord>): string[] {
  // A whole word's stems are those of the languages the documents are in (a prefix keeps every language's).
  const langs = [...new Set(['en', ...[...docs.values()].map((d) => languageOf(d.lang, d.title, d.body))])].filter((l) => languageMark(l) !== null);
  const matches = (word: string, t: string, prefix: boolean) => (prefix && word.startsWith(t)) || (prefix ? variantsOf(t) : formsIn(t, langs)).includes(word);
  const has = (fields: string[][], tokens: string[], prefix: boolean) =>
    fields.some((words) => {
      for (let s = 0; s + tokens.length <= words.length; s++) {
        if (tokens.every((t, k) => matches(words[s + k]!, t, prefix && k === tokens.length - 1))) return true;
      }
      return false;
    });
  const out: string[] = [];
  for (const [id, doc] of docs) {
    const stem = stemmerOf(doc);
    const fields = [doc.title, doc.byline, doc.site, doc.body].map((f) => tokenize(f).map(stem));
    const tags = records[id]!.tags.map(tokenize);
    const hasInTags = (tokens: string[], prefix: boolean) => tags.some((words) => tagHas(words, tokens, prefix));
    const ok = query.groups.every((g) => {
      const any = g.items.some((item) => {
        if (item.kind === 'text') return has(fields, item.tokens, item.prefix) || hasInTags(item.tokens, item.prefix);
        if (item.kind === 'tag') return records[id]!.tags.some((t) => t.toLowerCase() === item.value.toLowerCase());
        if (item.kind === 'is') return item.value === 'read' ? records[id]!.read : item.value === 'unread' ? !records[id]!.read : records[id]!.starred;
        if (item.kind === 'before') return records[id]!.publishedAt! < item.value;
        if (item.kind === 'after') return records[id]!.publishedAt! >= item.value;
        throw new Error(`the scan does not know ${item.kind}`);
      });
      return g.negated ? !any : any;
    });
    if (ok) out.push(id);
  }
  return out.sort();
}

function tagHas(words: string[], tokens: string[], prefix: boolean): boolean {
  const same = (word: string, t: string) => variantsOf(word).some((form) => variantsOf(t).includes(form));
  for (let s = 0; s + tokens.length <= words.length; s++) {
    if (tokens.every((t, k) => (prefix && k === tokens.length - 1 && words[s + k]!.startsWith(t)) || same(words[s + k]!, t))) return true;
  }
  return false;
}

const QUERIES = [
  'gpu ', 'GPU ', 'gpu', 'sztuczna ', 'sztuczną ', 'sztuczn', 'sztucznej ', 'SZTUCZNA inteligencje ', 'sztuczną inteligencję ',
  'lodz ', 'Łódź ', 'łodz ', 'zazolc gesla jazn ', 'zażółć', 'krakow ', 'Kraków krakowski ', 'cafe ', 'naive ',
  '"sztuczna inteligencja"', '"open source"', '"the model"', '"in the"', '"source open"', '"zazolc gesla jazn"',
  '-twitter ', 'gpu -twitter ', 'gpu -"open source" ', 'gpu OR musk ', 'gpu OR musk OR lodz ', 'model OR models data ',
  'mod', 'models ', 'news', 'newsletter ', 'the of in ', '人工 ', '人 ', '"知 能"', 'gazeta ', 'wyborcza gpu ',
  'machine ', '"machine learning"', 'elon ', 'elon-musk ', 'tag:ai ', 'tag:AI gpu ', '-tag:gpu gpu ', 'tag:ai OR tag:polska ',
  'is:read ', 'is:unread sztuczna ', 'is:starred -gpu ', 'before:2023-02-01 ', 'after:2023-03-01 gpu ', 'nothingmatches ',
];

function buildIndex(): { index: MemoryIndex; docs: Map<string, IndexDoc>; records: Record<string, ArticleRecord> } {
  const first = generate(300, 1);
  const builder = new SegmentBuilder();
  first.docs.forEach((d) => builder.add(d));
  const index = new MemoryIndex(Segment.decode(builder.encode()));
  const docs = new Map(first.docs.map((d) => [d.id, d]));
  const records = { ...first.records };
  // Added since the segment was written.
  const later = generate(120, 2);
  for (const d of later.docs) {
    index.add(analyze(d));
    docs.set(d.id, d);
  }
  Object.assign(records, later.records);
  // Removed: some from the segment, some from the live part.
  for (const d of [...first.docs.slice(0, 40), ...later.docs.slice(0, 10)]) {
    index.remove(d.id);
    docs.delete(d.id);
    delete records[d.id];
  }
  // Replaced: new text for documents of both parts.
  const replacements = generate(30, 3).docs;
  [...first.docs.slice(50, 65), ...later.docs.slice(20, 35)].forEach((old, i) => {
    const d = { ...replacements[i]!, id: old.id };
    index.add(analyze(d));
    docs.set(d.id, d);
  });
  return { index, docs, records };
}

describe('search: index against a linear scan', () => {
  const { index, docs, records } = buildIndex();
  const catalog: Catalog = { articles: records, feeds: {} };
  const tags = new TagWords(Object.values(records));

  // Typed as in the search box, so that a query without a trailing space ends in a prefix.
  it.each(QUERIES)('finds what a scan finds: %s', (query) => {
    const parsed = parseQuery(query, { typing: true });
    const found = matchAll(parsed, index, tags, catalog).map((h) => h.id).sort();
    expect(found).toEqual(linearScan(parsed, docs, records));
  });

  it('finds something for most queries (the table is not vacuous)', () => {
    const nonEmpty = QUERIES.filter((q) => matchAll(parseQuery(q, { typing: true }), index, tags, catalog).length > 0);
    expect(nonEmpty.length).toBeGreaterThan(QUERIES.length - 5);
  });

  it('answers each article alone as the whole query does (for rules)', async () => {
    const { matchesArticle } = await import('../../src/search/index.js');
    for (const query of QUERIES.slice(0, 30)) {
      const parsed = parseQuery(query, { typing: true });
      const all = new Set(matchAll(parsed, index, tags, catalog).map((h) => h.id));
      for (const id of [...docs.keys()].slice(0, 120)) expect(matchesArticle(parsed, index, catalog, id), `${query} ${id}`).toBe(all.has(id));
    }
  });

  it('ranks title matches above body matches and pages the results', () => {
    const builder = new SegmentBuilder();
    builder.add({ id: 'a'.repeat(16), hash: 'x', title: 'other things', byline: '', site: '', body: 'quasar once in a long text about many other things entirely' });
    builder.add({ id: 'b'.repeat(16), hash: 'x', title: 'Quasar', byline: '', site: '', body: 'a text about many other things entirely and more' });
    builder.add({ id: 'c'.repeat(16), hash: 'x', title: 'nothing', byline: '', site: '', body: 'nothing here' });
    const small = new MemoryIndex(Segment.decode(builder.encode()));
    const recs = Object.fromEntries(['a', 'b', 'c'].map((c, i) => [c.repeat(16), record(c.repeat(16), c, [], i)]));
    const page = execute(parseQuery('quasar '), small, new TagWords([]), { articles: recs, feeds: {} }, { offset: 0, limit: 10 });
    expect(page.hits.map((h) => h.id)).toEqual(['b'.repeat(16), 'a'.repeat(16)]);
    expect(page.hits[0]!.score).toBeGreaterThan(page.hits[1]!.score);
    const second = execute(parseQuery('quasar '), small, new TagWords([]), { articles: recs, feeds: {} }, { offset: 1, limit: 1 });
    expect(second).toEqual({ total: 2, hits: [page.hits[1]] });
    const byDate = execute(parseQuery('quasar sort:date'), small, new TagWords([]), { articles: recs, feeds: {} }, { offset: 0, limit: 10 });
    expect(byDate.hits.map((h) => h.id)).toEqual(['b'.repeat(16), 'a'.repeat(16)]);
  });
});

describe('search: segment and memory agree', () => {
  it('gives the same matches and scores from the segment as from documents added in memory', () => {
    const { docs } = generate(200, 5);
    const builder = new SegmentBuilder();
    docs.forEach((d) => builder.add(d));
    const onDisk = new MemoryIndex(Segment.decode(builder.encode()));
    const inMemory = new MemoryIndex(null);
    docs.forEach((d) => inMemory.add(analyze(d)));
    for (const [tokens, prefix] of [[['gpu'], false], [['sztuczna', 'inteligencja'], false], [['mod'], true], [['the', 'in'], false], [['人', '工'], false]] as const) {
      const a = onDisk.lookup([...tokens], prefix);
      const b = inMemory.lookup([...tokens], prefix);
      expect([...a.docs].map((d) => onDisk.idOf(d))).toEqual([...b.docs].map((d) => inMemory.idOf(d)));
      expect([...a.scores].map((x) => x.toFixed(9))).toEqual([...b.scores].map((x) => x.toFixed(9)));
      expect(a.docs.length).toBeGreaterThan(0);
    }
  });
});

describe('search: segment file', () => {
  const builder = new SegmentBuilder();
  generate(50, 9).docs.forEach((d) => builder.add(d));
  const bytes = builder.encode();

  it('reads back what was written', () => {
    const segment = Segment.decode(Buffer.from(bytes));
    expect(segment.numDocs).toBe(50);
    expect(segment.termIndex('gpu')).toBeGreaterThanOrEqual(0);
    expect(segment.termIndex('zzz')).toBe(-1);
  });

  it('refuses a file with a flipped byte, a cut, a wrong version or garbage', () => {
    for (const at of [70, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0xff;
      expect(() => Segment.decode(bad)).toThrow(CorruptSegmentError);
    }
    expect(() => Segment.decode(bytes.subarray(0, bytes.length - 8))).toThrow(CorruptSegmentError);
    const old = Buffer.from(bytes);
    old.writeUInt32LE(0, 4);
    expect(() => Segment.decode(old)).toThrow(/version/);
    expect(() => Segment.decode(Buffer.from('not an index at all, just some text that is long enough to pass the header size check'))).toThrow(CorruptSegmentError);
    expect(() => Segment.decode(Buffer.alloc(10))).toThrow(CorruptSegmentError);
  });

  it('refuses inconsistent postings on first use even when the checksum is not checked', () => {
    const bad = Buffer.from(bytes);
    // The first posting's document number (a one-byte varint), beyond the document count.
    bad[segmentSections(bad).postings[0]] = 0x7f;
    const segment = Segment.decode(bad, false);
    expect(() => segment.term(0)).toThrow(CorruptSegmentError);
    expect(() => new MemoryIndex(segment).lookup([segment.terms[0]!], false)).toThrow(CorruptSegmentError);
  });
});

describe('search: best k', () => {
  it('returns the same as sorting everything, ties included', async () => {
    const { topK } = await import('../../src/search/index.js');
    const r = rand(11);
    const scores = Array.from({ length: 500 }, () => Math.floor(r() * 20));
    const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    const sorted = scores.map((_, i) => i).sort((a, b) => (better(a, b) ? -1 : 1));
    for (const k of [0, 1, 7, 100, 499, 500, 800]) expect(topK(scores.length, k, better)).toEqual(sorted.slice(0, k));
  });
});

describe('search: words that are names of object properties', () => {
  it('indexes __proto__, constructor and numbers like any word', () => {
    const builder = new SegmentBuilder();
    const words = ['__proto__', 'constructor', 'tostring', 'valueof', 'hasownproperty', '0', '1', '10', 'length'];
    builder.add({ id: 'd'.repeat(16), hash: 'x', title: '', byline: '', site: '', body: words.join(' ') });
    const index = new MemoryIndex(Segment.decode(builder.encode()));
    for (const word of words) expect(index.lookup(tokenize(word), false).docs.length, word).toBe(1);
    expect(index.lookup(['prototype'], false).docs.length).toBe(0);
  });
});

describe('search: an article gone from the library but not yet from the index', () => {
  it('is skipped, not a crash', () => {
    const builder = new SegmentBuilder();
    builder.add({ id: 'e'.repeat(16), hash: 'x', title: 'kept', byline: '', site: '', body: 'shared word' });
    builder.add({ id: 'f'.repeat(16), hash: 'x', title: 'gone', byline: '', site: '', body: 'shared word' });
    const index = new MemoryIndex(Segment.decode(builder.encode()));
    const catalog: Catalog = { articles: { ['e'.repeat(16)]: record('e'.repeat(16), 'kept', [], 0) }, feeds: {} };
    for (const sort of ['', ' sort:date']) {
      const page = execute(parseQuery(`shared${sort}`), index, new TagWords([]), catalog, { offset: 0, limit: 10 });
      expect(page.hits.map((h) => h.id)).toEqual(['e'.repeat(16)]);
    }
    expect(matchAll(parseQuery('word'), index, new TagWords([]), catalog).map((h) => h.id)).toEqual(['e'.repeat(16)]);
  });
});
