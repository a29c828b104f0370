// Plain data types of the archive. No behaviour lives here.
// Content records (what an article says) are written once; state (read, starred, tags) changes.
// The few functions on these types live in caps.ts (length caps) and identity.ts (ids, URLs,
// hashes, tag keys); other folders take them from here, their one entry (.dependency-cruiser.mjs).

export { CAPS, capList, capOptional, capText, capUrl } from './caps.js';
export { articleIdFor, feedIdFor, legacyItemIdFor, linkedItemIdFor, normalizeUrl, sha256, shortHash, tagKey, titleKey } from './identity.js';

export type ArticleId = string;
export type FeedId = string;

/** Where an article came from. `feed`: a subscription; `url` and `file`: saved by the user. */
export type ArticleSource = 'feed' | 'url' | 'file';

export type ExtractionStatus = 'done' | 'feed' | 'pending' | 'failed';

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
  /** The copy kept in assets/ (`<sha256>.<ext>`) when the user downloads enclosures; absent: remote only. */
  asset?: string;
  /** Why the copy could not be kept (too large, not audio or video, network): shown, never silent. */
  assetError?: string;
  /** Queued for download and not done yet: a download that closing the archive cut short resumes at the next open. */
  assetPending?: boolean;
}

/** What an article is. Written when the article is stored; replaced only by a re-extraction. */
export interface ArticleContent {
  id: ArticleId;
  source: ArticleSource;
  feedId: FeedId | null;
  guid: string | null;
  url: string | null;
  title: string;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  publishedAt: string | null;
  excerpt: string | null;
  wordCount: number;
  readingMinutes: number;
  leadImage: string | null;
  enclosures: Enclosure[];
  /** Categories the feed gave the item: offered as tags, never applied on their own. */
  suggestedTags: string[];
  /** sha256 of the stored plain text: an unchanged item is not written again. */
  contentHash: string | null;
  /**
   * Orders the feed items of one date as their feed listed them, newest first: larger is newer.
   * Set when the item is stored: the refresh's time in whole seconds times 100,000, minus the
   * item's position in the feed (0: its first item). Absent for saved pages and older items.
   */
  feedRank?: number;
  /**
   * Of a feed item: sha256 of what the feed said (title, content and summary HTML, with comments
   * and URL query strings left out): a different one at a later refresh is a publisher's
   * correction, and the article is updated in place. Absent for saved pages and older items.
   */
  rawHash?: string;
  /** How many times a publisher's correction was applied (see rawHash); capped. Absent: none. */
  corrections?: number;
  /**
   * Images still to download for the stored HTML (the image queue, src/archive/images.ts). The
   * HTML was stored with each image's remote URL at a known place: `html` is the sha256 of that
   * HTML, `at` the offset and length of each URL in it (pairs, flat), `urls` what to download.
   * Absent: nothing to download. Only the device that stored the article works on it.
   */
  imagesPending?: PendingImages;
  /**
   * The page was dead (404, 410, its host gone) and its text came from an archived copy: the
   * copy's URL (the Wayback Machine's raw snapshot) and when it was archived. Absent: the page itself.
   */
  archivedCopy?: { url: string; at: string };
  extraction: { status: ExtractionStatus; reason: string | null; attempts: number; at: string | null };
}

export interface PendingImages {
  html: string;
  at: number[];
  urls: string[];
  /** 'public': the item came from a feed on the public internet; its images may not come from a private address. */
  network: 'public' | 'any';
  /** Sessions that tried the images left (absent: none yet); see MAX_TRIES in src/archive/images.ts. */
  tries?: number;
}

/** W3C Web Annotation TextQuoteSelector: the quoted text with some of the text around it. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  /** Up to 32 characters of the text just before the quote ('' at the start or when unknown). */
  prefix: string;
  /** Up to 32 characters of the text just after the quote ('' at the end or when unknown). */
  suffix: string;
}

/** W3C Web Annotation TextPositionSelector: offsets in UTF-16 code units of the article's plain text (articles/<id>.txt). */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';

/**
 * A passage the user marked, with an optional note. Anchored in the article's plain text by W3C
 * Web Annotation selectors: the quote (with prefix and suffix) finds it again after a
 * re-extraction changed the markup; the position, when known, is the fast path.
 */
export interface Highlight {
  id: string;
  quote: TextQuoteSelector;
  /** null: not known (an imported highlight whose article text was not there yet). */
  position: TextPositionSelector | null;
  color: HighlightColor;
  note: string | null;
  createdAt: string;
}

/** What the user did with an article. */
export interface ArticleState {
  read: boolean;
  starred: boolean;
  tags: string[];
  /** Set for pages and files the user saved (read-it-later); null for feed items. */
  savedAt: string | null;
  addedAt: string;
  /** Passages marked, oldest first. Absent: none. */
  highlights?: Highlight[];
  /** The user's note on the whole article. Absent: none. */
  note?: string;
  /** How far it has been read: the reader's scroll fraction, above 0 and at most 1. Absent: not started. */
  progress?: number;
  /** When the progress last changed (ISO time), for "Continue reading" (most recently read first). Absent: records from before it was kept. */
  progressAt?: string;
}

export interface ArticleRecord extends ArticleContent, ArticleState {}

export interface FeedHttpState {
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
}

export interface Feed {
  id: FeedId;
  url: string;
  siteUrl: string | null;
  title: string;
  folder: string | null;
  /** Queue each new item's page for Readability extraction instead of keeping the feed's text. */
  fetchFullArticle: boolean;
  /**
   * Whether new items' pages are extracted: 'auto' when the feed is summary-only (teasers),
   * 'always', 'never'. Absent (older archives): 'always' if fetchFullArticle, else 'auto'.
   */
  fullText?: 'auto' | 'always' | 'never';
  /** Minutes between refreshes; null: the global setting. */
  refreshMinutes: number | null;
  /** Remove read articles older than this many days; null: keep forever. */
  retentionDays: number | null;
  /** Show a desktop notification when a refresh brings new articles of this feed; absent: off. */
  notify?: boolean;
  http: FeedHttpState;
  createdAt: string;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorCount: number;
  nextFetchAt: string | null;
  /** The server answered 410: no more refreshes until the user says otherwise. */
  gone: boolean;
  /** The server answered 429/503 with Retry-After: no request before this time, not even a manual refresh. */
  retryAt?: string | null;
  /** The feed's icon in assets/ (`<sha256>.<ext>`); null: looked for, none found; absent: never looked for. */
  icon?: string | null;
  /** When the icon was last looked for (ISO); absent: never. */
  iconCheckedAt?: string;
}

export interface TagRule {
  id: string;
  name: string;
  query: string;
  addTags: string[];
  markRead: boolean;
  star: boolean;
  createdAt: string;
}

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
}

export interface Settings {
  refreshMinutes: number;
  maxConcurrentFetches: number;
  maxPerHost: number;
  downloadImages: boolean;
  /** Download podcast and video enclosures into assets/ after each new item is stored. Absent (older archives): off. */
  downloadEnclosures?: boolean;
  theme: 'system' | 'light' | 'dark';
  fontSize: number;
  /**
   * When a page cannot be fetched (a dead link of an import, a saved page gone), look its address
   * up in the Internet Archive's Wayback Machine and keep the archived copy. Absent: off.
   */
  waybackLookup?: boolean;
  /** The Wayback Machine's base URL (its availability API is `<base>/wayback/available`). Absent: https://archive.org. */
  waybackUrl?: string;
}

/** The shape of library.json. Article bodies are never in here: they live in articles/<id>.html. */
export interface LibraryData {
  schemaVersion: number;
  settings: Settings;
  feeds: Record<FeedId, Feed>;
  articles: Record<ArticleId, ArticleRecord>;
  /** Ids the user deleted, with the time: a refresh never brings them back. */
  tombstones: Record<ArticleId, string>;
  rules: TagRule[];
  savedSearches: SavedSearch[];
  /** Set once the seed entry was offered; deleting the seed never brings it back. */
  seeded: boolean;
  /**
   * Per feed, keys of the items already taken in, most recent last: article ids and `t<hash>` of
   * normalized link and title (an item whose guid changes but whose link and title do not is
   * not taken twice). Archives before that hold `u<hash>` of the link instead of `t` keys.
   */
  feedSeen?: Record<FeedId, string[]>;
  /** The journal's bookkeeping (docs/data-format.md): local to this device, rebuilt from the journals when lost. */
  sync?: SyncState;
}

/** Clocks of one record: when it was made, deleted, and when its fields and tags last changed. */
export interface RecordClock {
  /** The latest `new` of the record (it exists while this is later than `x`). */
  c?: string;
  /** Fields set after `c`, with their times. */
  f?: Record<string, string>;
  /** The latest delete. */
  x?: string;
  /** Per tag: [latest add, latest add that a remove saw] ('' for none). Present while add > removed. */
  t?: Record<string, [string, string]>;
  /** Fields set while the record did not exist here (deleted, or its `new` not read yet). */
  p?: Record<string, unknown>;
  /**
   * Per highlight id (articles): the time of its latest `hl` op, kept while later than the
   * highlights' floor (the latest `new`, or `f.highlights`: an older Tidings' whole list). Present
   * in the record: set then; absent: removed then (a tombstone).
   */
  hl?: Record<string, string>;
}

export interface SyncState {
  /** This device's id: it writes journal/<device>.jsonl and no other journal. */
  device: string;
  /** The host the device id belongs to: a data directory copied to another machine gets a new id. */
  host: string;
  /** The latest clock time made or seen. */
  hlc: string | null;
  /** Per record key (`a:<id>`, `f:<id>`, `r:<id>`, `s:<id>`, `settings`, `meta`). */
  clocks: Record<string, RecordClock>;
  /** Per device: how far its journal is in this checkpoint (the epoch changes when it is compacted). */
  offsets: Record<string, { epoch: string; at: number }>;
  /** Article records from other devices waiting for their files to arrive. */
  pending: unknown[];
}
