// Tidings' own archive export (a zip, docs/data-format.md) read back: records with their ids,
// dates, states and tags, article files and assets, byte for byte; merged into a non-empty
// archive without duplicates.

import type { ImportResult } from '../api.js';
import { TidingsError } from '../errors.js';
import type { ArchiveContext } from './context.js';

/** Restore a Tidings archive export from `file` (a zip) into the open archive. */
export async function restoreArchive(ctx: ArchiveContext, file: string): Promise<ImportResult> {
  void ctx;
  throw new TidingsError('import', file, 'tidings archive: not built yet', 'failed');
}
