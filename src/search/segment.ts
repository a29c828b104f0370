// The index on disk: one immutable binary file of sorted terms, postings (document, weighted
// count, positions) in typed arrays and a document table. It loads as views over one buffer,
// so opening costs a file read and a check, not a rebuild. A file that fails the check (wrong
// magic or version, bad checksum, inconsistent tables) is refused: the index is derived data
// and is rebuilt rather than trusted.

import { createHash } from 'node:crypto';
import type { AnalyzedDoc } from './analyze.js';

export const SEGMENT_VERSION = 1;
const MAGIC = 0x58444954; // 'TIDX' little-endian
const HEADER_BYTES = 64;
const CHECKSUM_AT = 32;

export class CorruptSegmentError extends Error {}

/** Builds a segment from analyzed documents, in the order given (document number = order). */
export class SegmentBuilder {
  private readonly terms = new Map<string, { docs: number[]; tfs: number[]; counts: number[]; positions: number[] }>();
  private readonly docs: { id: string; hash: string; length: number }[] = [];

  add(doc: AnalyzedDoc): void {
    const docNum = this.docs.length;
    this.docs.push({ id: doc.id, hash: doc.hash, length: doc.length });
    for (const [term, hits] of doc.terms) {
      let acc = this.terms.get(term);
      if (!acc) this.terms.set(term, (acc = { docs: [], tfs: [], counts: [], positions: [] }));
      acc.docs.push(docNum);
      acc.tfs.push(hits.tf);
      acc.counts.push(hits.positions.length);
      for (const p of hits.positions) acc.positions.push(p);
    }
  }

  get size(): number {
    return this.docs.length;
  }

  encode(): Buffer {
    const terms = [...this.terms.keys()].sort(compare);
    let numPostings = 0;
    let numPositions = 0;
    for (const acc of this.terms.values()) {
      numPostings += acc.docs.length;
      numPositions += acc.positions.length;
    }
    const termBytes = Buffer.from(terms.join('\n'), 'utf8');
    const docBytes = Buffer.from(this.docs.map((d) => `${d.id} ${d.hash}`).join('\n'), 'utf8');
    const layout = sectionLayout(terms.length, numPostings, numPositions, this.docs.length, termBytes.length, docBytes.length);
    const buf = Buffer.alloc(layout.total);
    const u32 = (at: number, n: number) => new Uint32Array(buf.buffer, buf.byteOffset + at, n);
    const termStart = u32(layout.termStart, terms.length + 1);
    const postDocs = u32(layout.postDocs, numPostings);
    const postTf = new Float32Array(buf.buffer, buf.byteOffset + layout.postTf, numPostings);
    const postPos = u32(layout.postPos, numPostings + 1);
    const positions = u32(layout.positions, numPositions);
    const docLen = new Float32Array(buf.buffer, buf.byteOffset + layout.docLen, this.docs.length);
    let posting = 0;
    let position = 0;
    terms.forEach((term, t) => {
      termStart[t] = posting;
      const acc = this.terms.get(term)!;
      for (let i = 0; i < acc.docs.length; i++) {
        postDocs[posting] = acc.docs[i]!;
        postTf[posting] = acc.tfs[i]!;
        postPos[posting] = position;
        posting++;
        position += acc.counts[i]!;
      }
      positions.set(acc.positions, postPos[posting - acc.docs.length]!);
    });
    termStart[terms.length] = posting;
    postPos[posting] = position;
    this.docs.forEach((d, i) => (docLen[i] = d.length));
    termBytes.copy(buf, layout.terms);
    docBytes.copy(buf, layout.docs);
    const header = new Uint32Array(buf.buffer, buf.byteOffset, 8);
    header.set([MAGIC, SEGMENT_VERSION, this.docs.length, terms.length, numPostings, numPositions, termBytes.length, docBytes.length]);
    digest(buf).copy(buf, CHECKSUM_AT);
    return buf;
  }
}

/** A loaded segment: read-only views over the file's bytes. */
export class Segment {
  readonly ids: string[];
  readonly hashes: string[];
  readonly terms: string[];
  private readonly checked: Uint8Array;

  private constructor(
    readonly termStart: Uint32Array,
    readonly postDocs: Uint32Array,
    readonly postTf: Float32Array,
    readonly postPos: Uint32Array,
    readonly positions: Uint32Array,
    readonly docLen: Float32Array,
    terms: string[],
    docs: string[],
  ) {
    this.terms = terms;
    this.checked = new Uint8Array(terms.length);
    this.ids = docs.map((line) => line.slice(0, line.indexOf(' ')));
    this.hashes = docs.map((line) => line.slice(line.indexOf(' ') + 1));
  }

  get numDocs(): number {
    return this.docLen.length;
  }

  /** Index of `term` in the sorted dictionary, or -1. */
  termIndex(term: string): number {
    const at = lowerBound(this.terms, term);
    return this.terms[at] === term ? at : -1;
  }

  /** The range [from, to) of dictionary entries that start with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const from = lowerBound(this.terms, prefix);
    let to = from;
    while (to < this.terms.length && this.terms[to]!.startsWith(prefix)) to++;
    return [from, to];
  }

  /**
   * Views over a segment file's bytes, after checking that every table is consistent (so no
   * lookup can go out of bounds). The checksum is checked here too unless `checksum` is false:
   * the caller then checks it with `checksumMatches` in the background.
   */
  static decode(buf: Buffer, checksum = true): Segment {
    if (buf.length < HEADER_BYTES) throw new CorruptSegmentError('file too short');
    if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf);
    const header = new Uint32Array(buf.buffer, buf.byteOffset, 8);
    const [magic, version, numDocs, numTerms, numPostings, numPositions, termBytes, docBytes] = header as unknown as number[];
    if (magic !== MAGIC) throw new CorruptSegmentError('not an index file');
    if (version !== SEGMENT_VERSION) throw new CorruptSegmentError(`index version ${version}, expected ${SEGMENT_VERSION}`);
    const layout = sectionLayout(numTerms!, numPostings!, numPositions!, numDocs!, termBytes!, docBytes!);
    if (layout.total !== buf.length) throw new CorruptSegmentError('file size does not match its header');
    if (checksum && !digest(buf).equals(buf.subarray(CHECKSUM_AT, CHECKSUM_AT + 20))) throw new CorruptSegmentError('checksum mismatch');
    const u32 = (at: number, n: number) => new Uint32Array(buf.buffer, buf.byteOffset + at, n);
    const terms = numTerms === 0 ? [] : buf.toString('utf8', layout.terms, layout.terms + termBytes!).split('\n');
    const docs = numDocs === 0 ? [] : buf.toString('utf8', layout.docs, layout.docs + docBytes!).split('\n');
    const segment = new Segment(
      u32(layout.termStart, numTerms! + 1),
      u32(layout.postDocs, numPostings!),
      new Float32Array(buf.buffer, buf.byteOffset + layout.postTf, numPostings!),
      u32(layout.postPos, numPostings! + 1),
      u32(layout.positions, numPositions!),
      new Float32Array(buf.buffer, buf.byteOffset + layout.docLen, numDocs!),
      terms,
      docs,
    );
    segment.check(numTerms!, numDocs!);
    return segment;
  }

  /**
   * The tables every lookup starts from are checked at open: sizes, sorted terms, the term
   * table. The postings of a term are checked the first time the term is used (see `term`),
   * so that opening does not walk millions of postings; the checksum covers the rest.
   */
  private check(numTerms: number, numDocs: number): void {
    if (this.terms.length !== numTerms || this.ids.length !== numDocs) throw new CorruptSegmentError('table sizes differ');
    for (let t = 1; t < this.terms.length; t++) if (!(this.terms[t - 1]! < this.terms[t]!)) throw new CorruptSegmentError('terms out of order');
    const { termStart, postDocs, postPos } = this;
    if (termStart[0] !== 0 || termStart[numTerms] !== postDocs.length) throw new CorruptSegmentError('bad term table');
    for (let t = 0; t < numTerms; t++) if (termStart[t + 1]! <= termStart[t]!) throw new CorruptSegmentError('bad term table');
    if (postPos[0] !== 0 || postPos[postDocs.length] !== this.positions.length) throw new CorruptSegmentError('bad positions table');
  }

  /** Dictionary entry `t`, its postings checked on first use. Throws CorruptSegmentError. */
  term(t: number): number {
    if (this.checked[t]) return t;
    const { termStart, postDocs, postPos, numDocs } = this;
    const from = termStart[t]!;
    const to = termStart[t + 1]!;
    for (let i = from; i < to; i++) {
      if (postDocs[i]! >= numDocs || (i > from && postDocs[i]! <= postDocs[i - 1]!)) throw new CorruptSegmentError(`bad postings for '${this.terms[t]}'`);
      if (postPos[i + 1]! <= postPos[i]!) throw new CorruptSegmentError(`bad positions for '${this.terms[t]}'`);
    }
    this.checked[t] = 1;
    return t;
  }
}

function sectionLayout(numTerms: number, numPostings: number, numPositions: number, numDocs: number, termBytes: number, docBytes: number) {
  let at = HEADER_BYTES;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 4) * 4;
    return start;
  };
  const layout = {
    termStart: take((numTerms + 1) * 4),
    postDocs: take(numPostings * 4),
    postTf: take(numPostings * 4),
    postPos: take((numPostings + 1) * 4),
    positions: take(numPositions * 4),
    docLen: take(numDocs * 4),
    terms: take(termBytes),
    docs: take(docBytes),
    total: 0,
  };
  layout.total = at;
  return layout;
}

function digest(buf: Buffer): Buffer {
  const hash = createHash('sha1');
  hash.update(buf.subarray(0, CHECKSUM_AT));
  hash.update(buf.subarray(HEADER_BYTES));
  return hash.digest();
}

const CHUNK = 4 * 1024 * 1024;

/** The checksum check in small steps that leave the thread free in between. */
export async function checksumMatches(buf: Buffer): Promise<boolean> {
  if (buf.length < HEADER_BYTES) return false;
  const hash = createHash('sha1');
  hash.update(buf.subarray(0, CHECKSUM_AT));
  for (let at = HEADER_BYTES; at < buf.length; at += CHUNK) {
    hash.update(buf.subarray(at, Math.min(buf.length, at + CHUNK)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest().equals(buf.subarray(CHECKSUM_AT, CHECKSUM_AT + 20));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
