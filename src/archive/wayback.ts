// The Wayback Machine as a fallback for a dead page (404, 410, a host that no longer exists):
// its availability API names the closest snapshot, which is fetched raw (`id_`: the page as it
// was archived, without the Wayback toolbar). Everything the API answers is untrusted: a body
// that is not the expected JSON, a snapshot on another host, a scheme other than http(s) or a
// timestamp that is not one all mean "no snapshot"; nothing outside the Wayback host is fetched.

import { fetchUrl, type FetchResult } from '../net/index.js';
import type { Settings } from '../model/index.js';

export const WAYBACK_DEFAULT = 'https://archive.org';
/** The availability answer is a few hundred bytes; anything much larger is not it. */
const MAX_ANSWER_BYTES = 64 * 1024;
const ANSWER_TIMEOUT_MS = 15_000;

/** A failure that means the page is gone, not that it is slow or refused us for a while. */
const DEAD = /^HTTP (404|410)\b|host not found|ENOTFOUND/i;

export interface Snapshot {
  /** The raw snapshot to fetch (on the Wayback host). */
  url: string;
  /** When it was archived (ISO 8601). */
  at: string;
}

export function isDeadLink(reason: string): boolean {
  return DEAD.test(reason);
}

/** The Wayback base a lookup uses, when the settings allow one; null: lookups are off or the base is not http(s). */
export function waybackBase(settings: Pick<Settings, 'waybackLookup' | 'waybackUrl'>): URL | null {
  if (!settings.waybackLookup) return null;
  const base = URL.parse(settings.waybackUrl ?? WAYBACK_DEFAULT);
  return base && (base.protocol === 'http:' || base.protocol === 'https:') ? base : null;
}

/** The closest snapshot of `pageUrl`, or null (none, or an answer that cannot be trusted). */
export async function findSnapshot(base: URL, pageUrl: string): Promise<Snapshot | null> {
  const api = new URL('/wayback/available', base);
  api.searchParams.set('url', pageUrl);
  let answer: FetchResult;
  try {
    answer = await fetchUrl(api.href, { maxBytes: MAX_ANSWER_BYTES, timeoutMs: ANSWER_TIMEOUT_MS, accept: 'application/json', kind: 'page' });
  } catch {
    return null;
  }
  if (answer.status !== 200 || !sameHost(answer.url, base)) return null;
  return snapshotOf(answer.body.toString('utf8'), base, pageUrl);
}

/** Read the availability JSON: archived_snapshots.closest {available, url, timestamp, status}. */
export function snapshotOf(body: string, base: URL, pageUrl: string): Snapshot | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const closest = field(field(json, 'archived_snapshots'), 'closest');
  if (field(closest, 'available') !== true) return null;
  const status = field(closest, 'status');
  if (status !== undefined && status !== '200' && status !== 200) return null;
  const named = field(closest, 'url');
  const timestamp = field(closest, 'timestamp');
  if (typeof named !== 'string' || typeof timestamp !== 'string' || !/^\d{14}$/.test(timestamp)) return null;
  // The snapshot it names must be on the Wayback host (or one of its own: archive.org answers
  // with web.archive.org), over http(s); it is fetched raw from there.
  if (!sameHost(named, base)) return null;
  const at = isoOf(timestamp);
  if (!at) return null;
  return { url: new URL(`/web/${timestamp}id_/${pageUrl}`, named).href, at };
}

/** Whether `url` is on the base's host or a host under it (web.archive.org under archive.org), over http(s). */
export function sameHost(url: string, base: URL): boolean {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  return parsed.hostname === base.hostname || parsed.hostname.endsWith(`.${base.hostname}`);
}

/** An own property of a plain object (never one of its prototype). */
function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** 20240102030405 → 2024-01-02T03:04:05.000Z; null for a date that does not exist. */
function isoOf(timestamp: string): string | null {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(timestamp.slice(at, i === 0 ? 4 : at + 2)));
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d! || y! < 1990) return null;
  return date.toISOString();
}
