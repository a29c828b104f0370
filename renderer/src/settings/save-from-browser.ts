// Settings, "Save from your browser": a bookmarklet to drag to the bookmarks bar. It is built
// here, from the address of this Tidings (tidings:// in the desktop app, the running server's
// /save in browser mode), never from anything typed or received: the one javascript: link we make.

import { h } from '../dom/index.js';

/**
 * The bookmarklet's code: open `<address>?url=<page>&title=<title>` (in a new tab without a
 * handle on the page, for the server's confirm page; in place for tidings://, which the system
 * hands to the app and leaves the page as it was).
 */
export function bookmarklet(address: string): string {
  const target = `'${address}?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)`;
  const open = address.startsWith('tidings:') ? `location.href=${target}` : `window.open(${target},'_blank','noopener')`;
  return `javascript:(function(){${open}})()`;
}

export function saveFromBrowserSection(address: string): Node[] {
  const link = h('a', { class: 'bookmarklet', href: bookmarklet(address), draggable: 'true', title: 'Drag me to the bookmarks bar' }, 'Save to Tidings');
  // Clicked here it would only run on our own page (the app's CSP blocks it anyway).
  link.addEventListener('click', (event) => event.preventDefault());
  return [
    h('h3', { class: 'dialog-section' }, 'Save from your browser'),
    h('p', { class: 'bookmarklet-row' }, link, h('span', { class: 'field-hint' }, 'Drag this button to your browser’s bookmarks bar, then click it on any page to save that page here.')),
  ];
}
