// The export command: the whole library, or what a query selects, as Tidings' archive (zip),
// Markdown, EPUB, bookmarks or OPML.

import { EXPORT_FORMATS, type ExportFormat } from '../../api.js';
import { type Command, flagString, printJson, UsageError } from '../command.js';

const WHAT: Record<ExportFormat, string> = {
  archive: 'a Tidings archive (zip)',
  markdown: 'Markdown',
  epub: 'an EPUB book',
  bookmarks: 'a bookmark file',
  opml: 'the feeds as OPML',
};

export const exportCommands: Command[] = [
  {
    name: 'export',
    usage: 'export --format=F [--query=Q] OUT',
    summary: 'write the articles (all, or those a search query selects) as a Tidings archive, Markdown, EPUB, bookmarks, or the feeds as OPML',
    options: {
      format: { type: 'string', value: 'F', choices: EXPORT_FORMATS, help: `one of ${EXPORT_FORMATS.join(', ')} (markdown: OUT is a folder, or a file ending in .zip)` },
      query: { type: 'string', value: 'Q', help: 'only the articles this search selects (tag:x, is:starred, words)' },
    },
    args: [1, 1],
    check({ flags }) {
      if (flags.format === undefined) throw new UsageError(`export needs --format (one of ${EXPORT_FORMATS.join(', ')})`);
    },
    async run(ctx) {
      const format = flagString(ctx, 'format') as ExportFormat;
      const query = flagString(ctx, 'query');
      const result = await ctx.archive.exportLibrary(ctx.args[0]!, query === undefined ? { format } : { format, query });
      if (ctx.json) return printJson(ctx, result);
      if (format === 'opml') return ctx.out(`wrote ${WHAT.opml} to ${result.path}`);
      if (result.articles === 0) ctx.out(query ? `no article matches "${query}": wrote an empty export` : 'the library holds no articles: wrote an empty export');
      const images = result.assets > 0 ? ` and ${result.assets} image${result.assets === 1 ? '' : 's'}` : '';
      ctx.out(`wrote ${result.articles} article${result.articles === 1 ? '' : 's'}${images} as ${WHAT[format]} to ${result.path} (${formatBytes(result.bytes)})`);
    },
  },
];

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
