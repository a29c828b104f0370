// The two custom schemes of the window, as plain Request -> Response functions:
//   app://tidings/<path>          the built renderer (dist/renderer). We use a custom standard
//                                 scheme rather than file:// so that 'self' in the CSP means our
//                                 bundle only (a file:// page may read any local file), so the
//                                 response can carry CSP headers, and so IPC senders can be
//                                 recognised by one exact origin.
//   tidings-asset://asset/<name>  an archived image, only from assets/ and only well-formed names
//                                 (Archive.assetPath decides), with a CSP that lets nothing run.

import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { ASSET_SCHEME } from '../src/api.js';
import { contentType, resolveInside } from '../src/server/files.js';
import { byteRange, partialHeaders } from '../src/server/range.js';
import { APP_HOST, APP_SCHEME, WINDOW_CSP } from './security.js';

/** Registered before `ready`. Neither scheme bypasses CSP; only app: may be fetched by the page. */
export const SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  // stream: an enclosure's audio or video is played from the archive (seeking needs it).
  { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true, stream: true } },
];

const ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export async function appResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  const file = resolveInside(rendererDir, url.pathname);
  const body = file ? await fs.readFile(file).catch(() => null) : null;
  if (!file || !body) return notFound();
  return new Response(body, {
    headers: {
      'Content-Type': contentType(file),
      'Content-Security-Policy': WINDOW_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/**
 * An archived file, streamed (a 500 MB episode is never read into memory); `range`: the request's
 * Range header, so the player can seek.
 */
export async function assetResponse(assetPath: (name: string) => string | null, requestUrl: string, range: string | null = null): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.protocol !== `${ASSET_SCHEME}:` || url.host !== 'asset') return notFound();
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.slice(1));
  } catch {
    return notFound();
  }
  const file = assetPath(name);
  const stat = file ? await fs.stat(file).catch(() => null) : null;
  if (!file || !stat?.isFile()) return notFound();
  const headers = {
    'Content-Type': contentType(path.basename(file)),
    'Content-Security-Policy': ASSET_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
  };
  const part = byteRange(range, stat.size);
  if (part === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${stat.size}` } });
  const stream = Readable.toWeb(createReadStream(file, part ?? {})) as ReadableStream<Uint8Array>;
  return new Response(stream, { status: part ? 206 : 200, headers: { ...headers, ...(part ? partialHeaders(part, stat.size) : { 'Content-Length': String(stat.size) }) } });
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
