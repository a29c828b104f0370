// What every export format is handed: the selected records and a way to read their files. The
// exports know no open archive (the parse layer); src/archive/exports.ts makes one of these.

import type { ArticleRecord, LibraryData } from '../model/index.js';

export interface ExportSource {
  /** The selected articles, oldest first. */
  articles: ArticleRecord[];
  /** The rest of the library a full archive carries (feeds, rules...); tombstones only in a full export. */
  library: Pick<LibraryData, 'schemaVersion' | 'settings' | 'feeds' | 'rules' | 'savedSearches'> & { tombstones?: LibraryData['tombstones'] };
  readHtml(id: string): Promise<string>;
  readText(id: string): Promise<string>;
  /** Absolute path of an asset held (a well-formed name whose file exists), else null. */
  assetPath(name: string): string | null;
  /** One article written (done of total). */
  progress(done: number, total: number): void;
}

export interface Written {
  path: string;
  articles: number;
  assets: number;
  bytes: number;
}

const ASSET_REF = /tidings-asset:([0-9a-f]{64}\.[a-z0-9]{2,5})/g;

/** The assets an article uses: in its HTML, its lead image, its enclosures' kept copies. */
export function assetsOf(article: ArticleRecord, html: string): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(ASSET_REF)) names.add(match[1]!);
  const lead = article.leadImage?.replace(/^tidings-asset:/, '');
  if (lead && /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/.test(lead)) names.add(lead);
  for (const enclosure of article.enclosures) if (enclosure.asset) names.add(enclosure.asset);
  return [...names];
}

/** Images and media are already compressed: deflating them again costs time for nothing. */
export function isCompressible(name: string): boolean {
  return /\.(html|txt|json|md|xhtml|xml|ncx|opf|css|svg)$/i.test(name);
}
