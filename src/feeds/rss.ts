// RSS 0.9x, 1.0 (RDF), 2.0 and Atom through rss-parser's parseString, mapped to ParsedFeed.
// rss-parser is strict and has known gaps (stack-pitfalls §1): an invalid Atom date throws,
// Atom categories and extra enclosures are dropped, bare `&` fails. We work around each here.

import Parser from 'rss-parser';
import type { Enclosure } from '../model/index.js';
import type { FeedFormat, ParsedFeed, ParsedItem } from './model.js';
import { absoluteUrl, categoryNames, fallbackKey, nonEmpty, parseDate, plainText, textOf } from './normalize.js';

type Raw = Record<string, unknown>;

const parser = new Parser<Raw, Raw>({
  // <rss> without a version attribute is read as RSS 2.0 rather than refused.
  defaultRSS: 2,
  customFields: {
    feed: [],
    item: [
      ['category', 'rawCategories', { keepArray: true }],
      ['enclosure', 'rawEnclosures', { keepArray: true }],
      ['link', 'rawLinks', { keepArray: true }],
      ['guid', 'rawGuid', { keepArray: true }],
      ['published', 'rawPublished'],
      ['updated', 'rawUpdated'],
      ['dc:date', 'dcDate'],
      ['media:content', 'mediaContent', { keepArray: true }],
    ],
  },
});

export async function parseXmlFeed(xml: string, feedUrl: string): Promise<ParsedFeed> {
  const format: FeedFormat = /<feed[\s>]/.test(xml.slice(0, 4096)) && !/<rss[\s>]|<rdf:RDF/.test(xml.slice(0, 4096)) ? 'atom' : 'rss';
  const raw = await parseLeniently(xml);
  const siteUrl = absoluteUrl(raw.link, feedUrl);
  return {
    format,
    title: plainText(raw.title) || null,
    siteUrl,
    items: ((raw.items as Raw[] | undefined) ?? []).map((item) => toItem(item, feedUrl)),
  };
}

/** parseString, retried once with known repairs (bad Atom dates, bare ampersands). */
async function parseLeniently(xml: string): Promise<Raw> {
  try {
    return await parser.parseString(xml);
  } catch (error) {
    const repaired = repair(xml);
    if (repaired === xml) throw error;
    try {
      return await parser.parseString(repaired);
    } catch {
      throw error;
    }
  }
}

function repair(xml: string): string {
  return xml
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;')
    .replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, _tag: string, _attrs: string, text: string) =>
      parseDate(text) === null ? '' : whole,
    );
}

function toItem(item: Raw, feedUrl: string): ParsedItem {
  const link = itemLink(item, feedUrl);
  const title = plainText(item.title);
  const published = parseDate(item.isoDate) ?? parseDate(item.pubDate) ?? parseDate(textOf(item.rawPublished)) ?? parseDate(textOf(item.rawUpdated)) ?? parseDate(textOf(item.dcDate));
  const encoded = nonEmpty(item['content:encoded']);
  const content = nonEmpty(item.content);
  const summary = nonEmpty(item.summary);
  const contentHtml = encoded ?? content ?? summary;
  const guid = nonEmpty(item.guid) ?? nonEmpty(item.id);
  return {
    guid,
    link,
    title,
    author: plainText(item.creator ?? item.author) || null,
    published,
    contentHtml,
    summary: encoded ? content ?? summary : content && summary ? summary : null,
    categories: categoryNames(item.rawCategories ?? item.categories),
    enclosures: enclosures(item, feedUrl),
    fallbackKey: guid || link ? null : fallbackKey(title, published, contentHtml),
  };
}

function itemLink(item: Raw, feedUrl: string): string | null {
  const direct = absoluteUrl(typeof item.link === 'string' ? item.link : null, feedUrl);
  if (direct) return direct;
  // RSS 2.0: a permalink guid is the link when there is no <link>.
  const guid = (asArray(item.rawGuid)[0] ?? item.guid) as unknown;
  const isPermaLink = !(guid && typeof guid === 'object' && '$' in guid && (guid as { $: Raw }).$.isPermaLink === 'false');
  return isPermaLink ? absoluteUrl(textOf(guid), feedUrl) : null;
}

function enclosures(item: Raw, feedUrl: string): Enclosure[] {
  const found: Enclosure[] = [];
  const add = (url: unknown, type: unknown, length: unknown) => {
    const absolute = absoluteUrl(url, feedUrl);
    if (!absolute || found.some((e) => e.url === absolute)) return;
    const size = Number(textOf(length));
    found.push({ url: absolute, type: nonEmpty(type), length: Number.isFinite(size) && size > 0 ? size : null });
  };
  for (const node of asArray(item.rawEnclosures)) {
    const attrs = attributes(node);
    add(attrs.url, attrs.type, attrs.length);
  }
  for (const node of asArray(item.rawLinks)) {
    const attrs = attributes(node);
    if (attrs.rel === 'enclosure') add(attrs.href, attrs.type, attrs.length);
  }
  return found;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function attributes(node: unknown): Raw {
  return node && typeof node === 'object' && '$' in node ? ((node as { $: Raw }).$ ?? {}) : {};
}
