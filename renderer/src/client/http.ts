// Browser mode: the ArchiveApi over HTTP on 127.0.0.1 (POST /api/call/<method>, GET /api/events
// as Server-Sent Events, GET /assets/<name>), authenticated with the per-run token.

import type { ArchiveApi, ArchiveEvent } from '../../../src/api.js';
import { API_METHODS, type ArchiveClient, ArchiveError } from './types.js';

type Listener = (event: ArchiveEvent) => void;

export interface HttpClientOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:4000`; the page's own origin by default. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Set to null where EventSource does not exist (tests in Node); events then never arrive. */
  EventSource?: typeof EventSource | null;
}

export function createHttpClient(options: HttpClientOptions): ArchiveClient {
  const call = caller(options);
  const api = Object.fromEntries(API_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)])) as unknown as ArchiveApi;
  const events = eventStream(options);
  return {
    ...api,
    onEvent: events.on,
    assetUrl: (name) => `${options.baseUrl}/assets/${encodeURIComponent(name)}?token=${encodeURIComponent(options.token)}`,
  };
}

/**
 * Writes the page sends as it goes away (pagehide: read marks waiting, your place, deletes
 * waiting for their Undo). With keepalive the browser finishes them after the page is gone.
 */
const KEEPALIVE_METHODS: ReadonlySet<string> = new Set(['setRead', 'setReadingProgress', 'deleteArticles']);
/** The browser refuses keepalive requests past 64 KiB in flight: a larger body (in characters, at most 3 bytes each) goes without. */
const KEEPALIVE_MAX_BODY = 20 * 1024;

function caller(options: HttpClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (method: string, args: unknown[]): Promise<unknown> => {
    let response: Response;
    try {
      const body = JSON.stringify(withoutTrailingUndefined(args));
      response = await doFetch(`${options.baseUrl}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body,
        keepalive: KEEPALIVE_METHODS.has(method) && body.length <= KEEPALIVE_MAX_BODY,
      });
    } catch (error) {
      throw new ArchiveError(`${method}: the Tidings server cannot be reached (${(error as Error).message})`, 'failed');
    }
    const body = (await response.json().catch(() => null)) as { result?: unknown; error?: unknown; kind?: unknown; readable?: unknown } | null;
    if (response.ok && body && 'result' in body) return body.result;
    throw new ArchiveError(errorMessage(method, response.status, body), errorKind(response.status, body?.kind), typeof body?.readable === 'string' ? body.readable : undefined);
  };
}

/** `f(a, undefined)` must arrive as `[a]`: JSON would turn the undefined into null. */
export function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

function errorMessage(method: string, status: number, body: { error?: unknown } | null): string {
  if (body && typeof body.error === 'string' && body.error) return body.error;
  if (status === 401) return `${method}: not authorized: open Tidings with the link that \`tidings serve\` printed`;
  return `${method}: the server answered HTTP ${status}`;
}

function errorKind(status: number, kind: unknown): ArchiveError['kind'] {
  if (kind === 'invalid' || kind === 'not-found' || kind === 'failed') return kind;
  if (status === 404) return 'not-found';
  return status >= 400 && status < 500 ? 'invalid' : 'failed';
}

/** One EventSource, opened at the first subscription, shared by all listeners. */
function eventStream(options: HttpClientOptions) {
  const listeners = new Set<Listener>();
  const Source = options.EventSource === undefined ? globalThis.EventSource : options.EventSource;
  let source: EventSource | null = null;
  const open = () => {
    if (source || !Source) return;
    source = new Source(`${options.baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (event) for (const listener of listeners) listener(event);
    };
  };
  return {
    on(listener: Listener): () => void {
      listeners.add(listener);
      open();
      return () => listeners.delete(listener);
    },
  };
}

function parseEvent(data: string): ArchiveEvent | null {
  try {
    const event = JSON.parse(data) as ArchiveEvent;
    return event && typeof event === 'object' && typeof event.type === 'string' ? event : null;
  } catch {
    return { type: 'notice', level: 'warning', message: `events: a message from the server was not JSON: ${data.slice(0, 80)}` };
  }
}
