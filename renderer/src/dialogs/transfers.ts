// Import… and Export…: the format to read (detected unless forced) or to write, and, for an
// export, whether only the current list goes. The file itself is chosen by the main process's
// dialog in Electron, by the page's file input in a browser (client/transfers.ts).

import type { ExportFormat, ExportOptions, ImportFormat, ImportResult } from '../../../src/api.js';
import type { Transfers } from '../client/transfers.js';
import { h } from '../dom/index.js';
import { opmlCounts } from '../manage/opml.js';
import { field, openModal, select } from './modal.js';

/** The renderer may import only types from src/: the formats again, with what people call them. */
export const IMPORT_FORMAT_NAMES: Record<ImportFormat, string> = {
  'pocket-csv': 'Pocket (CSV)',
  'pocket-html': 'Pocket (HTML, older export)',
  instapaper: 'Instapaper (CSV)',
  omnivore: 'Omnivore (zip)',
  wallabag: 'Wallabag (JSON)',
  karakeep: 'Karakeep / Hoarder (JSON)',
  raindrop: 'Raindrop.io (CSV)',
  bookmarks: 'Browser bookmarks (HTML)',
  opml: 'Feeds (OPML)',
  tidings: 'Tidings archive (zip)',
};

export const EXPORT_FORMAT_NAMES: Record<ExportFormat, string> = {
  archive: 'Tidings archive (.zip): everything, to restore or move',
  markdown: 'Markdown files with their images (.zip)',
  epub: 'EPUB book, for an e-reader',
  bookmarks: 'Browser bookmarks (.html)',
  opml: 'Feeds (OPML)',
};

export function openImportLibrary(transfers: Transfers, run: (result: Promise<ImportResult | null>) => void): void {
  const format = select('format', [['', 'Detect from the file'], ...Object.entries(IMPORT_FORMAT_NAMES)], '');
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,.html,.htm,.json,.zip,.opml,.xml', required: true });
  const fromPage = transfers.picksFile === 'page';
  openModal({
    id: 'import-library',
    title: 'Import from another app',
    submitLabel: fromPage ? 'Import' : 'Choose the file…',
    fields: [
      h('p', { class: 'field-hint' }, 'Pocket, Instapaper, Omnivore, Wallabag, Karakeep, Raindrop, browser bookmarks, OPML or a Tidings archive. Articles already here are merged, not doubled; pages the file does not carry are fetched in the background.'),
      ...(fromPage ? [field('File', file)] : []),
      field('Format', format, 'Tidings recognises the file by its content; choose only if it guesses wrong.'),
    ],
    async onSubmit(modal) {
      const chosen = fromPage ? file.files?.[0] ?? null : null;
      if (fromPage && !chosen) throw new Error('Choose the file to import.');
      modal.close();
      run(transfers.importLibrary(chosen, (format.value || undefined) as ImportFormat | undefined));
    },
  });
  (fromPage ? file : format).focus();
}

/** `listQuery`: the query of the list on screen, when it has one (a search, a tag, Unread…). */
export function openExportLibrary(transfers: Transfers, listQuery: { query: string; title: string } | null, done: (message: string | null) => void): void {
  const format = select('format', Object.entries(EXPORT_FORMAT_NAMES), 'archive');
  const only = h('input', { type: 'checkbox', name: 'only-list', disabled: !listQuery });
  openModal({
    id: 'export-library',
    title: 'Export',
    submitLabel: transfers.picksFile === 'page' ? 'Download' : 'Choose where…',
    fields: [
      field('Format', format),
      h('label', { class: 'check' }, only, listQuery ? ` Only the articles of “${listQuery.title}”` : ' Only the current list (open a search, a tag or a smart view first)'),
    ],
    async onSubmit(modal) {
      const options: ExportOptions = { format: format.value as ExportFormat, ...(only.checked && listQuery ? { query: listQuery.query } : {}) };
      const message = await transfers.exportLibrary(options);
      modal.close();
      done(message);
    },
  });
  format.focus();
}

/** The toast after an import: what came in, in words, and every problem (never silent). */
export function importSummary(result: ImportResult): { text: string; problems: string | null } {
  const name = IMPORT_FORMAT_NAMES[result.format] ?? result.format;
  // A file of subscriptions brings feeds, not articles: say it in feed words, as the OPML button does.
  const feeds = result.feeds;
  const text = feeds && result.format === 'opml'
    ? `OPML: ${opmlCounts(feeds)}${feeds.refreshing ? '; fetching them now' : ''}.`
    : `Imported from ${name}: ${articleCounts(result).join(', ')}.`;
  if (result.problems.length === 0) return { text, problems: null };
  const shown = result.problems.slice(0, 5).map((p) => `${p.line !== null ? `line ${p.line}: ` : ''}${p.item ? `${p.item}: ` : ''}${p.reason}`);
  const more = result.problems.length > shown.length ? `; and ${result.problems.length - shown.length} more` : '';
  return { text, problems: `${count(result.problems.length, 'entry', 'entries')} of the file could not be imported: ${shown.join('; ')}${more}` };
}

function articleCounts(result: ImportResult): string[] {
  return [
    `${count(result.added, 'new article')}`,
    result.merged ? `${count(result.merged, 'already here')} (updated)` : null,
    result.unchanged ? `${count(result.unchanged, 'already here')} unchanged` : null,
    result.queued ? `${count(result.queued, 'to fetch')} in the background` : null,
    result.feeds ? `${count(result.feeds.added, 'new feed')}` : null,
  ].filter((part): part is string => part !== null);
}

function count(n: number, one: string, many?: string): string {
  const word = n === 1 || one.startsWith('already') || one.startsWith('to ') ? one : many ?? `${one}s`;
  return `${n.toLocaleString('en-US')} ${word}`;
}
