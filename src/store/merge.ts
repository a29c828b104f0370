// Applying journal operations to the library, the same way on every device, in any order.
//
// - Fields: last writer wins, by clock time (a field keeps the value of its latest `new` or `set`).
// - Tags: an add-wins set. A remove names the add it saw; an add the remover had not seen (a
//   concurrent one) is later than that and keeps the tag.
// - Highlights (an article's): each, by its id, is its own last-writer-wins entry (`hl` ops), a
//   removal a timed tombstone (clock `hl`). An older Tidings' whole list (in a `new` or `set`)
//   sets each listed highlight and removes each other one, at its time. Listed by createdAt, then id.
// - Deletes: a record exists while its latest `new` is later than its latest delete. A delete
//   beats every older edit; saving the article again (a later `new`) brings it back; edits made
//   elsewhere after the delete are kept aside (clock `p`) and never bring it back on their own.
// Applying an operation twice changes nothing (times compare with >=, sets take maxima), so a
// journal may be read again from any earlier point.

import type { LibraryData, RecordClock } from '../model/index.js';
import { type Hlc, wallOf } from './hlc.js';
import { MAX_HIGHLIGHTS, isHighlightId, opProblem } from './op-problem.js';
import { type Op, type Section, idOf, isSynced, localFeedDefaults, sectionOf } from './ops.js';
import { fieldOrder, highlightIsValid, isPlainObject, journalRecordProblem, settingIsValid } from './validate.js';

export { opProblem };

/** `marks`: an article's highlights or note changed (a Highlights view shows them). */
export type Applied = { key: string; effect: 'added' | 'changed' | 'removed' | 'none'; marks?: true } | { key: string; effect: 'rejected'; reason: string };

/** Ops that passed `opProblem` when read (by identity): applying them does not check them again. */
const checked = new WeakSet<object>();

/** `opProblem` for a value read from a journal, remembered when it passes: a journal's lines are checked once, when read. */
export function checkOp(value: unknown): string | null {
  const reason = opProblem(value);
  if (reason === null) checked.add(value as object);
  return reason;
}

/**
 * Apply `op` to `data` and its clocks. `trusted`: the op was just made from a change already in
 * `data` (values are only checked for operations read from a journal).
 */
export function applyOp(data: LibraryData, clocks: Record<string, RecordClock>, op: Op, trusted = false): Applied {
  if (!trusted && !checked.has(op)) {
    const reason = opProblem(op);
    if (reason) return { key: typeof op.k === 'string' ? op.k : '?', effect: 'rejected', reason };
  }
  const section = sectionOf(op.k)!;
  if (section === 'settings' || section === 'meta') return applySingleton(data, clocks, op, section, trusted);
  const clock = clocks[op.k] ?? {};
  const existing = getRecord(data, section, idOf(op.k));
  const next = planRecord(clock, existing, op, section, trusted);
  if (next === 'rejected') return { key: op.k, effect: 'rejected', reason: 'an operation that does not fit the record' };
  const { clock: nextClock } = next;
  if (next.record && !trusted) {
    const reason = journalRecordProblem(section, idOf(op.k), next.record);
    if (reason) return { key: op.k, effect: 'rejected', reason };
  }
  const record = next.record && inFieldOrder(section, next.record);
  clocks[op.k] = nextClock;
  if (record) putRecord(data, clocks, section, idOf(op.k), record);
  else if (existing) dropRecord(data, section, idOf(op.k));
  if (section === 'a') setTombstone(data, idOf(op.k), record ? undefined : nextClock.x);
  const effect = record ? (existing ? (trusted ? 'none' : 'changed') : 'added') : existing ? 'removed' : 'none';
  if (section === 'a' && !trusted && touchesMarks(op) && marksDiffer(existing, record)) return { key: op.k, effect, marks: true };
  return { key: op.k, effect: trusted && effect !== 'none' ? 'none' : effect };
}

function touchesMarks(op: Op): boolean {
  if (op.o !== 'set') return op.o !== 'tag';
  return Object.hasOwn(op.v, 'highlights') || Object.hasOwn(op.v, 'note') || (op.u ?? []).some((f) => f === 'highlights' || f === 'note');
}

function marksDiffer(before: Record<string, unknown> | undefined, after: Record<string, unknown> | null): boolean {
  if (before?.note !== after?.note) return true;
  return before?.highlights !== after?.highlights && JSON.stringify(before?.highlights) !== JSON.stringify(after?.highlights);
}

/** The record and clock after `op`, computed on copies; the record is null when it does not exist after. */
function planRecord(old: RecordClock, existing: Record<string, unknown> | undefined, op: Op, section: Section, trusted: boolean): { record: Record<string, unknown> | null; clock: RecordClock } | 'rejected' {
  const clock: RecordClock = structuredClone(old);
  let values: Record<string, unknown> = existing ? { ...existing } : { ...(clock.p ?? {}) };
  const fieldClock = (field: string): Hlc => (clock.f && Object.hasOwn(clock.f, field) ? clock.f[field]! : clock.c ?? '');
  const setField = (field: string, value: unknown, h: Hlc): void => {
    if (h < fieldClock(field)) return;
    if (value === undefined) delete values[field];
    else values[field] = structuredClone(value);
    (clock.f ??= {})[field] = h;
  };
  // Articles' highlights, by id: merged one by one (below), never as one field.
  const own = (field: string): boolean => section !== 'a' || (field !== 'tags' && field !== 'highlights');
  // The list is rebuilt (by id, in order) only for ops that change it: a flag or a tag leaves it as it is.
  const rebuild = section === 'a' && touchesHighlights(op);
  const marks = rebuild ? highlightMap(values.highlights, true) : new Map<string, Record<string, unknown>>();
  const markTime = (id: string): Hlc => (clock.hl && Object.hasOwn(clock.hl, id) ? clock.hl[id]! : fieldClock('highlights'));
  /** An older Tidings' whole list at `h`: each listed highlight set, each other one removed (unless changed later). */
  const wholeList = (list: unknown, h: Hlc): void => {
    const listed = highlightMap(list, trusted);
    for (const id of new Set([...marks.keys(), ...listed.keys()])) {
      if (h < markTime(id)) continue;
      const value = listed.get(id);
      if (value) marks.set(id, structuredClone(value));
      else marks.delete(id);
      // The floor (this `new` or `set`) is its time now.
      if (clock.hl && Object.hasOwn(clock.hl, id)) delete clock.hl[id];
    }
  };
  switch (op.o) {
    case 'new': {
      const wasVisible = isVisible(clock);
      if (!wasVisible) values = {};
      for (const [field, value] of Object.entries(op.v)) if (own(field) && isSynced(section, field)) setField(field, value, op.h);
      // Fields the new record does not have are removed, unless set later than it.
      for (const field of Object.keys(values)) if (!(field in op.v) && isSynced(section, field) && own(field)) setField(field, undefined, op.h);
      if (section === 'a' && Array.isArray(op.v.tags)) op.v.tags.forEach((t, i) => typeof t === 'string' && t && addTag(clock, t, tagTime(op.h, i)));
      if (section === 'a') wholeList(op.v.highlights ?? [], op.h);
      // Fields set elsewhere later than this `new` (kept aside while it was not here) win.
      if (!wasVisible) for (const [field, h] of Object.entries(clock.f ?? {})) if (own(field) && h > op.h && clock.p && field in clock.p) values[field] = clock.p[field];
      if (!clock.c || op.h > clock.c) clock.c = op.h;
      break;
    }
    case 'set':
      for (const [field, value] of Object.entries(op.v)) if (isSynced(section, field) && own(field)) setField(field, value, op.h);
      for (const field of op.u ?? []) if (isSynced(section, field) && own(field)) setField(field, undefined, op.h);
      if (section === 'a' && (Object.hasOwn(op.v, 'highlights') || op.u?.includes('highlights'))) {
        wholeList(Object.hasOwn(op.v, 'highlights') ? op.v.highlights : [], op.h);
        if (op.h >= fieldClock('highlights')) (clock.f ??= {}).highlights = op.h;
      }
      break;
    case 'del':
      if (!clock.x || op.h > clock.x) clock.x = op.h;
      break;
    case 'tag':
      if (op.on) addTag(clock, op.t, tagTime(op.h, op.i ?? 0));
      else removeTag(clock, op.t, op.s ?? op.h);
      break;
    case 'hl':
      if (op.h < markTime(op.id)) break;
      // One op at a time must not take an article past what a whole list may hold.
      if (op.v && !marks.has(op.id) && marks.size >= MAX_HIGHLIGHTS) return 'rejected';
      if (op.v) marks.set(op.id, structuredClone(op.v));
      else marks.delete(op.id);
      if (!Object.hasOwn((clock.hl ??= {}), op.id)) Object.defineProperty(clock.hl, op.id, { value: op.h, enumerable: true, writable: true, configurable: true });
      else clock.hl[op.id] = op.h;
      break;
  }
  if (rebuild) {
    const sorted = [...marks.values()].sort(byCreated);
    if (sorted.length > 0) values.highlights = sorted;
    else delete values.highlights;
  }
  return settle(clock, values, existing, section);
}

/** Whether `op` may change an article's highlights: a `new` (its whole list), an `hl`, or a `set` of an older Tidings' list. */
function touchesHighlights(op: Op): boolean {
  if (op.o === 'new' || op.o === 'hl') return true;
  return op.o === 'set' && (Object.hasOwn(op.v, 'highlights') || (op.u?.includes('highlights') ?? false));
}

/** A list of highlights by id (the first of an id); from another device, only valid ones with safe ids. */
function highlightMap(list: unknown, trusted: boolean): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || out.has(item.id)) continue;
    if (trusted) out.set(item.id, item);
    else if (isHighlightId(item.id)) {
      const copy = structuredClone(item);
      if (highlightIsValid(copy)) out.set(item.id, copy);
    }
  }
  return out;
}

/** Highlights in one order on every device: made first first, ties by id. */
function byCreated(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = String(a.createdAt);
  const kb = String(b.createdAt);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
}

/** Split into what exists (the record) and what waits aside (clock.p), and drop clocks that no longer matter. */
function settle(clock: RecordClock, values: Record<string, unknown>, existing: Record<string, unknown> | undefined, section: Section): { record: Record<string, unknown> | null; clock: RecordClock } {
  // Field times at or before the record's latest `new` are that `new`'s: no need to keep them.
  if (clock.f && clock.c) for (const [field, h] of Object.entries(clock.f)) if (h <= clock.c) delete clock.f[field];
  // Highlight times at or before the floor (or a delete) are the floor's.
  if (clock.hl) {
    const floor = clock.f?.highlights ?? clock.c ?? '';
    for (const [id, h] of Object.entries(clock.hl)) if (h <= floor || (!isVisible(clock) && clock.x && h <= clock.x)) delete clock.hl[id];
    if (Object.keys(clock.hl).length === 0) delete clock.hl;
  }
  if (!isVisible(clock)) {
    // Only fields set after the delete can still matter (for a `new` later than the delete).
    const after = Object.entries(clock.f ?? {}).filter(([, h]) => !clock.x || h > clock.x);
    const p = Object.fromEntries(after.filter(([field]) => field in values && field !== 'highlights').map(([field]) => [field, values[field]]));
    clock.f = Object.fromEntries(after);
    if (Object.keys(clock.f).length === 0) delete clock.f;
    // Highlights: the whole list if it was set after the delete, else those changed after it.
    const marks = ((values.highlights as Record<string, unknown>[] | undefined) ?? []).filter((m) => clock.f?.highlights !== undefined || (clock.hl && Object.hasOwn(clock.hl, String(m.id))));
    if (marks.length > 0) p.highlights = marks;
    if (Object.keys(p).length > 0) clock.p = p;
    else delete clock.p;
    return { record: null, clock };
  }
  delete clock.p;
  if (clock.f && Object.keys(clock.f).length === 0) delete clock.f;
  if (section === 'f') for (const [field, value] of Object.entries(localFeedDefaults())) if (!(field in values)) values[field] = existing?.[field] ?? value;
  if (section === 'a') values.tags = tagsOf(clock, (existing?.tags as string[] | undefined) ?? []);
  return { record: values, clock };
}

/** The record with its fields in one order (validate.ts's, then any others by name): the same JSON on every device. */
function inFieldOrder(section: Section, values: Record<string, unknown>): Record<string, unknown> {
  // Most ops set fields a record has: it is in order already (a pass over its keys, no new object, no sort).
  if (isInFieldOrder(section, values)) return values;
  const out: Record<string, unknown> = {};
  for (const field of fieldOrder(section)) if (Object.hasOwn(values, field)) out[field] = values[field];
  for (const field of Object.keys(values).sort()) if (!Object.hasOwn(out, field)) out[field] = values[field];
  return out;
}

const ranks = new Map<Section, Map<string, number>>();

/** Whether the record's keys are already in inFieldOrder's order: validate.ts's fields in theirs, then others by name. */
function isInFieldOrder(section: Section, values: Record<string, unknown>): boolean {
  let rank = ranks.get(section);
  if (!rank) {
    rank = new Map();
    for (const field of fieldOrder(section)) if (!rank.has(field)) rank.set(field, rank.size);
    ranks.set(section, rank);
  }
  let last = -1;
  let other: string | null = null;
  for (const key of Object.keys(values)) {
    const r = rank.get(key);
    if (r !== undefined) {
      if (other !== null || r <= last) return false;
      last = r;
    } else {
      if (other !== null && key <= other) return false;
      other = key;
    }
  }
  return true;
}

/**
 * A tag's add time: the change's clock time and the tag's place among the tags it added, so
 * that tags added together keep the order they were given, on every device.
 */
function tagTime(h: Hlc, index: number): string {
  return `${h}#${String(index).padStart(4, '0')}`;
}

function isVisible(clock: RecordClock): boolean {
  return clock.c !== undefined && (clock.x === undefined || clock.c > clock.x);
}

function addTag(clock: RecordClock, tag: string, h: string): void {
  const entry = tagEntry(clock, tag);
  if (h > entry[0]) entry[0] = h;
}

function removeTag(clock: RecordClock, tag: string, seen: string): void {
  const entry = tagEntry(clock, tag);
  if (seen > entry[1]) entry[1] = seen;
}

/** A tag's clock entry, made when missing: an own property even for `constructor` or `__proto__`. */
function tagEntry(clock: RecordClock, tag: string): [string, string] {
  const t = (clock.t ??= {});
  if (!Object.hasOwn(t, tag)) Object.defineProperty(t, tag, { value: ['', ''], enumerable: true, writable: true, configurable: true });
  return t[tag]!;
}

/** The tags present, oldest add first (ties by name); tags from before the journal, with no clock, kept at the end. */
export function tagsOf(clock: RecordClock, current: readonly string[]): string[] {
  const t = clock.t ?? {};
  const present = Object.entries(t).filter(([, [add, removed]]) => add !== '' && add > removed);
  present.sort(([a, [ha]], [b, [hb]]) => (ha < hb ? -1 : ha > hb ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return [...present.map(([tag]) => tag), ...current.filter((tag) => !Object.hasOwn(t, tag))];
}

function applySingleton(data: LibraryData, clocks: Record<string, RecordClock>, op: Op, section: 'settings' | 'meta', trusted: boolean): Applied {
  if (op.o !== 'set') return { key: op.k, effect: 'rejected', reason: 'settings are only ever set' };
  const clock = (clocks[op.k] ??= {});
  let changed = false;
  for (const [field, value] of Object.entries(op.v)) {
    const valid = section === 'settings' ? settingIsValid(field, value) : field === 'seeded' && typeof value === 'boolean';
    if (!valid) continue; // one unknown or bad setting (a newer Tidings) leaves the others
    if (op.h < (clock.f?.[field] ?? '')) continue;
    (clock.f ??= {})[field] = op.h;
    if (section === 'settings') (data.settings as unknown as Record<string, unknown>)[field] = value;
    else data.seeded = value as boolean;
    changed = true;
  }
  return { key: op.k, effect: changed && !trusted ? 'changed' : 'none' };
}

function getRecord(data: LibraryData, section: Section, id: string): Record<string, unknown> | undefined {
  switch (section) {
    case 'a': return Object.hasOwn(data.articles, id) ? (data.articles[id] as unknown as Record<string, unknown>) : undefined;
    case 'f': return Object.hasOwn(data.feeds, id) ? (data.feeds[id] as unknown as Record<string, unknown>) : undefined;
    case 'r': return data.rules.find((r) => r.id === id) as unknown as Record<string, unknown> | undefined;
    case 's': return data.savedSearches.find((s) => s.id === id) as unknown as Record<string, unknown> | undefined;
    default: return undefined;
  }
}

function putRecord(data: LibraryData, clocks: Record<string, RecordClock>, section: Section, id: string, record: Record<string, unknown>): void {
  if (section === 'a') data.articles[id] = record as never;
  else if (section === 'f') data.feeds[id] = record as never;
  else {
    const list = (section === 'r' ? data.rules : data.savedSearches) as unknown as Record<string, unknown>[];
    const at = list.findIndex((r) => r.id === id);
    if (at >= 0) list[at] = record;
    else list.push(record);
    // Lists are in the order of their records' latest `new`, ties by id: the same on every device.
    const made = (r: Record<string, unknown>): string => `${clocks[`${section}:${String(r.id)}`]?.c ?? ''} ${String(r.id)}`;
    list.sort((a, b) => (made(a) < made(b) ? -1 : made(a) > made(b) ? 1 : 0));
  }
}

function dropRecord(data: LibraryData, section: Section, id: string): void {
  if (section === 'a') delete data.articles[id];
  else if (section === 'f') delete data.feeds[id];
  else if (section === 'r') data.rules = data.rules.filter((r) => r.id !== id);
  else if (section === 's') data.savedSearches = data.savedSearches.filter((s) => s.id !== id);
}

/** A deleted article's tombstone carries its delete's time, the same on every device. */
function setTombstone(data: LibraryData, id: string, deletedAt: Hlc | undefined): void {
  if (deletedAt) data.tombstones[id] = new Date(wallOf(deletedAt)).toISOString();
  else delete data.tombstones[id];
}
