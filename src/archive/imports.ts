// The import part of the API: another app's export in, articles out. Parsing is src/imports/;
// this part reads the file (bounded), makes the records and merges with what the archive has
// (import-records.ts), and fetches the pages the file does not ship through the extraction
// queue, politely and resumably (import-fetch.ts). Tidings' own archive is restored
// (restore.ts), an OPML file goes to the feeds part.

import type { ArchiveApi, ImportResult, OpmlImportOptions, OpmlImportResult } from '../api.js';
import { TidingsError } from '../errors.js';
import { parseImport } from '../imports/index.js';
import type { ArchiveContext } from './context.js';
import { readLocalFile } from './extraction.js';
import { ImportFetcher } from './import-fetch.js';
import { type ImportNeeds, importItems } from './import-records.js';
import { isTidingsArchive } from './restore.js';
import path from 'node:path';

type ImportsPart = Pick<ArchiveApi, 'importLibrary' | 'importStatus' | 'waitForImports'>;

/** Exports of other apps can be large (Omnivore's zip holds every page): read up to 1 GiB. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export interface ImportsNeeds extends Omit<ImportNeeds, 'fetch'> {
  /** Extract one stored article through the extraction queue, and wait for it. */
  extract(id: string): Promise<void>;
  /** Tidings' own archive read back (restore.ts). */
  restore(file: string): Promise<ImportResult>;
  /** The feeds part's OPML import. */
  importOpml(xml: string, options: OpmlImportOptions): Promise<OpmlImportResult>;
}

export function createImportsPart(ctx: ArchiveContext, needs: ImportsNeeds): ImportsPart {
  const fetcher = new ImportFetcher(ctx, needs.extract);
  // First among the closers: no new page is started while the queue stops.
  ctx.closers.unshift(() => fetcher.stop());
  return {
    async importLibrary(file, options = {}) {
      // Our own archive may hold gigabytes of images: known by its manifest, never read whole here.
      if (options.format === 'tidings' || (!options.format && (await isTidingsArchive(file)))) return needs.restore(file);
      const bytes = await readLocalFile(file, { maxBytes: MAX_IMPORT_BYTES, binary: true });
      const parsed = parseImport(bytes, { name: path.basename(file), ...(options.format ? { format: options.format } : {}) });
      if (parsed.format === 'tidings') return needs.restore(file);
      if (parsed.format === 'opml') return importFeeds(parsed.opml ?? new TextDecoder().decode(bytes), needs, parsed.problems);
      fetcher.resume();
      return importItems(ctx, parsed, options.tags ?? [], { ...needs, fetch: fetcher });
    },
    async importStatus() {
      return fetcher.status();
    },
    async waitForImports(seconds) {
      if (!(seconds >= 0)) throw new TidingsError('import', String(seconds), 'seconds must be a number of 0 or more', 'invalid');
      return fetcher.wait(seconds);
    },
  };
}

/** The feeds of an OPML file subscribed to, and their first fetch started in the background (as the app's OPML import: its progress comes as refresh events). */
async function importFeeds(xml: string, needs: ImportsNeeds, problems: ImportResult['problems']): Promise<ImportResult> {
  const feeds = await needs.importOpml(xml, { refresh: 'start' });
  const items = feeds.added + feeds.existing;
  return { format: 'opml', items, added: feeds.added, merged: 0, unchanged: feeds.existing, stored: 0, queued: 0, problems, feeds };
}
