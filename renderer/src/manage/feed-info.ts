// A feed's info, as NetNewsWire's inspector has it: its name and address, how often it is
// refreshed and how long its read articles are kept (each either the app's setting or its own),
// whether its articles are fetched in full, and how its refreshes went.

import type { FeedPatch, FeedSummary, FullTextMode } from '../../../src/api.js';
import { h } from '../dom/index.js';
import { field, openModal, select } from '../dialogs/modal.js';
import { KEEP_CHOICES, REFRESH_CHOICES, daysLabel, minutesLabel, withCurrent } from '../settings/index.js';

const DEFAULT = '';

const FULL_TEXT_CHOICES: readonly (readonly [FullTextMode, string])[] = [
  ['auto', 'When the feed carries only teasers'],
  ['always', 'Always: fetch every article’s page'],
  ['never', 'Never: keep what the feed gives'],
];

/** The feed's mode as the engine acts on it (summaries carry it; an older engine's only the switch). */
function modeOf(feed: FeedSummary): FullTextMode {
  return feed.fullText ?? (feed.fetchFullArticle ? 'always' : 'auto');
}

export function openFeedInfo(feed: FeedSummary, appRefreshMinutes: number, save: (patch: FeedPatch) => Promise<void>): void {
  const title = h('input', { type: 'text', name: 'title', required: true, value: feed.title, autocomplete: 'off', spellcheck: 'false' });
  const url = h('input', { type: 'url', name: 'url', required: true, value: feed.url, autocomplete: 'off', spellcheck: 'false' });
  const refresh = choose('refresh-minutes', `As in Settings (${minutesLabel(appRefreshMinutes)})`, withCurrent(REFRESH_CHOICES, feed.refreshMinutes, minutesLabel).map((c) => [c.value, `Every ${c.label}`]), feed.refreshMinutes);
  const keep = choose('retention-days', 'Forever', withCurrent(KEEP_CHOICES, feed.retentionDays, daysLabel).map((c) => [c.value, `${c.label} after reading`]), feed.retentionDays);
  const full = select('full-text', FULL_TEXT_CHOICES, modeOf(feed));
  const notify = h('input', { type: 'checkbox', name: 'notify', checked: feed.notify === true });
  openModal({
    id: 'feed-info',
    title: 'Feed info',
    submitLabel: 'Save',
    fields: [
      field('Name', title),
      field('Feed address', url, 'Changing it starts the feed afresh: its articles stay.'),
      h('div', { class: 'field-row' }, field('Refresh', refresh), field('Keep read articles', keep, 'Starred, tagged and saved ones stay.')),
      field('Full article text', full, 'Fetching each page keeps the whole article offline when a feed carries only a teaser.'),
      h('label', { class: 'check' }, notify, ' Notify me of new articles (the desktop app)'),
      status(feed),
    ],
    async onSubmit(m) {
      const patch = feedPatch(feed, {
        title: title.value.trim(),
        url: url.value.trim(),
        refreshMinutes: chosen(refresh),
        retentionDays: chosen(keep),
        fullText: full.value as FullTextMode,
      });
      if (!patch.title && patch.title !== undefined) throw new Error('The name cannot be empty.');
      if (notify.checked !== (feed.notify === true)) patch.notify = notify.checked;
      if (Object.keys(patch).length > 0) await save(patch);
      m.close();
    },
  });
  title.select();
}

/** What differs from the feed as it is. */
export function feedPatch(feed: FeedSummary, next: Required<Pick<FeedPatch, 'title' | 'url' | 'refreshMinutes' | 'retentionDays' | 'fullText'>>): FeedPatch {
  const patch: FeedPatch = {};
  if (next.title !== feed.title) patch.title = next.title;
  if (next.url !== feed.url) patch.url = next.url;
  if (next.refreshMinutes !== feed.refreshMinutes) patch.refreshMinutes = next.refreshMinutes;
  if (next.retentionDays !== feed.retentionDays) patch.retentionDays = next.retentionDays;
  if (next.fullText !== modeOf(feed)) patch.fullText = next.fullText;
  return patch;
}

/** How the feed's refreshes went, in words. */
export function statusLines(feed: FeedSummary, now = Date.now()): { text: string; error?: true }[] {
  const lines: { text: string; error?: true }[] = [];
  lines.push({ text: feed.lastSuccessAt ? `Last updated ${when(feed.lastSuccessAt)}.` : 'Never updated yet.' });
  if (feed.gone) lines.push({ text: 'The site says this feed is gone (HTTP 410): it is no longer fetched. Give it a new address to start again.', error: true });
  else if (feed.retryAt && Date.parse(feed.retryAt) > now) lines.push({ text: `The site asked us to wait: next try ${when(feed.retryAt)}.` });
  else if (feed.nextFetchAt) lines.push({ text: `Next update ${when(feed.nextFetchAt)}.` });
  // The engine's sentence for the error (lastErrorMessage); the technical lastError stays in logs.
  if (feed.lastError) lines.push({ text: `The last refresh failed${feed.errorCount > 1 ? ` (${feed.errorCount} times in a row)` : ''}${feed.lastErrorMessage ? `. ${feed.lastErrorMessage}` : `: ${feed.lastError}`}`, error: true });
  lines.push({ text: `${feed.total.toLocaleString()} ${feed.total === 1 ? 'article' : 'articles'}, ${feed.unread.toLocaleString()} unread.` });
  return lines;
}

function status(feed: FeedSummary): HTMLElement {
  return h('div', { class: 'feed-status', role: 'status' }, ...statusLines(feed).map((line) => h('p', { class: line.error ? 'error' : null }, line.text)));
}

/** A choice of numbers, the first one "as the app has it" (null). */
function choose(name: string, defaultLabel: string, options: [number, string][], value: number | null): HTMLSelectElement {
  return select(name, [[DEFAULT, defaultLabel], ...options.map(([v, label]) => [String(v), label] as const)], value === null ? DEFAULT : String(value));
}

function chosen(select: HTMLSelectElement): number | null {
  return select.value === DEFAULT ? null : Number(select.value);
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(iso: string): string {
  return WHEN.format(new Date(iso));
}
