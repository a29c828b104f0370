// Picks the client for where the renderer runs: Electron's preload bridge (`window.archive`)
// or browser mode's HTTP API with the token from the address bar.

import type { ArchiveApi, ArchiveEvent } from '../../../src/api.js';
import { createHttpClient } from './http.js';
import type { ArchiveClient } from './types.js';

export type { ArchiveClient } from './types.js';
export { ArchiveError } from './types.js';

type Bridge = ArchiveApi & { onEvent(listener: (event: ArchiveEvent) => void): () => void };

declare global {
  interface Window {
    archive?: Bridge;
  }
}

export function createClient(): ArchiveClient {
  const bridge = window.archive;
  if (bridge) return { ...bridge, assetUrl: (name) => `tidings-asset://asset/${encodeURIComponent(name)}` };
  return createHttpClient({ baseUrl: window.location.origin, token: takeToken() });
}

/** Read `?token=` once, keep it in memory, and drop it from the address bar and history. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? '';
  if (token) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return token;
}

/** The CSP source that matches this client's asset URLs, for the reader's frame. */
export function assetSource(client: ArchiveClient): string {
  const sample = client.assetUrl('x');
  if (sample.startsWith('tidings-asset:')) return 'tidings-asset:';
  return new URL(sample, window.location.href).origin;
}
