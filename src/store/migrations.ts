// Schema migrations of library.json: an ordered list that is only ever appended to.
// Entry i takes data at schema version i to version i + 1.

import type { LibraryData } from '../model/index.js';
import { TidingsError } from '../errors.js';
import { defaultSettings } from './defaults.js';

type Migration = (data: Record<string, unknown>) => void;

const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1: the first schema. An empty object becomes an empty library.
  (data) => {
    data.settings ??= defaultSettings();
    data.feeds ??= {};
    data.articles ??= {};
    data.tombstones ??= {};
    data.rules ??= [];
    data.savedSearches ??= [];
    data.seeded ??= false;
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring `data` up to the current schema in place. Refuses data from a newer Tidings. */
export function migrate(data: Record<string, unknown>): LibraryData {
  const from = typeof data.schemaVersion === 'number' ? data.schemaVersion : 0;
  if (from > SCHEMA_VERSION) {
    throw new TidingsError('store', 'library.json', `schema ${from} is newer than this Tidings knows (${SCHEMA_VERSION}); update Tidings`, 'invalid');
  }
  for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(data);
  data.schemaVersion = SCHEMA_VERSION;
  // Settings added later get their defaults without a migration of their own.
  data.settings = { ...defaultSettings(), ...(data.settings as object) };
  return data as unknown as LibraryData;
}
