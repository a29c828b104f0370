// The live search index: the segment loaded from disk, plus the documents added or changed
// since it was written (kept in memory), minus the ones removed. Adding or removing one
// article touches only memory. Looks up words, prefixes and phrases and scores them by BM25.
// Document numbers: 0..base-1 are the segment's, base+j the j-th document added since.

import type { AnalyzedDoc } from './analyze.js';
import type { Segment } from './segment.js';

const K1 = 1.2;
const B = 0.75;

/** Documents (sorted ascending) with a score each. */
export interface DocSet {
  docs: Uint32Array;
  scores: Float64Array;
}

export const EMPTY: DocSet = { docs: new Uint32Array(0), scores: new Float64Array(0) };

export class MemoryIndex {
  private readonly removedBase: Uint8Array;
  private readonly live: (AnalyzedDoc | null)[] = [];
  private readonly liveTerms = new Map<string, number[]>();
  private readonly docOf = new Map<string, number>();
  private alive = 0;
  private totalLength = 0;

  constructor(readonly base: Segment | null) {
    const n = base?.numDocs ?? 0;
    this.removedBase = new Uint8Array(n);
    if (base) {
      base.ids.forEach((id, i) => this.docOf.set(id, i));
      this.alive = n;
      for (let i = 0; i < n; i++) this.totalLength += base.docLen[i]!;
    }
  }

  get baseSize(): number {
    return this.base?.numDocs ?? 0;
  }

  /** Documents added since the segment was written (the part that is not on disk). */
  get liveSize(): number {
    return this.live.length;
  }

  get size(): number {
    return this.alive;
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /** The content hash the index holds for `id`, or null when it does not hold it. */
  hashOf(id: string): string | null {
    const doc = this.docOf.get(id);
    if (doc === undefined) return null;
    return doc < this.baseSize ? this.base!.hashes[doc]! : this.live[doc - this.baseSize]!.hash;
  }

  idOf(doc: number): string {
    return doc < this.baseSize ? this.base!.ids[doc]! : this.live[doc - this.baseSize]!.id;
  }

  docNumber(id: string): number | undefined {
    return this.docOf.get(id);
  }

  ids(): IterableIterator<string> {
    return this.docOf.keys();
  }

  /** The documents held in memory (added since the segment was written), by id. */
  liveDocs(): Map<string, AnalyzedDoc> {
    const out = new Map<string, AnalyzedDoc>();
    for (const doc of this.live) if (doc) out.set(doc.id, doc);
    return out;
  }

  /** Add a document, replacing any earlier version of it. */
  add(doc: AnalyzedDoc): void {
    this.remove(doc.id);
    const j = this.live.length;
    this.live.push(doc);
    for (const term of doc.terms.keys()) {
      const list = this.liveTerms.get(term);
      if (list) list.push(j);
      else this.liveTerms.set(term, [j]);
    }
    this.docOf.set(doc.id, this.baseSize + j);
    this.alive++;
    this.totalLength += doc.length;
  }

  remove(id: string): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined) return false;
    this.docOf.delete(id);
    if (doc < this.baseSize) {
      this.removedBase[doc] = 1;
      this.totalLength -= this.base!.docLen[doc]!;
    } else {
      this.totalLength -= this.live[doc - this.baseSize]!.length;
      this.live[doc - this.baseSize] = null;
    }
    this.alive--;
    return true;
  }

  /**
   * Documents holding the words `tokens` one after the other (the last one as a prefix when
   * `prefix`), scored by BM25 summed over the words.
   */
  lookup(tokens: string[], prefix: boolean): DocSet {
    const slots = tokens.map((token, i) => this.expand(token, prefix && i === tokens.length - 1));
    if (slots.some((s) => s.base.length === 0 && s.live.length === 0)) return EMPTY;
    const sets = slots.map((s) => this.score(s));
    let result = sets.reduce(intersect);
    if (tokens.length > 1) result = this.keepPhrases(result, slots);
    return result;
  }

  /** Whether one document holds the words (as `lookup` would find it), without scanning others. */
  contains(id: string, tokens: string[], prefix: boolean): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined || tokens.length === 0) return false;
    const lists = tokens.map((token, i) => this.positionsIn(doc, this.expand(token, prefix && i === tokens.length - 1)));
    if (lists.some((l) => l.length === 0)) return false;
    return tokens.length === 1 || inSequence(lists);
  }

  private expand(token: string, prefix: boolean): Slot {
    const slot: Slot = { base: [], live: [] };
    if (this.base) {
      if (prefix) {
        const [from, to] = this.base.prefixRange(token);
        for (let t = from; t < to; t++) slot.base.push(t);
      } else {
        const t = this.base.termIndex(token);
        if (t !== -1) slot.base.push(t);
      }
    }
    if (prefix) {
      for (const term of this.liveTerms.keys()) if (term.startsWith(token)) slot.live.push(term);
    } else if (this.liveTerms.has(token)) {
      slot.live.push(token);
    }
    return slot;
  }

  /** BM25 of one word slot (summed over its expansions) for every document that has it. */
  private score(slot: Slot): DocSet {
    const n = Math.max(this.alive, 1);
    const avg = this.totalLength / n || 1;
    const base = this.base;
    const single = slot.base.length + slot.live.length === 1;
    const dense = single ? null : new Float64Array(this.baseSize + this.live.length);
    const outDocs: number[] = [];
    const outScores: number[] = [];
    const put = (doc: number, s: number) => {
      if (dense) dense[doc]! += s;
      else {
        outDocs.push(doc);
        outScores.push(s);
      }
    };
    for (const t of slot.base) {
      const from = base!.termStart[t]!;
      const to = base!.termStart[t + 1]!;
      const df = to - from + (this.liveTerms.get(base!.terms[t]!)?.length ?? 0);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = from; i < to; i++) {
        const doc = base!.postDocs[i]!;
        if (this.removedBase[doc]) continue;
        const tf = base!.postTf[i]!;
        put(doc, (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * base!.docLen[doc]!) / avg)));
      }
    }
    for (const term of slot.live) {
      const docs = this.liveTerms.get(term)!;
      const df = docs.length + (base ? postingsCount(base, term) : 0);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (const j of docs) {
        const doc = this.live[j];
        if (!doc) continue;
        const tf = doc.terms.get(term)!.tf;
        put(this.baseSize + j, (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / avg)));
      }
    }
    if (!dense) return { docs: Uint32Array.from(outDocs), scores: Float64Array.from(outScores) };
    for (let d = 0; d < dense.length; d++) {
      if (dense[d]! > 0) {
        outDocs.push(d);
        outScores.push(dense[d]!);
      }
    }
    return { docs: Uint32Array.from(outDocs), scores: Float64Array.from(outScores) };
  }

  /** Keep the documents where the slots' words stand next to each other, in order. */
  private keepPhrases(set: DocSet, slots: Slot[]): DocSet {
    const docs: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < set.docs.length; i++) {
      const doc = set.docs[i]!;
      if (inSequence(slots.map((slot) => this.positionsIn(doc, slot)))) {
        docs.push(doc);
        scores.push(set.scores[i]!);
      }
    }
    return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores) };
  }

  private positionsIn(doc: number, slot: Slot): number[] {
    const out: number[] = [];
    if (doc < this.baseSize) {
      const base = this.base!;
      for (const t of slot.base) {
        const i = findPosting(base.postDocs, base.termStart[t]!, base.termStart[t + 1]!, doc);
        if (i === -1) continue;
        for (let p = base.postPos[i]!; p < base.postPos[i + 1]!; p++) out.push(base.positions[p]!);
      }
    } else {
      const live = this.live[doc - this.baseSize];
      for (const term of slot.live) out.push(...(live?.terms.get(term)?.positions ?? []));
    }
    return out;
  }
}

interface Slot {
  /** Dictionary indices in the segment. */
  base: number[];
  /** Terms in the live part. */
  live: string[];
}

/** Whether some position p in lists[0] has p+1 in lists[1], p+2 in lists[2], … */
function inSequence(lists: number[][]): boolean {
  const rest = lists.slice(1).map((l) => new Set(l));
  return lists[0]!.some((p) => rest.every((s, k) => s.has(p + k + 1)));
}

function postingsCount(base: Segment, term: string): number {
  const t = base.termIndex(term);
  return t === -1 ? 0 : base.termStart[t + 1]! - base.termStart[t]!;
}

function findPosting(docs: Uint32Array, from: number, to: number, doc: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && docs[lo] === doc ? lo : -1;
}

/** Documents in both sets, scores added. */
export function intersect(a: DocSet, b: DocSet): DocSet {
  const docs: number[] = [];
  const scores: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x === y) {
      docs.push(x);
      scores.push(a.scores[i++]! + b.scores[j++]!);
    } else if (x < y) i++;
    else j++;
  }
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores) };
}

/** Documents in either set, scores added. */
export function union(a: DocSet, b: DocSet): DocSet {
  const docs: number[] = [];
  const scores: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? a.docs[i]! : Infinity;
    const y = j < b.docs.length ? b.docs[j]! : Infinity;
    if (x === y) {
      docs.push(x);
      scores.push(a.scores[i++]! + b.scores[j++]!);
    } else if (x < y) {
      docs.push(x);
      scores.push(a.scores[i++]!);
    } else {
      docs.push(y);
      scores.push(b.scores[j++]!);
    }
  }
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores) };
}

/** Documents of `a` not in `b`. */
export function subtract(a: DocSet, b: DocSet): DocSet {
  const docs: number[] = [];
  const scores: number[] = [];
  let j = 0;
  for (let i = 0; i < a.docs.length; i++) {
    const x = a.docs[i]!;
    while (j < b.docs.length && b.docs[j]! < x) j++;
    if (j < b.docs.length && b.docs[j] === x) continue;
    docs.push(x);
    scores.push(a.scores[i]!);
  }
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores) };
}
