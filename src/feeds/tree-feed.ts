// RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 read from the lenient tree (xml-tree.ts) into ParsedFeed.
// What it does that rss-parser's mapping cannot: titles by their declared type (text keeps its
// angle brackets, html and xhtml become plain text), base64 and xhtml bodies, xml:base at every
// level, every author and every category in every namespace, and the items of a document that
// lacks its <channel> or was cut short.

import { CAPS } from '../model/index.js';
import { resolveBodyUrls } from './content-base.js';
import type { Enclosure } from '../model/index.js';
import { decodeEntities, htmlToText, looksLikeHtml } from './markup.js';
import type { FeedFormat, ParsedFeed, ParsedItem } from './model.js';
import { absoluteUrl, categoryNames, fallbackKey, nonEmpty, parseDate } from './normalize.js';
import { child, childrenNamed, type XmlNode, type XmlTree } from './xml-tree.js';

interface Parts {
  format: FeedFormat;
  channel: XmlNode;
  items: XmlNode[];
}

/** The feed in `tree`, or null when its root is no feed we know. */
export function feedFromTree(tree: XmlTree): ParsedFeed | null {
  const parts = tree.root ? documentParts(tree.root) : null;
  if (!parts) return null;
  const atom = parts.format === 'atom';
  const feedAuthors = atom ? authorNames(parts.channel, tree) : [];
  // An item the document ended inside of is incomplete: what parsed before it is kept.
  const items = parts.items.filter((item) => item.closed || !tree.truncated);
  return {
    format: parts.format,
    title: typedText(child(parts.channel, 'title'), tree, atom) || null,
    siteUrl: siteLink(parts.channel),
    items: items.map((item) => toItem(item, tree, atom, feedAuthors)),
  };
}

function documentParts(root: XmlNode): Parts | null {
  if (root.name === 'feed') return { format: 'atom', channel: root, items: childrenNamed(root, 'entry') };
  if (root.name === 'rss' || root.name === 'channel') {
    // Items straight under <rss> (no <channel>) are read too, as real readers do.
    const channel = child(root, 'channel') ?? root;
    return { format: 'rss', channel, items: channel === root ? childrenNamed(root, 'item') : [...childrenNamed(channel, 'item'), ...childrenNamed(root, 'item')] };
  }
  if (root.name === 'rdf:rdf') {
    const channel = child(root, 'channel') ?? root;
    return { format: 'rss', channel, items: [...childrenNamed(root, 'item'), ...(channel === root ? [] : childrenNamed(channel, 'item'))] };
  }
  return null;
}

function toItem(node: XmlNode, tree: XmlTree, atom: boolean, feedAuthors: string[]): ParsedItem {
  const title = typedText(child(node, 'title'), tree, atom);
  const guid = nonEmptyText(child(node, atom ? 'id' : 'guid')) ?? (atom ? null : nonEmptyText(child(node, 'id')));
  const link = itemLink(node, atom);
  const published = publicationDate(node);
  const full = body(child(node, 'content:encoded'), tree) ?? body(child(node, 'xhtml:body'), tree) ?? body(child(node, 'content'), tree);
  const short = body(child(node, 'description'), tree) ?? body(child(node, 'summary'), tree);
  const contentHtml = full ?? short;
  const own = authorNames(node, tree);
  const authors = own.length > 0 ? own : feedAuthors;
  return {
    guid,
    link,
    title,
    author: authors.length > 0 ? authors.join(', ') : null,
    authors,
    published,
    contentHtml,
    summary: full ? short : null,
    categories: categoryNames(categoryList(node)),
    enclosures: enclosures(node),
    fallbackKey: guid || link ? null : fallbackKey(title, published, contentHtml),
  };
}

/**
 * A title (or other Atom text construct) as plain text. Typed text (Atom's default, RSS titles)
 * keeps its angle brackets: "History of the <blink> tag" is a title about a tag. RSS titles are
 * text in which entities may be escaped twice (`&amp;#8217;`), so they are decoded once more.
 * Typed html and xhtml are markup: their tags go, their entities are decoded.
 */
function typedText(node: XmlNode | undefined, tree: XmlTree, atom: boolean): string {
  if (!node) return '';
  const type = (node.attrs.type ?? '').toLowerCase();
  const text = node.attrs.mode === 'base64' ? fromBase64(node.text) : node.text;
  if (type === 'xhtml' || type === 'application/xhtml+xml' || node.children.length > 0) return oneLine(htmlToText(inner(node, tree)));
  if (type === 'html' || type === 'text/html') return oneLine(htmlToText(text));
  if (atom) return oneLine(text);
  // RSS says nothing of a title's type: one holding HTML's own end tags ("<b>Big</b> news") is
  // HTML; "History of the <blink> tag" is not.
  const decoded = decodeEntities(text);
  return oneLine(looksLikeHtml(decoded) ? htmlToText(decoded) : decoded);
}

/**
 * A body as HTML: base64 decoded (Atom 0.3 mode="base64"), xhtml and unescaped markup taken as
 * written in the source, typed text escaped. Out-of-line (`src`) or binary content is no body.
 */
function body(node: XmlNode | undefined, tree: XmlTree): string | null {
  const html = bodyHtml(node, tree);
  // Relative to what the feed's xml:base says, not to the article's page (content-base.ts).
  return html !== null && node?.explicitBase && node.base ? resolveBodyUrls(html, node.base) : html;
}

function bodyHtml(node: XmlNode | undefined, tree: XmlTree): string | null {
  if (!node) return null;
  const type = (node.attrs.type ?? '').toLowerCase();
  if (node.attrs.src !== undefined && !node.text.trim()) return null;
  if (type && !/^(text|html|xhtml)$|^text\/|xml|html/.test(type)) return null;
  if (type === 'xhtml' || type === 'application/xhtml+xml' || node.children.length > 0) return nonEmpty(inner(node, tree));
  const text = node.attrs.mode === 'base64' ? fromBase64(node.text) : node.text;
  if (type === 'text' || type === 'text/plain') return nonEmpty(escapeHtml(text));
  return nonEmpty(text);
}

function inner(node: XmlNode, tree: XmlTree): string {
  return node.innerEnd > node.innerStart ? tree.source.slice(node.innerStart, node.innerEnd) : node.text;
}

function fromBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Every author, shown by name: Atom <author> (name, else email), RSS <author> (`email (name)`,
 * `name <email>`, either alone), every dc:creator, itunes:author. Duplicates are kept once.
 */
function authorNames(node: XmlNode, tree: XmlTree): string[] {
  const names: string[] = [];
  for (const author of childrenNamed(node, 'author')) {
    const person = nonEmptyText(child(author, 'name')) ?? nonEmptyText(child(author, 'email'));
    names.push(person ?? nameOfAddress(typedText(author, tree, false)));
  }
  for (const name of ['dc:creator', 'dc:author', 'itunes:author']) {
    for (const creator of childrenNamed(node, name)) names.push(nameOfAddress(typedText(creator, tree, false)));
  }
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (!name || seen.has(key)) return false;
    seen.add(key);
    return seen.size <= CAPS.categories;
  });
}

/**
 * The name in an RSS-style address: "jo@example.com (Jo Smith)", "Jo Smith (jo@example.com)"
 * and "Jo Smith <jo@example.com>" are Jo Smith; an address alone stays. No pattern, no backtracking.
 */
export function nameOfAddress(text: string): string {
  const value = text.trim();
  if (value.endsWith(')')) {
    const open = value.lastIndexOf('(');
    const inside = value.slice(open + 1, -1).trim();
    const before = value.slice(0, Math.max(open, 0)).trim();
    if (open > 0 && inside && before.includes('@') && !before.includes(' ')) return inside;
    if (open > 0 && before && inside.includes('@') && !inside.includes(' ')) return before;
  }
  if (value.endsWith('>')) {
    const open = value.lastIndexOf('<');
    const name = value.slice(0, Math.max(open, 0)).trim().replace(/^"(.*)"$/, '$1');
    if (open >= 0 && value.slice(open).includes('@')) return name || value.slice(open + 1, -1).trim();
  }
  return value;
}

/** Category names from every namespace, in document order; categoryNames dedupes and caps them. */
function categoryList(node: XmlNode): string[] {
  const names: string[] = [];
  const media = [node, ...childrenNamed(node, 'media:group'), ...childrenNamed(node, 'media:content')];
  for (const category of childrenNamed(node, 'category')) names.push(category.attrs.label || category.attrs.term || category.text);
  for (const subject of childrenNamed(node, 'dc:subject')) names.push(subject.text);
  itunesCategories(node, names);
  for (const holder of media) {
    for (const category of childrenNamed(holder, 'media:category')) names.push(category.text);
    for (const keywords of childrenNamed(holder, 'media:keywords')) names.push(...keywords.text.split(','));
  }
  for (const keywords of childrenNamed(node, 'itunes:keywords')) names.push(...keywords.text.split(','));
  return names.map((name) => name.trim()).filter(Boolean);
}

/** <itunes:category text="Arts"><itunes:category text="Design"/></itunes:category>: both. */
function itunesCategories(node: XmlNode, names: string[], depth = 0): void {
  if (depth > 3) return;
  for (const category of childrenNamed(node, 'itunes:category')) {
    if (category.attrs.text) names.push(category.attrs.text);
    itunesCategories(category, names, depth + 1);
  }
}

const DATE_NAMES = ['published', 'pubdate', 'dc:date', 'dcterms:issued', 'issued', 'dcterms:created', 'created', 'dcterms:date', 'updated', 'modified', 'dcterms:modified'];

/** When it was published (Atom 1.0, RSS, Dublin Core, Atom 0.3), then created, then last changed. */
function publicationDate(node: XmlNode): string | null {
  for (const name of DATE_NAMES) {
    for (const element of childrenNamed(node, name)) {
      const date = parseDate(element.text);
      if (date !== null) return date;
    }
  }
  return null;
}

const NOT_THE_PAGE = new Set(['self', 'enclosure', 'edit', 'replies', 'license', 'via', 'related', 'hub', 'next', 'previous', 'first', 'last']);

/** The article's page: RSS <link> text, else an Atom-style alternate link, else a permalink guid. */
function itemLink(node: XmlNode, atom: boolean): string | null {
  const links = childrenNamed(node, 'link');
  if (!atom) {
    for (const link of links) {
      const url = link.attrs.href === undefined ? absoluteUrl(link.text, link.base) : null;
      if (url) return url;
    }
  }
  const page = links.find((l) => l.attrs.href !== undefined && (l.attrs.rel ?? 'alternate') === 'alternate') ?? links.find((l) => l.attrs.href !== undefined && !NOT_THE_PAGE.has(l.attrs.rel ?? ''));
  const href = page ? absoluteUrl(page.attrs.href, page.base) : null;
  if (href || atom) return href;
  const guid = child(node, 'guid');
  // Only a guid that is a whole URL is a page: "12345" resolved against the feed is not.
  return guid && guid.attrs.ispermalink !== 'false' ? absoluteUrl(guid.text, null) : null;
}

function siteLink(channel: XmlNode): string | null {
  for (const link of childrenNamed(channel, 'link')) {
    if (link.attrs.href === undefined) {
      const url = absoluteUrl(link.text, link.base);
      if (url) return url;
    } else if ((link.attrs.rel ?? 'alternate') === 'alternate') {
      const url = absoluteUrl(link.attrs.href, link.base);
      if (url) return url;
    }
  }
  return null;
}

function enclosures(node: XmlNode): Enclosure[] {
  const found = new Map<string, Enclosure>();
  const add = (element: XmlNode, url: string | undefined, length: string | undefined) => {
    // Stop at the cap: an item with 10,000 enclosures costs no more than one with 50.
    if (found.size >= CAPS.enclosures) return;
    const absolute = absoluteUrl(url, element.base);
    if (!absolute || found.has(absolute)) return;
    const size = Number(length);
    found.set(absolute, { url: absolute, type: element.attrs.type?.trim() || null, length: Number.isFinite(size) && size > 0 ? size : null });
  };
  for (const enclosure of childrenNamed(node, 'enclosure')) add(enclosure, enclosure.attrs.url, enclosure.attrs.length);
  for (const link of childrenNamed(node, 'link')) if (link.attrs.rel === 'enclosure') add(link, link.attrs.href, link.attrs.length);
  for (const media of mediaFiles(node)) add(media, media.attrs.url, media.attrs.filesize);
  return [...found.values()];
}

/**
 * Media RSS files to play: <media:content> of an audio or video type or medium, on the item or
 * in its <media:group>s. Images (covers, thumbnails) and flash objects are not episodes.
 */
function mediaFiles(node: XmlNode): XmlNode[] {
  const holders = [node, ...childrenNamed(node, 'media:group')];
  const contents = holders.flatMap((holder) => childrenNamed(holder, 'media:content'));
  return contents.filter((content) => {
    const type = content.attrs.type?.trim().toLowerCase() ?? '';
    const medium = content.attrs.medium?.trim().toLowerCase() ?? '';
    return /^(audio|video)\//.test(type) || (type === '' && (medium === 'audio' || medium === 'video'));
  });
}

function nonEmptyText(node: XmlNode | undefined): string | null {
  return node ? nonEmpty(node.text) : null;
}

function oneLine(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}
