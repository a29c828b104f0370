// The search bench's relevance part: the judged queries (judged-queries.json) run against the
// judged collection (judged.ts) by our engine, as the archive runs them (SegmentBuilder, then
// PersistentIndex, parseQuery without typing, execute() by relevance, top 10), and by SQLite FTS5
// with the porter stemmer and without it (bm25 with our title weight, top 10). Scored with
// MRR@10 and recall@10, overall and per kind of query.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TITLE_WEIGHT } from '../../src/search/analyze.js';
import { type Catalog, type DocMeta, execute, parseQuery, PersistentIndex, SegmentBuilder, TagWords } from '../../src/search/index.js';
import { ms, percentile, round, type Metric } from '../harness.js';
import { judgedCollection, JUDGED_QUERIES } from './judged.js';
import { type JudgedQuery, QUERY_KINDS } from './judged-queries.js';
import { records } from './records.js';
import { relevance, type Relevance, toFts5 } from './relevance.js';

const TOP = 10;

type Engine = (q: string) => string[];

export interface JudgedResult {
  metrics: Metric[];
  notes: string[];
  /** For the scenario's description. */
  documents: number;
  pages: number;
  queries: number;
}

export async function judgedRelevance(workDir: string): Promise<JudgedResult> {
  const docs = await judgedCollection();
  const queries = (JSON.parse(readFileSync(JUDGED_QUERIES, 'utf8')) as { queries: JudgedQuery[] }).queries;
  const idOfPage = new Map(docs.filter((d) => d.page !== null).map((d) => [d.page!, d.id]));
  const missing = queries.filter((q) => !idOfPage.has(q.page));
  if (missing.length) throw new Error(`judged-queries.json names pages not in the collection (${missing[0]!.page}): run bench/search/make-judged-queries.ts`);

  // Ours, as the archive builds and opens it.
  const indexDir = path.join(workDir, 'judged-index');
  mkdirSync(indexDir, { recursive: true });
  const metas: DocMeta[] = docs.map((d) => ({ id: d.id, hash: 'h', title: d.title, byline: '', site: '', lang: d.lang }));
  const builder = new SegmentBuilder();
  docs.forEach((d, i) => builder.add({ ...metas[i]!, body: d.body }));
  const encoded = builder.encode();
  writeFileSync(path.join(indexDir, 'segment.bin'), encoded);
  const byId = new Map(metas.map((m) => [m.id, m]));
  const index = PersistentIndex.open(indexDir, { textDir: workDir, docs: () => metas, doc: (id) => byId.get(id) ?? null }, () => undefined, { compactAbove: 1_000_000 });
  const memory = await index.ready();
  const catalog: Catalog = { articles: records(docs, (i) => docs[i]!.lang), feeds: {} };
  const tags = new TagWords([]);
  let oursErrors = 0;
  const ours: Engine = (q) => {
    try {
      return execute(parseQuery(q), memory, tags, catalog, { offset: 0, limit: TOP }).hits.map((h) => h.id);
    } catch {
      oursErrors++;
      return [];
    }
  };

  // FTS5 on the same documents, with and without the porter stemmer.
  const fts = (name: string, tokenize: string) => {
    const db = new Database(path.join(workDir, `judged-${name}.db`));
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = '${tokenize}')`);
    const insert = db.prepare('INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)');
    db.transaction(() => docs.forEach((d, i) => insert.run(i + 1, d.title, d.body)))();
    const select = db.prepare(`SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ${TITLE_WEIGHT}.0, 1.0) LIMIT ${TOP}`);
    const engine: Engine = (q) => (select.all(toFts5(q)) as { rowid: number }[]).map((r) => docs[r.rowid - 1]!.id);
    return { db, engine };
  };
  const porter = fts('porter', 'porter unicode61 remove_diacritics 2');
  const plain = fts('unicode61', 'unicode61 remove_diacritics 2');

  const engines: [string, Engine][] = [['ours', ours], ['FTS5 porter', porter.engine], ['FTS5 unicode61', plain.engine]];
  const rankings = new Map<string, string[][]>();
  const times = new Map<string, number[]>();
  for (const [name, engine] of engines) {
    engine(queries[0]!.q); // warm up
    const ranked: string[][] = [];
    const took: number[] = [];
    for (const { q } of queries) {
      const t = process.hrtime.bigint();
      ranked.push(engine(q));
      took.push(ms(t));
    }
    rankings.set(name, ranked);
    times.set(name, took);
  }
  await index.close();
  porter.db.close();
  plain.db.close();

  const score = (name: string, keep: (q: JudgedQuery) => boolean = () => true): Relevance =>
    relevance(queries.flatMap((q, i) => (keep(q) ? [{ ranked: rankings.get(name)![i]!, relevant: [idOfPage.get(q.page)!] }] : [])), TOP);
  const [o, p, u] = engines.map(([name]) => score(name)) as [Relevance, Relevance, Relevance];
  const metrics: Metric[] = [
    { name: `judged MRR@${TOP} (${queries.length} queries)`, value: round(o.mrr, 3), unit: '', baseline: round(p.mrr, 3), goal: '>= FTS5 porter', pass: o.mrr >= p.mrr },
    { name: `judged recall@${TOP}`, value: round(o.recall, 3), unit: '', baseline: round(p.recall, 3), goal: '>= FTS5 porter', pass: o.recall >= p.recall },
    { name: `judged MRR@${TOP}, FTS5 without porter`, value: round(u.mrr, 3), unit: '' },
    { name: `judged recall@${TOP}, FTS5 without porter`, value: round(u.recall, 3), unit: '' },
  ];
  const perKind: string[] = [];
  for (const kind of QUERY_KINDS) {
    const of = (q: JudgedQuery) => q.kind === kind;
    const [ko, kp, ku] = engines.map(([name]) => score(name, of)) as [Relevance, Relevance, Relevance];
    metrics.push({ name: `judged MRR@${TOP}, ${kind} queries (${ko.queries})`, value: round(ko.mrr, 3), unit: '', baseline: round(kp.mrr, 3) });
    perKind.push(`${kind} (${ko.queries}): MRR ours ${round(ko.mrr, 3)} / porter ${round(kp.mrr, 3)} / unicode61 ${round(ku.mrr, 3)}, recall ours ${round(ko.recall, 3)} / porter ${round(kp.recall, 3)} / unicode61 ${round(ku.recall, 3)}`);
  }
  const p50 = (name: string) => round(percentile(times.get(name)!, 50), 3);
  metrics.push({ name: 'judged query p50 (top 10)', value: p50('ours'), unit: 'ms', baseline: p50('FTS5 porter') });

  // Where we lose: the queries FTS5 porter answers better, a few of each kind.
  const losses = QUERY_KINDS.flatMap((kind) => queries
    .map((q, i) => ({ q, i }))
    .filter(({ q, i }) => q.kind === kind && rank(rankings.get('ours')![i]!, idOfPage.get(q.page)!) > rank(rankings.get('FTS5 porter')![i]!, idOfPage.get(q.page)!))
    .slice(0, 4)
    .map(({ q, i }) => `${kind} "${q.q}" (${q.page}): ours ${show(rank(rankings.get('ours')![i]!, idOfPage.get(q.page)!))}, porter ${show(rank(rankings.get('FTS5 porter')![i]!, idOfPage.get(q.page)!))}`));
  const pages = idOfPage.size;
  const textBytes = docs.reduce((s, d) => s + Buffer.byteLength(d.title) + Buffer.byteLength(d.body), 0);
  return {
    metrics,
    documents: docs.length,
    pages,
    queries: queries.length,
    notes: [
      `Judged relevance: ${queries.length} queries (bench/search/judged-queries.json, made by bench/search/make-judged-queries.ts) over ${docs.length.toLocaleString('en')} documents (${(textBytes / 2 ** 20).toFixed(1)} MB): ${pages} pages of ../shared/corpus/pages, each whole, the relevant answer of its queries; ${docs.filter((d) => d.source === 'feed').length} feed items of ../shared/corpus/feeds and ${docs.filter((d) => d.source === 'markdown').length} Markdown files of node_modules as distractors. Ours: parseQuery(q) without typing + execute() by relevance, top ${TOP}${oursErrors ? ` (${oursErrors} queries failed to run)` : ''}; FTS5: words quoted and joined with AND, ORDER BY bm25(t, ${TITLE_WEIGHT}, 1), top ${TOP}, tokenize 'porter unicode61 remove_diacritics 2' (baseline) and 'unicode61 remove_diacritics 2'.`,
      `Judged per kind: ${perKind.join('; ')}.`,
      `Judged queries FTS5 porter ranks the page higher (first 4 of each kind): ${losses.join('; ') || 'none'}.`,
    ],
  };
}

/** 1-based rank of the answer, Infinity when not in the list. */
function rank(ranked: string[], id: string): number {
  const at = ranked.indexOf(id);
  return at < 0 ? Infinity : at + 1;
}

function show(r: number): string {
  return r === Infinity ? 'not in top 10' : `#${r}`;
}
