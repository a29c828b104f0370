// The first launch (issue 16 item 11): a short welcome in the empty reader while the library
// holds only the seed article (buttons that add a feed, import, save a page, show the
// bookmarklet), and the label above the seed article saying what it is: its source, its date,
// and a line in English (the seed is a Polish news text). The label's words live with the seed,
// in src/seed/seed.json; the renderer (which takes nothing from src/ but types) keeps this copy,
// and test/renderer/welcome.test.ts holds the two equal.

import type { CommandId } from '../commands/table.js';
import { h } from '../dom/index.js';

/** Adding a feed, importing and saving a page are commands (data-command, run by the registry); this is not. */
export interface WelcomeActions {
  bookmarklet(): void;
}

interface SeedMeta {
  title: string;
  about?: string;
  source?: string;
  published?: string;
}

export const SEED: SeedMeta = {
  title: 'Musk kupił około 10 tysięcy GPU na projekt sztucznej inteligencji Twittera',
  about: "A sample article in Polish: Elon Musk buys about 10,000 GPUs for Twitter's AI project",
  source: 'a Polish technology news report, text only (Tidings ships it as a sample to read, search and tag)',
  published: 'April 2023',
};

/** The seed article, as the archive imported it (a local file with the seed's title). */
export function isSeed(article: { title: string; source: string }): boolean {
  return article.source === 'file' && article.title === SEED.title;
}

/** The welcome shown in the empty reader of a library that holds only the seed. */
export function welcome(actions: WelcomeActions): HTMLElement {
  const item = (button: HTMLElement, hint: string) => h('li', {}, button, h('span', { class: 'welcome-hint' }, hint));
  const command = (label: string, hint: string, id: CommandId) => item(h('button', { type: 'button', class: 'welcome-action', 'data-command': id }, label), hint);
  const action = (label: string, hint: string, run: () => void) => {
    const button = h('button', { type: 'button', class: 'welcome-action' }, label);
    button.addEventListener('click', run);
    return item(button, hint);
  };
  return h('section', { class: 'welcome', 'aria-label': 'Welcome' },
    h('h2', { class: 'welcome-title' }, 'Welcome to Tidings'),
    h('p', {}, 'Your feeds and the pages you save are kept here, whole, on this machine: readable offline, searchable, yours to export.'),
    h('ul', { class: 'welcome-actions' },
      command('Add a feed', 'subscribe to a site or a feed address', 'add-feed'),
      command('Import…', 'from Pocket, Instapaper, Omnivore, Wallabag, bookmarks or OPML', 'import-library'),
      command('Save a page', 'keep a web page to read later', 'save-url'),
      action('The bookmarklet', 'save pages from your browser in one click', actions.bookmarklet)),
    h('p', { class: 'welcome-note' }, 'The one article in the list is a sample to try reading, searching and tagging on; delete it whenever you like.'));
}

/** The line above the seed article: what it is about, in English, and where it comes from. */
export function seedLabel(): HTMLElement {
  return h('div', { class: 'seed-label', role: 'note', hidden: true },
    h('strong', { class: 'seed-about' }, SEED.about ?? 'A sample article'),
    h('span', { class: 'seed-source' }, `Source: ${SEED.source ?? 'bundled with Tidings'}${SEED.published ? `; published ${SEED.published}` : ''}.`));
}
