// The live search index: the segment loaded from disk, plus the documents added or changed
// since it was written (kept in memory), minus the ones removed. Adding or removing one
// article touches only memory. Looks up words, prefixes and phrases and scores them by BM25.
// Document numbers: 0..base-1 are the segment's, base+j the j-th document added since.

import type { AnalyzedDoc } from './analyze.js';
import type { Segment } from './segment.js';
import { formsIn, languageMark, STEMMED_LANGUAGES, variantsOf } from './terms.js';

const K1 = 1.2;
/** How far a word being typed may run past a stem it matches, and the shortest such stem. */
const MAX_PAST_STEM = 3;
const MIN_STEM_BACKOFF = 4;
const B = 0.75;
/** Up to this many terms in one word slot are merged list by list, more are summed densely. */
const MERGE_TERMS = 4;
/** Added to a document's score when it holds a prefix-matched word itself: above any BM25 sum. */
export const EXACT_TIER = 1e6;

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
  /** The stemmed languages of the documents held, and the number of live documents it was found at. */
  private langs: { at: number; list: string[] } | null = null;

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

  /** The id of document `doc`, or undefined for one added since and removed again. */
  idAt(doc: number): string | undefined {
    return doc < this.baseSize ? this.base!.ids[doc] : this.live[doc - this.baseSize]?.id;
  }

  /**
   * For documents holding all of `words`: the size of the smallest stretch of text that holds
   * one of each (words next to each other: words.length), for ranking by nearness. Each word
   * as lookup would match it (its forms; a prefix when asked).
   */
  spans(words: { token: string; prefix: boolean }[]): (doc: number) => number {
    const slots = words.map((w) => this.expand(w.token, w.prefix));
    return (doc) => smallestWindow(slots.map((slot) => {
      const list = this.positionsIn(doc, slot);
      return slot.base.length + slot.live.length > 1 ? list.sort((a, b) => a - b) : list;
    }));
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
   * Documents holding the words `tokens` one after the other (each word in any of its forms, see
   * variantsOf; the last one also as a prefix when `prefix`), scored by BM25 summed over the
   * words. Documents that hold the last word itself rank a tier above those that hold only
   * longer words starting with it.
   */
  lookup(tokens: string[], prefix: boolean): DocSet {
    const last = tokens.length - 1;
    const slots = tokens.map((token, i) => this.expand(token, prefix && i === last));
    if (slots.some((s) => s.base.length === 0 && s.live.length === 0)) return EMPTY;
    const sets = slots
      .map((s, i) => (prefix && i === last ? this.exactFirst(this.score(s), tokens[i]!) : this.score(s)))
      .sort((x, y) => x.docs.length - y.docs.length);
    let result = sets.reduce(intersect);
    if (tokens.length > 1) result = this.keepPhrases(result, slots);
    return result;
  }

  /** `set` with EXACT_TIER added to the score of each document that holds `token` itself (in a form). */
  private exactFirst(set: DocSet, token: string): DocSet {
    const exact = this.score(this.expand(token, false));
    const scores = Float64Array.from(set.scores);
    let j = 0;
    for (let i = 0; i < set.docs.length && j < exact.docs.length; i++) {
      const doc = set.docs[i]!;
      while (j < exact.docs.length && exact.docs[j]! < doc) j++;
      if (exact.docs[j] === doc) scores[i]! += EXACT_TIER;
    }
    return { docs: set.docs, scores };
  }

  /** Whether one document holds the words (as `lookup` would find it), without scanning others. */
  contains(id: string, tokens: string[], prefix: boolean): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined || tokens.length === 0) return false;
    const lists = tokens.map((token, i) => this.positionsIn(doc, this.expand(token, prefix && i === tokens.length - 1)).sort((a, b) => a - b));
    if (lists.some((l) => l.length === 0)) return false;
    return tokens.length === 1 || inSequence(lists);
  }

  /**
   * The stemmed languages of the documents held (by their language marks, see languageMark),
   * and always English, whose words every language borrows (GPUs in a Polish article): found
   * again when documents were added. Removed ones may leave a language in: harmless.
   */
  /** The stemmed languages a query word's forms are taken in (English and those held). */
  languagesHeld(): readonly string[] {
    return this.languages();
  }

  private languages(): string[] {
    if (this.langs?.at === this.live.length) return this.langs.list;
    const list = STEMMED_LANGUAGES.filter((lang) => {
      if (lang === 'en') return true;
      const mark = languageMark(lang)!;
      return (this.base !== null && this.base.termIndex(mark) !== -1) || this.liveTerms.has(mark);
    });
    this.langs = { at: this.live.length, list };
    return list;
  }

  /**
   * The terms a query word matches: its forms in the languages held (formsIn), and with `prefix`
   * every term starting with it.
   */
  private expand(token: string, prefix: boolean): Slot {
    const base = new Set<number>();
    const live = new Set<string>();
    // A word being typed keeps its stems in every language: it is broad anyway, and a stem of
    // another language is sometimes the one the typed letters are on their way past.
    for (const variant of prefix ? variantsOf(token) : formsIn(token, this.languages())) {
      const t = this.base ? this.base.termIndex(variant) : -1;
      if (t !== -1) base.add(this.base!.term(t));
      if (this.liveTerms.has(variant)) live.add(variant);
    }
    if (prefix) {
      let longer = 0;
      if (this.base) {
        const [from, to] = this.base.prefixRange(token);
        for (let t = from; t < to; t++) base.add(this.base.term(t));
        longer += to - from;
      }
      for (const term of this.liveTerms.keys()) if (term.startsWith(token) && ++longer) live.add(term);
      // A word being typed runs past its stem ("programmi" on the way to "programming", indexed
      // as "program"): when no term starts with it, it matches a term it extends by a few letters.
      if (longer === 0) for (let length = Math.max(MIN_STEM_BACKOFF, token.length - MAX_PAST_STEM); length < token.length; length++) {
        const stem = token.slice(0, length);
        const t = this.base ? this.base.termIndex(stem) : -1;
        if (t !== -1) base.add(this.base!.term(t));
        if (this.liveTerms.has(stem)) live.add(stem);
      }
    }
    return { base: [...base], live: [...live] };
  }

  /** BM25 of one word slot (summed over its expansions) for every document that has it. */
  private score(slot: Slot): DocSet {
    const n = Math.max(this.alive, 1);
    const avg = this.totalLength / n || 1;
    const base = this.base;
    const norm = K1 * (1 - B);
    const lenFactor = (K1 * B) / avg;
    const terms = slot.base.length + slot.live.length;
    const single = terms === 1;
    // A word's few forms (software, softwar) are merged list by list; many terms (a short
    // prefix) are summed in one array over every document.
    if (terms > 1 && terms <= MERGE_TERMS) return this.mergeForms(slot);
    let capacity = 0;
    for (const t of slot.base) capacity += base!.df(t);
    for (const term of slot.live) capacity += this.liveTerms.get(term)!.length;
    const dense = single ? null : new Float64Array(this.baseSize + this.live.length);
    const docs = new Uint32Array(single ? capacity : 0);
    const scores = new Float64Array(single ? capacity : 0);
    let count = 0;
    for (const t of slot.base) {
      const { docs: postDocs, tfs: postTf } = base!.postings(t);
      const from = 0;
      const to = postDocs.length;
      // Counts removed documents too, so it is capped: idf must stay positive (score 0 = no match).
      const df = Math.min(n, to - from + (this.liveTerms.get(base!.terms[t]!)?.length ?? 0));
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1);
      const docLen = base!.docLen;
      const removed = this.removedBase;
      for (let i = from; i < to; i++) {
        const doc = postDocs[i]!;
        if (removed[doc]) continue;
        const tf = postTf[i]!;
        const s = (idf * tf) / (tf + norm + lenFactor * docLen[doc]!);
        if (dense) dense[doc]! += s;
        else {
          docs[count] = doc;
          scores[count++] = s;
        }
      }
    }
    for (const term of slot.live) {
      const list = this.liveTerms.get(term)!;
      const df = Math.min(n, list.length + (base ? postingsCount(base, term) : 0));
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1);
      for (const j of list) {
        const doc = this.live[j];
        if (!doc) continue;
        const tf = doc.terms.get(term)!.tf;
        const s = (idf * tf) / (tf + norm + lenFactor * doc.length);
        if (dense) dense[this.baseSize + j]! += s;
        else {
          docs[count] = this.baseSize + j;
          scores[count++] = s;
        }
      }
    }
    if (!dense) return { docs: docs.subarray(0, count), scores: scores.subarray(0, count) };
    return fromDense(dense);
  }

  /** score() of a slot of a few terms: each term scored alone, the lists merged (scores added). */
  private mergeForms(slot: Slot): DocSet {
    const parts = [...slot.base.map((t): Slot => ({ base: [t], live: [] })), ...slot.live.map((term): Slot => ({ base: [], live: [term] }))];
    return parts.map((part) => this.score(part)).reduce(union);
  }

  /** Keep the documents where the slots' words stand next to each other, in order. */
  private keepPhrases(set: DocSet, slots: Slot[]): DocSet {
    const docs = new Uint32Array(set.docs.length);
    const scores = new Float64Array(set.docs.length);
    let count = 0;
    const cursors = slots.map((slot) => slot.base.map(() => 0));
    // Common case: each word is one term of the segment; compare positions where they lie.
    const simple = this.base && slots.every((slot) => slot.base.length === 1) ? slots.map((slot) => this.termLists(slot.base[0]!)) : null;
    const ranges = new Uint32Array(slots.length * 2);
    for (let i = 0; i < set.docs.length; i++) {
      const doc = set.docs[i]!;
      const found = simple && doc < this.baseSize
        ? rangesAt(doc, simple, cursors, ranges) && rangesInSequence(simple, ranges)
        : inSequence(slots.map((slot, k) => this.positionsAt(doc, slot, cursors[k]!)));
      if (found) {
        docs[count] = doc;
        scores[count++] = set.scores[i]!;
      }
    }
    return { docs: docs.subarray(0, count), scores: scores.subarray(0, count) };
  }

  /** A segment term's documents and positions, decoded. */
  private termLists(t: number): TermLists {
    const { docs } = this.base!.postings(t);
    return { docs, ...this.base!.positions(t) };
  }

  /**
   * Positions of a slot's words in `doc`, sorted. `cursors` (one per segment term of the slot)
   * move forward through the postings, as documents are asked for in increasing order.
   */
  private positionsAt(doc: number, slot: Slot, cursors: number[]): number[] {
    if (doc >= this.baseSize) return this.livePositions(doc, slot);
    const base = this.base!;
    const out: number[] = [];
    slot.base.forEach((t, k) => {
      const i = advance(base.postings(t).docs, cursors, k, doc);
      if (i !== -1) for (const p of base.positionsOf(t, i)) out.push(p);
    });
    return slot.base.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  private positionsIn(doc: number, slot: Slot): number[] {
    if (doc >= this.baseSize) return this.livePositions(doc, slot);
    const base = this.base!;
    const out: number[] = [];
    for (const t of slot.base) {
      const docs = base.postings(t).docs;
      const i = findPosting(docs, 0, docs.length, doc);
      if (i !== -1) for (const p of base.positionsOf(t, i)) out.push(p);
    }
    return out;
  }

  private livePositions(doc: number, slot: Slot): number[] {
    const live = this.live[doc - this.baseSize];
    const out: number[] = [];
    // A loop, not push(...list): a word occurring 100,000+ times would overflow the stack.
    for (const term of slot.live) for (const p of live?.terms.get(term)?.positions ?? []) out.push(p);
    if (slot.live.length > 1) out.sort((a, b) => a - b);
    return out;
  }
}

/** The smallest stretch of positions holding one of each list (lists sorted); Infinity if one is empty. */
export function smallestWindow(lists: ArrayLike<number>[]): number {
  if (lists.some((l) => l.length === 0)) return Infinity;
  const at = new Array<number>(lists.length).fill(0);
  let best = Infinity;
  for (;;) {
    let low = 0;
    let high = -Infinity;
    for (let k = 0; k < lists.length; k++) {
      const p = lists[k]![at[k]!]!;
      if (p < lists[low]![at[low]!]!) low = k;
      if (p > high) high = p;
    }
    best = Math.min(best, high - lists[low]![at[low]!]! + 1);
    if (++at[low]! >= lists[low]!.length) return best;
  }
}

/** Move cursors[k] through `docs` to `doc`; its posting index, or -1 when `doc` lacks it. */
function advance(docs: Uint32Array, cursors: number[], k: number, doc: number): number {
  let i = cursors[k]!;
  while (i < docs.length && docs[i]! < doc) i++;
  cursors[k] = i;
  return i < docs.length && docs[i] === doc ? i : -1;
}

interface TermLists {
  docs: Uint32Array;
  offsets: Uint32Array;
  values: Uint32Array;
}

/** Where each term's positions in `doc` lie in its values (pairs of from, to); false when one lacks it. */
function rangesAt(doc: number, terms: TermLists[], cursors: number[][], out: Uint32Array): boolean {
  for (let k = 0; k < terms.length; k++) {
    const { docs, offsets } = terms[k]!;
    const i = advance(docs, cursors[k]!, 0, doc);
    if (i === -1) return false;
    out[2 * k] = offsets[i]!;
    out[2 * k + 1] = offsets[i + 1]!;
  }
  return true;
}

/** inSequence over ranges of the terms' positions: ranges[2k], ranges[2k+1] for word k. */
function rangesInSequence(terms: TermLists[], ranges: Uint32Array): boolean {
  const words = terms.length;
  const cursors = new Uint32Array(words);
  for (let k = 0; k < words; k++) cursors[k] = ranges[2 * k]!;
  const first = terms[0]!.values;
  for (let c0 = ranges[0]!; c0 < ranges[1]!; c0++) {
    const p = first[c0]!;
    let all = true;
    for (let k = 1; k < words && all; k++) {
      const positions = terms[k]!.values;
      const end = ranges[2 * k + 1]!;
      let c = cursors[k]!;
      while (c < end && positions[c]! < p + k) c++;
      cursors[k] = c;
      all = c < end && positions[c] === p + k;
    }
    if (all) return true;
  }
  return false;
}

interface Slot {
  /** Dictionary indices in the segment. */
  base: number[];
  /** Terms in the live part. */
  live: string[];
}

/** Whether some position p in lists[0] has p+1 in lists[1], p+2 in lists[2], … (lists sorted). */
function inSequence(lists: ArrayLike<number>[]): boolean {
  const cursors = new Array<number>(lists.length).fill(0);
  const first = lists[0]!;
  for (let i = 0; i < first.length; i++) {
    const p = first[i]!;
    let all = true;
    for (let k = 1; k < lists.length && all; k++) {
      const list = lists[k]!;
      let c = cursors[k]!;
      while (c < list.length && list[c]! < p + k) c++;
      cursors[k] = c;
      all = c < list.length && list[c] === p + k;
    }
    if (all) return true;
  }
  return false;
}

function fromDense(dense: Float64Array): DocSet {
  let count = 0;
  for (let d = 0; d < dense.length; d++) if (dense[d]! > 0) count++;
  const docs = new Uint32Array(count);
  const scores = new Float64Array(count);
  let at = 0;
  for (let d = 0; d < dense.length; d++) {
    if (dense[d]! > 0) {
      docs[at] = d;
      scores[at++] = dense[d]!;
    }
  }
  return { docs, scores };
}

function postingsCount(base: Segment, term: string): number {
  const t = base.termIndex(term);
  return t === -1 ? 0 : base.df(t);
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
  const size = Math.min(a.docs.length, b.docs.length);
  const docs = new Uint32Array(size);
  const scores = new Float64Array(size);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x === y) {
      docs[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (x < y) i++;
    else j++;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Documents in either set, scores added. */
export function union(a: DocSet, b: DocSet): DocSet {
  const docs = new Uint32Array(a.docs.length + b.docs.length);
  const scores = new Float64Array(a.docs.length + b.docs.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? a.docs[i]! : Infinity;
    const y = j < b.docs.length ? b.docs[j]! : Infinity;
    if (x === y) {
      docs[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (x < y) {
      docs[n] = x;
      scores[n++] = a.scores[i++]!;
    } else {
      docs[n] = y;
      scores[n++] = b.scores[j++]!;
    }
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Documents of `a` not in `b`. */
export function subtract(a: DocSet, b: DocSet): DocSet {
  const docs = new Uint32Array(a.docs.length);
  const scores = new Float64Array(a.docs.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.docs.length; i++) {
    const x = a.docs[i]!;
    while (j < b.docs.length && b.docs[j]! < x) j++;
    if (j < b.docs.length && b.docs[j] === x) continue;
    docs[n] = x;
    scores[n++] = a.scores[i]!;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}
