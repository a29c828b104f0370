// What each method of ArchiveApi accepts: types and bounds of every argument. The archive that
// openArchive returns checks every call here (guardApi), whichever front end made it (command
// line, Electron IPC, browser mode's HTTP). The engine still checks meaning (a valid URL, a known id).

import type {
  AddFeedOptions, ArchiveApi, FeedPatch, ImportOptions, ListQuery, NewRule, RefreshTarget, SaveUrlOptions, SearchOptions, Settings,
} from '../api.js';
import type { ExportOptions, HighlightPatch, HighlightQuery, ImportLibraryOptions, NewHighlight, OpmlImportOptions } from '../api.js';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../api.js';
import { MAX_OPML_CHARS } from '../feeds/index.js';
import { MAX_QUERY_LENGTH } from '../search/index.js';
import { MAX_TAG_LENGTH } from '../tags/index.js';
import { anyText, args, bool, type Check, either, fraction, int, list, literal, nullable, object, oneOf, optional, optionalNullable, text } from './checks.js';

/**
 * Limits of what one call may carry. Generous for people, small enough to stop a flood.
 * The one table: the engine's own checks (settings in src/archive/settings.ts) read it too, so a
 * value at a limit runs and one past it is refused, whichever front end sent it.
 */
export const LIMITS = {
  id: 200,
  ids: 100_000,
  /** A tag as the tag normalizer takes it (src/tags/normalize.ts). */
  tag: MAX_TAG_LENGTH,
  tags: 1000,
  name: 1000,
  /** What the query language parses (src/search/query.ts). */
  query: MAX_QUERY_LENGTH,
  url: 8192,
  path: 4096,
  /** A highlighted passage: a long one is a few pages. */
  quote: 100_000,
  /** A note, on a highlight or an article. */
  note: 100_000,
  opml: MAX_OPML_CHARS,
  offset: 100_000_000,
  pageSize: 1000,
  /** A feed's own refresh interval: no faster than the engine's floor, at most a year. */
  feedRefreshMinutes: { min: 5, max: 525_600 },
  retentionDays: { min: 1, max: 36_500 },
  /** How long waitForImages may hold its caller: up to a day (the command line's --images-for). */
  imageWaitSeconds: { min: 0, max: 86_400 },
  settings: {
    refreshMinutes: { min: 5, max: 7 * 24 * 60 },
    maxConcurrentFetches: { min: 1, max: 32 },
    maxPerHost: { min: 1, max: 16 },
    fontSize: { min: 8, max: 48 },
  },
} as const;

const within = (range: { min: number; max: number }) => int(range.min, range.max);

const id = text(LIMITS.id);
const ids = list(id, LIMITS.ids);
const tag = text(LIMITS.tag);
const tags = list(tag, LIMITS.tags);
const name = text(LIMITS.name);
const query = text(LIMITS.query);
const url = text(LIMITS.url);
const offset = optional(int(0, LIMITS.offset));
const pageSize = optional(int(1, LIMITS.pageSize));
const sort = optional(oneOf(['date', 'relevance', 'progress', 'recent']));
const highlightColor = oneOf(['yellow', 'green', 'blue', 'pink', 'purple']);

/** Every key of T, no more: a key added to a parameter type of the API fails the type-check here. */
type ShapeOf<T> = { [K in keyof Required<T>]: Check<unknown> };

const listQuery = object({
  view: optional(oneOf(['all', 'unread', 'starred', 'today', 'saved', 'started'])),
  feedId: optional(id),
  folder: optional(name),
  tag: optional(tag),
  query: optional(query),
  sort,
  typing: optional(bool),
  offset,
  limit: pageSize,
} satisfies ShapeOf<ListQuery>);

const refreshTarget = either<RefreshTarget>([
  ['all', object({ all: literal(true) })],
  ['feedId', object({ feedId: id })],
  ['folder', object({ folder: name })],
]);

const settingsPatch = object({
  refreshMinutes: optional(within(LIMITS.settings.refreshMinutes)),
  maxConcurrentFetches: optional(within(LIMITS.settings.maxConcurrentFetches)),
  maxPerHost: optional(within(LIMITS.settings.maxPerHost)),
  downloadImages: optional(bool),
  theme: optional(oneOf(['system', 'light', 'dark'])),
  downloadEnclosures: optional(bool),
  fontSize: optional(within(LIMITS.settings.fontSize)),
  waybackLookup: optional(bool),
  waybackUrl: optional(url),
} satisfies ShapeOf<Settings>);

/** The checked arguments of each method, typed as that method takes them. */
type Contract = { [M in keyof ArchiveApi]: Check<Parameters<ArchiveApi[M]>> };

export const CONTRACT: Contract = {
  listArticles: args(listQuery),
  getArticle: args(id),
  importFile: args(text(LIMITS.path), optional(object({ title: optional(name), tags: optional(tags), lang: optional(text(35)) } satisfies ShapeOf<ImportOptions>))),
  saveUrl: args(url, optional(object({ tags: optional(tags), keepFailed: optional(bool), title: optional(name) } satisfies ShapeOf<SaveUrlOptions>))),
  extractArticle: args(id),
  extractionStatus: args(),
  imageStatus: args(),
  waitForImages: args(within(LIMITS.imageWaitSeconds)),
  setRead: args(ids, bool),
  setStarred: args(ids, bool),
  tagArticles: args(ids, tags),
  untagArticles: args(ids, tags),
  deleteArticles: args(ids),
  stats: args(),

  discoverFeeds: args(url),
  addFeed: args(url, optional(object({ folder: optionalNullable(name), title: optional(name), fetchFullArticle: optional(bool), fullText: optional(oneOf(['auto', 'always', 'never'])) } satisfies ShapeOf<AddFeedOptions>))),
  listFeeds: args(),
  updateFeed: args(id, object({
    title: optional(name),
    folder: optionalNullable(name),
    fetchFullArticle: optional(bool),
    fullText: optional(oneOf(['auto', 'always', 'never'])),
    refreshMinutes: optionalNullable(within(LIMITS.feedRefreshMinutes)),
    retentionDays: optionalNullable(within(LIMITS.retentionDays)),
    url: optional(url),
    notify: optional(bool),
  } satisfies ShapeOf<FeedPatch>)),
  removeFeed: args(id),
  refresh: args(optional(refreshTarget)),
  importOpml: args(text(LIMITS.opml), optional(object({ refresh: optional(oneOf(['start', 'wait'])) } satisfies ShapeOf<OpmlImportOptions>))),
  exportOpml: args(),

  importLibrary: args(text(LIMITS.path), optional(object({ format: optional(oneOf(IMPORT_FORMATS)), tags: optional(tags) } satisfies ShapeOf<ImportLibraryOptions>))),
  importStatus: args(),
  waitForImports: args(within(LIMITS.imageWaitSeconds)),
  addHighlight: args(id, object({
    exact: text(LIMITS.quote),
    prefix: optional(anyText(LIMITS.name)),
    suffix: optional(anyText(LIMITS.name)),
    start: optional(int(0, LIMITS.offset)),
    color: optional(highlightColor),
    note: optional(anyText(LIMITS.note)),
  } satisfies ShapeOf<NewHighlight>)),
  updateHighlight: args(id, id, object({ color: optional(highlightColor), note: optionalNullable(anyText(LIMITS.note)) } satisfies ShapeOf<HighlightPatch>)),
  removeHighlight: args(id, id),
  setArticleNote: args(id, nullable(anyText(LIMITS.note))),
  listHighlights: args(optional(object({ articleId: optional(id), query: optional(query), offset, limit: pageSize } satisfies ShapeOf<HighlightQuery>))),
  setReadingProgress: args(id, fraction),
  exportLibrary: args(text(LIMITS.path), object({ format: oneOf(EXPORT_FORMATS), query: optional(query) } satisfies ShapeOf<ExportOptions>)),

  search: args(query, optional(object({ offset, limit: pageSize, sort, typing: optional(bool) } satisfies ShapeOf<SearchOptions>))),
  listTags: args(),
  renameTag: args(tag, tag),
  mergeTags: args(list(tag, LIMITS.tags, 1), tag),
  deleteTag: args(tag),
  tagQuery: args(query, list(tag, LIMITS.tags, 1)),
  untagQuery: args(query, list(tag, LIMITS.tags, 1)),
  listRules: args(),
  addRule: args(object({ name: optional(name), query, addTags: optional(tags), markRead: optional(bool), star: optional(bool) } satisfies ShapeOf<NewRule>)),
  updateRule: args(id, object({ name: optional(name), query, addTags: optional(tags), markRead: optional(bool), star: optional(bool) } satisfies ShapeOf<NewRule>)),
  removeRule: args(id),
  runRules: args(object({ dryRun: bool, ruleId: optional(id) })),
  listViews: args(),
  saveSearch: args(name, query),
  removeSavedSearch: args(id),
  applyRetention: args(object({ dryRun: bool })),

  getSettings: args(),
  updateSettings: args(settingsPatch),

  getSyncStatus: args(),
};

