// The app's dialogs: add a feed (with discovery's choices), save a search, the list of
// shortcuts (saving a page is save-page.ts); and the toasts that carry errors and notes.

import type { AddFeedOptions, DiscoveredFeed, FeedSummary } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import { h, replace } from '../dom/index.js';
import { shortcutRows } from '../commands/index.js';
import { type Modal, field, openModal } from './modal.js';

export { Toasts, messageOf } from './toasts.js';

export function openAddFeed(client: ArchiveClient, done: (feed: FeedSummary, message: string) => void): Modal {
  // type=text: the browser's URL check would refuse what people type ("example.com"); the engine accepts it.
  const url = h('input', { type: 'text', inputmode: 'url', name: 'url', required: true, placeholder: 'example.com, or the address of its feed', autocomplete: 'off', spellcheck: 'false' });
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
      h('label', { class: 'check' }, full, ' Always fetch the full article (Tidings does it by itself for feeds that carry only teasers)'),
      choices,
    ],
    async onSubmit(m) {
      const chosen = choices.querySelector<HTMLInputElement>('input[name=candidate]:checked')?.value;
      const options: AddFeedOptions = { folder: folder.value.trim() || null, fullText: full.checked ? 'always' : 'auto' };
      const result = await client.addFeed(chosen ?? url.value.trim(), options);
      if (result.status === 'choose') return showChoices(m, choices, result.candidates);
      choices.hidden = true;
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

/**
 * The feeds a site offers, as the engine ranked them (comment feeds last): each with its title,
 * type and address, and its own Subscribe button (one click). Esc or Cancel closes the dialog.
 */
function showChoices(modal: Modal, root: HTMLElement, candidates: DiscoveredFeed[]): void {
  root.hidden = false;
  replace(root,
    h('p', { class: 'field-label' }, `This site offers ${candidates.length} feeds. Which one?`),
    ...candidates.map((c, i) => choiceRow(modal, c, i === 0)));
  modal.submit.textContent = 'Subscribe to this one';
}

function choiceRow(modal: Modal, feed: DiscoveredFeed, checked: boolean): HTMLElement {
  const radio = h('input', { type: 'radio', name: 'candidate', value: feed.url, checked });
  const subscribe = h('button', { type: 'button', class: 'choice-subscribe', 'aria-label': `Subscribe to ${feed.title ?? feed.url}` }, 'Subscribe');
  subscribe.addEventListener('click', () => {
    radio.checked = true;
    modal.submit.form?.requestSubmit(modal.submit);
  });
  return h('div', { class: 'choice-row' },
    h('label', { class: 'choice' },
      radio,
      h('span', { class: 'choice-title' }, feed.title ?? feed.url),
      h('span', { class: 'choice-url' }, h('span', { class: 'choice-type' }, feed.type.toUpperCase()), ` · ${feed.url}`)),
    subscribe);
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
    h('table', { class: 'shortcuts' }, ...shortcutRows().map((s) => h('tr', {}, h('td', {}, ...s.keys.map((k) => h('kbd', {}, k))), h('td', {}, s.label)))),
    h('div', { class: 'dialog-buttons' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
