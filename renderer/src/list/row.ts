// One row of the article list: read state, title, feed (with its icon) or site, date, tags, star.
// Rows are reused as the list scrolls, so `fillRow` rewrites everything it shows.

import type { ArticleSummary } from '../../../src/api.js';
import { h, replace, shortDate } from '../dom/index.js';
import { fillFeedIcon } from '../sidebar/feed-icon.js';

export const ROW_HEIGHT = 76;

/** How much of each article the list shows: the three choices and their row heights. */
export type Density = 'comfortable' | 'compact' | 'titles';
export const DENSITIES: { value: Density; label: string; height: number }[] = [
  { value: 'comfortable', label: 'Comfortable', height: ROW_HEIGHT },
  { value: 'compact', label: 'Compact', height: 50 },
  { value: 'titles', label: 'Titles only', height: 32 },
];

export function rowHeight(density: Density): number {
  return DENSITIES.find((d) => d.value === density)?.height ?? ROW_HEIGHT;
}

export function createRow(height = ROW_HEIGHT): HTMLElement {
  const row = h('div', { class: 'row', role: 'option', 'aria-selected': 'false' },
    h('span', { class: 'row-dot', 'aria-hidden': 'true' }),
    h('div', { class: 'row-main' },
      h('div', { class: 'row-top' }, h('span', { class: 'feed-icon', 'aria-hidden': 'true', hidden: true }), h('span', { class: 'row-source' }), h('span', { class: 'row-progress' }), h('span', { class: 'row-date' })),
      h('div', { class: 'row-title' }),
      h('div', { class: 'row-bottom' })),
    h('span', { class: 'row-star', 'aria-hidden': 'true' }),
    h('button', { type: 'button', class: 'row-more tool', title: 'Actions for this article', 'aria-label': 'Actions for this article', tabindex: '-1' }, '⋯'));
  row.style.height = `${height}px`;
  return row;
}

/** "42%" for an article read part of the way (ArticleRecord.progress), else ''. */
export function progressLabel(article: ArticleSummary | undefined): string {
  const progress = article?.progress;
  if (typeof progress !== 'number' || !(progress > 0) || progress >= 1) return '';
  return `${Math.max(1, Math.min(99, Math.round(progress * 100)))}%`;
}

/** A key that changes whenever what the row shows changes. */
export function rowKey(article: ArticleSummary | undefined, selected: boolean): string {
  if (!article) return `loading:${selected}`;
  return `${article.id}:${article.read}:${article.starred}:${article.tags.join(',')}:${selected}:${article.snippet ?? ''}:${article.extraction.status}:${progressLabel(article)}`;
}

export function fillRow(row: HTMLElement, article: ArticleSummary | undefined, selected: boolean): void {
  row.classList.toggle('selected', selected);
  row.setAttribute('aria-selected', String(selected));
  const source = row.querySelector('.row-source')!;
  const date = row.querySelector('.row-date')!;
  const progress = row.querySelector('.row-progress')!;
  progress.textContent = progressLabel(article);
  const title = row.querySelector('.row-title')!;
  const bottom = row.querySelector<HTMLElement>('.row-bottom')!;
  fillFeedIcon(row.querySelector<HTMLElement>('.row-top .feed-icon')!, article?.feedId ?? null);
  row.classList.toggle('failed', isUnsavedPage(article));
  if (!article) {
    row.classList.add('loading');
    row.classList.remove('unread', 'starred');
    row.removeAttribute('data-id');
    source.textContent = '';
    date.textContent = '';
    date.classList.remove('first-seen');
    date.removeAttribute('title');
    title.textContent = '…';
    bottom.replaceChildren();
    return;
  }
  row.classList.remove('loading');
  row.dataset.id = article.id;
  row.classList.toggle('unread', !article.read);
  row.classList.toggle('starred', article.starred);
  source.textContent = article.feedTitle || article.siteName || hostOf(article.url) || sourceLabel(article);
  fillDate(date as HTMLElement, article);
  title.textContent = article.title || 'Untitled';
  if (article.snippet) replace(bottom, h('span', { class: 'row-snippet' }, ...snippetNodes(article.snippet)));
  else replace(bottom, ...article.tags.map((t) => h('span', { class: 'chip' }, t)), article.tags.length ? null : h('span', { class: 'row-excerpt' }, article.excerpt ?? ''));
  if (isUnsavedPage(article)) bottom.prepend(h('span', { class: 'row-failed', title: article.extractionMessage ?? '' }, 'Not saved'));
}

/** A page kept to retry later after its save failed: the list marks it (the reader has "Try again"). */
function isUnsavedPage(article: ArticleSummary | undefined): boolean {
  return article?.extraction.status === 'failed' && article.source === 'url';
}

/**
 * The date the list sorts the article by (the engine's sortDate in src/search/execute.ts, which
 * the renderer may not import): saved, else published, else first seen. A first-seen time is
 * marked, so nobody takes it for the publisher's date.
 */
export function listedDate(article: ArticleSummary): { at: string; firstSeen: boolean } {
  if (article.savedAt !== null) return { at: article.savedAt, firstSeen: false };
  if (article.publishedAt !== null && article.publishedAt <= article.addedAt) return { at: article.publishedAt, firstSeen: false };
  return { at: article.addedAt, firstSeen: true };
}

function fillDate(el: HTMLElement, article: ArticleSummary): void {
  const { at, firstSeen } = listedDate(article);
  el.classList.toggle('first-seen', firstSeen);
  el.textContent = firstSeen ? `seen ${shortDate(at)}` : shortDate(at);
  if (firstSeen) el.title = `First seen ${new Date(at).toLocaleString()}: the feed gave no usable date`;
  else el.removeAttribute('title');
}

/** The site an address is on ("example.org"), null when there is none to say (a file:// address). */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

function sourceLabel(article: ArticleSummary): string {
  return article.source === 'file' ? 'Saved file' : article.source === 'url' ? 'Saved page' : 'Feed';
}

/**
 * A search snippet is HTML-escaped text with matches in `<mark>…</mark>`. Build it as text nodes
 * and <mark> elements, so nothing else in it can ever become markup.
 */
export function snippetNodes(snippet: string): Node[] {
  const nodes: Node[] = [];
  const parts = snippet.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) nodes.push(marked ? h('mark', {}, unescapeHtml(part)) : document.createTextNode(unescapeHtml(part)));
  }
  return nodes;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}
