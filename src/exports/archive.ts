// Tidings' own archive (docs/data-format.md): a zip with manifest.json (the sha256 of every
// other entry), library.json (the selected records with their whole state), articles/<id>.html
// and .txt, and assets/ the articles use. Written as a stream (zip-writer.ts).

import type { ArticleRecord } from '../model/index.js';
import { type ExportSource, type Written, assetsOf, isCompressible } from './source.js';
import { type EntryWritten, ZipFileWriter } from './zip-writer.js';

export const ARCHIVE_FORMAT = 'tidings-archive';
export const ARCHIVE_VERSION = 1;

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  createdAt: string;
  /** The library schema of library.json (src/store/migrations.ts). */
  schemaVersion: number;
  /** The query that selected the articles; null: everything (then tombstones are in). */
  query: string | null;
  articles: number;
  files: EntryWritten[];
}

export async function writeArchive(out: string, source: ExportSource, query: string | null): Promise<Written> {
  const zip = await ZipFileWriter.create(out);
  try {
    const files: EntryWritten[] = [];
    const assets = new Set<string>();
    const total = source.articles.length;
    for (const [i, article] of source.articles.entries()) {
      const html = await source.readHtml(article.id);
      files.push(await zip.add(`articles/${article.id}.html`, html, true));
      files.push(await zip.add(`articles/${article.id}.txt`, await source.readText(article.id), true));
      for (const name of assetsOf(article, html)) assets.add(name);
      source.progress(i + 1, total);
    }
    if (query === null) for (const feed of Object.values(source.library.feeds)) if (feed.icon) assets.add(feed.icon);
    let kept = 0;
    for (const name of [...assets].sort()) {
      const file = source.assetPath(name);
      if (!file) continue; // referenced but not held (an image that never downloaded): the HTML says so
      files.push(await zip.addFile(`assets/${name}`, file, isCompressible(name)));
      kept++;
    }
    files.push(await zip.add('library.json', JSON.stringify(libraryOf(source, query), null, 1), true));
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, createdAt: new Date().toISOString(),
      schemaVersion: source.library.schemaVersion, query, articles: total, files,
    };
    await zip.add('manifest.json', JSON.stringify(manifest, null, 1), true);
    const bytes = await zip.finish();
    return { path: out, articles: total, assets: kept, bytes };
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

/** library.json of the archive: the shape of the data directory's, without its device bookkeeping. */
function libraryOf(source: ExportSource, query: string | null): Record<string, unknown> {
  const { library } = source;
  const articles: Record<string, ArticleRecord> = {};
  for (const article of source.articles) articles[article.id] = article;
  return {
    schemaVersion: library.schemaVersion,
    settings: library.settings,
    feeds: library.feeds,
    articles,
    tombstones: query === null ? (library.tombstones ?? {}) : {},
    rules: library.rules,
    savedSearches: library.savedSearches,
  };
}
