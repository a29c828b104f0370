// The import part of the API: another app's export in, articles out. Parsing is src/imports/;
// this part makes the records, merges with what the archive has, and fetches the pages the
// file does not ship through the extraction queue, politely and resumably.

import type { ArchiveApi } from '../api.js';
import { TidingsError } from '../errors.js';
import type { ArchiveContext } from './context.js';

type ImportsPart = Pick<ArchiveApi, 'importLibrary' | 'importStatus' | 'waitForImports'>;

export function createImportsPart(ctx: ArchiveContext): ImportsPart {
  void ctx;
  return {
    async importLibrary(file) {
      throw new TidingsError('import', file, 'not built yet', 'failed');
    },
    async importStatus() {
      return { waiting: 0, running: 0, done: 0, failed: 0 };
    },
    async waitForImports() {
      return { waiting: 0, running: 0, done: 0, failed: 0 };
    },
  };
}
