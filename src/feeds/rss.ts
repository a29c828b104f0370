// RSS 0.9x, 1.0 (RDF), 2.0 and Atom through rss-parser's parseString, mapped to ParsedFeed.
// rss-parser is strict and has known gaps (stack-pitfalls §1): an invalid Atom date throws,
// Atom categories and extra enclosures are dropped, bare `&` fails. We work around each here.

import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { CAPS } from '../model/index.js';
import type { Enclosure } from '../model/index.js';
import type { FeedFormat, ParsedFeed, ParsedItem } from './model.js';
import { absoluteUrl, categoryNames, fallbackKey, nonEmpty, parseDate, plainText, textOf } from './normalize.js';
import { feedFromTree } from './tree-feed.js';
import { parseXmlTree } from './xml-tree.js';

type Raw = Record<string, unknown>;

/**
 * rss-parser makes a `contentSnippet` of every description and Atom content with
 * `/<(?:.|\n)*?>/` and a longer pattern of the same kind: on escaped markup such as a megabyte
 * of `a&lt;p ` (no '>') they retry from every '<' and a single item takes minutes. We never
 * read contentSnippet, so the library's snippet maker is replaced by one that does nothing.
 * rss-parser is a CommonJS module whose parser calls `utils.getSnippet` through the shared
 * exports object, so the replacement holds for every parser in this thread (and in the workers,
 * which load this module too). test/feeds/linear-time.test.ts fails if an upgrade undoes it.
 */
const rssParserUtils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getSnippet?: (text: string) => string };
rssParserUtils.getSnippet = () => '';

/** Options as a new object each time: rss-parser's constructor writes defaults into the one it is given. */
const parserOptions = (): Parser.ParserOptions<Raw, Raw> => ({
  // <rss> without a version attribute is read as RSS 2.0 rather than refused.
  defaultRSS: 2,
  customFields: {
    feed: [],
    item: [
      ['category', 'rawCategories', { keepArray: true }],
      ['enclosure', 'rawEnclosures', { keepArray: true }],
      ['link', 'rawLinks', { keepArray: true }],
      ['guid', 'rawGuid', { keepArray: true }],
      // Dates as the feed wrote them: rss-parser's own pubDate and isoDate of an Atom entry are
      // Date.parse's reading (the machine's local time for a zone-less date).
      ['published', 'rawPublished'],
      ['updated', 'rawUpdated'],
      ['pubDate', 'rawPubDate'],
      ['dc:date', 'dcDate'],
      ['issued', 'atomIssued'],
      ['created', 'atomCreated'],
      ['modified', 'atomModified'],
      ['dcterms:issued', 'dctermsIssued'],
      ['dcterms:created', 'dctermsCreated'],
      ['dcterms:date', 'dctermsDate'],
      ['dcterms:modified', 'dctermsModified'],
      ['media:content', 'mediaContent', { keepArray: true }],
    ],
  },
});

/**
 * A new parser for every document. xml2js keeps feeding the rest of a document into a parser
 * after its first error (it resets its state, but the write in progress goes on), so a shared
 * parser that once failed took seconds on the next document (a megabyte of `<!--` or unclosed
 * tags: 2 s, then 4 s) and could fail a good one with "Unable to parse XML.".
 */
function newParser(): Parser<Raw, Raw> {
  return new Parser<Raw, Raw>(parserOptions());
}

/**
 * rss-parser first: a document it reads is well-formed, and the lenient tree of the same text
 * (tree-feed.ts) then gives the items, with what rss-parser's mapping loses (typed titles,
 * xml:base, every author and category, base64 and xhtml bodies). A document rss-parser refuses
 * is kept when its only faults are those real readers forgive (no <channel>, a cut-off end,
 * RDF without a default namespace): its end tags all match the elements they close.
 * `contentLocation` (the HTTP header) is the base of relative links before the feed URL.
 */
export async function parseXmlFeed(xml: string, feedUrl: string, contentLocation: string | null = null): Promise<ParsedFeed> {
  const stated = absoluteUrl(contentLocation, feedUrl);
  const tree = parseXmlTree(xml, stated ?? feedUrl, stated !== null);
  const lenient = feedFromTree(tree);
  // A feed whose every element closes where it should is read from the tree alone: running
  // rss-parser as well doubled the cost of parsing (0.7 + 0.8 ms for an 11 KB feed).
  if (lenient && !tree.mismatched && lenient.items.length > 0) return lenient;
  let raw: Raw | null = null;
  let failure: unknown = null;
  try {
    raw = await parseLeniently(xml);
  } catch (error) {
    failure = error;
  }
  if (raw === null) {
    if (lenient && !tree.mismatched && lenient.items.length > 0) return lenient;
    throw failure;
  }
  // Both read the same elements; should they ever disagree on the items, rss-parser's reading stands.
  if (lenient && lenient.items.length === ((raw.items as Raw[] | undefined) ?? []).length) return lenient;
  return fromRssParser(raw, xml, feedUrl);
}

function fromRssParser(raw: Raw, xml: string, feedUrl: string): ParsedFeed {
  const format: FeedFormat = /<feed[\s>]/.test(xml.slice(0, 4096)) && !/<rss[\s>]|<rdf:RDF/.test(xml.slice(0, 4096)) ? 'atom' : 'rss';
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
    return await newParser().parseString(xml);
  } catch (error) {
    const repaired = repair(xml);
    if (repaired === xml) throw error;
    try {
      return await newParser().parseString(repaired);
    } catch {
      throw error;
    }
  }
}

/**
 * The two repairs, as linear scans: the regular expressions they replace retried from every
 * `<published` of a feed made of nothing else (440 KB took 8 s, issue 10).
 */
export function repair(xml: string): string {
  return dropBadDates(escapeBareAmpersands(xml));
}

/** `&` that does not start an entity or character reference becomes `&amp;`. */
function escapeBareAmpersands(xml: string): string {
  let out = '';
  let last = 0;
  for (let at = xml.indexOf('&'); at >= 0; at = xml.indexOf('&', at + 1)) {
    if (isReference(xml, at)) continue;
    out += `${xml.slice(last, at)}&amp;`;
    last = at + 1;
  }
  return last === 0 ? xml : out + xml.slice(last);
}

/** A reference (`&name;`, `&#10;`, `&#xA;`) starts at `at`. Reads only up to the next non-name character. */
function isReference(xml: string, at: number): boolean {
  let i = at + 1;
  let digits: (c: number) => boolean = isAlnum;
  if (xml[i] === '#') {
    i++;
    const hex = xml[i] === 'x';
    if (hex) i++;
    digits = hex ? isHex : isDigit;
  } else if (!isAlpha(xml.charCodeAt(i))) {
    return false;
  }
  const start = i;
  while (i < xml.length && digits(xml.charCodeAt(i))) i++;
  return i > start && xml[i] === ';';
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * `<published ...>text</published>` and `<updated>` elements whose text is not a date to us are
 * removed; those that are, but that rss-parser cannot read (it throws on what `new Date`
 * refuses: "Mi, 03 Okt 2018"), get our reading in ISO form. Each start tag is read once: the
 * next '>' and the next '<' after a position are searched again only when the scan passes them.
 */
function dropBadDates(xml: string): string {
  let out = '';
  let last = 0;
  let gt = -1;
  let lt = -1;
  for (let at = xml.indexOf('<', 0); at >= 0; at = xml.indexOf('<', at + 1)) {
    const tag = xml.startsWith('published', at + 1) ? 'published' : xml.startsWith('updated', at + 1) ? 'updated' : null;
    if (!tag) continue;
    const after = xml[at + 1 + tag.length];
    if (after !== '>' && !(after !== undefined && /\s/.test(after))) continue;
    if (gt < at) gt = xml.indexOf('>', at);
    // No '>' after this start means none after any later one: nothing more can match.
    if (gt < 0) break;
    if (lt <= gt) lt = xml.indexOf('<', gt + 1);
    if (lt < 0) break;
    const close = `</${tag}>`;
    if (!xml.startsWith(close, lt)) continue;
    const text = xml.slice(gt + 1, lt);
    const iso = parseDate(text);
    // A date both read is left as written; `new Date` is the test rss-parser makes before it throws.
    if (iso !== null && !Number.isNaN(new Date(text).getTime())) continue;
    out += xml.slice(last, iso === null ? at : gt + 1) + (iso ?? '');
    last = iso === null ? lt + close.length : lt;
    at = last - 1;
  }
  return last === 0 ? xml : out + xml.slice(last);
}

/**
 * The fields that may hold an item's publication date, first choice first: when it was
 * published (Atom 1.0, RSS, Dublin Core, Atom 0.3), then created, then last changed.
 */
const DATE_FIELDS = ['rawPublished', 'rawPubDate', 'dcDate', 'dctermsIssued', 'atomIssued', 'dctermsCreated', 'atomCreated', 'dctermsDate', 'rawUpdated', 'atomModified', 'dctermsModified'];

function publicationDate(item: Raw): string | null {
  for (const field of DATE_FIELDS) {
    const date = item[field] === undefined ? null : parseDate(textOf(item[field]));
    if (date !== null) return date;
  }
  return null;
}

function toItem(item: Raw, feedUrl: string): ParsedItem {
  const link = itemLink(item, feedUrl);
  const title = plainText(item.title);
  const published = publicationDate(item);
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
  const found = new Map<string, Enclosure>();
  const add = (url: unknown, type: unknown, length: unknown) => {
    // Stop at the cap: an item with 10,000 enclosures costs no more than one with 50.
    if (found.size >= CAPS.enclosures) return;
    const absolute = absoluteUrl(url, feedUrl);
    if (!absolute || found.has(absolute)) return;
    const size = Number(textOf(length));
    found.set(absolute, { url: absolute, type: nonEmpty(type), length: Number.isFinite(size) && size > 0 ? size : null });
  };
  for (const node of asArray(item.rawEnclosures)) {
    const attrs = attributes(node);
    add(attrs.url, attrs.type, attrs.length);
  }
  for (const node of asArray(item.rawLinks)) {
    const attrs = attributes(node);
    if (attrs.rel === 'enclosure') add(attrs.href, attrs.type, attrs.length);
  }
  return [...found.values()];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function attributes(node: unknown): Raw {
  return node && typeof node === 'object' && '$' in node ? ((node as { $: Raw }).$ ?? {}) : {};
}
