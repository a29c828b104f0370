// The export part of the API: the articles a query selects (or all), written in a format by
// src/exports/. The selection is the search service's (the query language of `search`), never
// a second query engine.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ArchiveApi, ExportFormat, ExportResult } from '../api.js';
import { TidingsError } from '../errors.js';
import { type ExportSource, type Written, writeArchive, writeBookmarks, writeEpub, writeMarkdown } from '../exports/index.js';
import { buildOpml } from '../feeds/index.js';
import type { ArticleRecord } from '../model/index.js';
import type { SearchService } from '../search/index.js';
import { writeExportFile } from '../exports/index.js';
import type { ArchiveContext } from './context.js';

type ExportsPart = Pick<ArchiveApi, 'exportLibrary'>;

export function createExportsPart(ctx: ArchiveContext, search: SearchService): ExportsPart {
  // The existing OPML export (exportOpml) as a file.
  const opml = async () => buildOpml(Object.values(ctx.data.feeds));
  return {
    async exportLibrary(file, options) {
      const out = path.resolve(file);
      const { format } = options;
      const query = options.query?.trim() ? options.query.trim() : null;
      await checkFolder(out, format);
      const articles = await selected(ctx, search, query);
      ctx.emit({ type: 'export', phase: 'start', format, done: 0, total: articles.length });
      const source = sourceOf(ctx, articles, (done, total) => ctx.emit({ type: 'export', phase: 'progress', format, done, total }));
      const written = await write(format, out, source, query, opml).catch((error: unknown) => {
        throw error instanceof TidingsError ? error : new TidingsError('export', out, (error as Error).message, 'failed', { cause: error });
      });
      ctx.emit({ type: 'export', phase: 'done', format, done: articles.length, total: articles.length });
      const result: ExportResult = { format, ...written };
      return result;
    },
  };
}

/** The articles a query selects, oldest first (a book or an archive reads in the order things came). */
async function selected(ctx: ArchiveContext, search: SearchService, query: string | null): Promise<ArticleRecord[]> {
  const all = ctx.data.articles;
  const ids = query === null ? Object.keys(all) : (await search.matching(query)).map((hit) => hit.id);
  const articles = ids.flatMap((id) => (Object.hasOwn(all, id) ? [all[id]!] : []));
  return articles.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id < b.id ? -1 : 1));
}

function sourceOf(ctx: ArchiveContext, articles: ArticleRecord[], progress: ExportSource['progress']): ExportSource {
  const { data } = ctx;
  return {
    articles,
    library: { schemaVersion: data.schemaVersion, settings: data.settings, feeds: data.feeds, rules: data.rules, savedSearches: data.savedSearches, tombstones: data.tombstones },
    readHtml: (id) => ctx.files.readHtml(id),
    readText: (id) => ctx.files.readText(id),
    assetPath: (name) => ctx.files.assetPath(name),
    progress,
  };
}

async function write(format: ExportFormat, out: string, source: ExportSource, query: string | null, opml: () => Promise<string>): Promise<Written> {
  switch (format) {
    case 'archive': return writeArchive(out, source, query);
    case 'markdown': return writeMarkdown(out, source);
    case 'epub': return writeEpub(out, source, query);
    case 'bookmarks': return writeBookmarks(out, source);
    case 'opml': {
      const xml = await opml();
      await writeExportFile(out, xml);
      return { path: out, articles: 0, assets: 0, bytes: Buffer.byteLength(xml) };
    }
  }
}

/** The folder OUT goes into must exist (a typo in the path is the user's to see, not ours to create). */
async function checkFolder(out: string, format: ExportFormat): Promise<void> {
  const parent = path.dirname(out);
  const stat = await fs.stat(parent).catch(() => null);
  if (!stat?.isDirectory()) throw new TidingsError('export', out, `the folder ${parent} does not exist`, 'invalid');
  const target = await fs.stat(out).catch(() => null);
  if (target?.isDirectory() && !(format === 'markdown' && !out.endsWith('.zip'))) throw new TidingsError('export', out, 'is a folder; give a file name', 'invalid');
}
