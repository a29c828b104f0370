// JSON Feed 1.0 and 1.1 (jsonfeed.org), which rss-parser cannot read. Items without an id are
// dropped (the spec requires one); numbers become strings; `author` (1.0) and `authors` (1.1).

import { TidingsError } from '../errors.js';
import { CAPS } from '../model/index.js';
import type { Enclosure } from '../model/index.js';
import type { ParsedFeed, ParsedItem } from './model.js';
import { absoluteUrl, categoryNames, nonEmpty, parseDate, plainText } from './normalize.js';

type Json = Record<string, unknown>;

export function parseJsonFeed(text: string, feedUrl: string): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TidingsError('feeds', feedUrl, `invalid JSON: ${(error as Error).message}`);
  }
  // The spec's version is a jsonfeed.org URL; feeds in the wild also write "1.0" or "1.1".
  if (!isObject(data) || !Array.isArray(data.items) || (typeof data.version === 'string' && !/jsonfeed\.org\/version\/|^1(\.\d)?$/.test(data.version))) {
    throw new TidingsError('feeds', feedUrl, 'JSON but not a JSON Feed (needs "version" and "items")');
  }
  const items = (data.items as unknown[]).filter(isObject);
  // The feed's authors are those of every item that names none of its own (the spec says so).
  const feedAuthors = authorNames(data);
  return {
    format: 'json',
    title: plainText(data.title) || null,
    siteUrl: absoluteUrl(data.home_page_url, feedUrl),
    items: items.map((item) => toItem(item, feedUrl, feedAuthors)).filter((item): item is ParsedItem => item !== null),
  };
}

function toItem(item: Json, feedUrl: string, feedAuthors: string[]): ParsedItem | null {
  const id = typeof item.id === 'number' ? String(item.id) : typeof item.id === 'string' ? item.id.trim() : '';
  if (id === '') return null;
  const title = plainText(item.title);
  const published = parseDate(item.date_published) ?? parseDate(item.date_modified);
  const contentHtml = nonEmpty(item.content_html) ?? textAsHtml(item.content_text);
  const own = authorNames(item);
  const authors = own.length > 0 ? own : feedAuthors;
  return {
    guid: id,
    link: absoluteUrl(item.url, feedUrl) ?? absoluteUrl(item.external_url, feedUrl),
    title,
    author: authors.length > 0 ? authors.join(', ') : null,
    authors,
    published,
    contentHtml,
    summary: nonEmpty(item.summary),
    categories: categoryNames(Array.isArray(item.tags) ? item.tags.filter((t) => typeof t === 'string') : []),
    enclosures: attachments(item.attachments, feedUrl),
    fallbackKey: null, // a JSON Feed item always has its id
  };
}

/** JSON Feed 1.1 `authors`, else 1.0 `author`: each by name, else by its url. */
function authorNames(item: Json): string[] {
  const authors = Array.isArray(item.authors) ? item.authors : isObject(item.author) ? [item.author] : [];
  const names = authors.filter(isObject).map((a) => plainText(a.name) || plainText(a.url));
  return [...new Set(names.filter(Boolean))];
}

function attachments(value: unknown, feedUrl: string): Enclosure[] {
  if (!Array.isArray(value)) return [];
  // Only as many as will be kept are read: 10,000 attachments cost no more than 50.
  return value.filter(isObject).slice(0, CAPS.enclosures).flatMap((a) => {
    const url = absoluteUrl(a.url, feedUrl);
    if (!url) return [];
    const size = typeof a.size_in_bytes === 'number' && a.size_in_bytes > 0 ? a.size_in_bytes : null;
    return [{ url, type: nonEmpty(a.mime_type), length: size }];
  });
}

function textAsHtml(value: unknown): string | null {
  const text = nonEmpty(value);
  if (text === null) return null;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.split(/\n{2,}/).map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('\n');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
