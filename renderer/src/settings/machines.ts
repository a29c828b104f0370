// Settings, "Several machines" (issue 12): what to share with a sync tool, and the devices whose
// changes are in the archive. Tidings syncs through the user's own Syncthing (or Nextcloud,
// Dropbox); this section is the only place a user sees that it works, so it says in plain words
// what to share and when each machine last changed something. It reloads on `changed` events,
// which is when another machine's changes were taken in.

import type { ArchiveEvent, DeviceSync, SyncStatus } from '../../../src/api.js';
import { h, replace } from '../dom/index.js';
import { messageOf } from '../dialogs/toasts.js';

export interface MachinesClient {
  getSyncStatus(): Promise<SyncStatus>;
  onEvent(listener: (event: ArchiveEvent) => void): () => void;
}

/** Events come in bursts while another machine's changes are taken in: one reload for a burst. */
const SETTLE_MS = 300;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['week', 7 * 24 * 3600], ['day', 24 * 3600], ['hour', 3600], ['minute', 60],
];

/** "2 minutes ago", "yesterday", "just now"; a clock ahead of ours reads "in 5 minutes". "" for no or invalid time. */
export function timeAgo(iso: string | null, now = Date.now(), locale?: string): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/** A device in words: when it last changed something, how many changes. */
export function deviceDetail(d: DeviceSync, now = Date.now()): string {
  const when = d.lastChangeAt ? `latest change ${timeAgo(d.lastChangeAt, now)}` : 'no change yet';
  return `${when} · ${d.changes.toLocaleString()} ${d.changes === 1 ? 'change' : 'changes'}`;
}

/** The section's nodes, filled when the status arrives; `stop` ends the reloads (the dialog closed). */
export function machinesSection(client: MachinesClient): { nodes: Node[]; stop(): void } {
  const body = h('div', { class: 'machines', 'aria-live': 'polite' }, h('p', { class: 'field-hint' }, 'Looking for other machines…'));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const load = async (): Promise<void> => {
    try {
      const status = await client.getSyncStatus();
      if (!stopped) fill(body, status);
    } catch (error) {
      if (!stopped) replace(body, h('p', { class: 'field-hint error' }, messageOf(error)));
    }
  };
  const unsubscribe = client.onEvent((event) => {
    if (event.type !== 'changed' || stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, SETTLE_MS);
  });
  void load();
  return {
    nodes: [h('h3', { class: 'dialog-section' }, 'Several machines'), body],
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
    },
  };
}

function fill(body: HTMLElement, status: SyncStatus): void {
  const now = Date.now();
  const others = status.devices.filter((d) => !d.thisDevice);
  replace(body,
    h('p', { class: 'machines-text' }, 'To read on your desktop and your laptop alike, share this folder between them with Syncthing (or Nextcloud, Dropbox). Each machine writes its own changes there and takes in the others’ while Tidings runs.'),
    pathBox(status.dataDir),
    h('p', { class: 'machines-text' }, status.ignoreFile
      ? 'Its .stignore file tells Syncthing to leave library.json, backups and the search index on each machine: each one keeps and rebuilds its own.'
      : 'Its .stignore file is missing (Tidings writes it again at its next start). With another sync tool, leave out library.json, backups/, index/ and tidings.lock.'),
    h('ul', { class: 'machines-list', 'aria-label': 'Machines seen' }, ...status.devices.map((d) => deviceItem(d, now))),
    others.length === 0 ? h('p', { class: 'field-hint' }, 'No other machine has shared its changes here yet.') : null,
    status.waitingArticles > 0
      ? h('p', { class: 'machines-waiting' }, `${status.waitingArticles.toLocaleString()} ${status.waitingArticles === 1 ? 'article' : 'articles'} from other machines ${status.waitingArticles === 1 ? 'is' : 'are'} waiting for ${status.waitingArticles === 1 ? 'its files' : 'their files'} to arrive.`)
      : null,
  );
}

function deviceItem(d: DeviceSync, now: number): HTMLElement {
  return h('li', { class: d.thisDevice ? 'machine this-device' : 'machine', 'data-device': d.device },
    // Named by host; the id beside it tells apart two machines of one name (a copied folder).
    h('span', { class: 'machine-name' }, d.host ?? d.device, d.host ? h('span', { class: 'machine-id' }, d.device) : null,
      d.thisDevice ? h('span', { class: 'machine-badge' }, 'this device') : null),
    h('span', { class: 'machine-detail', title: d.lastChangeAt ?? '' }, deviceDetail(d, now)));
}

/** The folder as text the user can select and copy, and a button that copies it. */
function pathBox(dir: string): HTMLElement {
  const input = h('input', { type: 'text', readonly: true, class: 'machines-path', value: dir, 'aria-label': 'The folder to share', spellcheck: 'false' });
  input.addEventListener('focus', () => input.select());
  const copy = h('button', { type: 'button', class: 'machines-copy' }, 'Copy');
  copy.addEventListener('click', () => {
    input.select();
    // The clipboard API needs a secure page (the app and 127.0.0.1 are); the old command is the fallback.
    const fallback = (): void => {
      if (document.execCommand('copy')) copy.textContent = 'Copied';
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(dir).then(() => void (copy.textContent = 'Copied'), fallback);
  });
  return h('div', { class: 'machines-path-row' }, input, copy);
}
