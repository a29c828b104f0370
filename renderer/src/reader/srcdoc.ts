// The reader's document: the stored (already sanitized) article HTML, sanitized once more here
// (defence in depth), offline images pointed at the asset URLs, links opened outside, and a CSP
// meta as the first element of <head>: no scripts (script-src 'none', and the frame's sandbox
// allows none either), no fetches, images only from our assets,
// and media (an enclosure's player, see media.ts) only when the article has some to play.

import DOMPurify from 'dompurify';
import type { ArticleDetail } from '../../../src/api.js';
import { shortDate } from '../dom/index.js';
import { COLORS, HIGHLIGHT_COLORS } from './colors.js';
import { enclosuresHtml, mediaSources } from './media.js';

export interface ReaderLook {
  /** The user's choice: 'system' follows the system's setting inside the frame. */
  theme: 'system' | 'light' | 'dark';
  fontSize: number;
}

export interface AssetLinks {
  /** The URL for an asset name (`<sha256>.<ext>`). */
  assetUrl(name: string): string;
  /** The CSP source that matches those URLs (an origin, or `tidings-asset:`). */
  assetSource: string;
}

type Shown = Pick<ArticleDetail, 'html' | 'title' | 'byline' | 'siteName' | 'feedTitle' | 'url' | 'publishedAt' | 'savedAt' | 'lang' | 'readingMinutes'>
  & Partial<Pick<ArticleDetail, 'enclosures'>>;

const ASSET_SRC = /^tidings-asset:([0-9a-f]{64}\.[a-z0-9]{2,5})$/;
const SAFE_URI = /^(?:https?:|mailto:|tidings-asset:|#)/i;
const FORBIDDEN_TAGS = ['style', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'video', 'audio', 'source', 'track', 'template', 'noscript'];
const FORBIDDEN_ATTRS = ['style', 'srcset', 'sizes', 'background', 'poster', 'ping', 'formaction', 'action', 'xlink:href'];

export function readerDocument(article: Shown, links: AssetLinks, look: ReaderLook): string {
  const enclosures = article.enclosures ?? [];
  const media = mediaSources(enclosures, links.assetSource);
  const csp = `default-src 'none'; script-src 'none'; img-src ${links.assetSource}; style-src 'unsafe-inline'${media.length > 0 ? `; media-src ${media.join(' ')}` : ''}`;
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(article.lang ?? '') ? article.lang! : 'und';
  return [
    '<!doctype html>',
    `<html lang="${lang}" data-theme="${look.theme}">`,
    `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    `<style>${readerStyle(look)}</style></head>`,
    '<body><article>',
    header(article),
    enclosuresHtml(enclosures, links.assetUrl),
    '<div class="article-body">',
    cleanArticleHtml(article.html, links.assetUrl),
    '</div></article></body></html>',
  ].join('');
}

/** Sanitize article HTML and point its offline images at `assetUrl`; remote images are dropped. */
export function cleanArticleHtml(html: string, assetUrl: (name: string) => string): string {
  const fragment = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: FORBIDDEN_TAGS,
    FORBID_ATTR: FORBIDDEN_ATTRS,
    ALLOWED_URI_REGEXP: SAFE_URI,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const img of fragment.querySelectorAll('img')) pointImage(img, assetUrl);
  for (const a of fragment.querySelectorAll('a')) pointLink(a);
  const holder = document.createElement('div');
  holder.append(fragment);
  return holder.innerHTML;
}

function pointImage(img: HTMLImageElement, assetUrl: (name: string) => string): void {
  const match = ASSET_SRC.exec(img.getAttribute('src') ?? '');
  if (match) {
    img.setAttribute('src', assetUrl(match[1]!));
    img.setAttribute('loading', 'lazy');
    return;
  }
  // Not in the archive: loading it would leave the machine (and the CSP would block it anyway).
  const alt = img.getAttribute('alt');
  img.replaceWith(alt ? Object.assign(document.createElement('span'), { className: 'missing-image', textContent: `[image: ${alt}]` }) : '');
}

function pointLink(a: HTMLAnchorElement): void {
  const href = a.getAttribute('href') ?? '';
  if (/^https?:/i.test(href)) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  } else if (!/^(mailto:|#)/i.test(href)) {
    a.removeAttribute('href');
  }
}

function header(article: Shown): string {
  const site = article.feedTitle ?? article.siteName ?? '';
  const when = shortDate(article.publishedAt ?? article.savedAt);
  const meta = [article.byline, when, article.readingMinutes ? `${article.readingMinutes} min read` : null].filter(Boolean).join(' · ');
  return [
    '<header>',
    site ? `<p class="site">${escapeHtml(site)}</p>` : '',
    `<h1>${escapeHtml(article.title || 'Untitled')}</h1>`,
    meta ? `<p class="meta">${escapeHtml(meta)}</p>` : '',
    '</header>',
  ].join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTES = {
  light: { fg: '#1f1f1f', muted: '#6b6b6b', bg: '#ffffff', link: '#0b57d0', rule: '#e5e5e5', code: '#f6f6f4' },
  dark: { fg: '#e4e2dd', muted: '#9c9a94', bg: '#1e1f22', link: '#7fb2ff', rule: '#3a3b3f', code: '#26272b' },
};

function palette(theme: 'light' | 'dark'): string {
  const p = PALETTES[theme];
  const marks = COLORS.map((name) => `;--hl-${name}:${HIGHLIGHT_COLORS[name][theme]}`).join('');
  return `color-scheme:${theme};--fg:${p.fg};--muted:${p.muted};--bg:${p.bg};--link:${p.link};--rule:${p.rule};--code:${p.code}${marks}`;
}

/** Light or dark; 'system' carries both and follows the system without reloading the frame. */
function colours(theme: ReaderLook['theme']): string {
  if (theme !== 'system') return `:root{${palette(theme)}}`;
  return `:root{${palette('light')}}@media (prefers-color-scheme: dark){:root{${palette('dark')}}}`;
}

function readerStyle(look: ReaderLook): string {
  const size = Math.max(10, Math.min(40, Math.round(look.fontSize)));
  return `
${colours(look.theme)}
html{background:var(--bg);color:var(--fg)}
body{margin:0;padding:40px 32px 80px;font:${size}px/1.65 "Iowan Old Style","Charter","Source Serif 4","Source Serif Pro",Georgia,"DejaVu Serif",serif;-webkit-font-smoothing:antialiased;text-rendering:optimizeLegibility}
article{max-width:65ch;margin:0 auto;overflow-wrap:break-word}
header{margin-bottom:2em;padding-bottom:1em;border-bottom:1px solid var(--rule)}
.site{margin:0 0 .4em;font:600 .72em/1.3 system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
h1{font-size:1.75em;line-height:1.2;margin:0 0 .4em;font-weight:700}
.meta{margin:0;font:.8em/1.4 system-ui,sans-serif;color:var(--muted)}
h2,h3,h4{line-height:1.25;margin:1.6em 0 .5em}
p,ul,ol,blockquote,pre,table,figure{margin:0 0 1em}
a{color:var(--link);text-decoration-thickness:1px;text-underline-offset:2px}
img{max-width:100%;height:auto;display:block;margin:1em auto;border-radius:4px}
figure{margin:1.5em 0}figcaption{font:.8em/1.4 system-ui,sans-serif;color:var(--muted);text-align:center;margin-top:.4em}
blockquote{margin-left:0;padding-left:1em;border-left:3px solid var(--rule);color:var(--muted)}
pre,code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em}
pre{overflow:auto;padding:.8em 1em;background:var(--code);border-radius:6px}
table{border-collapse:collapse;display:block;overflow:auto}td,th{border:1px solid var(--rule);padding:.3em .6em}
hr{border:0;border-top:1px solid var(--rule);margin:2em 0}
.missing-image{display:block;color:var(--muted);font:italic .8em system-ui,sans-serif}
.enclosures{margin:0 0 2em}
.enclosure{margin:0 0 1em;padding:.8em 1em;border:1px solid var(--rule);border-radius:8px;background:var(--code)}
.enclosure audio,.enclosure video{display:block;width:100%;margin:0 0 .5em}
.enclosure video{max-height:60vh;background:#000;border-radius:4px}
.enclosure figcaption{font:.8em/1.4 system-ui,sans-serif;color:var(--muted);text-align:left;margin:0}
.enclosure-file figcaption{margin:0}
.enclosure-error{color:var(--muted);font-style:italic}
mark.tidings-hl{color:inherit;background:var(--hl-yellow);border-radius:2px;cursor:pointer;box-decoration-break:clone;-webkit-box-decoration-break:clone}
${COLORS.map((name) => `mark.hl-${name}{background:var(--hl-${name})}`).join('')}
mark.has-note{text-decoration:underline dotted;text-underline-offset:3px}
.article-note{margin:0 0 2em;padding:.7em 1em;border-left:3px solid var(--hl-yellow);background:var(--code);border-radius:4px;font:.9em/1.5 system-ui,sans-serif}
.article-note strong{display:block;font-size:.75em;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
.article-note p{margin:.2em 0 0;white-space:pre-wrap}
`;
}
