// The compressed segment: postings (document gaps, weighted counts) and positions as varints,
// decoded per term when the term is used. It must give exactly what analyzing the documents in
// memory gives, and refuse a damaged file (CorruptSegmentError, never a crash or a wrong
// answer), even one whose checksum was made to match, so that the archive rebuilds it.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, analyze, type IndexDoc } from '../../src/search/analyze.js';
import { MemoryIndex } from '../../src/search/memory-index.js';
import { type DocMeta, PersistentIndex } from '../../src/search/index.js';
import { CorruptSegmentError, Segment, SegmentBuilder, sealSegment, segmentSections } from '../../src/search/segment.js';

function rand(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['alpha', 'beta', 'gamma', 'delta', 'the', 'in', 'open', 'source', 'gpu', 'prog', 'program', 'programs', 'zeta', 'données', 'x'];

/** Random documents with repeated words, long bodies (positions above 127) and empty fields. */
function randomDocs(count: number, seed: number): IndexDoc[] {
  const r = rand(seed);
  const words = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(r() * r() * VOCAB.length)]!).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    id: i.toString(16).padStart(16, '0'),
    hash: `h${i}`,
    title: words(Math.floor(r() * 6)),
    byline: r() < 0.3 ? words(2) : '',
    site: r() < 0.3 ? 'example site' : '',
    body: words(Math.floor(r() * 400)),
  }));
}

function build(docs: IndexDoc[]): Buffer {
  const builder = new SegmentBuilder();
  docs.forEach((d) => builder.add(d));
  return builder.encode();
}

const docs = randomDocs(60, 7);
const bytes = build(docs);

/** A term of the segment whose lists satisfy `fits`, with where they lie in the file. */
function termWhere(fits: (df: number, segment: Segment, t: number) => boolean): { t: number; segment: Segment } {
  const segment = Segment.decode(Buffer.from(bytes));
  for (let t = 0; t < segment.terms.length; t++) if (fits(segment.df(t), segment, t)) return { t, segment };
  throw new Error('no such term');
}

/** The bytes with one change, the checksum made to match again (so only the structure is wrong). */
function damaged(change: (buf: Buffer) => void): Buffer {
  const bad = Buffer.from(bytes);
  change(bad);
  sealSegment(bad);
  return bad;
}

/** `buf` (4 bytes longer in term t's postings than `sections` say) with its header and term table agreeing. */
function withLongerList(buf: Buffer, sections: ReturnType<typeof segmentSections>, t: number, extra: number): Buffer {
  // Rewrite the term table with term t's postings length grown; all single-byte fields in these tests.
  const table: number[] = [];
  let at = sections.termInfo[0];
  const read = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buf[at++]!;
      n += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return n;
    }
  };
  while (at < sections.termInfo[1]) table.push(read());
  table[3 * t + 1]! += extra;
  const info: number[] = [];
  for (let n of table) {
    while (n >= 0x80) {
      info.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    info.push(n);
  }
  const out = Buffer.concat([buf.subarray(0, sections.termInfo[0]), Buffer.from(info), buf.subarray(sections.termInfo[1])]);
  out.writeUInt32LE(info.length, 7 * 4);
  out.writeUInt32LE(out.readUInt32LE(8 * 4) + extra, 8 * 4);
  return out;
}

describe('search: compressed segment, round trip', () => {
  it('holds the postings, counts and positions that analyzing the documents gives', () => {
    const segment = Segment.decode(Buffer.from(bytes));
    const analyzed = docs.map(analyze);
    const expected = new Map<string, { doc: number; tf: number; positions: number[] }[]>();
    analyzed.forEach((a, doc) => {
      for (const [term, hits] of a.terms) {
        if (!expected.has(term)) expected.set(term, []);
        expected.get(term)!.push({ doc, tf: hits.tf, positions: hits.positions });
      }
    });
    expect(segment.terms).toEqual([...expected.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    segment.terms.forEach((term, t) => {
      const list = segment.postings(segment.term(t));
      const want = expected.get(term)!;
      expect([...list.docs], term).toEqual(want.map((w) => w.doc));
      expect([...list.tfs], term).toEqual(want.map((w) => w.tf));
      want.forEach((w, i) => expect([...segment.positionsOf(t, i)], term).toEqual(w.positions));
    });
    analyzed.forEach((a, doc) => expect(segment.docLen[doc]).toBe(a.length));
  });

  it('answers words, prefixes and phrases as the in-memory index does', () => {
    const disk = new MemoryIndex(Segment.decode(Buffer.from(bytes)));
    const memory = new MemoryIndex(null);
    docs.forEach((d) => memory.add(analyze(d)));
    const queries: [string[], boolean][] = [
      [['alpha'], false], [['prog'], true], [['the'], false], [['open', 'source'], false], [['in', 'the'], false],
      [['the', 'prog'], true], [['alpha', 'beta', 'gamma'], false], [['nothing'], false], [['données'], false], [['example', 'site'], false],
    ];
    for (const [tokens, prefix] of queries) {
      const a = disk.lookup(tokens, prefix);
      const b = memory.lookup(tokens, prefix);
      expect([...a.docs], tokens.join(' ')).toEqual([...b.docs]);
      [...a.scores].forEach((s, i) => expect(s).toBeCloseTo(b.scores[i]!, 9));
      for (const d of docs) expect(disk.contains(d.id, tokens, prefix), `${tokens.join(' ')} in ${d.id}`).toBe(memory.contains(d.id, tokens, prefix));
    }
  });

  it('is smaller than its text', () => {
    const big = randomDocs(300, 3);
    const text = big.reduce((n, d) => n + Buffer.byteLength(d.title + d.byline + d.site + d.body), 0);
    expect(build(big).length).toBeLessThan(0.6 * text);
  });
});

describe('search: compressed segment, damaged files', () => {
  it('refuses a truncated file, with or without the checksum check', () => {
    for (const cut of [1, 7, Math.floor(bytes.length / 2)]) {
      const short = Buffer.from(bytes.subarray(0, bytes.length - cut));
      expect(() => Segment.decode(short)).toThrow(CorruptSegmentError);
      expect(() => Segment.decode(short, false)).toThrow(CorruptSegmentError);
    }
  });

  it('refuses a term table whose lists would point outside the file', () => {
    const { termInfo } = segmentSections(bytes);
    // The first entry is the first term's document count: make its lists much longer.
    const bad = damaged((b) => (b[termInfo[0] + 1] = 0x7f));
    expect(() => Segment.decode(bad, false)).toThrow(CorruptSegmentError);
    const worse = damaged((b) => b.fill(0xff, termInfo[0], termInfo[0] + 6));
    expect(() => Segment.decode(worse, false)).toThrow(CorruptSegmentError);
  });

  it('refuses a varint that runs past the end of its postings list', () => {
    const { t, segment } = termWhere((df) => df >= 2);
    const [, end] = segment.listBytes(t).postings;
    const bad = damaged((b) => (b[end - 1] = b[end - 1]! | 0x80));
    const opened = Segment.decode(bad, false);
    expect(() => opened.term(t)).toThrow(CorruptSegmentError);
    expect(() => new MemoryIndex(opened).lookup([opened.terms[t]!], false)).toThrow(CorruptSegmentError);
  });

  it('refuses a number longer than 32 bits in a list', () => {
    const { t, segment } = termWhere((df, s, k) => s.postings(k).tfs[0] === s.positionsOf(k, 0).length && s.positionsOf(k, 0).length < 64);
    const [from] = segment.listBytes(t).postings;
    // The first posting's count as a five-byte varint of 2^33 + the count: cut to 32 bits it
    // would read as the count itself, a sound-looking posting.
    const head = bytes[from + 1]!;
    const long = Buffer.from([head | 0x80, 0x80, 0x80, 0x80, 0x20]);
    const bad = Buffer.concat([bytes.subarray(0, from + 1), long, bytes.subarray(from + 2)]);
    const opened = Segment.decode(withLongerList(bad, segmentSections(bytes), t, 4), false);
    expect(() => opened.term(t)).toThrow(CorruptSegmentError);
  });

  it('refuses a document gap that goes past the document count', () => {
    const { t, segment } = termWhere((df) => df >= 1);
    const [from] = segment.listBytes(t).postings;
    const bad = damaged((b) => (b[from] = 0x7f)); // document 127 of 60
    expect(() => Segment.decode(bad, false).term(t)).toThrow(CorruptSegmentError);
  });

  it('refuses documents out of order in a postings list', () => {
    const { t, segment } = termWhere((df, s, k) => df >= 2 && s.postings(k).tfs[0]! < 64 && s.positionsOf(k, 0).length < 64);
    const [from] = segment.listBytes(t).postings;
    // The second posting starts after the first's gap and count (one byte each here): gap 0.
    const bad = damaged((b) => (b[from + 2] = 0));
    expect(() => Segment.decode(bad, false).term(t)).toThrow(CorruptSegmentError);
  });

  it('refuses positions that run past their list or do not increase, when a phrase needs them', () => {
    const { t, segment } = termWhere((df, s, k) => s.positionsOf(k, df - 1).length >= 2);
    const [, end] = segment.listBytes(t).positions;
    const past = Segment.decode(damaged((b) => (b[end - 1] = b[end - 1]! | 0x80)), false);
    expect(() => past.positionsOf(t, past.df(t) - 1)).toThrow(CorruptSegmentError);
    const term = segment.terms[t]!;
    expect(() => new MemoryIndex(past).lookup([term, term], false)).toThrow(CorruptSegmentError);
    const flat = Segment.decode(damaged((b) => (b[end - 1] = 0)), false);
    expect(() => flat.positionsOf(t, flat.df(t) - 1)).toThrow(CorruptSegmentError);
  });

  it('refuses a document length that is not a word count', () => {
    const { docLen } = segmentSections(bytes);
    for (const value of [Number.NaN, -1, 2.5, Number.POSITIVE_INFINITY]) {
      const bad = damaged((b) => b.writeFloatLE(value, docLen[0] + 4));
      expect(() => Segment.decode(bad), String(value)).toThrow(CorruptSegmentError);
    }
  });

  it('refuses a segment made by another analysis (word rules) version', () => {
    const other = damaged((b) => b.writeUInt32LE(ANALYSIS_VERSION + 1, 8));
    expect(() => Segment.decode(other)).toThrow(/analysis/);
  });

  it('is rebuilt at open when an older version made it, saying so as news rather than as damage', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cseg-'));
    const textDir = path.join(dir, 'articles');
    mkdirSync(textDir, { recursive: true });
    const note = docs[0]!;
    writeFileSync(path.join(textDir, `${note.id}.txt`), note.body);
    const metas: DocMeta[] = [{ id: note.id, hash: note.hash, title: note.title, byline: note.byline, site: note.site }];
    const source = { textDir, docs: () => metas, doc: (id: string) => metas.find((m) => m.id === id) ?? null };
    await PersistentIndex.open(path.join(dir, 'index'), source, () => undefined).close();
    const file = path.join(dir, 'index', 'segment.bin');
    const old = readFileSync(file);
    old.writeUInt32LE(ANALYSIS_VERSION - 1, 8);
    sealSegment(old);
    writeFileSync(file, old);
    const notices: { level: string; message: string }[] = [];
    const index = PersistentIndex.open(path.join(dir, 'index'), source, (e) => e.kind === 'notice' && notices.push(e));
    expect((await index.ready()).liveSize).toBe(0);
    await index.close();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.level).toBe('info');
    expect(notices[0]!.message).toMatch(/analysis version/);
    expect(readFileSync(file).readUInt32LE(8)).toBe(ANALYSIS_VERSION);
  });

  it('is rebuilt by the index of a data directory when a search finds it damaged', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cseg-'));
    const textDir = path.join(dir, 'articles');
    mkdirSync(textDir, { recursive: true });
    const metas = docs.map((d): DocMeta => {
      writeFileSync(path.join(textDir, `${d.id}.txt`), d.body);
      return { id: d.id, hash: d.hash, title: d.title, byline: d.byline, site: d.site };
    });
    const source = { textDir, docs: () => metas, doc: (id: string) => metas.find((m) => m.id === id) ?? null };
    const first = PersistentIndex.open(path.join(dir, 'index'), source, () => undefined);
    const want = [...(await first.ready()).lookup(['alpha'], false).docs];
    await first.close();
    const file = path.join(dir, 'index', 'segment.bin');
    const good = readFileSync(file);
    const segment = Segment.decode(good);
    const t = segment.termIndex('alpha');
    const [, end] = segment.listBytes(t).postings;
    const bad = Buffer.from(good);
    bad[end - 1] = bad[end - 1]! | 0x80;
    sealSegment(bad);
    writeFileSync(file, bad);
    const notices: string[] = [];
    const second = PersistentIndex.open(path.join(dir, 'index'), source, (e) => e.kind === 'notice' && notices.push(e.message));
    await expect(second.ready().then((m) => m.lookup(['alpha'], false))).rejects.toThrow(CorruptSegmentError);
    await second.recover('damaged postings');
    expect([...(await second.ready()).lookup(['alpha'], false).docs]).toEqual(want);
    expect(notices.join('\n')).toMatch(/damaged postings/);
    await second.close();
    expect(readFileSync(file).equals(good)).toBe(true);
  });
});
