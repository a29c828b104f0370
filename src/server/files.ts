// Files of browser mode: the built renderer (dist/renderer) and the archive's images.
// Only names inside the renderer folder and well-formed asset names are served; anything
// else, including `..` and encoded tricks, is a 404.

import { createReadStream, existsSync, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Archive } from '../api.js';
import { byteRange, partialHeaders } from './range.js';
import { ASSET_CSP, PAGE_CSP, sendText } from './respond.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.mp3': 'audio/mpeg',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** dist/renderer of this checkout: found from this file, compiled (dist/src/server) or not (src/server). */
export function defaultStaticDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'renderer');
    dir = path.dirname(dir);
  }
  return path.resolve('dist', 'renderer');
}

/** The file under `root` that a URL path names, or null if it names nothing inside it. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = path.posix.normalize(decoded === '/' ? '/index.html' : decoded);
  if (relative.split('/').includes('..')) return null;
  const file = path.resolve(root, `.${relative}`);
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse, setCookie: string | null): Promise<void> {
  const file = resolveInside(root, urlPath);
  const stat = file ? await fs.stat(file).catch(() => null) : null;
  if (!file || !stat?.isFile()) {
    if (urlPath === '/' || urlPath === '/index.html') {
      return sendText(res, 503, `server: ${root}: the app is not built; run npm run build`);
    }
    return sendText(res, 404, 'not found');
  }
  const isPage = file.endsWith('.html');
  if (setCookie && isPage) res.setHeader('Set-Cookie', setCookie);
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  sendFile(res, file, stat.size, isPage ? 'no-store' : 'no-cache');
}

/** An archived file; `range`: the request's Range header (players seek with it). */
export function serveAsset(archive: Archive, name: string, res: ServerResponse, range: string | null = null): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return sendText(res, 404, 'not found');
  }
  const file = archive.assetPath(decoded);
  if (!file) return sendText(res, 404, 'not found');
  fs.stat(file).then(
    (stat) => {
      res.setHeader('Content-Security-Policy', ASSET_CSP);
      // The reader's frame is sandboxed without allow-same-origin: its origin is opaque, so a
      // same-origin CORP would block every archived image in it. The token still guards the asset.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      sendFile(res, file, stat.size, 'private, max-age=31536000, immutable', range);
    },
    () => sendText(res, 404, 'not found'),
  );
}

function sendFile(res: ServerResponse, file: string, size: number, cache: string, rangeHeader: string | null = null): void {
  const range = byteRange(rangeHeader, size);
  const headers = { 'Content-Type': contentType(file), 'Cache-Control': cache, 'Accept-Ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
    return;
  }
  res.writeHead(range ? 206 : 200, { ...headers, ...(range ? partialHeaders(range, size) : { 'Content-Length': size }) });
  const stream = createReadStream(file, range ?? {});
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function isHeadOrGet(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}
