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

/** `prepare` runs on the article's element before it is serialized (see preclean.ts). */
export function readArticle(doc: Document, prepare?: (article: Element) => void): ReadableArticle | null {
  const serializer = (el: Node) => {
    prepare?.(el as Element);
    return (el as Element).innerHTML;
  };
  const result = new Readability(doc, { charThreshold: 500, serializer }).parse();
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
