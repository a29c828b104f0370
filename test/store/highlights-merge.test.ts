// Highlights merged one by one across devices (issue 16): each highlight, by its id, is its own
// last-writer-wins entry, and a removal is a timed tombstone. Two machines highlighting the same
// article before they sync keep both; a recolour of one and a removal of another both stay; a
// removal beats an older edit of the same highlight and loses to a later one. Journals of the
// previous version (the whole list in a `set` or a `new`) still apply: each listed highlight set
// at that time, each unlisted one removed at that time.

import { describe, expect, it } from 'vitest';
import type { Highlight, LibraryData, RecordClock } from '../../src/model/index.js';
import { compactOps, stateOps } from '../../src/store/compact.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { type Applied, applyOp, opProblem } from '../../src/store/merge.js';
import { type Op, diffOps } from '../../src/store/ops.js';
// mulberry32, seeded: a failing case runs again by its seed.
import { random as prng } from '../../bench/search/corpus.js';
import { hl } from './highlight-fixture.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const C = 'cccccccccccc';
const BASE = 1_764_340_000_000;
const X = '00000000000000aa';

function h(step: number, device = A, counter = 0): string {
  return `${String(BASE + step).padStart(13, '0')}.${String(counter).padStart(6, '0')}.${device}`;
}

function article(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, source: 'file', feedId: null, guid: null, url: null, title: `Title ${id}`, byline: null, siteName: null, lang: null,
    publishedAt: null, excerpt: null, wordCount: 10, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null }, read: false, starred: false,
    tags: [], savedAt: '2026-11-28T00:00:00.000Z', addedAt: '2026-11-28T00:00:00.000Z', ...fields,
  };
}


interface State {
  data: LibraryData;
  clocks: Record<string, RecordClock>;
}

function run(ops: readonly Op[], state: State = { data: emptyLibrary(1), clocks: {} }): State & { applied: Applied[] } {
  const applied = ops.map((op) => applyOp(state.data, state.clocks, structuredClone(op)));
  return { ...state, applied };
}

function stateJson(data: LibraryData): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  };
  const { articles, tombstones } = data;
  return JSON.stringify(sortKeys({ articles, tombstones }));
}

const newA = (time: string, fields: Record<string, unknown> = {}): Op => ({ h: time, k: `a:${X}`, o: 'new', v: article(X, fields) });
const setA = (time: string, v: Record<string, unknown>, u?: string[]): Op => (u ? { h: time, k: `a:${X}`, o: 'set', v, u } : { h: time, k: `a:${X}`, o: 'set', v });
const delA = (time: string): Op => ({ h: time, k: `a:${X}`, o: 'del' });
/** The new op: one highlight set (its whole value) or removed (v: null). */
const putH = (time: string, value: Highlight): Op => ({ h: time, k: `a:${X}`, o: 'hl', id: value.id, v: value }) as unknown as Op;
const dropH = (time: string, id: string): Op => ({ h: time, k: `a:${X}`, o: 'hl', id, v: null }) as Op;

const highlightsOf = (state: State): Highlight[] | undefined => state.data.articles[X]?.highlights;
const idsOf = (state: State): string[] => (highlightsOf(state) ?? []).map((x) => x.id);

/** Every order of a few ops. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The state of `ops` in every order, which must all be the same; returns one. */
function sameInEveryOrder(ops: readonly Op[]): State {
  const first = run(ops);
  const expected = stateJson(first.data);
  // Every order of up to 5 ops; 200 seeded shuffles of more.
  const rand = prng(ops.length);
  const orders = ops.length <= 5 ? permutations(ops) : Array.from({ length: 200 }, () => shuffle(rand, ops));
  for (const order of orders) expect(stateJson(run(order).data), order.map((o) => o.h.slice(11, 13) + o.o).join(' ')).toBe(expected);
  return first;
}

describe('highlights merge one by one', () => {
  it('two devices highlighting the same article at once keep both, ordered by createdAt then id on every device', () => {
    const made = newA(h(0));
    const fromA = putH(h(5, A), hl('hA', 7));
    const fromB = putH(h(5, B), hl('hB', 3));
    const fromC = putH(h(4, C), hl('hC', 3));
    const state = sameInEveryOrder([made, fromA, fromB, fromC]);
    expect(idsOf(state)).toEqual(['hB', 'hC', 'hA']);
  });

  it('an edit of one highlight and an edit of another both survive', () => {
    const base = [newA(h(0), { highlights: [hl('h1', 1), hl('h2', 2)] })];
    const state = sameInEveryOrder([...base, putH(h(5, A), hl('h1', 1, { color: 'green' })), putH(h(5, B), hl('h2', 2, { note: 'from B' }))]);
    expect(highlightsOf(state)).toEqual([hl('h1', 1, { color: 'green' }), hl('h2', 2, { note: 'from B' })]);
  });

  it('a removal of one highlight and a new one elsewhere both apply', () => {
    const base = newA(h(0), { highlights: [hl('h1', 1), hl('h2', 2)] });
    const state = sameInEveryOrder([base, dropH(h(5, A), 'h1'), putH(h(5, B), hl('h3', 3))]);
    expect(idsOf(state)).toEqual(['h2', 'h3']);
  });

  it('a removal beats an older edit of the same highlight, in any order', () => {
    const base = newA(h(0), { highlights: [hl('h1', 1)] });
    const state = sameInEveryOrder([base, putH(h(5, B), hl('h1', 1, { color: 'pink' })), dropH(h(6, A), 'h1')]);
    expect(highlightsOf(state)).toBeUndefined();
  });

  it('a removal loses to a later edit of the same highlight, in any order', () => {
    const base = newA(h(0), { highlights: [hl('h1', 1)] });
    const state = sameInEveryOrder([base, dropH(h(5, A), 'h1'), putH(h(6, B), hl('h1', 1, { note: 'kept' }))]);
    expect(highlightsOf(state)).toEqual([hl('h1', 1, { note: 'kept' })]);
  });

  it('a highlight op that arrives before the article it belongs to waits in the clocks and applies with it', () => {
    const state = sameInEveryOrder([putH(h(5, B), hl('hB', 2)), newA(h(1, A), { highlights: [hl('hA', 1)] })]);
    expect(idsOf(state)).toEqual(['hA', 'hB']);
  });

  it('a delete beats older highlight ops; a later `new` brings back the article with the highlights made after the delete', () => {
    const ops = [newA(h(0)), putH(h(2), hl('old', 1)), delA(h(3, B)), putH(h(4), hl('after', 2)), dropH(h(4, C), 'gone')];
    const deleted = sameInEveryOrder(ops);
    expect(deleted.data.articles[X]).toBeUndefined();
    const back = sameInEveryOrder([...ops, newA(h(6, B), { highlights: [hl('resaved', 3)] }), putH(h(7), hl('late', 4))]);
    expect(idsOf(back)).toEqual(['resaved', 'late']);
    const backBetween = sameInEveryOrder([...ops.slice(0, 4), newA(h(3, C))]);
    expect(idsOf(backBetween)).toEqual(['after']);
  });
});

describe('highlights: journals of the previous version', () => {
  it('a `set` of the whole list sets each listed highlight at its time and removes each unlisted one', () => {
    const base = newA(h(0), { highlights: [hl('h1', 1), hl('h2', 2)] });
    const oldSet = setA(h(5, B), { highlights: [hl('h2', 2, { color: 'blue' }), hl('h3', 3)] });
    const state = sameInEveryOrder([base, oldSet]);
    expect(highlightsOf(state)).toEqual([hl('h2', 2, { color: 'blue' }), hl('h3', 3)]);
  });

  it('a per-highlight op later than an old whole list wins over it; an earlier one loses, in any order', () => {
    const base = newA(h(0), { highlights: [hl('h1', 1)] });
    const oldSet = setA(h(5, B), { highlights: [hl('h1', 1, { color: 'blue' })] });
    const state = sameInEveryOrder([base, oldSet, putH(h(4, A), hl('early', 2)), putH(h(6, A), hl('late', 3)), dropH(h(3, C), 'h1'), putH(h(7, C), hl('h1', 1, { note: 'n' }))]);
    expect(highlightsOf(state)).toEqual([hl('h1', 1, { note: 'n' }), hl('late', 3)]);
  });

  it('an old `set` removing the field (`u: ["highlights"]`) removes every highlight older than it', () => {
    const state = sameInEveryOrder([newA(h(0), { highlights: [hl('h1', 1)] }), putH(h(2), hl('h2', 2)), setA(h(5, B), {}, ['highlights']), putH(h(6), hl('h3', 3))]);
    expect(idsOf(state)).toEqual(['h3']);
  });

  it('two old whole lists: the later one is the list, whatever the order', () => {
    const state = sameInEveryOrder([newA(h(0)), setA(h(5, A), { highlights: [hl('a', 1)] }), setA(h(4, B), { highlights: [hl('b', 2)] })]);
    expect(idsOf(state)).toEqual(['a']);
  });
});

describe('highlights: hostile operations', () => {
  const base = newA(h(0), { highlights: [hl('h1', 1)] });

  it('refuses a new highlight, one op at a time, past the 10,000 a whole list may hold; edits still apply', () => {
    const full = newA(h(0), { highlights: Array.from({ length: 10_000 }, (_, i) => hl(`h${i}`, 1)) });
    const state = run([full]);
    const before = stateJson(state.data);
    expect(applyOp(state.data, state.clocks, putH(h(1), hl('h10000', 2)) as Op).effect).toBe('rejected');
    expect(stateJson(state.data)).toBe(before);
    expect(applyOp(state.data, state.clocks, putH(h(2), hl('h5', 1, { color: 'green' })) as Op).effect).toBe('changed');
  });

  it.each([
    ['a value that is not a highlight', putH(h(1), { id: 'h9' } as Highlight)],
    ['a highlight of the wrong colour', putH(h(1), hl('h9', 1, { color: 'black' as never }))],
    ['a value whose id is not the op id', { ...putH(h(1), hl('h9', 1)), id: 'h8' }],
    ['a __proto__ id', JSON.parse(JSON.stringify(putH(h(1), hl('__proto__', 1))))],
    ['a constructor id', putH(h(1), hl('constructor', 1))],
    ['an id with a slash', dropH(h(1), 'a/b')],
    ['an empty id', dropH(h(1), '')],
    ['an id that is not a string', { ...dropH(h(1), 'x'), id: 7 }],
    ['no value at all', { h: h(1), k: `a:${X}`, o: 'hl', id: 'h1' }],
    ['a value that is a list', { ...dropH(h(1), 'h1'), v: [hl('h1', 1)] }],
    ['a highlight on a feed', { ...dropH(h(1), 'h1'), k: 'f:feed' }],
    ['a whole list of 10,001 highlights', setA(h(1), { highlights: Array.from({ length: 10_001 }, (_, i) => hl(`h${i}`, 1)) })],
    ['a `new` with 10,001 highlights', newA(h(1), { highlights: Array.from({ length: 10_001 }, (_, i) => hl(`h${i}`, 1)) })],
  ])('refuses %s, the article untouched', (_name, op) => {
    expect(opProblem(op)).toEqual(expect.any(String));
    const state = run([base]);
    const before = stateJson(state.data);
    const clocks = JSON.stringify(state.clocks);
    // Even applied without the journal's check, it changes nothing.
    expect(applyOp(state.data, state.clocks, op as Op).effect).toBe('rejected');
    expect(stateJson(state.data)).toBe(before);
    expect(JSON.stringify(state.clocks)).toBe(clocks);
    expect(Object.getPrototypeOf(state.clocks[`a:${X}`])).toBe(Object.prototype);
  });

  it('a bad highlight in an old whole list is dropped alone: the others and the record are kept', () => {
    const bad = [{ id: 'broken' }, hl('__proto__', 4), hl('constructor', 5), hl('a/b', 6), 'text', null];
    const op = setA(h(5), { highlights: [hl('h2', 2), ...bad, hl('h3', 3)], starred: true });
    expect(opProblem(op)).toBeNull();
    const state = sameInEveryOrder([base, op]);
    expect(idsOf(state)).toEqual(['h2', 'h3']);
    expect(state.data.articles[X]!.starred).toBe(true);
    expect(Object.keys(state.clocks[`a:${X}`]!)).not.toContain('__proto__');
  });

  it('a whole list naming one id twice keeps one of them, the same one in any order', () => {
    const state = sameInEveryOrder([base, setA(h(5), { highlights: [hl('h2', 2, { note: 'first' }), hl('h2', 2, { note: 'second' })] })]);
    expect(highlightsOf(state)).toEqual([hl('h2', 2, { note: 'first' })]);
  });
});

describe('highlights: idempotence and any order', () => {
  it('every op applied twice gives the state of once', () => {
    const ops = [
      newA(h(0), { highlights: [hl('h1', 1)] }), putH(h(1), hl('h2', 2)), dropH(h(2, B), 'h1'), setA(h(3, C), { highlights: [hl('h3', 3)] }),
      putH(h(4), hl('h3', 3, { color: 'green' })), delA(h(5)), putH(h(6, B), hl('h4', 4)), newA(h(7)), putH(h(8), hl('h5', 5)),
    ];
    const once = stateJson(run(ops).data);
    expect(stateJson(run(ops.flatMap((op) => [op, op])).data)).toBe(once);
    expect(stateJson(run([...ops, ...[...ops].reverse()]).data)).toBe(once);
  });

  it('300 random sets of highlight ops, old whole lists, `new`s and deletes: the same library in 6 orders each, and after compaction', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed * 31);
      const ops = randomOps(rand, 30);
      const expected = stateJson(run(ops).data);
      for (let k = 0; k < 6; k++) expect(stateJson(run(shuffle(rand, ops)).data), `seed ${seed * 31}, order ${k}`).toBe(expected);
      // Compacting one device's lines and merging them with the others' gives the same library.
      const mine = ops.filter((op) => op.h.endsWith(A));
      const others = ops.filter((op) => !op.h.endsWith(A));
      expect(stateJson(run(shuffle(rand, [...compactOps(mine), ...others])).data), `seed ${seed * 31}, compacted`).toBe(expected);
      // The state's own lines (the checkpoint written as a journal) give it back.
      const whole = run(ops);
      expect(stateJson(run(stateOps(whole.data, whole.clocks)).data), `seed ${seed * 31}, state`).toBe(expected);
    }
  });
});

describe('highlights: the journal and the checkpoint', () => {
  it('a local change to the list is written as one op per highlight changed, never the whole list', () => {
    const data = emptyLibrary(1);
    const before = article(X, { highlights: [hl('h1', 1), hl('h2', 2)] });
    data.articles[X] = article(X, { highlights: [hl('h1', 1, { color: 'green' }), hl('h3', 3)] }) as never;
    const ops = diffOps(data, { before: new Map([[`a:${X}`, before]]), local: false }, h(9), () => undefined);
    expect(ops).toEqual([
      { h: h(9), k: `a:${X}`, o: 'hl', id: 'h1', v: hl('h1', 1, { color: 'green' }) },
      { h: h(9), k: `a:${X}`, o: 'hl', id: 'h3', v: hl('h3', 3) },
      { h: h(9), k: `a:${X}`, o: 'hl', id: 'h2', v: null },
    ]);
    for (const op of ops) expect(opProblem(op)).toBeNull();
  });

  it('clocks keep one time per highlight changed since the article was made; an old whole list later than them clears them', () => {
    const ops = [newA(h(0), { highlights: [hl('h1', 1)] }), ...Array.from({ length: 50 }, (_, i) => putH(h(i + 1), hl(`n${i}`, i % 60)))];
    const state = run(ops);
    expect(Object.keys(state.clocks[`a:${X}`]!.hl ?? {})).toHaveLength(50);
    run([setA(h(100, B), { highlights: [hl('h1', 1)] })], state);
    expect(state.clocks[`a:${X}`]!.hl).toBeUndefined();
    expect(idsOf(state)).toEqual(['h1']);
  });

  it('compaction keeps removals that other devices need: a highlight removed here stays removed after merging an older add', () => {
    const mine = [newA(h(0), { highlights: [hl('h1', 1)] }), putH(h(1), hl('h2', 2)), dropH(h(5), 'h2')];
    const compacted = compactOps(mine);
    const olderEdit = putH(h(3, B), hl('h2', 2, { color: 'pink' }));
    expect(idsOf(run([...compacted, olderEdit]))).toEqual(['h1']);
    expect(idsOf(run([olderEdit, ...compacted]))).toEqual(['h1']);
  });
});

// ---- random ops --------------------------------------------------------------------------

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function randomOps(rand: () => number, count: number): Op[] {
  const devices = [A, B, C];
  const ids = ['h1', 'h2', 'h3', 'h4'];
  const colours = ['yellow', 'green', 'blue'] as const;
  const value = (i: number): Highlight => hl(pick(rand, ids), Math.floor(rand() * 3), { color: pick(rand, colours), note: rand() < 0.3 ? `n${i}` : null });
  const list = (i: number): Highlight[] => {
    const out = new Map<string, Highlight>();
    for (let k = Math.floor(rand() * 3); k > 0; k--) {
      const v = value(i);
      out.set(v.id, v);
    }
    return [...out.values()];
  };
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const time = h(Math.floor(i / 2), pick(rand, devices), i % 2);
    const roll = rand();
    if (roll < 0.12) ops.push(newA(time, { highlights: list(i), read: rand() < 0.5 }));
    else if (roll < 0.2) ops.push(setA(time, { highlights: list(i) }));
    else if (roll < 0.24) ops.push(setA(time, {}, ['highlights']));
    else if (roll < 0.3) ops.push(delA(time));
    else if (roll < 0.35) ops.push(setA(time, { starred: rand() < 0.5 }));
    else if (roll < 0.7) ops.push(putH(time, value(i)));
    else ops.push(dropH(time, pick(rand, ids)));
  }
  return ops;
}
