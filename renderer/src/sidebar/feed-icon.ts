// A feed's icon, as the sidebar and the list rows show it: its archived image (16 px, lazy) or,
// when it has none or the image fails, the first letter of its title on a neutral tile. The
// letter is drawn by CSS from `data-letter`, so no text is added beside the feed's name.
// The icons are known from the last feed listing (the sidebar's); rows already on screen are
// updated when it changes, since the list only redraws a row whose article changed.

import type { FeedSummary } from '../../../src/api.js';
import { h } from '../dom/index.js';

interface Known {
  url: string | null;
  letter: string;
}

const known = new Map<string, Known>();
/** Only a well-formed asset name reaches a URL (library.json is a file anyone may edit). */
const ASSET_NAME = /^[0-9a-f]{64}\.(png|jpg|gif|webp|avif|bmp|ico)$/;

/** Remember every feed's icon and redraw the icons on screen. */
export function setFeedIcons(feeds: readonly FeedSummary[], assetUrl: ((name: string) => string) | undefined): void {
  known.clear();
  for (const feed of feeds) {
    const url = feed.icon && assetUrl && ASSET_NAME.test(feed.icon) ? assetUrl(feed.icon) : null;
    known.set(feed.id, { url, letter: letterOf(feed.title || feed.url) });
  }
  for (const el of document.querySelectorAll<HTMLElement>('.feed-icon[data-feed-id]')) fillFeedIcon(el, el.dataset.feedId ?? null);
}

/** A new icon element for a feed. */
export function feedIcon(feedId: string): HTMLElement {
  const el = h('span', { class: 'feed-icon', 'aria-hidden': 'true' });
  fillFeedIcon(el, feedId);
  return el;
}

/** Point `el` at a feed's icon; hidden when there is no feed (a saved page or file). */
export function fillFeedIcon(el: HTMLElement, feedId: string | null): void {
  el.hidden = feedId === null;
  if (feedId === null) {
    delete el.dataset.feedId;
    el.replaceChildren();
    return;
  }
  el.dataset.feedId = feedId;
  const icon = known.get(feedId) ?? { url: null, letter: '' };
  el.dataset.letter = icon.letter;
  const current = el.querySelector('img');
  if (icon.url === null) {
    el.classList.add('monogram');
    current?.remove();
    return;
  }
  if (current?.getAttribute('src') === icon.url) return;
  el.classList.remove('monogram');
  const img = h('img', { src: icon.url, alt: '', width: '16', height: '16', loading: 'lazy', decoding: 'async' });
  // A missing or unreadable file: the letter, as for a feed with no icon.
  img.addEventListener('error', () => {
    img.remove();
    el.classList.add('monogram');
  });
  el.replaceChildren(img);
}

/** The first letter or digit of the title, upper-cased ("«beta» news" → "B"). */
export function letterOf(title: string): string {
  const match = /[\p{L}\p{N}]/u.exec(title);
  return match ? match[0].toLocaleUpperCase() : '•';
}
