// OPML 2.0 subscription lists: import (folders kept, nested folders flattened to "A/B", titles
// from text or title, deduplicated by normalized URL) and export (one folder level, UTF-8).

import { TidingsError } from '../errors.js';
import { normalizeUrl } from '../model/identity.js';
import type { Feed } from '../model/index.js';

export interface OpmlEntry {
  url: string;
  title: string | null;
  siteUrl: string | null;
  folder: string | null;
}

export interface OpmlList {
  entries: OpmlEntry[];
  folders: string[];
  /** Outlines that looked like feeds but could not be used, one line each. */
  errors: string[];
}

export function parseOpml(xml: string): OpmlList {
  if (!/<opml[\s>]/i.test(xml.slice(0, 4096))) throw new TidingsError('opml', null, 'not an OPML file (no <opml> element)', 'invalid');
  const bodyAt = xml.search(/<body[\s>]/i);
  if (bodyAt < 0) throw new TidingsError('opml', null, 'no <body> in the OPML file', 'invalid');
  const list: OpmlList = { entries: [], folders: [], errors: [] };
  const seen = new Set<string>();
  // A small tokenizer rather than an XML parser: OPML in the wild has bare "&" and other
  // errors that strict parsers refuse, and only <outline> elements and their nesting matter.
  const path: (string | null)[] = [];
  const tag = /<(\/?)outline\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->/gi;
  for (const match of xml.slice(bodyAt).matchAll(tag)) {
    if (match[0].startsWith('<!--')) continue;
    if (match[1]) {
      path.pop();
      continue;
    }
    const attrs = attributes(match[2] ?? '');
    const selfClosing = match[3] === '/';
    const folders = path.filter((p): p is string => p !== null);
    const xmlUrl = attrs.xmlurl ?? null;
    if (xmlUrl !== null) addEntry(list, seen, attrs, xmlUrl, folders);
    if (selfClosing) continue;
    // An outline with children and no xmlUrl is a folder; a feed outline with children adds no level.
    const name = (attrs.text ?? attrs.title ?? '').trim();
    const isFolder = xmlUrl === null && name !== '';
    if (isFolder) {
      const folder = [...folders, name].join('/');
      if (!list.folders.includes(folder)) list.folders.push(folder);
    }
    path.push(isFolder ? name : null);
  }
  return list;
}

function addEntry(list: OpmlList, seen: Set<string>, attrs: Record<string, string>, xmlUrl: string, folders: string[]): void {
  const url = httpUrl(xmlUrl);
  if (!url) {
    list.errors.push(`opml: ${xmlUrl || '(empty xmlUrl)'}: not an http(s) feed URL`);
    return;
  }
  const key = normalizeUrl(url);
  if (seen.has(key)) return;
  seen.add(key);
  const title = (attrs.text ?? attrs.title ?? '').trim();
  list.entries.push({ url, title: title || null, siteUrl: httpUrl(attrs.htmlurl ?? ''), folder: folders.length > 0 ? folders.join('/') : null });
}

/** Attributes by lower-case name (`type` and names are case-insensitive in the wild), entities decoded. */
function attributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    attrs[match[1]!.toLowerCase()] = decodeXmlEntities(match[3] ?? match[4] ?? '').trim();
  }
  return attrs;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
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
