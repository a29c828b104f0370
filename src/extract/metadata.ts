// What we keep about an article besides its body: title, byline, site name, language,
// published time, excerpt, word count, reading time, lead image. Readability's findings first,
// then the page's own <meta> tags, then what the text itself tells.

import { CAPS, capOptional, capText, capUrl } from '../model/index.js';
import type { ArticleContent } from '../model/index.js';
import { detectLanguage } from './language.js';
import { countWords, truncateAtWord } from './plaintext.js';
import type { ReadableArticle } from './readable.js';

/** What extraction learns about an article: the content fields of the record it becomes. */
export type ArticleMetadata = Pick<
  ArticleContent,
  'title' | 'byline' | 'siteName' | 'lang' | 'publishedAt' | 'excerpt' | 'wordCount' | 'readingMinutes' | 'leadImage'
>;

/** Hints read from the page's <head> before Readability changes the document. */
export interface PageHints {
  title: string | null;
  image: string | null;
  lang: string | null;
}

const WORDS_PER_MINUTE = 220;
const EXCERPT_MAX = 300;

export function readHints(doc: Document, url: string | null): PageHints {
  const meta = (selector: string) => doc.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const image = meta('meta[property="og:image"]') ?? meta('meta[name="twitter:image"]') ?? meta('meta[property="og:image:url"]');
  return {
    title: doc.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null,
    image: image ? httpUrl(image, url) : null,
    lang: doc.documentElement?.getAttribute('lang')?.trim() || null,
  };
}

export function buildMetadata(input: {
  article: ReadableArticle | null;
  hints: PageHints;
  text: string;
  url: string | null;
  firstImage: string | null;
}): ArticleMetadata {
  const { article, hints, text, url } = input;
  const words = countWords(text);
  // Every text field is capped (model/caps.ts): the record goes into library.json, which a
  // hostile page's 5 MB <title> would otherwise bloat on every later write.
  return {
    title: capText(article?.title ?? hints.title ?? titleFromUrl(url), CAPS.title),
    byline: capOptional(article?.byline ?? null, CAPS.author),
    siteName: capOptional(article?.siteName ?? null, CAPS.siteName),
    lang: normalizeLang(article?.lang ?? hints.lang) ?? detectLanguage(text),
    publishedAt: isoDate(article?.publishedTime ?? null),
    excerpt: capOptional(article?.excerpt ? truncateAtWord(article.excerpt, EXCERPT_MAX) : firstParagraph(text), CAPS.excerpt),
    wordCount: words,
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
    leadImage: capUrl(hints.image ?? input.firstImage),
  };
}

/** The longest language tag we keep: BCP 47 tags in use are far shorter. */
const LANG_MAX = 35;
/** No date is written in more characters than this; longer text is not parsed at all. */
const DATE_MAX = 100;

export function isoDate(value: string | null): string | null {
  if (!value || value.length > DATE_MAX) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function normalizeLang(lang: string | null | undefined): string | null {
  const tag = lang?.trim() ?? '';
  const match = tag && tag.length <= LANG_MAX ? /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.exec(tag) : null;
  return match ? match[0] : null;
}

function firstParagraph(text: string): string | null {
  const first = text.split('\n').find((line) => line.trim().length > 0);
  return first ? truncateAtWord(first.trim(), EXCERPT_MAX) : null;
}

function titleFromUrl(url: string | null): string {
  if (!url) return 'Untitled';
  try {
    const parsed = new URL(url);
    const last = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? '');
    return last ? `${parsed.hostname}: ${last}` : parsed.hostname || url;
  } catch {
    return url;
  }
}

function httpUrl(value: string, base: string | null): string | null {
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
