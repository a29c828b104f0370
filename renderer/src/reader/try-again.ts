// "Try again" on an article whose save or extraction failed: the archive fetches and extracts
// its page again (extractArticle keeps read, star and tags). The reader shows the result; a
// page that still fails says why, once more with "Try again".

import type { ArticleDetail } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import type { Toasts } from '../dialogs/toasts.js';

export interface TryAgainHost {
  client: ArchiveClient;
  toasts: Toasts;
  /** The article open in the reader, if any. */
  current(): ArticleDetail | null;
  /** Show the fresh article (if it is still the one open) and redraw the list. */
  refreshed(article: ArticleDetail): void;
}

export async function tryAgain(host: TryAgainHost, id = host.current()?.id): Promise<void> {
  if (!id) return;
  try {
    await host.client.extractArticle(id);
    const fresh = await host.client.getArticle(id);
    host.refreshed(fresh);
    if (fresh.extraction.status === 'failed') {
      host.toasts.failure(`Could not save “${fresh.title}”: ${lowerFirst(fresh.extractionMessage ?? fresh.extraction.reason ?? 'the page could not be read.')}`, [
        { label: 'Try again', run: () => void tryAgain(host, id) },
      ]);
    } else {
      host.toasts.info(`Saved “${fresh.title}”`);
    }
  } catch (error) {
    host.toasts.error(error);
  }
}

function lowerFirst(text: string): string {
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
