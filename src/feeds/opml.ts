// OPML 2.0 subscription lists: import (folders kept, nested folders flattened to "A/B", titles
// from text or title, deduplicated by normalized URL) and export (one folder level, UTF-8).

import { TidingsError } from '../errors.js';
import { CAPS, capText, capUrl, normalizeUrl } from '../model/index.js';
import type { Feed } from '../model/index.js';
import { scanTags } from './markup.js';

export interface OpmlEntry {
  url: string;
  title: string | null;
  siteUrl: string | null;
  folder: string | null;
}

export interface OpmlList {
  entries: OpmlEntry[];
  folders: string[];
  /** Outlines that looked like feeds but could not be used, one line each (the first MAX_ERRORS). */
  errors: string[];
  /** Outlines whose xmlUrl is no usable http(s) URL: all of them, also past MAX_ERRORS. */
  invalid: number;
  /** Outlines that repeat a feed already in this file. */
  duplicates: number;
}

/**
 * The largest OPML text we read (10 MB, the limit of the API and the command line too). A real
 * list of a few thousand feeds is well under 1 MB; the cap keeps a hostile or mistaken file
 * (a disk image picked in the dialog) from filling memory and library.json.
 */
export const MAX_OPML_CHARS = 10 * 1024 * 1024;

export function parseOpml(xml: string): OpmlList {
  if (xml.length > MAX_OPML_CHARS) {
    throw new TidingsError('opml', null, `the file is too large (${Math.ceil(xml.length / 1024 / 1024)} MB; at most ${MAX_OPML_CHARS / 1024 / 1024} MB)`, 'invalid');
  }
  if (!/<opml[\s>]/i.test(xml.slice(0, 4096))) throw new TidingsError('opml', null, 'not an OPML file (no <opml> element)', 'invalid');
  const bodyAt = xml.search(/<body[\s>]/i);
  if (bodyAt < 0) throw new TidingsError('opml', null, 'no <body> in the OPML file', 'invalid');
  const list: OpmlList = { entries: [], folders: [], errors: [], invalid: 0, duplicates: 0 };
  const seen = new Set<string>();
  const folders = new Set<string>();
  // One entry per open <outline>: the folder its children are in. Kept whole at every level
  // (not rebuilt from the path per outline) so that deep nesting stays linear.
  const open: Level[] = [];
  // A small linear scanner (markup.ts) rather than an XML parser: OPML in the wild has bare "&"
  // and other errors that strict parsers refuse, and only <outline> elements and their nesting matter.
  const { unterminatedAt } = scanTags(
    xml,
    (tag) => {
      if (tag.name !== 'outline') return;
      if (tag.closing) {
        open.pop();
        return;
      }
      const parent = open.at(-1) ?? TOP;
      const xmlUrl = tag.attrs.xmlurl ?? null;
      if (xmlUrl !== null) addEntry(list, seen, tag.attrs, xmlUrl, parent.folder);
      if (tag.selfClosing) return;
      open.push(childLevel(parent, xmlUrl === null ? folderName(tag.attrs) : '', folders));
    },
    {},
    bodyAt,
  );
  list.folders = [...folders];
  if (unterminatedAt !== null) list.errors.push(`opml: a tag or comment at character ${unterminatedAt} never ends; the rest of the file was ignored`);
  return list;
}

interface Level {
  folder: string | null;
  depth: number;
}

const TOP: Level = { folder: null, depth: 0 };

/** Folders deeper than this are flattened into their ancestor at this depth: no reader nests further. */
const MAX_FOLDER_DEPTH = 8;
const MAX_FOLDER_NAME = 200;
/** Error lines kept: a file of 100,000 bad outlines reports the first ones, not a megabyte of lines. */
const MAX_ERRORS = 100;

/** The level inside an outline: a folder when it has a name (and no xmlUrl), else its parent's. */
function childLevel(parent: Level, name: string, folders: Set<string>): Level {
  if (name === '' || parent.depth >= MAX_FOLDER_DEPTH) return parent;
  const folder = parent.folder === null ? name : `${parent.folder}/${name}`;
  folders.add(folder);
  return { folder, depth: parent.depth + 1 };
}

function folderName(attrs: Record<string, string>): string {
  return capText((attrs.text ?? attrs.title ?? '').trim(), MAX_FOLDER_NAME);
}

function addEntry(list: OpmlList, seen: Set<string>, attrs: Record<string, string>, xmlUrl: string, folder: string | null): void {
  const url = httpUrl(xmlUrl);
  if (!url || !capUrl(url)) {
    const why = url ? `longer than ${CAPS.url} characters` : 'not an http(s) feed URL';
    list.invalid++;
    if (list.errors.length < MAX_ERRORS) list.errors.push(`opml: ${capText(xmlUrl, 200) || '(empty xmlUrl)'}: ${why}`);
    return;
  }
  const key = normalizeUrl(url);
  if (seen.has(key)) {
    list.duplicates++;
    return;
  }
  seen.add(key);
  const title = capText((attrs.text ?? attrs.title ?? '').trim(), CAPS.title);
  list.entries.push({ url, title: title || null, siteUrl: capUrl(httpUrl(attrs.htmlurl ?? '')), folder });
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function buildOpml(feeds: Feed[], now: Date = new Date()): string {
  const byFolder = new Map<string | null, Feed[]>();
  for (const feed of [...feeds].sort((a, b) => a.title.localeCompare(b.title))) {
    const list = byFolder.get(feed.folder) ?? [];
    list.push(feed);
    byFolder.set(feed.folder, list);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', '  <head>', '    <title>Tidings subscriptions</title>', `    <dateCreated>${now.toUTCString()}</dateCreated>`, '  </head>', '  <body>'];
  for (const feed of byFolder.get(null) ?? []) lines.push(`    ${outline(feed)}`);
  const folders = [...byFolder.keys()].filter((f): f is string => f !== null).sort((a, b) => a.localeCompare(b));
  for (const folder of folders) {
    lines.push(`    <outline text="${escapeAttr(folder)}" title="${escapeAttr(folder)}">`);
    for (const feed of byFolder.get(folder)!) lines.push(`      ${outline(feed)}`);
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

function outline(feed: Feed): string {
  const site = feed.siteUrl ? ` htmlUrl="${escapeAttr(feed.siteUrl)}"` : '';
  return `<outline type="rss" text="${escapeAttr(feed.title)}" title="${escapeAttr(feed.title)}" xmlUrl="${escapeAttr(feed.url)}"${site}/>`;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '&#10;');
}
