// The one shape every feed format is turned into (RSS 0.9x/1.0/2.0, Atom, JSON Feed).
// Untrusted: `contentHtml` and `summary` are raw HTML from the publisher, to be sanitized.

import type { Enclosure } from '../model/index.js';

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface ParsedItem {
  /** The publisher's id (RSS guid, Atom id, JSON Feed id), or null when it gave none. */
  guid: string | null;
  /** Absolute http(s) link to the article page, or null. */
  link: string | null;
  /** Plain text. */
  title: string;
  /** Every author's name, joined with ", " (the byline shown), or null. */
  author: string | null;
  /** Every author's name, in the feed's order (RSS, Atom, Dublin Core, iTunes, JSON Feed). */
  authors?: string[];
  /** ISO 8601, or null when missing or unreadable. */
  published: string | null;
  /** Raw HTML of the full content (content:encoded, Atom content, content_html), or null. */
  contentHtml: string | null;
  /** Raw HTML or text of the summary (description, Atom summary, JSON summary), or null. */
  summary: string | null;
  categories: string[];
  enclosures: Enclosure[];
  /** Only for items with neither guid nor link: a stable key from title, date and content. */
  fallbackKey: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  siteUrl: string | null;
  items: ParsedItem[];
}
