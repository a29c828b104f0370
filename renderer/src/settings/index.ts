// The settings dialog: how often feeds refresh and how politely, whether images and podcast or
// video enclosures are kept offline, the look of the reader, and (read only) the machines that
// share the archive (machines.ts). Every value is checked again by the archive, whose error
// shows in the dialog.

import type { Settings } from '../../../src/api.js';
import { h } from '../dom/index.js';
import { field, openModal, select } from '../dialogs/modal.js';
import { REFRESH_CHOICES, minutesLabel, withCurrent } from './choices.js';
import type { machinesSection } from './machines.js';
import { saveFromBrowserSection } from './save-from-browser.js';

export { machinesSection, timeAgo, deviceDetail } from './machines.js';
export { bookmarklet, saveFromBrowserSection } from './save-from-browser.js';
export { REFRESH_CHOICES, KEEP_CHOICES, daysLabel, minutesLabel, withCurrent, type Choice } from './choices.js';

/** The archive's cap on one downloaded enclosure (src/archive/enclosures.ts), shown to the user. */
const ENCLOSURE_CAP = '500 MB';

/** Where the bookmarklet of "Save from your browser" opens (tidings://save, or the server's /save). */
export interface SettingsPlaces {
  saveAddress?: string;
  /** Opens the tag rules editor (renderer/src/rules) over the settings. */
  openRules?: () => void;
  /** Opens the preview of what the feeds' keeping periods would remove now. */
  previewRetention?: () => void;
}

export function openSettings(given: Settings, save: (patch: Partial<Settings>) => Promise<void>, machines?: ReturnType<typeof machinesSection>, places: SettingsPlaces = {}): void {
  // An archive from before the setting has none: it is off.
  const current: Settings = { ...given, downloadEnclosures: given.downloadEnclosures ?? false, waybackLookup: given.waybackLookup ?? false };
  const refresh = select('refresh-minutes', withCurrent(REFRESH_CHOICES, current.refreshMinutes, minutesLabel).map((c) => [String(c.value), c.label]), String(current.refreshMinutes));
  const global = number('max-fetches', current.maxConcurrentFetches, 1, 32);
  const perHost = number('max-per-host', current.maxPerHost, 1, 16);
  const images = h('input', { type: 'checkbox', name: 'download-images', checked: current.downloadImages });
  const enclosures = h('input', { type: 'checkbox', name: 'download-enclosures', checked: current.downloadEnclosures });
  const theme = select('theme', [['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']], current.theme);
  const fontSize = number('font-size', current.fontSize, 8, 48);
  const wayback = h('input', { type: 'checkbox', name: 'wayback-lookup', checked: current.waybackLookup });
  const waybackUrl = h('input', { type: 'url', name: 'wayback-url', value: current.waybackUrl ?? '', placeholder: 'https://archive.org', spellcheck: 'false' });
  const modal = openModal({
    id: 'settings',
    title: 'Settings',
    submitLabel: 'Save',
    fields: [
      h('h3', { class: 'dialog-section' }, 'Feeds'),
      field('Refresh feeds every', refresh, 'A feed can have its own interval: “Feed info…” in its menu.'),
      h('div', { class: 'field-row' },
        field('Downloads at once', global),
        field('From one site at once', perHost, 'Kind to small sites: 2 is what most readers use.')),
      h('label', { class: 'check' }, images, ' Keep images offline with each article'),
      h('label', { class: 'check' }, enclosures, ' Download podcast and video files into the archive'),
      h('span', { class: 'field-hint' }, `New episodes only, after they arrive (of a new subscription, its newest 3); up to ${ENCLOSURE_CAP} a file. Other episodes play from the web.`),
      h('h3', { class: 'dialog-section' }, 'Saved pages'),
      h('label', { class: 'check' }, wayback, ' Look up dead links in the Internet Archive'),
      h('span', { class: 'field-hint' }, 'A saved or imported page that is gone is kept from its Wayback Machine copy, marked as such.'),
      h('details', { class: 'advanced' }, h('summary', {}, 'Advanced'), field('Wayback Machine address', waybackUrl, 'Another instance of the Wayback Machine; empty: archive.org.')),
      ...(places.saveAddress ? saveFromBrowserSection(places.saveAddress) : []),
      ...rulesSection(places),
      h('h3', { class: 'dialog-section' }, 'Reading'),
      h('div', { class: 'field-row' }, field('Theme', theme), field('Text size', fontSize)),
      ...(machines?.nodes ?? []),
    ],
    async onSubmit(m) {
      const next: Settings = {
        refreshMinutes: Number(refresh.value),
        maxConcurrentFetches: whole(global, 'Downloads at once'),
        maxPerHost: whole(perHost, 'From one site at once'),
        downloadImages: images.checked,
        downloadEnclosures: enclosures.checked,
        theme: theme.value as Settings['theme'],
        fontSize: whole(fontSize, 'Text size'),
        waybackLookup: wayback.checked,
        ...(waybackUrl.value.trim() ? { waybackUrl: waybackUrl.value.trim() } : current.waybackUrl !== undefined ? { waybackUrl: current.waybackUrl } : {}),
      };
      const patch = changed(current, next);
      if (Object.keys(patch).length > 0) await save(patch);
      m.close();
    },
  });
  // The machines section reloads on archive events while the dialog is open, and no longer.
  if (machines) modal.dialog.addEventListener('close', () => machines.stop());
  refresh.focus();
}

/** Rules and clean-up: buttons that open their own dialogs over the settings (nothing to save here). */
function rulesSection(places: SettingsPlaces): Node[] {
  if (!places.openRules && !places.previewRetention) return [];
  const button = (cls: string, label: string, run: (() => void) | undefined) => {
    if (!run) return null;
    const b = h('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', run);
    return b;
  };
  return [
    h('h3', { class: 'dialog-section' }, 'Rules and clean-up'),
    h('div', { class: 'field-row settings-buttons' },
      button('open-rules', 'Tag rules…', places.openRules),
      button('retention-preview', 'Preview clean-up…', places.previewRetention)),
    h('span', { class: 'field-hint' }, 'Rules tag, star or mark read the new articles that match a search. Clean-up removes read articles older than a feed keeps them.'),
  ];
}

/** Only the settings that differ from `current`. */
export function changed(current: Settings, next: Settings): Partial<Settings> {
  const patch: Partial<Settings> = {};
  for (const key of Object.keys(next) as (keyof Settings)[]) {
    if (next[key] !== current[key]) (patch as Record<string, unknown>)[key] = next[key];
  }
  return patch;
}

function number(name: string, value: number, min: number, max: number): HTMLInputElement {
  return h('input', { type: 'number', name, value: String(value), min: String(min), max: String(max), step: '1', required: true });
}

function whole(input: HTMLInputElement, label: string): number {
  const n = Number(input.value);
  const [min, max] = [Number(input.min), Number(input.max)];
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${label}: a whole number from ${min} to ${max}.`);
  return n;
}
