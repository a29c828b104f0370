// fetchUrl: one GET, done politely and safely. Redirects are followed by hand (each hop is
// checked: http(s) only, at most 5, no loops); every hop waits for a slot in the per-host and
// global limits; a connect timeout and a total timeout bound the whole call; the body is read
// raw under a size cap and decompressed by us. Non-2xx answers are returned, not thrown.

import net from 'node:net';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { TidingsError } from '../errors.js';
import { isPrivateAddress, type NetworkScope, publicLookup } from './address.js';
import { BadEncoding, BodyTooLarge, decompress, readRaw } from './body.js';
import { HostLimiter } from './limiter.js';

export const USER_AGENT = 'Tidings/0.1 (+https://github.com/tidings-app/tidings; feed reader)';
export const MAX_REDIRECTS = 5;
export const DEFAULTS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 30_000, connectTimeoutMs: 10_000, accept: '*/*' };

export interface FetchOptions {
  /** Sent as If-None-Match, exactly as the server gave it. */
  etag?: string | null;
  /** Sent as If-Modified-Since, exactly as the server gave it. */
  lastModified?: string | null;
  /** Cap on the body, raw and decompressed (default 10 MB). */
  maxBytes?: number;
  /** Whole call, every hop and the body included, from the first slot (default 30 s). */
  timeoutMs?: number;
  /** TCP (and TLS) connection set-up (default 10 s). */
  connectTimeoutMs?: number;
  accept?: string;
  signal?: AbortSignal;
  /**
   * 'image': an image of an article, in its own lane (own slots, see imageLimiter). Anything
   * else (a feed, a page, discovery) is never queued behind images.
   */
  kind?: 'image' | 'page';
  /**
   * 'public': only public addresses may be connected to, on every hop (for what a document on
   * the public internet names; see address.ts). Default 'any'.
   */
  network?: NetworkScope;
  /**
   * Where a 200 answer's body goes instead of memory (a large file: an enclosure), read with
   * `readCapped` under `maxBytes`; `body` is then empty. No compression is asked for, and a
   * compressed answer is refused.
   */
  sink?: (body: Readable, maxBytes: number) => Promise<void>;
}

export interface FetchResult {
  status: number;
  /** The final URL, after redirects. */
  url: string;
  /** Every redirect followed, in order: its status and the URL it pointed to. */
  redirects: { status: number; url: string }[];
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const limiter = new HostLimiter({ maxPerHost: 2, maxGlobal: 8 });
/**
 * Images have slots of their own: up to 200 per article on hosts that may never answer held
 * the 8 shared slots until their deadlines, and an unrelated save waited 39 s behind them.
 */
export const imageLimiter = new HostLimiter({ maxPerHost: 2, maxGlobal: 6 });
/**
 * Article pages fetched in the background (full text of summary-only feeds) have slots of their
 * own too: a feed's refresh never waits behind the pages of that host's many items.
 */
export const pageLimiter = new HostLimiter({ maxPerHost: 2, maxGlobal: 4 });
/** An image is worth less waiting than a page: a host that does not connect in 5 s is let go. */
export const IMAGE_FETCH = { connectTimeoutMs: 5_000, timeoutMs: 15_000 };
const agents = new Map<string, Agent>();

export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  let current = checkUrl(url, url);
  const redirects: FetchResult['redirects'] = [];
  const seen = new Set([current.href]);
  const deadline = new Deadline(options.timeoutMs ?? DEFAULTS.timeoutMs, options.signal);
  try {
    for (;;) {
      const hop = await fetchHop(url, current, options, deadline);
      if (!REDIRECT_STATUSES.has(hop.status) || !hop.headers.location) {
        return { ...hop, url: current.href, redirects, notModified: hop.status === 304 };
      }
      current = checkUrl(url, resolveLocation(url, hop.headers.location, current));
      redirects.push({ status: hop.status, url: current.href });
      if (seen.has(current.href)) throw new TidingsError('net', url, `redirect loop at ${current.href}`);
      if (redirects.length > MAX_REDIRECTS) throw new TidingsError('net', url, `more than ${MAX_REDIRECTS} redirects`);
      seen.add(current.href);
    }
  } catch (error) {
    throw asNetError(url, error, deadline, options);
  } finally {
    deadline.clear();
  }
}

/** Sets the politeness limits for every later request (settings maxPerHost, maxConcurrentFetches). */
export function setNetLimits(limits: { maxPerHost?: number; maxGlobal?: number }): void {
  limiter.setLimits(limits);
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function fetchHop(original: string, url: URL, options: FetchOptions, deadline: Deadline): Promise<Hop> {
  if (options.network === 'public') refusePrivateLiteral(original, url);
  const lane = options.kind === 'image' ? imageLimiter : options.kind === 'page' ? pageLimiter : limiter;
  const release = await lane.acquire(url.hostname, options.signal);
  deadline.start();
  try {
    const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
    const response = await request(url, {
      method: 'GET',
      headers: requestHeaders(options),
      dispatcher: agentFor(options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs, options.network ?? 'any'),
      signal: deadline.signal,
    });
    const headers = flatHeaders(response.headers);
    if (REDIRECT_STATUSES.has(response.statusCode) || response.statusCode === 304) {
      await response.body.dump();
      return { status: response.statusCode, headers, body: Buffer.alloc(0) };
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.body.destroy();
      throw new BodyTooLarge(maxBytes);
    }
    if (options.sink && response.statusCode === 200) return await sinkBody(response.body, headers, maxBytes, options.sink);
    const raw = await readRaw(response.body, maxBytes);
    const body = await decompress(raw, headers['content-encoding'] ?? null, maxBytes);
    return { status: response.statusCode, headers, body };
  } catch (error) {
    throw asNetError(original, error, deadline, options);
  } finally {
    release();
  }
}

/** A body streamed to its sink: only as sent (identity), since it is never decompressed. */
async function sinkBody(body: Readable, headers: Record<string, string>, maxBytes: number, sink: NonNullable<FetchOptions['sink']>): Promise<Hop> {
  const coding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding !== 'identity') {
    // undici reports the abort of a destroyed body as an error event: nobody is reading it now.
    body.once('error', () => undefined);
    body.destroy();
    throw new BadEncoding(`a compressed body (${coding}) was not asked for`);
  }
  await sink(body, maxBytes);
  return { status: 200, headers, body: Buffer.alloc(0) };
}

function requestHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: options.accept ?? DEFAULTS.accept,
    'accept-encoding': options.sink ? 'identity' : 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return headers;
}

/** One agent per connect timeout and scope: a public-only agent's pooled sockets all passed its lookup. */
function agentFor(connectTimeoutMs: number, network: NetworkScope): Agent {
  const key = `${connectTimeoutMs} ${network}`;
  let agent = agents.get(key);
  if (!agent) {
    const connect = network === 'public' ? { timeout: connectTimeoutMs, lookup: publicLookup } : { timeout: connectTimeoutMs };
    agent = new Agent({ connect, keepAliveTimeout: 4_000, headersTimeout: 0, bodyTimeout: 0 });
    agents.set(key, agent);
  }
  return agent;
}

/** An address written in the URL is connected to without a lookup, so it is checked here. */
function refusePrivateLiteral(original: string, url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && isPrivateAddress(host)) {
    throw new TidingsError('net', original, `${host} is a private address; a public source may not reach it`);
  }
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function checkUrl(original: string, candidate: string | URL): URL {
  let url: URL;
  try {
    url = typeof candidate === 'string' ? new URL(candidate) : candidate;
  } catch {
    throw new TidingsError('net', original, 'not a valid URL', 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const where = url.href === original ? '' : ` (redirected to ${url.href})`;
    throw new TidingsError('net', original, `only http and https URLs can be fetched, not ${url.protocol}${where}`, 'invalid');
  }
  if (url.username || url.password) url = new URL(url.href.replace(/\/\/[^@/]*@/, '//'));
  return url;
}

function resolveLocation(original: string, location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new TidingsError('net', original, `redirect to an invalid URL: ${location}`);
  }
}

function asNetError(url: string, error: unknown, deadline: Deadline, options: FetchOptions): TidingsError {
  if (error instanceof TidingsError) return error;
  if (deadline.expired) return new TidingsError('net', url, `timed out after ${deadline.ms} ms`, 'failed', { cause: error });
  if (options.signal?.aborted) return new TidingsError('net', url, 'cancelled', 'failed', { cause: error });
  if (error instanceof BodyTooLarge || error instanceof BadEncoding) return new TidingsError('net', url, error.message, 'failed', { cause: error });
  return new TidingsError('net', url, describeNetworkError(error), 'failed', { cause: error });
}

function describeNetworkError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timed out';
    case 'EPRIVATE':
      return (err.code === 'EPRIVATE' ? err.message : err.cause?.message) ?? 'a private address; a public source may not reach it';
    default:
      return err.message ?? String(error);
  }
}

/** The total timeout: starts when the first hop gets its slot, so time in the queue does not count. */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  expired = false;
  readonly signal: AbortSignal;

  constructor(readonly ms: number, outer?: AbortSignal) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error('timeout'));
    }, this.ms);
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
