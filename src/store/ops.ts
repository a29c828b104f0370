// The journal's operations, and how a tracked change becomes them.
//
// One JSON line per operation:
//   {"h":HLC,"k":"a:<id>","o":"new","v":{...the whole record...}}   a record made (or stored again)
//   {"h":HLC,"k":"a:<id>","o":"set","v":{"read":true},"u":["feedRank"]}   fields set / removed
//   {"h":HLC,"k":"a:<id>","o":"del"}                                  a record deleted (a tombstone)
//   {"h":HLC,"k":"a:<id>","o":"tag","t":"work","on":true,"i":1}      a tag added (i: its place among those added at once)
//   {"h":HLC,"k":"a:<id>","o":"tag","t":"work","on":false,"s":"HLC#0000"}   a tag removed (s: the add it saw)
//   {"h":HLC,"k":"a:<id>","o":"hl","id":"h0123456789ab","v":{...the highlight...}}   a highlight made or edited
//   {"h":HLC,"k":"a:<id>","o":"hl","id":"h0123456789ab","v":null}     a highlight removed
// An article's highlights are never in a `set` (an older Tidings wrote the whole list there: it
// still applies, as each listed highlight set and each other one removed at its time).
// Keys: a: articles, f: feeds, r: tag rules, s: saved searches, `settings`, `meta` (seed flag).
// Fields a device keeps for itself (a feed's HTTP validators, its fetch schedule and errors) are
// never in the journal: each device fetches on its own.

import type { Hlc } from './hlc.js';
import type { Touched } from './track.js';
import type { LibraryData } from '../model/index.js';

export type Op =
  | { h: Hlc; k: string; o: 'new'; v: Record<string, unknown> }
  | { h: Hlc; k: string; o: 'set'; v: Record<string, unknown>; u?: string[] }
  | { h: Hlc; k: string; o: 'del' }
  | { h: Hlc; k: string; o: 'tag'; t: string; on: boolean; i?: number; s?: string }
  | { h: Hlc; k: string; o: 'hl'; id: string; v: Record<string, unknown> | null };

/** Feed fields that stay on the device that fetched: not replicated, not journaled. */
export const LOCAL_FEED_FIELDS: ReadonlySet<string> = new Set([
  'http', 'lastFetchedAt', 'lastSuccessAt', 'lastError', 'errorCount', 'nextFetchAt', 'gone', 'retryAt', 'iconCheckedAt',
]);

/** What a remote feed record starts with in the fields that stay local. */
export function localFeedDefaults(): Record<string, unknown> {
  return {
    http: { etag: null, lastModified: null, bodyHash: null },
    lastFetchedAt: null, lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
  };
}

export type Section = 'a' | 'f' | 'r' | 's' | 'settings' | 'meta';

export function sectionOf(key: string): Section | null {
  if (key === 'settings' || key === 'meta') return key;
  const prefix = key.slice(0, 2);
  if (prefix === 'a:' || prefix === 'f:' || prefix === 'r:' || prefix === 's:') return prefix[0] as Section;
  return null;
}

export function idOf(key: string): string {
  return key.slice(2);
}

/** Whether `field` of a record in `section` is replicated. */
export function isSynced(section: Section, field: string): boolean {
  return section !== 'f' || !LOCAL_FEED_FIELDS.has(field);
}

/** The operations that take the records in `touched.before` to what `data` holds now. */
export function diffOps(data: LibraryData, touched: Touched, h: Hlc, tagClock: (key: string, tag: string) => string | undefined): Op[] {
  const ops: Op[] = [];
  for (const [key, before] of touched.before) {
    if (key === 'rules' || key === 'savedSearches') {
      const prefix = key === 'rules' ? 'r:' : 's:';
      const old = byId(before as { id: string }[]);
      const now = byId(data[key] as { id: string }[]);
      for (const [id, record] of now) ops.push(...recordOps(prefix + id, old.get(id), record as unknown as Record<string, unknown>, h, tagClock));
      for (const [id, record] of old) if (!now.has(id)) ops.push(...recordOps(prefix + id, record, undefined, h, tagClock));
      continue;
    }
    ops.push(...recordOps(key, before, currentOf(data, key), h, tagClock));
  }
  return ops;
}

export function currentOf(data: LibraryData, key: string): Record<string, unknown> | undefined {
  const section = sectionOf(key);
  const id = idOf(key);
  switch (section) {
    case 'a': return data.articles[id] as unknown as Record<string, unknown> | undefined;
    case 'f': return data.feeds[id] as unknown as Record<string, unknown> | undefined;
    case 'r': return data.rules.find((r) => r.id === id) as unknown as Record<string, unknown> | undefined;
    case 's': return data.savedSearches.find((s) => s.id === id) as unknown as Record<string, unknown> | undefined;
    case 'settings': return data.settings as unknown as Record<string, unknown>;
    case 'meta': return { seeded: data.seeded };
    default: return undefined;
  }
}

function recordOps(key: string, before: unknown, after: Record<string, unknown> | undefined, h: Hlc, tagClock: (key: string, tag: string) => string | undefined): Op[] {
  const section = sectionOf(key)!;
  if (after === undefined) return before === undefined ? [] : [{ h, k: key, o: 'del' }];
  if (before === undefined) return [{ h, k: key, o: 'new', v: syncedFields(section, after) }];
  const old = before as Record<string, unknown>;
  const v: Record<string, unknown> = {};
  const u: string[] = [];
  for (const field of Object.keys(after)) {
    if (!isSynced(section, field) || (section === 'a' && (field === 'tags' || field === 'highlights'))) continue;
    if (!sameJson(old[field], after[field])) v[field] = structuredClone(after[field]);
  }
  for (const field of Object.keys(old)) if (!(field in after) && isSynced(section, field) && !(section === 'a' && field === 'highlights')) u.push(field);
  const ops: Op[] = [];
  if (Object.keys(v).length > 0 || u.length > 0) ops.push(u.length > 0 ? { h, k: key, o: 'set', v, u } : { h, k: key, o: 'set', v });
  if (section === 'a') ops.push(...tagOps(key, (old.tags as string[]) ?? [], (after.tags as string[]) ?? [], h, tagClock));
  if (section === 'a') ops.push(...highlightOps(key, old.highlights, after.highlights, h));
  return ops;
}

/** One `hl` op per highlight made, edited or removed (by id). */
function highlightOps(key: string, before: unknown, after: unknown, h: Hlc): Op[] {
  const list = (value: unknown): Map<string, Record<string, unknown>> => {
    const out = new Map<string, Record<string, unknown>>();
    if (Array.isArray(value)) for (const item of value) if (typeof item?.id === 'string' && !out.has(item.id)) out.set(item.id, item);
    return out;
  };
  const was = list(before);
  const is = list(after);
  const ops: Op[] = [];
  for (const [id, highlight] of is) if (!sameJson(was.get(id), highlight)) ops.push({ h, k: key, o: 'hl', id, v: structuredClone(highlight) });
  for (const id of was.keys()) if (!is.has(id)) ops.push({ h, k: key, o: 'hl', id, v: null });
  return ops;
}

function tagOps(key: string, before: string[], after: string[], h: Hlc, tagClock: (key: string, tag: string) => string | undefined): Op[] {
  const was = new Set(before);
  const is = new Set(after);
  const ops: Op[] = [];
  after.filter((t) => !was.has(t)).forEach((t, i) => ops.push(i === 0 ? { h, k: key, o: 'tag', t, on: true } : { h, k: key, o: 'tag', t, on: true, i }));
  for (const t of before) {
    if (is.has(t)) continue;
    const seen = tagClock(key, t);
    ops.push(seen ? { h, k: key, o: 'tag', t, on: false, s: seen } : { h, k: key, o: 'tag', t, on: false });
  }
  return ops;
}

/** A record's replicated fields, as a plain copy. */
export function syncedFields(section: Section, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) if (value !== undefined && isSynced(section, field)) out[field] = structuredClone(value);
  return out;
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((r) => [r.id, r]));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
