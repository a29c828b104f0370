// The one contract. Every front end (Electron IPC, command line, browser mode) speaks exactly
// this interface: every method async, plain JSON in and out, progress as events.
// The renderer imports this file with `import type` only.

import type {
  ArticleId,
  ArticleRecord,
  Feed,
  FeedId,
  Highlight,
  HighlightColor,
  SavedSearch,
  Settings,
  TagRule,
} from './model/index.js';

export type {
  ArticleContent,
  ArticleId,
  ArticleRecord,
  ArticleSource,
  Enclosure,
  ExtractionStatus,
  Feed,
  FeedId,
  Highlight,
  HighlightColor,
  SavedSearch,
  Settings,
  TagRule,
  TextPositionSelector,
  TextQuoteSelector,
} from './model/index.js';

// ---- articles ---------------------------------------------------------------------------

/** One row of a list: everything but the body. */
export type ArticleSummary = ArticleRecord & {
  feedTitle: string | null;
  /** When extraction failed: its reason as one sentence people read (extraction.reason is the technical one). */
  extractionMessage?: string;
  /** Matching passage with matched words wrapped in <mark>…</mark> (search only), HTML-escaped. */
  snippet?: string;
  score?: number;
};

export interface ArticleDetail extends ArticleSummary {
  /** Sanitized HTML; images point at `tidings-asset:` URLs (see `assetUrl`). */
  html: string;
  text: string;
}

/** `started`: read past the top and not to the end (is:started), for "Continue reading". */
export type SmartView = 'all' | 'unread' | 'starred' | 'today' | 'saved' | 'started';

export interface ListQuery {
  view?: SmartView;
  feedId?: FeedId;
  folder?: string;
  tag?: string;
  /** The query language of `search` (`tag:ai is:unread "exact words" -word`). */
  query?: string;
  /**
   * `progress`: started articles first, furthest read first, then the rest by date (sort:progress).
   * `recent`: started articles first, most recently read first (progressAt; those without one after,
   * furthest first), then the rest by date (sort:recent); the `started` view's order when none is given.
   */
  sort?: 'date' | 'relevance' | 'progress' | 'recent';
  /** The user is still typing the query's last word (search as you type): it also matches as a prefix, from 3 characters. */
  typing?: boolean;
  offset?: number;
  limit?: number;
}

export interface ArticlePage {
  total: number;
  offset: number;
  items: ArticleSummary[];
}

export interface ImportOptions {
  title?: string;
  tags?: string[];
  lang?: string;
}

export interface SaveUrlOptions {
  tags?: string[];
  /** The title the browser showed (the bookmarklet, a tidings:// link): the article's title when the page gives none or cannot be read. */
  title?: string;
  /**
   * Keep a page that could not be saved as a failed placeholder (extraction.status 'failed')
   * to try again later with extractArticle, instead of rejecting and keeping nothing.
   */
  keepFailed?: boolean;
}

export interface ExtractionQueueStatus {
  queued: number;
  running: number;
  /** Extractions that succeeded since the archive was opened. */
  done: number;
  /** Articles whose last extraction failed, in the whole archive: the same count as Stats.failedExtractions. */
  failed: number;
}

/**
 * The background queue of feed items' images: an item is stored and shown at once with its
 * images remote (the reader shows their alt text), and its images are downloaded afterwards,
 * its HTML then rewritten to the local copies. The queue is kept in the archive and resumes
 * after a restart.
 */
export interface ImageQueueStatus {
  /** Articles whose images are still to be downloaded (kept across restarts). */
  articles: number;
  /** Their images. */
  images: number;
  /** Articles whose images are being downloaded now. */
  running: number;
  /** Images stored since the archive was opened. */
  stored: number;
  /** Images that could not be kept since the archive was opened (they stay remote). */
  failed: number;
  /** False while the setting downloadImages is off: the queue waits. */
  active: boolean;
}

export interface Stats {
  articles: number;
  unread: number;
  starred: number;
  saved: number;
  feeds: number;
  tags: number;
  /** Bytes on disk: library.json, articles/, assets/, index/. */
  bytes: { library: number; articles: number; assets: number; index: number };
  failedExtractions: number;
}

// ---- feeds ------------------------------------------------------------------------------

export interface DiscoveredFeed {
  url: string;
  title: string | null;
  type: 'rss' | 'atom' | 'json' | 'unknown';
}

export type AddFeedResult =
  | { status: 'added'; feed: FeedSummary; newArticles: number }
  | { status: 'exists'; feed: FeedSummary }
  /** The page offered several feeds: call again with one of their URLs. */
  | { status: 'choose'; candidates: DiscoveredFeed[] };

export interface AddFeedOptions {
  folder?: string | null;
  title?: string;
  /** true: 'always'; false or absent: 'auto' (a new feed has nothing turned off yet). */
  fetchFullArticle?: boolean;
  /** Extract new items' pages: 'auto' (summary-only feeds), 'always', 'never'. Wins over fetchFullArticle. */
  fullText?: FullTextMode;
}

/** When a feed's new items get their page extracted; see Feed.fullText. */
export type FullTextMode = 'auto' | 'always' | 'never';

export interface FeedSummary extends Feed {
  unread: number;
  total: number;
  /** When the last refresh failed: lastError as one sentence people read (lastError stays technical). */
  lastErrorMessage?: string;
}

export interface FeedPatch {
  title?: string;
  folder?: string | null;
  fetchFullArticle?: boolean;
  /** 'auto', 'always' or 'never'; wins over fetchFullArticle (true: 'always', false: 'never'). */
  fullText?: FullTextMode;
  refreshMinutes?: number | null;
  retentionDays?: number | null;
  url?: string;
  /** Desktop notifications for this feed's new articles (the Electron app). */
  notify?: boolean;
}

export type RefreshTarget = { all: true } | { feedId: FeedId } | { folder: string };

export interface RefreshSummary {
  feeds: number;
  ok: number;
  notModified: number;
  failed: number;
  newArticles: number;
  errors: { feedId: FeedId; title: string; error: string }[];
}

export interface OpmlImportResult {
  added: number;
  existing: number;
  folders: number;
  errors: string[];
  /** Outlines that repeat a feed of the same file (by normalized URL); given when options were. */
  duplicates?: number;
  /** Outlines whose xmlUrl is no http(s) URL (javascript:, data:, typos); `errors` names the first; given when options were. */
  invalid?: number;
  /** With refresh 'start': how many new feeds are being fetched now (progress comes as refresh events). */
  refreshing?: number;
  /** With refresh 'wait': the first refresh of the new feeds. */
  refresh?: RefreshSummary;
}

export interface OpmlImportOptions {
  /** Fetch the new feeds at once: 'start' answers now and refreshes in the background, 'wait' answers after. */
  refresh?: 'start' | 'wait';
}

// ---- bringing a library in, taking everything out (issue 15) ------------------------------------

/**
 * What `importLibrary` reads, detected from the content (or forced):
 * - `pocket-csv` Pocket's CSV export (`title,url,time_added,tags,status`, tags `|`-separated);
 * - `pocket-html` Pocket's older HTML export (Unread and Read Archive lists);
 * - `instapaper` Instapaper's CSV (`URL,Title,Selection,Folder,Timestamp,Tags`);
 * - `omnivore` Omnivore's export zip (metadata JSON, content/*.html, highlights);
 * - `wallabag` Wallabag's JSON export (content, tags, archived, starred, annotations);
 * - `karakeep` Karakeep's (Hoarder's) JSON export;
 * - `raindrop` Raindrop.io's CSV export;
 * - `bookmarks` a Netscape bookmark file (browsers, Pinboard): folders become tags;
 * - `opml` feeds to subscribe to (as importOpml);
 * - `tidings` Tidings' own archive export (a zip, see docs/data-format.md).
 */
export type ImportFormat = 'pocket-csv' | 'pocket-html' | 'instapaper' | 'omnivore' | 'wallabag' | 'karakeep' | 'raindrop' | 'bookmarks' | 'opml' | 'tidings';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['pocket-csv', 'pocket-html', 'instapaper', 'omnivore', 'wallabag', 'karakeep', 'raindrop', 'bookmarks', 'opml', 'tidings'];

export interface ImportLibraryOptions {
  /** Read the file as this format instead of detecting it. */
  format?: ImportFormat;
  /** Tags added to every article imported (besides the file's own). */
  tags?: string[];
}

/** A part of the file that could not be imported: the rest was. */
export interface ImportProblem {
  /** 1-based line of the file (CSV, HTML, JSON), or null where lines mean nothing (an entry of a zip). */
  line: number | null;
  /** What was there, shortened (a URL, a title, a zip entry's name). */
  item: string | null;
  reason: string;
}

export interface ImportResult {
  format: ImportFormat;
  /** Entries the file holds (articles, bookmarks; feeds for OPML). */
  items: number;
  /** New articles. */
  added: number;
  /** Already in the archive, and the file brought something new (a tag, a star, a highlight). */
  merged: number;
  /** Already in the archive with all the file says: nothing changed (the same file imported twice). */
  unchanged: number;
  /** Of the new articles: stored from the content the file ships (no network). */
  stored: number;
  /** Of the new articles: waiting to be fetched and extracted in the background. */
  queued: number;
  /** Entries skipped: malformed rows, URLs that are not http(s). */
  problems: ImportProblem[];
  /** The same page listed more than once in the file: taken as one entry with all its copies say. Absent: none. */
  duplicates?: number;
  /** Entries skipped because the user deleted their article here: a bulk import does not bring it back. Absent: none. */
  deleted?: number;
  /** OPML only: the feeds part. */
  feeds?: OpmlImportResult;
}

/** The background fetching of imported articles (kept in the archive: it resumes after a restart). */
export interface ImportStatus {
  /** Imported articles still waiting to be fetched and extracted. */
  waiting: number;
  /** Being fetched now. */
  running: number;
  /** Fetched and extracted since the archive was opened. */
  done: number;
  /** Failed since the archive was opened (their records stay, with the reason and a "Try again"). */
  failed: number;
}

/**
 * What `exportLibrary` writes:
 * - `archive` one zip with everything needed to rebuild the articles (docs/data-format.md);
 * - `markdown` a folder of `.md` files (YAML front matter) with their images beside them;
 * - `epub` an EPUB 3 book;
 * - `bookmarks` a Netscape bookmark file browsers import;
 * - `opml` the feeds.
 */
export type ExportFormat = 'archive' | 'markdown' | 'epub' | 'bookmarks' | 'opml';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['archive', 'markdown', 'epub', 'bookmarks', 'opml'];

export interface ExportOptions {
  format: ExportFormat;
  /** Only the articles this query selects (the query language of `search`); absent: all. */
  query?: string;
}

export interface ExportResult {
  format: ExportFormat;
  /** Where it was written (a file, or a folder for markdown). */
  path: string;
  articles: number;
  /** Images and other files written with them. */
  assets: number;
  bytes: number;
}

// ---- reading: highlights, notes, the place kept (issue 16) -------------------------------------

export interface NewHighlight {
  /** The passage as selected in the article's plain text (as `getArticle(id).text` has it). */
  exact: string;
  /** The text just before and after the selection, as far as the reader knows it: decides between repeats. */
  prefix?: string;
  suffix?: string;
  /** Where the selection starts in the article's text, when the reader knows. */
  start?: number;
  /** Default 'yellow'. */
  color?: HighlightColor;
  note?: string;
}

export interface HighlightPatch {
  color?: HighlightColor;
  /** null or '': no note. */
  note?: string | null;
}

/** A highlight with the article it belongs to (the Highlights view, `tidings highlights`). */
export interface HighlightEntry {
  article: { id: ArticleId; title: string; url: string | null; feedTitle: string | null; savedAt: string | null; publishedAt: string | null };
  highlight: Highlight;
}

export interface HighlightQuery {
  /** One article's highlights, oldest first (the reader); absent: every article's, newest first. */
  articleId?: ArticleId;
  /** Only the articles this query selects (the query language of `search`). */
  query?: string;
  offset?: number;
  limit?: number;
}

export interface HighlightPage {
  total: number;
  offset: number;
  items: HighlightEntry[];
}

// ---- search, tags, rules, views -------------------------------------------------------

export interface SearchOptions {
  offset?: number;
  limit?: number;
  /** See ListQuery.sort. */
  sort?: 'date' | 'relevance' | 'progress' | 'recent';
  /** See ListQuery.typing. */
  typing?: boolean;
}

export interface TagCount {
  name: string;
  count: number;
}

export interface NewRule {
  name?: string;
  query: string;
  addTags?: string[];
  markRead?: boolean;
  star?: boolean;
}

export interface RuleRunResult {
  dryRun: boolean;
  /** Per rule: how many articles it matches and how many it would change (or changed). */
  rules: { id: string; name: string; matched: number; changed: number }[];
  changed: number;
}

export interface ViewCount {
  id: string;
  kind: 'smart' | 'tag' | 'saved-search';
  name: string;
  query: string;
  count: number;
}

export interface RetentionResult {
  dryRun: boolean;
  removed: number;
  perFeed: { feedId: FeedId; title: string; removed: number }[];
}

/** One device whose journal is in the data directory (issue 12: one archive on several machines). */
export interface DeviceSync {
  device: string;
  /** The machine's name (its host name, from its journal); null: a journal that does not say. */
  host: string | null;
  /** ISO time of its newest journal line (the wall part of its clock); null: no change yet. */
  lastChangeAt: string | null;
  /** Its journal lines read here (all of them for this device). */
  changes: number;
  thisDevice: boolean;
}

/** What Settings shows under "Several machines". */
export interface SyncStatus {
  /** The folder to share with Syncthing (or Nextcloud, Dropbox). */
  dataDir: string;
  device: string;
  devices: DeviceSync[];
  /** Articles from other devices whose files have not arrived yet. */
  waitingArticles: number;
  /** Whether the data directory's .stignore (what Syncthing must leave alone) is there. */
  ignoreFile: boolean;
}

// ---- events -----------------------------------------------------------------------------

export type ArchiveEvent =
  | { type: 'refresh'; phase: 'start' | 'feed' | 'done'; index: number; total: number; feedId?: FeedId; title?: string; newArticles: number; error?: string }
  | { type: 'extract'; phase: 'queued' | 'start' | 'done' | 'failed'; id: ArticleId; queued: number; running: number; error?: string }
  | ({ type: 'images' } & ImageQueueStatus)
  | { type: 'index'; phase: 'start' | 'progress' | 'done'; done: number; total: number }
  /** importLibrary: 'read' the file parsed, 'records' records being made (done of total), 'done' all made; then 'fetch' as imported articles are fetched. */
  | { type: 'import'; phase: 'read' | 'records' | 'done' | 'fetch'; format: ImportFormat | null; done: number; total: number }
  /** exportLibrary: articles written (done of total). */
  | { type: 'export'; phase: 'start' | 'progress' | 'done'; format: ExportFormat; done: number; total: number }
  | { type: 'changed'; what: 'articles' | 'feeds' | 'tags' | 'rules' | 'views' | 'settings'; ids?: string[] }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string }
  /** A highlight or the note of these articles was added, changed or removed (after their 'changed' event); reading progress is not. */
  | { type: 'highlights'; ids: ArticleId[] };

export type ArchiveListener = (event: ArchiveEvent) => void;

// ---- the contract -----------------------------------------------------------------------

export interface ArchiveApi {
  // articles
  listArticles(query: ListQuery): Promise<ArticlePage>;
  getArticle(id: ArticleId): Promise<ArticleDetail>;
  importFile(path: string, options?: ImportOptions): Promise<ArticleSummary>;
  saveUrl(url: string, options?: SaveUrlOptions): Promise<ArticleSummary>;
  extractArticle(id: ArticleId): Promise<ArticleSummary>;
  extractionStatus(): Promise<ExtractionQueueStatus>;
  /** The background image queue (see ImageQueueStatus). */
  imageStatus(): Promise<ImageQueueStatus>;
  /** Work on the image queue now, and answer when it is empty or after `seconds` (what is left stays queued). */
  waitForImages(seconds: number): Promise<ImageQueueStatus>;
  setRead(ids: ArticleId[], read: boolean): Promise<number>;
  setStarred(ids: ArticleId[], starred: boolean): Promise<number>;
  tagArticles(ids: ArticleId[], tags: string[]): Promise<number>;
  untagArticles(ids: ArticleId[], tags: string[]): Promise<number>;
  deleteArticles(ids: ArticleId[]): Promise<number>;
  stats(): Promise<Stats>;

  // feeds
  discoverFeeds(url: string): Promise<DiscoveredFeed[]>;
  addFeed(url: string, options?: AddFeedOptions): Promise<AddFeedResult>;
  listFeeds(): Promise<FeedSummary[]>;
  updateFeed(id: FeedId, patch: FeedPatch): Promise<FeedSummary>;
  removeFeed(id: FeedId): Promise<void>;
  refresh(target?: RefreshTarget): Promise<RefreshSummary>;
  importOpml(xml: string, options?: OpmlImportOptions): Promise<OpmlImportResult>;
  exportOpml(): Promise<string>;

  // reading: highlights, notes, the place kept
  /** Highlight a passage of an article's text; refused when the passage is not in it. */
  addHighlight(id: ArticleId, highlight: NewHighlight): Promise<Highlight>;
  updateHighlight(id: ArticleId, highlightId: string, patch: HighlightPatch): Promise<Highlight>;
  removeHighlight(id: ArticleId, highlightId: string): Promise<void>;
  /** The note on the whole article; null or '' removes it. */
  setArticleNote(id: ArticleId, note: string | null): Promise<void>;
  listHighlights(query?: HighlightQuery): Promise<HighlightPage>;
  /** How far the article has been read, 0 to 1 (a scroll fraction): restored when it is opened again. */
  setReadingProgress(id: ArticleId, progress: number): Promise<void>;

  // bring a library in, take everything out
  /**
   * Import another app's export (or Tidings' own archive) from a file on this machine. Records
   * exist when this answers; articles the file does not ship are fetched in the background
   * (importStatus, `import` and `extract` events). Rows that cannot be read are listed in
   * `problems` and the rest imported; a file that is none of the formats is refused.
   */
  importLibrary(path: string, options?: ImportLibraryOptions): Promise<ImportResult>;
  importStatus(): Promise<ImportStatus>;
  /** Fetch the imported articles now and answer when none waits, or after `seconds`. */
  waitForImports(seconds: number): Promise<ImportStatus>;
  /** Write the articles (all, or those a query selects) to `path` in a format. */
  exportLibrary(path: string, options: ExportOptions): Promise<ExportResult>;

  // search and tags
  search(query: string, options?: SearchOptions): Promise<ArticlePage>;
  listTags(): Promise<TagCount[]>;
  renameTag(from: string, to: string): Promise<number>;
  mergeTags(from: string[], into: string): Promise<number>;
  deleteTag(name: string): Promise<number>;
  tagQuery(query: string, tags: string[]): Promise<number>;
  untagQuery(query: string, tags: string[]): Promise<number>;
  listRules(): Promise<TagRule[]>;
  addRule(rule: NewRule): Promise<TagRule>;
  /**
   * Change a rule in place: it keeps its id, its place in the list (rules run in list order) and
   * createdAt. An unknown id is a not-found error naming it; what addRule refuses is refused the
   * same way, and the rule is left as it was.
   */
  updateRule(id: string, rule: NewRule): Promise<TagRule>;
  removeRule(id: string): Promise<void>;
  runRules(options: { dryRun: boolean; ruleId?: string }): Promise<RuleRunResult>;
  listViews(): Promise<ViewCount[]>;
  saveSearch(name: string, query: string): Promise<SavedSearch>;
  removeSavedSearch(id: string): Promise<void>;
  applyRetention(options: { dryRun: boolean }): Promise<RetentionResult>;

  // settings
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;

  // several machines
  getSyncStatus(): Promise<SyncStatus>;
}

export { ARCHIVE_METHODS } from './api-methods.js';

/**
 * An open archive: the contract plus what only the owning process may do. openArchive returns it
 * guarded: every ArchiveApi method checks its arguments against src/contract (one set of LIMITS)
 * before it runs, whichever front end calls it.
 */
export interface Archive extends ArchiveApi {
  readonly dataDir: string;
  /** Subscribe to progress and change events; returns the unsubscribe function. */
  on(listener: ArchiveListener): () => void;
  /** Messages for the user from opening (a recovered library, a rebuilt index). */
  readonly notices: string[];
  /** Write pending changes to disk now. */
  flush(): Promise<void>;
  /** Flush, stop background work, release the data directory. */
  close(): Promise<void>;
  /**
   * Take in other devices' changes now (their journals, as a sync engine copied them). The
   * archive also does this by itself on file events and every few seconds.
   */
  syncNow(): Promise<void>;
  /** Absolute path of an asset file if `name` is a valid asset name that exists, else null. */
  assetPath(name: string): string | null;
}

/** The URL scheme the reader uses for offline images: `tidings-asset:<sha256>.<ext>`. */
export const ASSET_SCHEME = 'tidings-asset';
