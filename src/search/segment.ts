// The index on disk: one immutable binary file of sorted terms, their postings and positions,
// and a document table. Postings are stored per term as document gaps and counts, positions
// per posting as gaps, all as varints (a fifth of the plain typed arrays' size); a small term
// table (document count and byte lengths per term, itself varints) is decoded at open, a
// term's postings the first time the term is used, its positions only for the documents a
// phrase check asks about. A file that fails a check (wrong magic or version, bad checksum,
// inconsistent tables or lists) is refused with CorruptSegmentError: the index is derived
// data and is rebuilt rather than trusted.

import { createHash } from 'node:crypto';
import { ANALYSIS_VERSION, type IndexDoc, TITLE_WEIGHT, analysisLanguage } from './analyze.js';
import { indexTerms, languageMark, stemmerFor } from './terms.js';

/** 2: postings and positions compressed (varints); the header carries the analysis version. */
export const SEGMENT_VERSION = 2;
const MAGIC = 0x58444954; // 'TIDX' little-endian
const HEADER_FIELDS = 12;
const CHECKSUM_AT = 64;
const HEADER_BYTES = 96;
/** Decoded postings kept at most (all terms together); past it the cache starts again. */
const CACHE_POSTINGS = 4_000_000;
/**
 * Decoded positions kept at most, apart from the postings: a phrase of common words decodes
 * millions of them, and counted with the postings it emptied the cache, so every query after
 * it decoded its words' postings again (the speed bench's plain words went 0.4 → 1.4 ms).
 */
const CACHE_POSITIONS = 8_000_000;

export class CorruptSegmentError extends Error {}

/** A sound file made by another version of the format or of the analysis: rebuilt, not damaged. */
export class OutdatedSegmentError extends CorruptSegmentError {}

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
    const lang = analysisLanguage(doc);
    const stem = stemmerFor(lang);
    [doc.title, doc.byline, doc.site, doc.body].forEach((text, field) => {
      const start = position;
      position += indexTerms(text, stem, (term, at) => {
        words.push(this.termId(term));
        where.push(start + at);
      }) + 1;
      if (field === 0) titleWords = words.length;
    });
    this.docs.push({ id: doc.id, hash: doc.hash, length: words.length });
    // The document's language (see languageMark, analyze): after the length, it is not a word.
    const mark = languageMark(lang);
    if (mark !== null) {
      words.push(this.termId(mark));
      where.push(position);
    }
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

    const termInfo = new Bytes(byName.length * 4);
    const postings = new Bytes(this.numPostings * 3);
    const positions = new Bytes(this.numPositions * 2);
    for (let r = 0; r < byName.length; r++) {
      const postFrom = postings.length;
      const posFrom = positions.length;
      let previous = -1;
      for (let k = termStartRanked[r]!; k < termStartRanked[r + 1]!; k++) {
        const i = order[k]!;
        const doc = this.postDoc[i]!;
        const from = this.postFrom[i]!;
        const to = this.endOfPosting(i);
        // The weighted count is the word count plus what title words add (whole numbers).
        const extra = Math.max(0, Math.round(this.postTf[i]! - (to - from)));
        postings.varint(previous === -1 ? doc : doc - previous);
        postings.varint(((to - from) * 2) + (extra > 0 ? 1 : 0));
        if (extra > 0) postings.varint(extra);
        previous = doc;
        let last = -1;
        for (let p = from; p < to; p++) {
          const at = this.positions[p]!;
          positions.varint(last === -1 ? at : at - last);
          last = at;
        }
      }
      termInfo.varint(termStartRanked[r + 1]! - termStartRanked[r]!);
      termInfo.varint(postings.length - postFrom);
      termInfo.varint(positions.length - posFrom);
    }

    const termBytes = Buffer.from(byName.join('\n'), 'utf8');
    const docBytes = Buffer.from(this.docs.map((d) => `${d.id} ${d.hash}`).join('\n'), 'utf8');
    const sizes = [this.docs.length * 4, termInfo.length, postings.length, positions.length, termBytes.length, docBytes.length] as const;
    const layout = sectionLayout(sizes);
    const buf = Buffer.alloc(layout.total);
    const docLen = new Float32Array(buf.buffer, buf.byteOffset + layout.docLen[0], this.docs.length);
    this.docs.forEach((d, i) => (docLen[i] = d.length));
    buf.set(termInfo.bytes(), layout.termInfo[0]);
    buf.set(postings.bytes(), layout.postings[0]);
    buf.set(positions.bytes(), layout.positions[0]);
    termBytes.copy(buf, layout.terms[0]);
    docBytes.copy(buf, layout.docs[0]);
    const header = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_FIELDS);
    header.set([MAGIC, SEGMENT_VERSION, ANALYSIS_VERSION, this.docs.length, byName.length, this.numPostings, this.numPositions, ...sizes.slice(1)]);
    sealSegment(buf);
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

function grow<T extends Uint32Array | Float32Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** A growing byte array written as varints (7 bits a byte, low first, high bit = more). */
class Bytes {
  private data: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Uint8Array(Math.max(16, capacity));
  }

  varint(n: number): void {
    let length = this.length;
    if (length + 5 > this.data.length) this.data = grow(this.data);
    const data = this.data;
    while (n >= 0x80) {
      data[length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    data[length++] = n;
    this.length = length;
  }

  bytes(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Reads varints from bytes [at, end); running past `end` or a varint longer than a 32-bit
 * number takes is a damaged file. `at` is public so that callers can read on without objects.
 */
class Reader {
  at = 0;
  end = 0;

  constructor(private readonly data: Uint8Array) {}

  seek(at: number, end: number): this {
    this.at = at;
    this.end = end;
    return this;
  }

  next(what: string): number {
    const { data, end } = this;
    let at = this.at;
    if (at >= end) throw new CorruptSegmentError(`${what}: list ends early`);
    let byte = data[at++]!;
    if (byte < 0x80) {
      this.at = at;
      return byte;
    }
    let n = byte & 0x7f;
    for (let shift = 7; ; shift += 7) {
      if (at >= end) throw new CorruptSegmentError(`${what}: number runs past its list`);
      if (shift > 28) throw new CorruptSegmentError(`${what}: number too long`);
      byte = data[at++]!;
      n += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    // Cut to 32 bits later (typed arrays, >>>), a longer number could read as a sound one.
    if (n > 0xffffffff) throw new CorruptSegmentError(`${what}: number too long`);
    this.at = at;
    return n;
  }
}

/** A term's postings, decoded: documents ascending, weighted counts, and word counts. */
export interface Postings {
  docs: Uint32Array;
  tfs: Float32Array;
  counts: Uint32Array;
  /** The term's positions, decoded when a phrase first needs them. */
  positions: Positions | null;
}

/** A term's positions: those of posting i are values[offsets[i]] up to values[offsets[i + 1]], ascending. */
export interface Positions {
  offsets: Uint32Array;
  values: Uint32Array;
}

/** A loaded segment: a term table over the file's bytes, lists decoded when used. */
export class Segment {
  readonly ids: string[];
  readonly hashes: string[];
  private readonly cache = new Map<number, Postings>();
  private cached = 0;
  private readonly withPositions = new Set<Postings>();
  private positionsCached = 0;
  private readonly reader: Reader;

  private constructor(
    private readonly buf: Buffer,
    /** Cumulative document counts per term (numTerms + 1). */
    private readonly termStart: Uint32Array,
    /** Where each term's postings start in the file (numTerms + 1). */
    private readonly postStart: Uint32Array,
    /** Where each term's positions start in the file (numTerms + 1). */
    private readonly posStart: Uint32Array,
    readonly docLen: Float32Array,
    readonly terms: string[],
    docs: string[],
  ) {
    this.reader = new Reader(buf);
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

  /** Number of documents holding dictionary entry `t` (removed ones included). */
  df(t: number): number {
    return this.termStart[t + 1]! - this.termStart[t]!;
  }

  /** Where entry t's lists lie in the file: [from, to) byte offsets (for checks and tests). */
  listBytes(t: number): { postings: [number, number]; positions: [number, number] } {
    return { postings: [this.postStart[t]!, this.postStart[t + 1]!], positions: [this.posStart[t]!, this.posStart[t + 1]!] };
  }

  /** Dictionary entry `t`, its postings decoded and checked. Throws CorruptSegmentError. */
  term(t: number): number {
    this.postings(t);
    return t;
  }

  /** The postings of entry t, decoded (and checked) on first use, then cached. */
  postings(t: number): Postings {
    const hit = this.cache.get(t);
    if (hit) return hit;
    const list = this.decodePostings(t);
    if (this.cached + list.docs.length > CACHE_POSTINGS) {
      this.cache.clear();
      this.cached = 0;
      this.dropPositions();
    }
    this.cache.set(t, list);
    this.cached += list.docs.length;
    return list;
  }

  /** The positions of entry t in its i-th posting's document, ascending. */
  positionsOf(t: number, i: number): Uint32Array {
    const { offsets, values } = this.positions(t);
    return values.subarray(offsets[i]!, offsets[i + 1]!);
  }

  /**
   * All positions of entry t, decoded (and checked) the first time a phrase needs them, then
   * cached with its postings. Decoding a whole list at once measured three times faster for
   * phrases of common words than decoding per document (finding where a document's positions
   * start means walking the list anyway); queries without phrases never decode positions.
   */
  positions(t: number): Positions {
    const list = this.postings(t);
    if (list.positions) return list.positions;
    const positions = this.decodePositions(t, list.counts);
    if (this.positionsCached + positions.values.length > CACHE_POSITIONS) this.dropPositions();
    list.positions = positions;
    this.withPositions.add(list);
    this.positionsCached += positions.values.length;
    return positions;
  }

  /** Forget every decoded positions list (their postings stay). */
  private dropPositions(): void {
    for (const list of this.withPositions) list.positions = null;
    this.withPositions.clear();
    this.positionsCached = 0;
  }

  private decodePostings(t: number): Postings {
    const n = this.df(t);
    const docs = new Uint32Array(n);
    const tfs = new Float32Array(n);
    const counts = new Uint32Array(n);
    const reader = this.reader.seek(this.postStart[t]!, this.postStart[t + 1]!);
    const what = `postings of '${this.terms[t]}'`;
    const numDocs = this.numDocs;
    let doc = -1;
    for (let i = 0; i < n; i++) {
      const gap = reader.next(what);
      if (i > 0 && gap === 0) throw new CorruptSegmentError(`${what}: documents out of order`);
      doc = i === 0 ? gap : doc + gap;
      if (doc >= numDocs) throw new CorruptSegmentError(`${what}: document ${doc} of ${numDocs}`);
      const head = reader.next(what);
      const count = head >>> 1;
      if (count === 0) throw new CorruptSegmentError(`${what}: empty posting`);
      docs[i] = doc;
      counts[i] = count;
      tfs[i] = count + (head & 1 ? reader.next(what) : 0);
    }
    if (reader.at !== reader.end) throw new CorruptSegmentError(`${what}: list longer than its postings`);
    return { docs, tfs, counts, positions: null };
  }

  private decodePositions(t: number, counts: Uint32Array): Positions {
    const offsets = new Uint32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
    const values = new Uint32Array(offsets[counts.length]!);
    const reader = this.reader.seek(this.posStart[t]!, this.posStart[t + 1]!);
    const what = `positions of '${this.terms[t]}'`;
    for (let i = 0; i < counts.length; i++) {
      let last = 0;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const gap = reader.next(what);
        if (k > offsets[i]! && gap === 0) throw new CorruptSegmentError(`${what}: not ascending`);
        values[k] = last += gap;
      }
    }
    if (reader.at !== reader.end) throw new CorruptSegmentError(`${what}: list longer than its postings`);
    return { offsets, values };
  }

  /**
   * Loads a segment file's bytes after checking its header, sizes and term table (so that no
   * lookup can go out of bounds). The checksum is checked here too unless `checksum` is false:
   * the caller then checks it with `checksumMatches` in the background. Lists are checked
   * when decoded.
   */
  static decode(buf: Buffer, checksum = true): Segment {
    if (buf.length < HEADER_BYTES) throw new CorruptSegmentError('file too short');
    if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf);
    const header = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_FIELDS);
    const [magic, version, analysis, numDocs, numTerms, numPostings, , ...rest] = header as unknown as number[];
    if (magic !== MAGIC) throw new CorruptSegmentError('not an index file');
    if (version !== SEGMENT_VERSION) throw new OutdatedSegmentError(`index version ${version}, expected ${SEGMENT_VERSION}`);
    if (analysis !== ANALYSIS_VERSION) throw new OutdatedSegmentError(`made by analysis version ${analysis}, expected ${ANALYSIS_VERSION}`);
    const [termInfoBytes, postBytes, posBytes, termBytes, docBytes] = rest as [number, number, number, number, number];
    const layout = sectionLayout([numDocs! * 4, termInfoBytes, postBytes, posBytes, termBytes, docBytes]);
    if (layout.total !== buf.length) throw new CorruptSegmentError('file size does not match its header');
    if (checksum && !digest(buf).equals(buf.subarray(CHECKSUM_AT, CHECKSUM_AT + 20))) throw new CorruptSegmentError('checksum mismatch');
    const terms = numTerms === 0 ? [] : buf.toString('utf8', layout.terms[0], layout.terms[1]).split('\n');
    const docs = numDocs === 0 ? [] : buf.toString('utf8', layout.docs[0], layout.docs[1]).split('\n');
    if (terms.length !== numTerms || docs.length !== numDocs) throw new CorruptSegmentError('table sizes differ');
    for (let t = 1; t < terms.length; t++) if (!(terms[t - 1]! < terms[t]!)) throw new CorruptSegmentError('terms out of order');
    const [termStart, postStart, posStart] = termTable(buf, layout, numTerms!, numPostings!);
    const docLen = new Float32Array(buf.buffer, buf.byteOffset + layout.docLen[0], numDocs!);
    // Scores divide by lengths: one that is not a word count would spoil every ranking.
    for (const length of docLen) if (!(length >= 0 && Number.isInteger(length))) throw new CorruptSegmentError('bad document length');
    return new Segment(buf, termStart, postStart, posStart, docLen, terms, docs);
  }
}

type Layout = ReturnType<typeof sectionLayout>;

/**
 * The term table, decoded into cumulative arrays: every term has postings, and the lists
 * together fill their sections exactly, so no term's list can point outside its section.
 */
function termTable(buf: Buffer, layout: Layout, numTerms: number, numPostings: number): [Uint32Array, Uint32Array, Uint32Array] {
  const termStart = new Uint32Array(numTerms + 1);
  const postStart = new Uint32Array(numTerms + 1);
  const posStart = new Uint32Array(numTerms + 1);
  postStart[0] = layout.postings[0];
  posStart[0] = layout.positions[0];
  const reader = new Reader(buf).seek(layout.termInfo[0], layout.termInfo[1]);
  for (let t = 0; t < numTerms; t++) {
    const df = reader.next('term table');
    const postLen = reader.next('term table');
    if (df === 0 || postLen < 2 * df) throw new CorruptSegmentError('bad term table');
    termStart[t + 1] = termStart[t]! + df;
    postStart[t + 1] = postStart[t]! + postLen;
    posStart[t + 1] = posStart[t]! + reader.next('term table');
    if (termStart[t + 1]! > numPostings || postStart[t + 1]! > layout.postings[1] || posStart[t + 1]! > layout.positions[1]) throw new CorruptSegmentError('bad term table');
  }
  if (reader.at !== reader.end || termStart[numTerms] !== numPostings || postStart[numTerms] !== layout.postings[1] || posStart[numTerms] !== layout.positions[1]) {
    throw new CorruptSegmentError('bad term table');
  }
  return [termStart, postStart, posStart];
}

/** Sections [from, to) in file order; the document lengths (float32) come first, aligned. */
function sectionLayout(sizes: readonly [number, number, number, number, number, number]) {
  let at = HEADER_BYTES;
  const take = (bytes: number): [number, number] => {
    const start = at;
    at += bytes;
    return [start, at];
  };
  const layout = {
    docLen: take(sizes[0]),
    termInfo: take(sizes[1]),
    postings: take(sizes[2]),
    positions: take(sizes[3]),
    terms: take(sizes[4]),
    docs: take(sizes[5]),
    total: 0,
  };
  layout.total = at;
  return layout;
}

/** Where a segment file's sections lie, as its header says (for tools and tests). */
export function segmentSections(buf: Buffer): Omit<Layout, 'total'> {
  const field = (k: number) => buf.readUInt32LE(k * 4);
  const sizes = [field(3) * 4, field(7), field(8), field(9), field(10), field(11)] as const;
  const { total: _total, ...sections } = sectionLayout(sizes);
  return sections;
}

/** Write a segment's checksum into its header (after the rest is written). */
export function sealSegment(buf: Buffer): void {
  digest(buf).copy(buf, CHECKSUM_AT);
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
