import type { LibraryData, Settings } from '../model/index.js';

export function defaultSettings(): Settings {
  return {
    refreshMinutes: 60,
    maxConcurrentFetches: 8,
    maxPerHost: 2,
    downloadImages: true,
    theme: 'system',
    fontSize: 18,
  };
}

export function emptyLibrary(schemaVersion: number): LibraryData {
  return {
    schemaVersion,
    settings: defaultSettings(),
    feeds: {},
    articles: {},
    tombstones: {},
    rules: [],
    savedSearches: [],
    seeded: false,
  };
}
