// The app's dialogs: add a feed (with discovery's choices), save a page, save a search, the
// list of shortcuts; and the toasts that carry errors and notes.

import type { AddFeedOptions, ArticleSummary, DiscoveredFeed, FeedSummary } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import { h, replace } from '../dom/index.js';
import { SHORTCUTS } from '../keyboard/index.js';
import { parseTags } from '../reader/index.js';
import { type Modal, field, openModal } from './modal.js';

export { Toasts, messageOf } from './toasts.js';

export function openAddFeed(client: ArchiveClient, done: (feed: FeedSummary, message: string) => void): Modal {
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://example.com/ or its feed', autocomplete: 'off', spellcheck: 'false' });
  const folder = h('input', { type: 'text', name: 'folder', placeholder: 'None' });
  const full = h('input', { type: 'checkbox', name: 'full' });
  const choices = h('div', { class: 'feed-choices', hidden: true });
  const modal = openModal({
    id: 'add-feed',
    title: 'Add a feed',
    submitLabel: 'Subscribe',
    fields: [
      field('Address of the site or feed', url, 'Tidings finds the feed of a site by itself; if there are several you choose.'),
      field('Folder', folder),
      h('label', { class: 'check' }, full, ' Keep the full article (fetch each page, not only what the feed says)'),
      choices,
    ],
    async onSubmit(m) {
      const chosen = choices.querySelector<HTMLInputElement>('input[name=candidate]:checked')?.value;
      const options: AddFeedOptions = { folder: folder.value.trim() || null, fetchFullArticle: full.checked };
      const result = await client.addFeed(chosen ?? url.value.trim(), options);
      if (result.status === 'choose') return showChoices(m, choices, result.candidates);
      m.close();
      done(result.feed, result.status === 'added' ? `Subscribed to ${result.feed.title}: ${result.newArticles} articles` : `You already follow ${result.feed.title}`);
    },
  });
  url.addEventListener('input', () => {
    choices.hidden = true;
    modal.submit.textContent = 'Subscribe';
  });
  return modal;
}

function showChoices(modal: Modal, root: HTMLElement, candidates: DiscoveredFeed[]): void {
  root.hidden = false;
  replace(root,
    h('p', { class: 'field-label' }, 'This site offers several feeds. Which one?'),
    ...candidates.map((c, i) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'candidate', value: c.url, checked: i === 0 }),
      h('span', { class: 'choice-title' }, c.title ?? c.url),
      h('span', { class: 'choice-url' }, `${c.type.toUpperCase()} · ${c.url}`))));
  modal.submit.textContent = 'Subscribe to this one';
}

export function openSaveUrl(client: ArchiveClient, done: (article: ArticleSummary) => void): Modal {
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://…', autocomplete: 'off', spellcheck: 'false' });
  const tags = h('input', { type: 'text', name: 'tags', placeholder: 'reading, ideas', list: 'tag-completions' });
  return openModal({
    id: 'save-url',
    title: 'Save a page',
    submitLabel: 'Save',
    fields: [field('Address of the page', url, 'Tidings keeps a clean copy with its images, readable offline.'), field('Tags (comma separated)', tags)],
    async onSubmit(m) {
      m.submit.textContent = 'Saving…';
      try {
        const article = await client.saveUrl(url.value.trim(), { tags: parseTags(tags.value) });
        m.close();
        done(article);
      } finally {
        m.submit.textContent = 'Save';
      }
    },
  });
}

export function openSaveSearch(client: ArchiveClient, query: string, done: (name: string) => void): Modal {
  const name = h('input', { type: 'text', name: 'name', required: true, value: query });
  return openModal({
    id: 'save-search',
    title: 'Save this search',
    submitLabel: 'Save',
    fields: [field('Name in the sidebar', name, `Query: ${query}`)],
    async onSubmit(m) {
      const saved = await client.saveSearch(name.value.trim(), query);
      m.close();
      done(saved.name);
    },
  });
}

export function openShortcuts(): void {
  const id = 'shortcuts';
  if (document.getElementById(id)) return;
  const close = h('button', { type: 'button', class: 'primary' }, 'Close');
  const dialog = h('dialog', { class: 'dialog', id, 'aria-label': 'Keyboard shortcuts' },
    h('h2', {}, 'Keyboard shortcuts'),
    h('table', { class: 'shortcuts' }, ...SHORTCUTS.map((s) => h('tr', {}, h('td', {}, ...s.keys.map((k) => h('kbd', {}, k))), h('td', {}, s.label)))),
    h('div', { class: 'dialog-buttons' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
