// "Save a page" (read-it-later) with failures handled as Wallabag, Readeck or Karakeep users
// expect: a page that cannot be saved (404, 5xx, an image, a PDF, an empty page) is not
// "Saved". The dialog closes and a toast says why — "Could not save example.com/x: the page
// answered HTTP 404 Not Found …" — with "Try again" (the same save once more) and "Keep to
// retry later" (the archive keeps a failed placeholder, shown as such in the list and the
// reader, whose "Try again" re-runs the save). Dismissing the toast keeps nothing. Input the
// archive refuses (not a web address) stays in the dialog, to be corrected there.

import type { ArticleSummary, SaveUrlOptions } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import { h } from '../dom/index.js';
import { parseTags } from '../tags/index.js';
import { type Modal, field, openModal } from './modal.js';
import { type Toasts, messageOf } from './toasts.js';

/** `saved`: an article was stored (saved, or kept to retry later); the list should show it. */
export function openSavePage(client: ArchiveClient, toasts: Toasts, saved: (article: ArticleSummary) => void): Modal {
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://…', autocomplete: 'off', spellcheck: 'false' });
  const tags = h('input', { type: 'text', name: 'tags', placeholder: 'reading, ideas', list: 'tag-completions' });
  return openModal({
    id: 'save-url',
    title: 'Save a page',
    submitLabel: 'Save',
    fields: [field('Address of the page', url, 'Tidings keeps a clean copy with its images, readable offline.'), field('Tags (comma separated)', tags)],
    async onSubmit(m) {
      m.submit.textContent = 'Saving…';
      const page = { url: url.value.trim(), tags: parseTags(tags.value) };
      try {
        const article = await client.saveUrl(page.url, { tags: page.tags });
        m.close();
        announce(toasts, article);
        saved(article);
      } catch (error) {
        if (!isFailure(error)) throw error; // shown in the dialog, which stays open
        m.close();
        offerRetry(client, toasts, page, error, saved);
      } finally {
        m.submit.textContent = 'Save';
      }
    },
  });
}

/** The failure toast; its buttons save again, or keep a placeholder to retry later. */
function offerRetry(client: ArchiveClient, toasts: Toasts, page: { url: string; tags: string[] }, error: unknown, saved: (article: ArticleSummary) => void): void {
  const attempt = (options: SaveUrlOptions) => {
    client.saveUrl(page.url, { tags: page.tags, ...options }).then(
      (article) => {
        announce(toasts, article);
        saved(article);
      },
      (again: unknown) => (isFailure(again) ? offerRetry(client, toasts, page, again, saved) : toasts.error(again)),
    );
  };
  toasts.failure(messageOf(error), [
    { label: 'Try again', run: () => attempt({}) },
    { label: 'Keep to retry later', run: () => attempt({ keepFailed: true }) },
  ]);
}

function announce(toasts: Toasts, article: ArticleSummary): void {
  if (article.extraction.status === 'failed') toasts.info(`Kept “${article.title}” to try again later: it is marked “Not saved” in the list.`);
  else toasts.info(`Saved “${article.title}”`);
}

/** The outside world failed (the page, the network); not input to correct in the dialog. */
function isFailure(error: unknown): boolean {
  return (error as { kind?: unknown } | null)?.kind === 'failed';
}
