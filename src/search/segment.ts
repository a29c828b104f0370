// The index on disk: one immutable binary file of sorted terms, postings (document, weighted
// count, positions) in typed arrays and a document table. It loads as views over one buffer,
// so opening costs a file read and a check, not a rebuild. A file that fails the check (wrong
// magic or version, bad checksum, inconsistent tables) is refused: the index is derived data
// and is rebuilt rather than trusted.

import { createHash } from 'node:crypto';
import { type IndexDoc, TITLE_WEIGHT } from './analyze.js';
import { tokenize } from './fold.js';

export const SEGMENT_VERSION = 1;
const MAGIC = 0x58444954; // 'TIDX' little-endian
const HEADER_BYTES = 64;
const CHECKSUM_AT = 32;

export class CorruptSegmentError extends Error {}

/**
 * Builds a segment from documents, in the order given (document number = order). Everything
 * is kept in growing typed arrays (a term number per word, one row per posting), because
 * millions of small JS arrays made a rebuild of 20,000 articles take minutes.
 */
export class SegmentBuilder {
  /** Term → number. A null-prototype object: three times faster than a Map for this here. */
  private readonly termIds: Record<string, number> = Object.create(null) as Record<string, number>;
  private numTerms = 0;
  private readonly docs: { id: string; hash: string; length: number }[] = [];
  private postTerm = new Uint32Array(1 << 16);
  private postDoc = new Uint32Array(1 << 16);
  private postTf = new Float32Array(1 << 16);
  private postFrom = new Uint32Array(1 << 16);
  private numPostings = 0;
  private positions = new Uint32Array(1 << 18);
  private numPositions = 0;
  // Scratch space per document, indexed by term number.
  private count = new Uint32Array(1 << 12);
  private fill = new Uint32Array(1 << 12);
  private titleCount = new Uint32Array(1 << 12);

  add(doc: IndexDoc): void {
    const docNum = this.docs.length;
    const words: number[] = [];
    const where: number[] = [];
    let position = 0;
    let titleWords = 0;
    [doc.title, doc.byline, doc.site, doc.body].forEach((text, field) => {
      for (const token of tokenize(text)) {
        words.push(this.termId(token));
        where.push(position++);
      }
      if (field === 0) titleWords = words.length;
      position++;
    });
    this.docs.push({ id: doc.id, hash: doc.hash, length: words.length });
    this.ensureScratch();
    const distinct: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const t = words[i]!;
      if (this.count[t] === 0) distinct.push(t);
      this.count[t]!++;
      if (i < titleWords) this.titleCount[t]!++;
    }
    // Lay the positions out term by term, each term's in increasing order.
    this.growPositions(words.length);
    let offset = this.numPositions;
    for (const t of distinct) {
      this.fill[t] = offset;
      this.addPosting(t, docNum, this.count[t]! + (TITLE_WEIGHT - 1) * this.titleCount[t]!, offset);
      offset += this.count[t]!;
    }
    for (let i = 0; i < words.length; i++) this.positions[this.fill[words[i]!]!++] = where[i]!;
    this.numPositions = offset;
    for (const t of distinct) this.count[t] = this.titleCount[t] = 0;
  }

  get size(): number {
    return this.docs.length;
  }

  encode(): Buffer {
    const byName = Object.keys(this.termIds).sort(compare);
    const rank = new Uint32Array(byName.length);
    byName.forEach((term, r) => (rank[this.termIds[term]!] = r));
    // Counting sort of the postings by term rank; within a term they stay in document order.
    const termStartRanked = new Uint32Array(byName.length + 1);
    for (let i = 0; i < this.numPostings; i++) termStartRanked[rank[this.postTerm[i]!]! + 1]!++;
    for (let r = 0; r < byName.length; r++) termStartRanked[r + 1]! += termStartRanked[r]!;
    const order = new Uint32Array(this.numPostings);
    const next = termStartRanked.slice(0, byName.length);
    for (let i = 0; i < this.numPostings; i++) order[next[rank[this.postTerm[i]!]!]!++] = i;

    const termBytes = Buffer.from(byName.join('\n'), 'utf8');
    const docBytes = Buffer.from(this.docs.map((d) => `${d.id} ${d.hash}`).join('\n'), 'utf8');
    const layout = sectionLayout(byName.length, this.numPostings, this.numPositions, this.docs.length, termBytes.length, docBytes.length);
    const buf = Buffer.alloc(layout.total);
    const u32 = (at: number, n: number) => new Uint32Array(buf.buffer, buf.byteOffset + at, n);
    u32(layout.termStart, byName.length + 1).set(termStartRanked);
    const postDocs = u32(layout.postDocs, this.numPostings);
    const postTf = new Float32Array(buf.buffer, buf.byteOffset + layout.postTf, this.numPostings);
    const postPos = u32(layout.postPos, this.numPostings + 1);
    const positions = u32(layout.positions, this.numPositions);
    let at = 0;
    for (let k = 0; k < this.numPostings; k++) {
      const i = order[k]!;
      postDocs[k] = this.postDoc[i]!;
      postTf[k] = this.postTf[i]!;
      postPos[k] = at;
      const to = this.endOfPosting(i);
      for (let p = this.postFrom[i]!; p < to; p++) positions[at++] = this.positions[p]!;
    }
    postPos[this.numPostings] = at;
    const docLen = new Float32Array(buf.buffer, buf.byteOffset + layout.docLen, this.docs.length);
    this.docs.forEach((d, i) => (docLen[i] = d.length));
    termBytes.copy(buf, layout.terms);
    docBytes.copy(buf, layout.docs);
    const header = new Uint32Array(buf.buffer, buf.byteOffset, 8);
    header.set([MAGIC, SEGMENT_VERSION, this.docs.length, byName.length, this.numPostings, this.numPositions, termBytes.length, docBytes.length]);
    digest(buf).copy(buf, CHECKSUM_AT);
    return buf;
  }

  /** Where the positions of posting i end: postings were added with their positions in order. */
  private endOfPosting(i: number): number {
    return i + 1 < this.numPostings ? this.postFrom[i + 1]! : this.numPositions;
  }

  private termId(token: string): number {
    let id = this.termIds[token];
    if (id === undefined) {
      id = this.numTerms++;
      this.termIds[token] = id;
    }
    return id;
  }

  private addPosting(term: number, doc: number, tf: number, from: number): void {
    if (this.numPostings === this.postTerm.length) {
      this.postTerm = grow(this.postTerm);
      this.postDoc = grow(this.postDoc);
      this.postTf = grow(this.postTf);
      this.postFrom = grow(this.postFrom);
    }
    const i = this.numPostings++;
    this.postTerm[i] = term;
    this.postDoc[i] = doc;
    this.postTf[i] = tf;
    this.postFrom[i] = from;
  }

  private growPositions(extra: number): void {
    while (this.numPositions + extra > this.positions.length) this.positions = grow(this.positions);
  }

  private ensureScratch(): void {
    while (this.numTerms > this.count.length) {
      this.count = grow(this.count);
      this.fill = grow(this.fill);
      this.titleCount = grow(this.titleCount);
    }
  }
}

function grow<T extends Uint32Array | Float32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
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

const CHUNK = 1024 * 1024;

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
