// Dropping on the window: a link (text/uri-list) is saved as a page; a file is imported (a page
// or text as an article, OPML as feeds, another app's export through Import). While something
// droppable is dragged over the window an overlay says "Drop to save". The browser's own
// handling, opening the dropped file in the window, is always prevented.

import { h } from '../dom/index.js';

export interface DropHandlers {
  url(url: string): void;
  file(file: File): void;
  refused(reason: string): void;
}

const MAX_URL = 2048;

/** The first http(s) address of a text/uri-list (lines starting with # are comments). */
export function firstWebUrl(uriList: string): string | null {
  for (const line of uriList.split(/\r?\n/)) {
    const value = line.trim();
    if (!value || value.startsWith('#')) continue;
    if (value.length > MAX_URL) return null;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }
  return null;
}

function droppable(event: DragEvent): boolean {
  const types = event.dataTransfer?.types ?? [];
  return types.includes('Files') || types.includes('text/uri-list');
}

export function watchDrops(target: Window, handlers: DropHandlers): HTMLElement {
  const overlay = h('div', { class: 'drop-overlay', hidden: true, 'aria-hidden': 'true' }, h('div', { class: 'drop-card' }, h('strong', {}, 'Drop to save'), h('span', {}, 'A link is saved as a page; a file is imported.')));
  let depth = 0;
  const show = (on: boolean) => {
    overlay.hidden = !on;
    if (!on) depth = 0;
  };
  target.addEventListener('dragenter', (event) => {
    if (!droppable(event)) return;
    event.preventDefault();
    depth++;
    show(true);
  });
  target.addEventListener('dragover', (event) => {
    // Always: without it the browser (and Electron) would open a dropped file in the window.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = droppable(event) ? 'copy' : 'none';
  });
  target.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) show(false);
  });
  target.addEventListener('drop', (event) => {
    event.preventDefault();
    show(false);
    const data = event.dataTransfer;
    if (!data) return;
    const files = [...data.files];
    if (files.length) return files.forEach((file) => handlers.file(file));
    const list = data.getData('text/uri-list');
    if (!list) return;
    const url = firstWebUrl(list);
    if (url) handlers.url(url);
    else handlers.refused('Only web addresses (http and https) can be saved.');
  });
  return overlay;
}
