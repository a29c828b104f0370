// A feed's items into articles: steps 4 to 6 of a refresh (src/archive/refresh.ts runs them).
// Identify: an item already taken in (see pickNew: its id, or its link and title under another
// guid) is not new, so a refresh never duplicates; a known item whose content changed at the
// source is a correction (see corrections.ts). Sanitize: feed HTML is hostile and never stored
// raw. Store: a feed's new items together, each with its rank in the feed (feedRank), and the
// corrections in place.

import type { ArchiveEvent } from '../api.js';
import { TidingsError, describeError } from '../errors.js';
import type { ParsedItem } from '../feeds/index.js';
import { articleIdFor, legacyItemIdFor, linkedItemIdFor, normalizeUrl, sha256, shortHash, titleKey } from '../model/index.js';
import type { Feed, LibraryData } from '../model/index.js';
import { type NetworkScope, scopeOf } from '../net/index.js';
import { feedRank } from '../search/index.js';
import { type Correction, findCorrections, MAX_CORRECTIONS, rawHashOf } from './corrections.js';
import type { NewArticle, Stored } from './store-article.js';

/** How many keys of seen items each feed keeps (two per item: its id and its link and title). */
const MAX_SEEN_KEYS = 5000;
const WORDS_PER_MINUTE = 220;
const EXCERPT_CHARS = 300;

/** Step 4, identify: the items of a document that are new, and those corrected at the source. */
export interface FeedItems {
  identities: Identity[];
  fresh: { item: ParsedItem; id: string; index: number }[];
  corrections: Correction[];
  /** Items stored before raw hashes were kept: they get theirs now, without being rewritten. */
  baselines: { id: string; rawHash: string }[];
}

export function identifyItems(feed: Feed, items: ParsedItem[], known: Known): FeedItems {
  // An item already taken in (its id, or its link and title under another guid) is not new.
  const { identities, fresh } = pickNew(feed, items, known);
  // Looked for before the new items are stored: those are not corrections.
  const { corrections, baselines } = findCorrections(feed, items, identities.map((x) => x.id), known.articles);
  return { identities, fresh, corrections, baselines };
}

export type Cleaned = { html: string; text: string; wordCount: number; leadImage: string | null; pending?: { at: number[]; urls: string[] } };
export type Sanitize = (html: string, baseUrl: string | null, network: NetworkScope) => Promise<Cleaned>;

/** Step 5, sanitize: every new item, and every corrected one whose text came from the feed, all at once. */
export interface Sanitized {
  fresh: PromiseSettledResult<Cleaned>[];
  /** For corrections not of extracted articles (whose full text stays): see correctable. */
  corrections: PromiseSettledResult<Cleaned>[];
  network: NetworkScope;
}

export async function sanitizeItems(feed: Feed, items: FeedItems, sanitize: Sanitize): Promise<Sanitized> {
  // A feed on the public internet may not make us fetch images from a private address.
  const network = items.fresh.length > 0 || items.corrections.length > 0 ? await scopeOf(feed.url) : 'any';
  const clean = (item: ParsedItem) => cleanItem(sanitize, item, feed, network);
  const [fresh, corrections] = await Promise.all([
    Promise.allSettled(items.fresh.map(({ item }) => clean(item))),
    Promise.allSettled(correctable(items.corrections).map((c) => clean(c.item))),
  ]);
  return { fresh, corrections, network };
}

/** What storing a feed's items came to. */
export interface StoredItems {
  created: string[];
  /** Corrected in place (the index learns them again). */
  updated: string[];
  /** Items that can never be stored: skipped and remembered, so the feed is not failed for them forever. */
  skipped: string[];
  /** Items that failed for a passing reason (a full disk): not remembered, tried at the next refresh. */
  retry: string[];
  /** Corrections applied for the last time (MAX_CORRECTIONS). */
  stopped: Correction[];
}

/** The store as step 6 uses it: articles (files, then records), and changes to records. */
export interface ItemStore {
  articles(inputs: NewArticle[]): Promise<PromiseSettledResult<Stored>[]>;
  change(mutate: (data: LibraryData) => void): void;
  seen(feedId: string): readonly string[];
}

/**
 * Step 6, store: the new items together (one batch: files with one folder fsync, records in
 * one change), then the corrections in place, then what the feed remembers of its items. An
 * item whose cleaning or storing failed for good is skipped and remembered; one that failed
 * for a passing reason is not remembered, so the next refresh tries it again.
 */
export async function storeItems(feed: Feed, items: FeedItems, sanitized: Sanitized, store: ItemStore): Promise<StoredItems> {
  const refreshedAt = Date.now();
  const ready = items.fresh.flatMap(({ item, id, index }, i) => {
    const result = sanitized.fresh[i]!;
    if (result.status !== 'fulfilled') return [];
    const content = contentOf(feed, item, id, feedRank(refreshedAt, index), result.value, sanitized.network);
    return [{ i, article: { content, html: result.value.html, text: result.value.text } }];
  });
  const stored = await store.articles(ready.map(({ article }) => article)).catch((error: unknown) =>
    ready.map((): PromiseRejectedResult => ({ status: 'rejected', reason: error })),
  );
  // Each item's outcome in feed order: its cleaning's failure, else its storing's result.
  const outcomes = sanitized.fresh.map((result): PromiseSettledResult<Stored> | undefined => (result.status === 'rejected' ? result : undefined));
  ready.forEach(({ i }, k) => (outcomes[i] = stored[k]));
  const storeFailedAll = stored.length > 0 && stored.every((result) => result.status === 'rejected');
  const result: StoredItems = { created: [], updated: [], skipped: [], retry: [], stopped: [] };
  const failed = new Set<string>();
  for (const [i, { id }] of items.fresh.entries()) {
    const outcome = outcomes[i]!;
    if (outcome.status === 'fulfilled' && outcome.value.outcome === 'created') result.created.push(id);
    if (outcome.status === 'fulfilled') continue;
    if (isPassing(outcome.reason, sanitized.fresh[i]!.status === 'fulfilled' && storeFailedAll)) {
      failed.add(id); // not remembered: the next refresh tries it again
      result.retry.push(describeError(outcome.reason));
    } else {
      result.skipped.push(describeError(outcome.reason)); // remembered with the others: never tried again
    }
  }
  const corrected = await storeCorrections(feed, items.corrections, sanitized, store);
  result.updated = corrected.updated;
  result.stopped = corrected.stopped;
  remember(feed, items, failed, store);
  return result;
}

/** A feed's refresh that stored only part of its items says so, and fails when some are to be tried again. */
export function reportItems(feed: Feed, result: StoredItems, emit: (event: ArchiveEvent) => void): void {
  const warn = (message: string) => emit({ type: 'notice', level: 'warning', message: new TidingsError('feeds', feed.url, message).message });
  if (result.stopped.length > 0) {
    warn(`${result.stopped.length} item(s) changed at ${MAX_CORRECTIONS} refreshes; their later changes at the source are not applied ("${result.stopped[0]!.article.title}")`);
  }
  if (result.skipped.length > 0) {
    warn(`${result.skipped.length} item(s) skipped: they cannot be stored and will not be tried again (${result.created.length} stored): ${result.skipped[0]}`);
  }
  if (result.retry.length > 0) {
    // The refresh counts as failed, so the feed keeps its old body hash and the next one parses it again.
    throw new TidingsError('feeds', feed.url, `${result.retry.length} item(s) could not be stored for now and will be tried again at the next refresh (${result.created.length} stored): ${result.retry[0]}`);
  }
}

/** What the feed remembers of its items (all but those to try again), and the baselines of old ones. */
function remember(feed: Feed, items: FeedItems, failed: Set<string>, store: ItemStore): void {
  const seen = new Set(store.seen(feed.id));
  const newKeys: string[] = [];
  for (const { id, keys } of items.identities) {
    if (failed.has(id)) continue;
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      newKeys.push(key);
    }
  }
  if (newKeys.length === 0 && items.baselines.length === 0) return;
  store.change((data) => {
    if (newKeys.length > 0) {
      data.feedSeen ??= {};
      const keys = [...(data.feedSeen[feed.id] ?? []), ...newKeys];
      data.feedSeen[feed.id] = keys.length > MAX_SEEN_KEYS ? keys.slice(keys.length - MAX_SEEN_KEYS) : keys;
    }
    for (const { id, rawHash } of items.baselines) {
      const a = data.articles[id];
      if (a) a.rawHash = rawHash;
    }
  });
}

/** Failures of the moment, not of the item: the disk, the process's limits, the workers. */
const PASSING_CODES = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'ENOMEM', 'EIO', 'ETIMEDOUT', 'EROFS', 'EACCES', 'EPERM']);
/** Codes that only one item's files can have (a bad name, something else in the way). */
const ITEM_CODES = new Set(['EISDIR', 'ENOTDIR', 'ENAMETOOLONG', 'EINVAL', 'EEXIST']);
const PASSING_WORKER = /pool (is|was) closed|did not start/;

/**
 * Whether an item that failed may be stored another time. An item whose files could not be
 * written while every other item of the feed failed too met a problem of the folder, not its own.
 */
function isPassing(error: unknown, wholeBatchFailed: boolean): boolean {
  const code = errnoOf(error);
  if (code && ITEM_CODES.has(code)) return false;
  if (code && PASSING_CODES.has(code)) return true;
  if (PASSING_WORKER.test(describeError(error))) return true;
  return wholeBatchFailed && !(error instanceof TidingsError && error.kind === 'invalid');
}

function errnoOf(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

/**
 * The article id of an item and the keys it is remembered by: its id and, when it has a link,
 * `t<hash>` of its link and title (the same item under another guid).
 */
export function identify(feed: Feed, item: ParsedItem): Identity {
  const link = item.link ? normalizeUrl(item.link) : null;
  const pair = link ? `t${shortHash(`${link}\n${titleKey(item.title)}`)}` : null;
  let id: string;
  if (item.guid) id = articleIdFor({ feedId: feed.id, guid: item.guid });
  else if (item.link) id = linkedItemIdFor(feed.id, item.link, item.title);
  else id = articleIdFor({ feedId: feed.id, guid: item.fallbackKey, url: null });
  return {
    id,
    keys: pair ? [id, pair] : [id],
    pair,
    link,
    oldLinkKey: link ? `u${shortHash(link)}` : null,
    legacyId: !item.guid && item.link ? legacyItemIdFor(item.link) : null,
  };
}

export interface Identity {
  id: string;
  /** What the feed remembers of the item. */
  keys: string[];
  /** `t<hash>` of normalized link and title, or null without a link. */
  pair: string | null;
  link: string | null;
  /** The key the old scheme remembered the link by. */
  oldLinkKey: string | null;
  /** The id the old scheme gave an item without a guid (the link alone), or null. */
  legacyId: string | null;
}

/** What the archive already holds, as far as picking a feed's new items goes. */
export interface Known {
  /** The keys this feed remembers (feedSeen). */
  seen: Set<string>;
  articles: LibraryData['articles'];
  tombstones: LibraryData['tombstones'];
}

/**
 * The items of a feed document that are new, in feed order, with each one's position in the
 * feed. Known: the same id (here, in the feed's memory, stored or deleted); the same link and
 * title under another guid, unless several items of the document share them; or stored by the
 * old scheme (see knownByOldScheme).
 */
export function pickNew(feed: Feed, items: ParsedItem[], known: Known): { identities: Identity[]; fresh: { item: ParsedItem; id: string; index: number }[] } {
  const identities = items.map((item) => identify(feed, item));
  const pairs = countOf(identities.map((x) => x.pair));
  const links = countOf(identities.map((x) => x.link));
  const old = { scheme: isOldScheme(known.seen), links, groups: legacyGroups(items, identities) };
  const taken = new Set<string>();
  const fresh: { item: ParsedItem; id: string; index: number }[] = [];
  for (const [index, item] of items.entries()) {
    const who = identities[index]!;
    const isKnown =
      taken.has(who.id) || known.seen.has(who.id) || known.articles[who.id] !== undefined || known.tombstones[who.id] !== undefined ||
      (who.pair !== null && known.seen.has(who.pair) && pairs.get(who.pair) === 1) ||
      knownByOldScheme(feed, item, who, known, old);
    taken.add(who.id);
    if (!isKnown) fresh.push({ item, id: who.id, index });
  }
  return { identities, fresh };
}

type OldScheme = { scheme: boolean; links: Map<string | null, number>; groups: Map<string, ParsedItem[]> };

/**
 * Whether the old scheme (id = hash of the link alone, in any feed; `u<hash>` link keys) already
 * took this item in, so an upgrade brings nothing back as new. The old id was shared by every
 * guid-less item with that link, so only one of them was stored: the one whose title is the
 * stored article's (else the first); the others, and an item whose old id belongs to another
 * feed, were lost then and are new now. A saved page of that URL stays the one article.
 */
function knownByOldScheme(feed: Feed, item: ParsedItem, who: Identity, known: Known, old: OldScheme): boolean {
  if (who.legacyId === null) {
    // A guid that changed while the link did not, seen only by the old scheme's link key.
    return old.scheme && who.oldLinkKey !== null && known.seen.has(who.oldLinkKey) && old.links.get(who.link) === 1;
  }
  const stored = known.articles[who.legacyId];
  if (stored && stored.source !== 'feed') return true;
  if (stored) return stored.feedId === feed.id && isTheStoredOne(item, stored.title, old.groups.get(who.link!) ?? [item]);
  if (known.tombstones[who.legacyId] !== undefined) return true;
  return old.scheme && (known.seen.has(who.legacyId) || known.seen.has(who.oldLinkKey!));
}

function isTheStoredOne(item: ParsedItem, storedTitle: string, group: ParsedItem[]): boolean {
  if (group.length === 1) return true;
  const wanted = titleKey(storedTitle);
  const match = group.find((x) => titleKey(x.title) === wanted) ?? group[0];
  return match === item;
}

/** A feed's memory written before `t` keys existed (the first refresh after the upgrade). */
function isOldScheme(seen: Set<string>): boolean {
  if (seen.size === 0) return false;
  for (const key of seen) if (key.startsWith('t')) return false;
  return true;
}

/** The guid-less items of a document by normalized link. */
function legacyGroups(items: ParsedItem[], identities: Identity[]): Map<string, ParsedItem[]> {
  const groups = new Map<string, ParsedItem[]>();
  for (const [i, who] of identities.entries()) {
    if (who.legacyId === null || who.link === null) continue;
    const group = groups.get(who.link);
    if (group) group.push(items[i]!);
    else groups.set(who.link, [items[i]!]);
  }
  return groups;
}

function countOf(values: (string | null)[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

async function cleanItem(clean: Sanitize, item: ParsedItem, feed: Feed, network: NetworkScope): Promise<Cleaned> {
  const html = item.contentHtml ?? item.summary;
  if (!html) return { html: '', text: '', wordCount: 0, leadImage: null };
  return clean(html, item.link ?? feed.url, network);
}

function contentOf(feed: Feed, item: ParsedItem, id: string, feedRank: number | undefined, cleaned: Cleaned, network: NetworkScope) {
  // Its images are downloaded afterwards (the image queue): their places in the HTML, by its hash.
  const imagesPending = cleaned.pending ? { html: sha256(cleaned.html), at: cleaned.pending.at, urls: cleaned.pending.urls, network } : undefined;
  return {
    id,
    source: 'feed' as const,
    feedId: feed.id,
    guid: item.guid,
    url: item.link,
    title: item.title || cleaned.text.slice(0, 80).trim() || '(untitled)',
    byline: item.author,
    siteName: feed.title || null,
    lang: null,
    publishedAt: item.published,
    excerpt: excerpt(cleaned.text),
    wordCount: cleaned.wordCount,
    readingMinutes: Math.max(1, Math.round(cleaned.wordCount / WORDS_PER_MINUTE)),
    leadImage: cleaned.leadImage,
    enclosures: item.enclosures,
    suggestedTags: item.categories,
    ...(feedRank === undefined ? {} : { feedRank }),
    rawHash: rawHashOf(item),
    extraction: { status: 'feed' as const, reason: null, attempts: 0, at: null },
    ...(imagesPending ? { imagesPending } : {}),
  };
}

// ---- publisher corrections ---------------------------------------------------------------

/** The corrections whose text comes from the feed (an extracted article keeps its full text). */
function correctable(corrections: Correction[]): Correction[] {
  return corrections.filter((c) => c.article.extraction.status !== 'done');
}

/**
 * Update in place the stored items whose content changed at the source, keeping what the user
 * did (read, starred, tags, saved and added times: storeArticles keeps the state), the item's
 * place in the list (feedRank, publishedAt) and its extraction status. An article whose full
 * text was extracted keeps it: only its title follows the feed. One whose cleaning or storing
 * fails keeps its old hash and is tried again when the feed changes next.
 */
async function storeCorrections(feed: Feed, corrections: Correction[], sanitized: Sanitized, store: ItemStore): Promise<{ updated: string[]; stopped: Correction[] }> {
  if (corrections.length === 0) return { updated: [], stopped: [] };
  const extracted = corrections.filter((c) => c.article.extraction.status === 'done');
  const ready = correctable(corrections).flatMap((c, i) => {
    const result = sanitized.corrections[i]!;
    return result.status === 'fulfilled' ? [{ c, cleaned: result.value }] : [];
  });
  const stored = await store.articles(ready.map(({ c, cleaned }) => correctedArticle(feed, c, cleaned, sanitized.network))).catch(() => []);
  const outcomeOf = (k: number) => (stored[k]?.status === 'fulfilled' ? stored[k].value.outcome : null);
  // Same text as before (a title, a link or markup changed): no file is written, only the record.
  const recordOnly = [...extracted, ...ready.filter((_, k) => outcomeOf(k) === 'unchanged').map(({ c }) => c)];
  if (recordOnly.length > 0) {
    store.change((data) => {
      for (const c of recordOnly) {
        const a = data.articles[c.id];
        if (!a) continue;
        a.title = c.item.title || a.title;
        a.rawHash = c.rawHash;
        a.corrections = (a.corrections ?? 0) + 1;
      }
    });
  }
  const updated = [...recordOnly.map((c) => c.id), ...ready.filter((_, k) => outcomeOf(k) === 'updated').map(({ c }) => c.id)];
  const applied = new Set(updated);
  return { updated, stopped: corrections.filter((c) => c.last && applied.has(c.id)) };
}

function correctedArticle(feed: Feed, c: Correction, cleaned: Cleaned, network: NetworkScope) {
  const fresh = contentOf(feed, c.item, c.id, c.article.feedRank, cleaned, network);
  const content = {
    ...fresh,
    title: c.item.title || c.article.title,
    // A correction does not move the article in the list, nor forget a downloaded enclosure.
    publishedAt: c.article.publishedAt,
    enclosures: c.item.enclosures.map((e) => ({ ...c.article.enclosures.find((old) => old.url === e.url), ...e })),
    extraction: c.article.extraction,
    rawHash: c.rawHash,
    corrections: (c.article.corrections ?? 0) + 1,
  };
  return { content, html: cleaned.html, text: cleaned.text };
}


function excerpt(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_CHARS / 2))}…`;
}


