// The Readability pass: the article's main content out of a whole page. It mutates the
// document it is given and returns null when it finds no article.

import { Readability } from '@mozilla/readability';

export interface ReadableArticle {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  publishedTime: string | null;
  excerpt: string | null;
  /** The article's HTML, not yet sanitized: never store it as it is. */
  content: string;
}

export function readArticle(doc: Document): ReadableArticle | null {
  const result = new Readability(doc, { charThreshold: 500 }).parse();
  if (!result || !result.content) return null;
  return {
    title: clean(result.title),
    byline: clean(result.byline),
    siteName: clean(result.siteName),
    lang: clean(result.lang),
    publishedTime: clean(result.publishedTime),
    excerpt: clean(result.excerpt),
    content: result.content,
  };
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}
