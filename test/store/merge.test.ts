// The journal's merge rules (src/store/merge.ts), op by op, on a bare LibraryData: per-field last
// writer wins, add-wins tags, deletes as tombstones, idempotence, hostile operations refused, and
// the property that matters for sync: the same set of operations gives the same library in any
// order.

import { describe, expect, it } from 'vitest';
import type { LibraryData, RecordClock } from '../../src/model/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { type Applied, applyOp, opProblem } from '../../src/store/merge.js';
import type { Op } from '../../src/store/ops.js';
// mulberry32, seeded: a failing case runs again by its seed.
import { random as prng } from '../../bench/search/corpus.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const BASE = 1_764_340_000_000;
// Article ids as src/model/identity.ts makes them (16 hex digits).
const X = '00000000000000aa';
const Y = '00000000000000bb';
const P = '0000000000000001';
const Q = '0000000000000002';
const R = '0000000000000003';

/** A clock time `step` ms after BASE, made by `device`. */
function h(step: number, device = A, counter = 0): string {
  return `${String(BASE + step).padStart(13, '0')}.${String(counter).padStart(6, '0')}.${device}`;
}

/** The add time merge.ts gives the first tag of a change at `time` (what a remove names as seen). */
function tagAdd(time: string, index = 0): string {
  return `${time}#${String(index).padStart(4, '0')}`;
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

function fresh(): State {
  return { data: emptyLibrary(1), clocks: {} };
}

function run(ops: readonly Op[], state: State = fresh()): State & { applied: Applied[] } {
  const applied = ops.map((op) => applyOp(state.data, state.clocks, structuredClone(op)));
  return { ...state, applied };
}

/** The replicated state, as one string: what two devices must agree on byte for byte. */
function stateJson(data: LibraryData): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  };
  const { articles, feeds, rules, savedSearches, settings, tombstones, seeded } = data;
  // Arrays keep their order (list order is part of the state); object keys are sorted.
  return JSON.stringify(sortKeys({ articles, feeds, rules, savedSearches, settings, tombstones, seeded }));
}

const newA = (id: string, time: string, fields: Record<string, unknown> = {}): Op => ({ h: time, k: `a:${id}`, o: 'new', v: article(id, fields) });
const setA = (id: string, time: string, v: Record<string, unknown>): Op => ({ h: time, k: `a:${id}`, o: 'set', v });
const delA = (id: string, time: string): Op => ({ h: time, k: `a:${id}`, o: 'del' });
const addTag = (id: string, time: string, t: string): Op => ({ h: time, k: `a:${id}`, o: 'tag', t, on: true });
const removeTag = (id: string, time: string, t: string, seen?: string): Op =>
  seen ? { h: time, k: `a:${id}`, o: 'tag', t, on: false, s: seen } : { h: time, k: `a:${id}`, o: 'tag', t, on: false };

/** Every order of a few ops. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Apply `ops` in every order; all results must be one state, which is returned. */
function inAnyOrder(ops: readonly Op[]): LibraryData {
  const results = permutations(ops).map((order) => run(order).data);
  const first = stateJson(results[0]!);
  for (const r of results) expect(stateJson(r)).toBe(first);
  return results[0]!;
}

describe('merge: per-field last writer wins', () => {
  it('the later set of a field wins whatever the order, and other fields are untouched', () => {
    const data = inAnyOrder([newA(X, h(0)), setA(X, h(3, A), { read: true }), setA(X, h(2, B), { read: false, starred: true })]);
    expect(data.articles[X]).toMatchObject({ read: true, starred: true });
  });

  it('at the same ms the counter, then the device id, breaks the tie', () => {
    const data = inAnyOrder([newA(X, h(0)), setA(X, h(5, B, 0), { title: 'from B' }), setA(X, h(5, A, 1), { title: 'from A, counter 1' })]);
    expect(data.articles[X]!.title).toBe('from A, counter 1');
    const tie = inAnyOrder([newA(X, h(0)), setA(X, h(5, A), { title: 'A' }), setA(X, h(5, B), { title: 'B' })]);
    expect(tie.articles[X]!.title).toBe('B');
  });

  it('a set older than the record\'s `new` loses to the `new`', () => {
    const data = inAnyOrder([setA(X, h(1), { title: 'old' }), newA(X, h(2), { title: 'new' })]);
    expect(data.articles[X]!.title).toBe('new');
  });
});

describe('merge: add-wins tags', () => {
  it('an add concurrent with a remove that did not see it keeps the tag', () => {
    // `t` came with the article's `new` at 0. A removes it, naming that add as the one it saw; B,
    // not having seen the remove, adds `t` at 2 (after removing it locally, say). A never saw B's
    // add, so it is later than what A's remove saw: the tag stays.
    const data = inAnyOrder([newA(X, h(0), { tags: ['t'] }), removeTag(X, h(3, A), 't', tagAdd(h(0))), addTag(X, h(2, B), 't')]);
    expect(data.articles[X]!.tags).toEqual(['t']);
  });

  it('a remove that saw the add removes the tag, in any order', () => {
    const data = inAnyOrder([newA(X, h(0)), addTag(X, h(2, B), 't'), removeTag(X, h(3, A), 't', tagAdd(h(2, B)))]);
    expect(data.articles[X]!.tags).toEqual([]);
  });

  it('tags come out oldest add first, the same on every device', () => {
    const data = inAnyOrder([newA(X, h(0), { tags: ['b', 'a'] }), addTag(X, h(2, B), 'c'), addTag(X, h(1, A), 'd')]);
    expect(data.articles[X]!.tags).toEqual(['b', 'a', 'd', 'c']);
  });

  // Found by this test (fixed in 3456b54): addTag read the inherited Object.prototype member as
  // the tag's clock entry and recorded nothing, so such a tag never reached the other devices.
  it('a tag named like an Object.prototype member ("constructor", "toString") is a tag like any other', () => {
    // A user may tag an article "constructor"; it must cross to the other device like "work".
    for (const t of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const added = run([newA(X, h(0)), addTag(X, h(1, B), t)]).data;
      expect(added.articles[X]!.tags, `tag ${t}`).toEqual([t]);
      expect(({} as Record<string, unknown>)[0], 'Object.prototype untouched').toBeUndefined();
    }
  });
});

describe('merge: deletes', () => {
  it('a delete beats every older edit, in any order, and leaves a tombstone with its time', () => {
    const data = inAnyOrder([newA(X, h(0)), setA(X, h(1, B), { starred: true }), addTag(X, h(2, B), 't'), delA(X, h(3, A))]);
    expect(data.articles[X]).toBeUndefined();
    expect(data.tombstones[X]).toBe(new Date(BASE + 3).toISOString());
  });

  it('a later `new` (the article saved again) brings a deleted article back, tombstone gone', () => {
    const data = inAnyOrder([newA(X, h(0), { title: 'first' }), delA(X, h(1)), newA(X, h(2, B), { title: 'again' })]);
    expect(data.articles[X]!.title).toBe('again');
    expect(data.tombstones[X]).toBeUndefined();
  });

  it('an edit later than the delete does not bring it back', () => {
    const data = inAnyOrder([newA(X, h(0)), delA(X, h(1, A)), setA(X, h(2, B), { read: true }), addTag(X, h(3, B), 't')]);
    expect(data.articles[X]).toBeUndefined();
    expect(data.tombstones[X]).toBeDefined();
  });

  it('an edit made after the delete is kept aside and applies when a still later `new` brings the article back', () => {
    const data = inAnyOrder([newA(X, h(0)), delA(X, h(1)), newA(X, h(2, B), { read: false }), setA(X, h(3, A), { read: true })]);
    expect(data.articles[X]!.read).toBe(true);
    // A set between the delete and the re-save is older than the re-save: the re-save's value wins.
    const older = inAnyOrder([newA(X, h(0)), delA(X, h(1)), setA(X, h(2, A), { read: true }), newA(X, h(3, B), { read: false })]);
    expect(older.articles[X]!.read).toBe(false);
  });
});

describe('merge: list order', () => {
  // Found by this test (fixed in 3456b54): putRecord replaced an existing record in place but
  // pushed and sorted a new one, so the order depended on which `new` came first.
  it('list order after a later `new` of an existing rule or saved search is the same in any order', () => {
    const s = (id: string, step: number): Op => ({ h: h(step), k: `s:${id}`, o: 'new', v: { id, name: `${id}@${step}`, query: 'q' } });
    const r = (id: string, step: number): Op => ({ h: h(step), k: `r:${id}`, o: 'new', v: { id, name: `${id}@${step}`, query: 'q', addTags: [], markRead: false, star: false, createdAt: 'c' } });
    inAnyOrder([s('s1', 1), s('s2', 2), s('s1', 3)]);
    inAnyOrder([r('r1', 1), r('r2', 2), r('r1', 3)]);
  });

  it('rules made on two devices are listed in the order they were made, whatever order they arrive in', () => {
    const r = (id: string, time: string): Op => ({ h: time, k: `r:${id}`, o: 'new', v: { id, name: id, query: 'q', addTags: [], markRead: false, star: false, createdAt: 'c' } });
    const data = inAnyOrder([r('late', h(3, A)), r('early', h(1, B)), r('middle', h(2, A))]);
    expect(data.rules.map((x) => x.id)).toEqual(['early', 'middle', 'late']);
  });
});

describe('merge: idempotence', () => {
  it('every op applied twice (at once, or after all the others) gives the state of once', () => {
    const ops = [
      newA(X, h(0), { tags: ['a'] }), setA(X, h(1), { read: true }), addTag(X, h(2, B), 'b'), removeTag(X, h(3), 'a', tagAdd(h(0))),
      newA(Y, h(4)), delA(Y, h(5, B)), setA(Y, h(6), { starred: true }),
      { h: h(7), k: 'settings', o: 'set', v: { theme: 'dark' } } as Op,
      { h: h(8), k: 'r:r1', o: 'new', v: { id: 'r1', name: 'n', query: 'q', addTags: [], markRead: false, star: false, createdAt: 'x' } } as Op,
    ];
    const once = stateJson(run(ops).data);
    expect(stateJson(run(ops.flatMap((op) => [op, op])).data)).toBe(once);
    expect(stateJson(run([...ops, ...ops]).data)).toBe(once);
    expect(stateJson(run([...ops, ...[...ops].reverse()]).data)).toBe(once);
  });
});

describe('merge: hostile operations', () => {
  const valid = newA(X, h(0));

  it.each([
    ['an id with ../', { ...valid, k: 'a:../../etc/passwd' }],
    ['an id with a slash', { h: h(1), k: 'a:x/y', o: 'del' }],
    ['an empty id', { h: h(1), k: 'a:', o: 'del' }],
    ['an unknown section', { h: h(1), k: 'z:x', o: 'del' }],
    ['a __proto__ field', JSON.parse(`{"h":"${h(1)}","k":"a:${X}","o":"set","v":{"__proto__":{"read":true}}}`)],
    ['a constructor field', { h: h(1), k: `a:${X}`, o: 'set', v: { constructor: 1 } }],
    ['a __proto__ removed field', { h: h(1), k: `a:${X}`, o: 'set', v: {}, u: ['__proto__'] }],
    ['a huge tag', addTag(X, h(1), 'x'.repeat(201))],
    ['an empty tag', addTag(X, h(1), '')],
    ['a tag on a feed', { h: h(1), k: 'f:x', o: 'tag', t: 'a', on: true }],
    ['an unknown kind', { h: h(1), k: `a:${X}`, o: 'frob' }],
    ['a `new` of settings', { h: h(1), k: 'settings', o: 'new', v: { theme: 'dark' } }],
    ['a delete of settings', { h: h(1), k: 'settings', o: 'del' }],
    ['a bad clock', { ...valid, h: '2026-11-28' }],
    ['a bad seen time', { h: h(1), k: `a:${X}`, o: 'tag', t: 'a', on: false, s: 'yesterday' }],
    ['no values', { h: h(1), k: `a:${X}`, o: 'set', v: [1] }],
    ['not an object', 'a:x'],
  ])('refuses %s', (_name, op) => {
    expect(opProblem(op)).toEqual(expect.any(String));
  });

  it('a `new` or `set` with a value of the wrong type is rejected and the record stays as it was', () => {
    const state = run([valid, setA(X, h(1), { read: true })]);
    const before = stateJson(state.data);
    const clocksBefore = JSON.stringify(state.clocks);
    const bad: Op[] = [
      setA(X, h(5), { read: 'yes' }),
      setA(X, h(6), { title: null }),
      setA(X, h(8), { extraction: 'done' }),
      newA(X, h(9), { wordCount: -1 }),
      { h: h(10), k: `a:${X}`, o: 'set', v: {}, u: ['title'] },
    ];
    for (const op of bad) {
      expect(opProblem(op)).toBeNull(); // well-formed: only the record can tell
      const result = applyOp(state.data, state.clocks, op);
      expect(result.effect, JSON.stringify(op)).toBe('rejected');
    }
    expect(stateJson(state.data)).toBe(before);
    expect(JSON.stringify(state.clocks)).toBe(clocksBefore);
    // Tags change by tag ops only: a `set` of tags changes nothing.
    applyOp(state.data, state.clocks, setA(X, h(11), { tags: 'work' }));
    expect(state.data.articles[X]!.tags).toEqual([]);
    // A good change after them still applies (the rejected ones left no clock behind).
    applyOp(state.data, state.clocks, setA(X, h(4), { starred: true }));
    expect(state.data.articles[X]!.starred).toBe(true);
  });

  it('a record whose id is not its key, or a reserved key, is rejected', () => {
    const state = fresh();
    expect(applyOp(state.data, state.clocks, { h: h(1), k: `a:${Y}`, o: 'new', v: article(X) }).effect).toBe('rejected');
    expect(applyOp(state.data, state.clocks, { h: h(1), k: 'a:__proto__', o: 'new', v: article('__proto__') }).effect).toBe('rejected');
    expect(applyOp(state.data, state.clocks, { h: h(1), k: 'f:constructor', o: 'new', v: { id: 'constructor' } }).effect).toBe('rejected');
    expect(Object.keys(state.data.articles)).toEqual([]);
    expect(Object.getPrototypeOf(state.data.articles)).toBe(Object.prototype);
  });

  it('a bad setting is skipped, the good ones of the same op applied', () => {
    const state = run([{ h: h(1), k: 'settings', o: 'set', v: { theme: 'purple', fontSize: 20, refreshMinutes: -5, unknown: 1 } }]);
    expect(state.data.settings.theme).toBe('system');
    expect(state.data.settings.fontSize).toBe(20);
    expect(state.data.settings.refreshMinutes).toBe(60);
    expect('unknown' in state.data.settings).toBe(false);
  });
});

// ---- property: any order, same state ----------------------------------------------------


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

/**
 * A random set of operations on a few records by three devices, each with a distinct clock time
 * (as real journals have). Removes name an add that was made earlier (one the remover could have
 * seen), or none.
 */
function randomOps(rand: () => number, count: number, withLists: boolean): Op[] {
  const devices = [A, B, 'cccccccccccc'];
  const ids = [P, Q, R];
  const tags = ['work', 'later', 'x'];
  const adds: { id: string; tag: string; at: string }[] = [];
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const time = h(Math.floor(i / 2), pick(rand, devices), i % 2);
    const id = pick(rand, ids);
    const roll = rand();
    if (roll < 0.15) {
      const tagged = rand() < 0.5 ? [pick(rand, tags)] : [];
      ops.push(newA(id, time, { title: `t${i}`, read: rand() < 0.5, tags: tagged }));
      tagged.forEach((tag) => adds.push({ id, tag, at: tagAdd(time) }));
    } else if (roll < 0.45) {
      const field = pick(rand, ['read', 'starred', 'title'] as const);
      ops.push(setA(id, time, { [field]: field === 'title' ? `t${i}` : rand() < 0.5 }));
    } else if (roll < 0.55) {
      ops.push(delA(id, time));
    } else if (roll < 0.7) {
      const tag = pick(rand, tags);
      ops.push(addTag(id, time, tag));
      adds.push({ id, tag, at: tagAdd(time) });
    } else if (roll < 0.85) {
      const tag = pick(rand, tags);
      const seen = adds.filter((a) => a.id === id && a.tag === tag);
      ops.push(removeTag(id, time, tag, seen.length > 0 ? pick(rand, seen).at : undefined));
    } else if (roll < 0.9) {
      ops.push({ h: time, k: 'settings', o: 'set', v: { fontSize: 10 + Math.floor(rand() * 10), theme: pick(rand, ['light', 'dark', 'system']) } });
    } else if (withLists) {
      const rid = pick(rand, ['r1', 'r2']);
      const sid = pick(rand, ['s1', 's2']);
      const which = rand();
      if (which < 0.3) ops.push({ h: time, k: `r:${rid}`, o: 'new', v: { id: rid, name: `n${i}`, query: 'q', addTags: [], markRead: false, star: false, createdAt: 'c' } });
      else if (which < 0.45) ops.push({ h: time, k: `r:${rid}`, o: 'del' });
      else if (which < 0.6) ops.push({ h: time, k: `r:${rid}`, o: 'set', v: { name: `n${i}` } });
      else if (which < 0.85) ops.push({ h: time, k: `s:${sid}`, o: 'new', v: { id: sid, name: `s${i}`, query: 'q' } });
      else ops.push({ h: time, k: `s:${sid}`, o: 'del' });
    } else {
      ops.push(setA(id, time, { starred: true }));
    }
  }
  return ops;
}

describe('merge: the same operations in any order give the same library', () => {
  it('articles, tags, deletes and settings: 300 random sets, 6 orders each', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const ops = randomOps(rand, 40, false);
      const expected = stateJson(run(ops).data);
      for (let k = 0; k < 6; k++) expect(stateJson(run(shuffle(rand, ops)).data), `seed ${seed}, order ${k}`).toBe(expected);
    }
  });

  it('with tag rules and saved searches too (list order included): 300 random sets, 6 orders each', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed * 7919);
      const ops = randomOps(rand, 40, true);
      const expected = stateJson(run(ops).data);
      for (let k = 0; k < 6; k++) expect(stateJson(run(shuffle(rand, ops)).data), `seed ${seed * 7919}, order ${k}`).toBe(expected);
    }
  });
});
