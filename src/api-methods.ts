// The names of every method of the contract, as a value: front ends wire each one and prove
// they wired them all. Apart from src/api.ts so that a bundle (the sandboxed preload) can take
// this list without the archive engine behind src/api.ts.

import type { ArchiveApi } from './api.js';

/** The names of every method of the contract, for wiring front ends and checking they are all wired. */
export const ARCHIVE_METHODS = [
  'listArticles', 'getArticle', 'importFile', 'saveUrl', 'extractArticle', 'extractionStatus', 'imageStatus', 'waitForImages',
  'setRead', 'setStarred', 'tagArticles', 'untagArticles', 'deleteArticles', 'stats',
  'discoverFeeds', 'addFeed', 'listFeeds', 'updateFeed', 'removeFeed', 'refresh', 'importOpml', 'exportOpml',
  'importLibrary', 'importStatus', 'waitForImports', 'exportLibrary',
  'addHighlight', 'updateHighlight', 'removeHighlight', 'setArticleNote', 'listHighlights', 'setReadingProgress',
  'search', 'listTags', 'renameTag', 'mergeTags', 'deleteTag', 'tagQuery', 'untagQuery',
  'listRules', 'addRule', 'updateRule', 'removeRule', 'runRules', 'listViews', 'saveSearch', 'removeSavedSearch',
  'applyRetention', 'getSettings', 'updateSettings', 'getSyncStatus',
] as const satisfies readonly (keyof ArchiveApi)[];

type MissingMethods = Exclude<keyof ArchiveApi, (typeof ARCHIVE_METHODS)[number]>;
// Compile-time check: adding a method to ArchiveApi without listing it above fails the type-check.
export const ALL_METHODS_LISTED: MissingMethods extends never ? true : MissingMethods = true;
