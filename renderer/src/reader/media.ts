// Enclosures in the reader: a native <audio> or <video> player (controls, preload none: nothing
// is fetched until the user presses play) and a download link with the type and size; other
// files get a plain link. The copy kept in the archive plays when there is one. Built with the
// DOM and serialized, so every value is escaped by the browser itself; only http(s) URLs and
// well-formed asset names ever reach the document.

import type { Enclosure } from '../../../src/api.js';
import { h } from '../dom/index.js';

type Kind = 'audio' | 'video' | 'file';

const ASSET_NAME = /^[0-9a-f]{64}\.[a-z0-9]{2,5}$/;
const MEDIA_EXT = /\.(mp3|m4a|aac|ogg|oga|opus|wav|flac|mp4|m4v|webm|mov)$/i;
const VIDEO_EXT = /\.(mp4|m4v|webm|mov)$/i;
/** Short labels for the types podcasts use; anything else shows its extension. */
const TYPE_LABELS: Record<string, string> = {
  'audio/mpeg': 'MP3', 'audio/mp3': 'MP3', 'x-audio/mp3': 'MP3', 'audio/mp4': 'M4A', 'audio/x-m4a': 'M4A', 'audio/m4a': 'M4A', 'audio/aac': 'AAC',
  'audio/ogg': 'OGG', 'audio/opus': 'OPUS', 'audio/wav': 'WAV', 'audio/x-wav': 'WAV', 'audio/flac': 'FLAC',
  'video/mp4': 'MP4', 'video/x-m4v': 'M4V', 'video/webm': 'WEBM', 'video/quicktime': 'MOV', 'application/pdf': 'PDF',
};

interface Shown {
  /** Normalized http(s) URL of the original. */
  url: string;
  kind: Kind;
  label: string;
  size: string | null;
  asset: string | null;
  error: string | null;
  pending: boolean;
}

/** The enclosures section of the reader's document, as HTML; '' when none can be shown. */
export function enclosuresHtml(enclosures: readonly Enclosure[], assetUrl: (name: string) => string): string {
  const shown = enclosures.map(toShown).filter((e): e is Shown => e !== null);
  if (shown.length === 0) return '';
  const section = h('section', { class: 'enclosures', 'aria-label': 'Attachments' }, ...shown.map((e) => figure(e, assetUrl)));
  return section.outerHTML;
}

/**
 * The media-src sources the reader's frame needs: the archive's when a copy is played, and
 * http(s) when a player streams from the web (any host: podcast URLs redirect through trackers
 * to CDNs). Empty when there is nothing to play, so an article without media gets no media-src.
 */
export function mediaSources(enclosures: readonly Enclosure[], assetSource: string): string[] {
  const shown = enclosures.map(toShown).filter((e): e is Shown => e !== null && e.kind !== 'file');
  const sources = new Set<string>();
  if (shown.some((e) => e.asset)) sources.add(assetSource);
  if (shown.some((e) => !e.asset)) ['https:', 'http:'].forEach((s) => sources.add(s));
  return [...sources];
}

/** "48 MB", "2.4 MB", "512 B"; null for an unknown (absent, zero or negative) size. */
export function formatBytes(bytes: number | null): string | null {
  if (bytes === null || !Number.isFinite(bytes) || bytes <= 0) return null;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

function toShown(enclosure: Enclosure): Shown | null {
  const url = httpUrl(enclosure.url);
  if (!url) return null;
  const kind = kindOf(enclosure.type, url);
  return {
    url,
    kind,
    label: labelOf(enclosure.type, url),
    size: formatBytes(enclosure.length),
    asset: kind !== 'file' && enclosure.asset && ASSET_NAME.test(enclosure.asset) ? enclosure.asset : null,
    error: typeof enclosure.assetError === 'string' ? enclosure.assetError : null,
    pending: enclosure.assetPending === true,
  };
}

/** The URL, normalized, if it is absolute http(s); anything else (javascript:, data:, file:, relative) is dropped. */
function httpUrl(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Audio or video by the declared type, old `x-audio/` forms included; else by the URL's
 * extension, since real feeds declare episodes as application/octet-stream or not at all.
 */
function kindOf(type: string | null, url: string): Kind {
  const t = (type ?? '').toLowerCase();
  if (/^(x-)?audio\//.test(t)) return 'audio';
  if (/^(x-)?video\//.test(t)) return 'video';
  const path = new URL(url).pathname;
  if (MEDIA_EXT.test(path)) return VIDEO_EXT.test(path) ? 'video' : 'audio';
  return 'file';
}

function labelOf(type: string | null, url: string): string {
  const known = TYPE_LABELS[(type ?? '').toLowerCase().split(';')[0]!.trim()];
  if (known) return known;
  const ext = /\.([a-z0-9]{1,5})$/i.exec(new URL(url).pathname)?.[1];
  return ext ? ext.toUpperCase() : 'File';
}

function figure(e: Shown, assetUrl: (name: string) => string): HTMLElement {
  const meta = [e.label, e.size].filter(Boolean).join(' · ');
  const link = h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, e.kind === 'file' ? fileName(e.url) : 'Download');
  const player = e.kind === 'file' ? null : h(e.kind, { controls: true, preload: 'none', src: e.asset ? assetUrl(e.asset) : e.url });
  return h('figure', { class: `enclosure enclosure-${e.kind}` },
    player,
    h('figcaption', {},
      link, ` ${meta}`,
      e.asset ? h('span', { class: 'enclosure-offline' }, ' · kept offline') : null,
      !e.asset && e.pending ? h('span', { class: 'enclosure-pending' }, ' · downloading into the archive') : null,
      !e.asset && !e.pending && e.error ? h('span', { class: 'enclosure-error' }, ` · Not kept offline: ${e.error}`) : null));
}

function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last) || url;
  } catch {
    return last || url;
  }
}
