// A Netscape bookmark file (what browsers export and import, and Pinboard): one flat list, tags
// in TAGS, ADD_DATE in Unix seconds from when the article was saved (or added). Every title,
// URL and tag is escaped: a title with <script> stays text.

import { writeExportFile } from './atomic-file.js';
import type { ArticleRecord } from '../model/index.js';
import type { ExportSource, Written } from './source.js';

export async function writeBookmarks(out: string, source: ExportSource): Promise<Written> {
  const text = bookmarksHtml(source.articles);
  await writeExportFile(out, text);
  source.progress(source.articles.length, source.articles.length);
  return { path: out, articles: source.articles.filter((a) => a.url).length, assets: 0, bytes: Buffer.byteLength(text) };
}

export function bookmarksHtml(articles: readonly ArticleRecord[]): string {
  const lines = [
    '<!DOCTYPE NETSCAPE-Bookmark-file-1>',
    '<!-- This is an automatically generated file. It will be read and overwritten. DO NOT EDIT! -->',
    '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
    '<TITLE>Bookmarks</TITLE>',
    '<H1>Bookmarks</H1>',
    '<DL><p>',
  ];
  for (const article of articles) {
    if (!article.url) continue; // a saved file has no address to bookmark
    const added = Math.floor(Date.parse(article.savedAt ?? article.addedAt) / 1000);
    const attrs = [`HREF="${escape(article.url)}"`];
    if (Number.isFinite(added) && added > 0) attrs.push(`ADD_DATE="${added}"`);
    if (article.tags.length > 0) attrs.push(`TAGS="${escape(article.tags.map((t) => t.replaceAll(',', ' ')).join(','))}"`);
    // Pinboard's mark for "read later": without it an importer (ours included) takes a bookmark as read.
    if (!article.read) attrs.push('TOREAD="1"');
    lines.push(`    <DT><A ${attrs.join(' ')}>${escape(article.title || article.url)}</A>`);
    if (article.note) lines.push(`    <DD>${escape(article.note)}`);
  }
  lines.push('</DL><p>', '');
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}
