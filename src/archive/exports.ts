// The export part of the API: the articles a query selects (or all), written in a format by
// src/exports/.

import type { ArchiveApi } from '../api.js';
import { TidingsError } from '../errors.js';
import type { SearchService } from '../search/index.js';
import type { ArchiveContext } from './context.js';

type ExportsPart = Pick<ArchiveApi, 'exportLibrary'>;

export function createExportsPart(ctx: ArchiveContext, search: SearchService): ExportsPart {
  void ctx;
  void search;
  return {
    async exportLibrary(file) {
      throw new TidingsError('export', file, 'not built yet', 'failed');
    },
  };
}
