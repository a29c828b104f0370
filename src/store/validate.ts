// The whole of library.json checked at open, record by record. JSON that parses can still be
// damaged (a tool, a bad merge, a disk fault: an article of `null`, a map that is an array, a
// schema version of 0.5), and one such record must not crash every later `list`. A damaged
// record is taken out and reported, so that the caller can keep it aside; the rest opens.
// A missing field that has a plain default (null, [], false) is filled in: that is an older
// record, not damage.

import { SCHEMA_VERSION } from './migrations.js';
import { defaultSettings } from './defaults.js';

/** One record (or one value) taken out of the library, with why. */
export interface Damage {
  /** `articles`, `feeds`, `settings`, `schemaVersion`... */
  section: string;
  /** The record's key (id, setting name, list position); null for a whole section. */
  key: string | null;
  reason: string;
  value: unknown;
}

type Check = (value: unknown) => boolean;
/**
 * The `missing` of a field that may be absent and is derived, not kept for the user (a sort
 * rank): absent stays absent, and a damaged value is dropped rather than the whole record.
 */
const DERIVED = Symbol('derived');
/** A field's check, and the value a missing field takes (none: the field is required). */
type FieldSpec = [check: Check, missing?: unknown];
/** A record's fields as a list, made once: 50,000 articles are checked at every open. */
type Spec = readonly (readonly [field: string, check: Check, missing: unknown])[];

const str: Check = (v) => typeof v === 'string';
const strOrNull: Check = (v) => v === null || typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const countOrNull: Check = (v) => v === null || count(v);
const strings: Check = (v) => Array.isArray(v) && v.every(str);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const spec = (fields: Record<string, FieldSpec>): Spec => Object.entries(fields).map(([field, [check, missing]]) => [field, check, missing] as const);
const shape = (fields: Record<string, FieldSpec>): Check => {
  const compiled = spec(fields);
  return (v) => isPlainObject(v) && problem(v, compiled) === null;
};

const isEnclosure = shape({
  url: [str], type: [strOrNull, null], length: [countOrNull, null],
  // Added when the enclosure is downloaded: a damaged one is dropped (the remote URL still plays).
  asset: [(v) => typeof v === 'string' && /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/.test(v), DERIVED],
  assetError: [str, DERIVED],
  assetPending: [bool, DERIVED],
});

const isHighlight = shape({
  id: [str],
  quote: [shape({ type: [oneOf('TextQuoteSelector')], exact: [(v) => typeof v === 'string' && v.length > 0], prefix: [str, ''], suffix: [str, ''] })],
  position: [(v) => v === null || shape({ type: [oneOf('TextPositionSelector')], start: [count], end: [count] })(v), null],
  color: [oneOf('yellow', 'green', 'blue', 'pink', 'purple'), 'yellow'],
  note: [strOrNull, null],
  createdAt: [str],
});

/** Whether `value` is a highlight (a missing optional part is filled in, as at open). */
export function highlightIsValid(value: unknown): boolean {
  return isHighlight(value);
}

/** Remove the items of `list` that fail `check`, in place; true (the list itself is fine). */
function keepOnly(list: unknown[], check: Check): true {
  const kept = list.filter(check);
  list.splice(0, list.length, ...kept);
  return true;
}

const ARTICLE = spec({
  id: [str],
  source: [oneOf('feed', 'url', 'file')],
  feedId: [strOrNull, null],
  guid: [strOrNull, null],
  url: [strOrNull, null],
  title: [str],
  byline: [strOrNull, null],
  siteName: [strOrNull, null],
  lang: [strOrNull, null],
  publishedAt: [strOrNull, null],
  excerpt: [strOrNull, null],
  wordCount: [count, 0],
  readingMinutes: [count, 0],
  leadImage: [strOrNull, null],
  enclosures: [(v) => Array.isArray(v) && v.every(isEnclosure), []],
  suggestedTags: [strings, []],
  contentHash: [strOrNull, null],
  extraction: [shape({
    status: [oneOf('done', 'feed', 'pending', 'failed')],
    reason: [strOrNull, null],
    attempts: [count, 0],
    at: [strOrNull, null],
  })],
  read: [bool, false],
  starred: [bool, false],
  tags: [strings, []],
  savedAt: [strOrNull, null],
  addedAt: [str],
  // The user's own words: absent stays absent; a damaged highlight is dropped, the others kept.
  highlights: [(v) => Array.isArray(v) && keepOnly(v, isHighlight), DERIVED],
  note: [str, DERIVED],
  progress: [(v) => typeof v === 'number' && v > 0 && v <= 1, DERIVED],
  // When the progress last changed: a damaged one is dropped alone (the article sorts as an old record).
  progressAt: [(v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v) && Number.isFinite(Date.parse(v)), DERIVED],
  feedRank: [(v) => Number.isSafeInteger(v), DERIVED],
  rawHash: [(v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v), DERIVED],
  corrections: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, DERIVED],
  // A damaged one is dropped: the article keeps its images remote, as a failed download would.
  imagesPending: [shape({
    html: [(v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)],
    at: [(v) => Array.isArray(v) && v.length % 2 === 0 && v.every((n) => Number.isSafeInteger(n) && n >= 0)],
    urls: [strings],
    network: [oneOf('public', 'any')],
    tries: [count, DERIVED],
  }), DERIVED],
  // Where the text came from when the page was dead (the Wayback Machine); a damaged one is dropped.
  archivedCopy: [shape({ url: [str], at: [str] }), DERIVED],
});

const FEED = spec({
  id: [str],
  url: [str],
  siteUrl: [strOrNull, null],
  title: [str],
  folder: [strOrNull, null],
  fetchFullArticle: [bool, false],
  refreshMinutes: [countOrNull, null],
  retentionDays: [countOrNull, null],
  http: [shape({ etag: [strOrNull, null], lastModified: [strOrNull, null], bodyHash: [strOrNull, null] }), { etag: null, lastModified: null, bodyHash: null }],
  createdAt: [str],
  lastFetchedAt: [strOrNull, null],
  lastSuccessAt: [strOrNull, null],
  lastError: [strOrNull, null],
  errorCount: [count, 0],
  nextFetchAt: [strOrNull, null],
  gone: [bool, false],
  retryAt: [strOrNull, null],
  // A damaged value is dropped: the feed falls back to what fetchFullArticle says.
  fullText: [oneOf('auto', 'always', 'never'), DERIVED],
  // Desktop notifications for the feed's new articles; a damaged value is dropped (off).
  notify: [bool, DERIVED],
  // Derived (looked for again when absent): a damaged name is dropped, never served as a path.
  icon: [(v) => v === null || (typeof v === 'string' && /^[0-9a-f]{64}\.(png|jpg|gif|webp|avif|bmp|ico)$/.test(v)), DERIVED],
  iconCheckedAt: [str, DERIVED],
});

const RULE = spec({
  id: [str], name: [str], query: [str], addTags: [strings, []], markRead: [bool, false], star: [bool, false], createdAt: [str],
});

const SAVED_SEARCH = spec({ id: [str], name: [str], query: [str] });

const SETTINGS: Record<string, Check> = {
  refreshMinutes: (v) => count(v) && (v as number) > 0,
  maxConcurrentFetches: (v) => Number.isInteger(v) && (v as number) >= 1,
  maxPerHost: (v) => Number.isInteger(v) && (v as number) >= 1,
  downloadImages: bool,
  downloadEnclosures: bool,
  theme: oneOf('system', 'light', 'dark'),
  fontSize: (v) => count(v) && (v as number) > 0,
  waybackLookup: bool,
  waybackUrl: (v) => typeof v === 'string' && /^https?:\/\//i.test(v),
};

/** Keys that would reach an object's prototype, not its own fields. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Check `doc` (parsed JSON, an object) in place: damaged records are removed from it, missing
 * defaults filled in. Returns what was removed. A schema newer than this Tidings is not checked
 * here: migrate() refuses it.
 */
export function validateLibrary(doc: Record<string, unknown>): Damage[] {
  const damage: Damage[] = [];
  checkSchemaVersion(doc, damage);
  // A library written at schema 1 or later has every map; one of them missing is damage.
  const written = doc.schemaVersion !== 0 && doc.schemaVersion !== undefined;
  checkMap(doc, 'articles', (v, key) => recordProblem(v, key, ARTICLE), damage, written);
  checkMap(doc, 'feeds', (v, key) => recordProblem(v, key, FEED), damage, written);
  checkMap(doc, 'tombstones', (v) => (str(v) ? null : 'not a time'), damage, written);
  checkMap(doc, 'feedSeen', (v) => (strings(v) ? null : 'not a list of keys'), damage, false);
  checkList(doc, 'rules', RULE, damage, written);
  checkList(doc, 'savedSearches', SAVED_SEARCH, damage, written);
  checkSettings(doc, damage);
  checkSync(doc, damage);
  if (doc.seeded !== undefined && !bool(doc.seeded)) {
    damage.push({ section: 'seeded', key: null, reason: 'not true or false', value: doc.seeded });
    doc.seeded = true; // the seed was surely offered to a library old enough to be damaged
  }
  return damage;
}

/** The schema version as migrate() needs it: an integer, at most a newer one (refused there). */
function checkSchemaVersion(doc: Record<string, unknown>, damage: Damage[]): void {
  const v = doc.schemaVersion;
  if (v === undefined || (Number.isInteger(v) && (v as number) >= 0)) return;
  damage.push({ section: 'schemaVersion', key: null, reason: 'not a whole number from 0 up', value: v });
  // Read as the current schema: every record is checked against it below, so nothing that
  // does not fit it gets through.
  doc.schemaVersion = SCHEMA_VERSION;
}

function checkMap(doc: Record<string, unknown>, section: string, check: (value: unknown, key: string) => string | null, damage: Damage[], required: boolean): void {
  const map = doc[section];
  if (map === undefined) {
    if (required) damage.push({ section, key: null, reason: 'missing', value: undefined });
    if (required || section !== 'feedSeen') doc[section] = {};
    return;
  }
  if (!isPlainObject(map)) {
    damage.push({ section, key: null, reason: `not a map but ${describe(map)}`, value: map });
    doc[section] = {};
    return;
  }
  for (const key of Object.keys(map)) {
    const reason = RESERVED_KEYS.has(key) ? 'a reserved key' : check(map[key], key);
    if (reason === null) continue;
    damage.push({ section, key, reason, value: map[key] });
    delete map[key];
  }
}

function checkList(doc: Record<string, unknown>, section: string, fields: Spec, damage: Damage[], required: boolean): void {
  const list = doc[section];
  if (list === undefined) {
    if (required) damage.push({ section, key: null, reason: 'missing', value: undefined });
    doc[section] = [];
    return;
  }
  if (!Array.isArray(list)) {
    damage.push({ section, key: null, reason: `not a list but ${describe(list)}`, value: list });
    doc[section] = [];
    return;
  }
  doc[section] = list.filter((item: unknown, i) => {
    const reason = isPlainObject(item) ? problem(item, fields) : `not a record but ${describe(item)}`;
    if (reason !== null) damage.push({ section, key: String(i), reason, value: item });
    return reason === null;
  });
}

/** A bad setting falls back to its default (migrate() fills it in); other settings are kept. */
function checkSettings(doc: Record<string, unknown>, damage: Damage[]): void {
  const settings = doc.settings;
  if (settings === undefined) return;
  if (!isPlainObject(settings)) {
    damage.push({ section: 'settings', key: null, reason: `not a map but ${describe(settings)}`, value: settings });
    doc.settings = defaultSettings();
    return;
  }
  for (const [key, check] of Object.entries(SETTINGS)) {
    if (settings[key] === undefined || check(settings[key])) continue;
    damage.push({ section: 'settings', key, reason: 'not a valid value; the default is used', value: settings[key] });
    delete settings[key];
  }
}

function recordProblem(value: unknown, key: string, fields: Spec): string | null {
  if (!isPlainObject(value)) return `not a record but ${describe(value)}`;
  const reason = problem(value, fields);
  if (reason !== null) return reason;
  return value.id === key ? null : `its id ${JSON.stringify(value.id)} is not its key`;
}

/** The first field of `record` that does not fit `spec`, filling in missing defaults; null when it fits. */
function problem(record: Record<string, unknown>, fields: Spec): string | null {
  for (const [field, check, missing] of fields) {
    const value = record[field];
    if (missing === DERIVED) {
      if (value !== undefined && !check(value)) delete record[field];
      continue;
    }
    if (value === undefined && missing !== undefined) {
      record[field] = structuredClone(missing);
      continue;
    }
    if (value === undefined) return `${field} is missing`;
    if (!check(value)) return `${field} is not valid (${describe(value)})`;
  }
  return null;
}

/**
 * The journal bookkeeping (clocks, journal offsets). It is derived from the journals: a damaged
 * one is dropped and the journals are read again from their start, which rebuilds it.
 */
function checkSync(doc: Record<string, unknown>, damage: Damage[]): void {
  const sync = doc.sync;
  if (sync === undefined) return;
  const ok = isPlainObject(sync) && typeof sync.device === 'string' && /^[0-9a-f]{12}$/.test(sync.device)
    && isPlainObject(sync.clocks) && isPlainObject(sync.offsets) && Array.isArray(sync.pending)
    && Object.values(sync.clocks).every(isPlainObject)
    && Object.values(sync.offsets).every((o) => isPlainObject(o) && str(o.epoch) && count(o.at));
  if (ok) return;
  damage.push({ section: 'sync', key: null, reason: 'not valid journal bookkeeping; it is rebuilt from the journals', value: undefined });
  delete doc.sync;
}

const REMOTE_SPECS: Record<string, Spec> = { a: ARTICLE, f: FEED, r: RULE, s: SAVED_SEARCH };
const REMOTE_FIELDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(REMOTE_SPECS).map(([section, fields]) => [section, new Set(fields.map(([field]) => field))]),
);

/**
 * A record built from journal lines (another device's, or our own read back at open): why it
 * cannot be taken, or null. Fields this Tidings does not know are dropped, defaults filled in.
 */
export function journalRecordProblem(section: string, id: string, record: Record<string, unknown>): string | null {
  const fields = REMOTE_SPECS[section];
  if (!fields) return `no such kind of record: ${section}`;
  if (RESERVED_KEYS.has(id)) return 'a reserved key';
  for (const field of Object.keys(record)) if (!REMOTE_FIELDS[section]!.has(field)) delete record[field];
  const reason = problem(record, fields);
  if (reason !== null) return reason;
  return record.id === id ? null : `its id ${JSON.stringify(record.id)} is not its key`;
}

/** The order of a record's fields, the same on every device (a record merged from journals is rebuilt in it). */
export function fieldOrder(section: string): readonly string[] {
  return REMOTE_SPECS[section]?.map(([field]) => field) ?? [];
}

/** Whether `value` may be the setting `key` (an unknown setting may not). */
export function settingIsValid(key: string, value: unknown): boolean {
  const check = Object.hasOwn(SETTINGS, key) ? SETTINGS[key] : undefined;
  return check !== undefined && check(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
