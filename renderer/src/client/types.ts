// The one interface the renderer talks to: the archive's API plus events and asset URLs.
// In Electron it is the preload's `window.archive`; in a browser it is the HTTP client.

import type { ArchiveApi, ArchiveEvent } from '../../../src/api.js';

export type ArchiveClient = ArchiveApi & {
  /** Subscribe to progress and change events; returns the unsubscribe function. */
  onEvent(listener: (event: ArchiveEvent) => void): () => void;
  /** The URL that shows the asset `name` (`<sha256>.<ext>`) in this front end. */
  assetUrl(name: string): string;
};

/** Every method of the contract, for building clients that forward each one. */
export const API_METHODS = [
  'listArticles', 'getArticle', 'importFile', 'saveUrl', 'extractArticle', 'extractionStatus', 'imageStatus', 'waitForImages',
  'setRead', 'setStarred', 'tagArticles', 'untagArticles', 'deleteArticles', 'stats',
  'discoverFeeds', 'addFeed', 'listFeeds', 'updateFeed', 'removeFeed', 'refresh', 'importOpml', 'exportOpml',
  'importLibrary', 'importStatus', 'waitForImports', 'exportLibrary',
  'addHighlight', 'updateHighlight', 'removeHighlight', 'setArticleNote', 'listHighlights', 'setReadingProgress',
  'search', 'listTags', 'renameTag', 'mergeTags', 'deleteTag', 'tagQuery', 'untagQuery',
  'listRules', 'addRule', 'updateRule', 'removeRule', 'runRules', 'listViews', 'saveSearch', 'removeSavedSearch',
  'applyRetention', 'getSettings', 'updateSettings', 'getSyncStatus',
] as const satisfies readonly (keyof ArchiveApi)[];

type Missing = Exclude<keyof ArchiveApi, (typeof API_METHODS)[number]>;
// Compile-time check: a method added to ArchiveApi but not listed here fails the type-check.
export const ALL_API_METHODS_LISTED: Missing extends never ? true : Missing = true;

/** An error the archive reported, with its kind (invalid input, not found, failure). */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found' | 'failed',
    /** The sentence people read (the engine's src/messages), for failures of the outside world. */
    readonly readable?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
