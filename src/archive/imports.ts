// The import part of the API: another app's export in, articles out. Parsing is src/imports/;
// this part reads the file (bounded), makes the records and merges with what the archive has
// (import-records.ts), and fetches the pages the file does not ship through the extraction
// queue, politely and resumably (import-fetch.ts). Tidings' own archive is restored
// (restore.ts), an OPML file goes to the feeds part.

import type { ArchiveApi, ImportResult, OpmlImportOptions, OpmlImportResult } from '../api.js';
import { TidingsError } from '../errors.js';
import { MAX_UNZIPPED_BYTES, type ParsedImport, parseImport, parseZipImport, ZIP_FORMATS } from '../imports/index.js';
import { ZipReader } from '../exports/index.js';
import type { ArchiveContext } from './context.js';
import { readLocalFile } from './extraction.js';
import { ImportFetcher } from './import-fetch.js';
import { type ImportNeeds, importItems } from './import-records.js';
import { inflateCap, isTidingsZip } from './restore.js';
import path from 'node:path';

type ImportsPart = Pick<ArchiveApi, 'importLibrary' | 'importStatus' | 'waitForImports'>;

/** Exports of other apps that are not zips (a zip is read entry by entry, of any size): read whole, up to 1 GiB. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

const NOT_AN_ARCHIVE = 'not a Tidings archive (expected a zip with manifest.json of format "tidings-archive")';

export interface ImportsNeeds extends Omit<ImportNeeds, 'fetch'> {
  /** Extract one stored article through the extraction queue, and wait for it. */
  extract(id: string): Promise<void>;
  /** Tidings' own archive read back (restore.ts), from the zip importLibrary opened. */
  restore(zip: ZipReader): Promise<ImportResult>;
  /** The feeds part's OPML import. */
  importOpml(xml: string, options: OpmlImportOptions): Promise<OpmlImportResult>;
}

export function createImportsPart(ctx: ArchiveContext, needs: ImportsNeeds): ImportsPart {
  const fetcher = new ImportFetcher(ctx, needs.extract);
  // First among the closers: no new page is started while the queue stops.
  ctx.closers.unshift(() => fetcher.stop());
  return {
    async importLibrary(file, options = {}) {
      const parseOptions = { name: path.basename(file), ...(options.format ? { format: options.format } : {}) };
      let parsed: ParsedImport;
      // A zip (our own archive, Pocket's, Omnivore's) of any size: opened once, read from its
      // central directory, only the entries needed; the open reader goes to whoever reads it.
      const zip = !options.format || ZIP_FORMATS.has(options.format) ? await openZip(file) : null;
      if (zip) {
        try {
          // Our own archive may hold gigabytes of images: known by its manifest, never read whole here.
          if (options.format === 'tidings' || (!options.format && (await isTidingsZip(zip)))) return await needs.restore(zip);
          zip.limitTotal(MAX_UNZIPPED_BYTES);
          parsed = parseZipImport(zip, parseOptions);
        } finally {
          await zip.close();
        }
      } else {
        if (options.format === 'tidings') throw new TidingsError('import', file, NOT_AN_ARCHIVE, 'invalid');
        const bytes = await readLocalFile(file, { maxBytes: MAX_IMPORT_BYTES, binary: true });
        parsed = parseImport(bytes, parseOptions);
        if (parsed.format === 'opml') return importFeeds(parsed.opml ?? new TextDecoder().decode(bytes), needs, parsed.problems);
      }
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

/** The file as a zip, opened once with restore's cap (lowered for other apps' zips), or null when it is not one. */
async function openZip(file: string): Promise<ZipReader | null> {
  try {
    return await ZipReader.openIfZip(file, { maxTotal: inflateCap });
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    throw new TidingsError('import', file, `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'failed', { cause: error });
  }
}

/** The feeds of an OPML file subscribed to, and their first fetch started in the background (as the app's OPML import: its progress comes as refresh events). */
async function importFeeds(xml: string, needs: ImportsNeeds, problems: ImportResult['problems']): Promise<ImportResult> {
  const feeds = await needs.importOpml(xml, { refresh: 'start' });
  const items = feeds.added + feeds.existing;
  return { format: 'opml', items, added: feeds.added, merged: 0, unchanged: feeds.existing, stored: 0, queued: 0, problems, feeds };
}
