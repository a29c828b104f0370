// Browser mode: the built renderer and the same ArchiveApi over HTTP, on 127.0.0.1 only, for a
// browser on this machine (and for the end-to-end tests). Every request must be addressed to our
// loopback port and carry the per-run token; see guard.ts. Routes:
//   GET /                     the app (dist/renderer), sets the token cookie when ?token= is right
//   POST /api/call/<method>   a call of ArchiveApi (api-routes.ts)
//   GET /api/events           the archive's events as Server-Sent Events
//   GET /assets/<sha256>.<ext> an archived image; other /assets/ names are the app's own files
//   POST /api/import, GET /api/export  a file uploaded to importLibrary, exportLibrary as a download (transfers.ts)
//   GET /save?url=&title=     the bookmarklet's confirm page, without the token (save-page.ts)

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Archive } from '../api.js';
import { TidingsError, describeError } from '../errors.js';
import { isAssetName } from '../store/index.js';
import { handleCall, handleEvents } from './api-routes.js';
import { defaultStaticDir, isHeadOrGet, serveAsset, serveStatic } from './files.js';
import { allowedHosts, hasToken, hostAllowed, originAllowed, tokenCookie, tokenMatches } from './guard.js';
import { baseHeaders, sendError, sendText } from './respond.js';
import { isSavePagePath, serveSavePage } from './save-page.js';
import { clearStaleTransfers, handleExport, handleImport, MAX_UPLOAD_BYTES } from './transfers.js';

export interface ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; default dist/renderer of this checkout. */
  staticDir?: string;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** The largest file POST /api/import takes; default MAX_UPLOAD_BYTES (1 GiB). */
  maxUploadBytes?: number;
}

export interface RunningServer {
  /** The address to open, token included: http://127.0.0.1:PORT/?token=TOKEN */
  url: string;
  port: number;
  token: string;
  /** Stop listening, end event streams and open connections. */
  close(): Promise<void>;
}

export async function startServer(archive: Archive, options: ServerOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const staticDir = options.staticDir ?? defaultStaticDir();
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();
  await clearStaleTransfers(archive.dataDir);

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, 500, `server: ${describeError(error)}`, 'failed');
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    if (!hostAllowed(req, hosts)) return sendText(res, 403, 'forbidden: this server answers only to 127.0.0.1 and localhost');
    // Reached from another site by the bookmarklet, with no token: a fixed page that saves nothing by itself.
    const early = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (isSavePagePath(early)) return serveSavePage(early, req, res);
    if (!originAllowed(req, hosts) && !isReaderImage(req)) return sendText(res, 403, 'forbidden: request from another origin');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hasToken(req, url, token)) return sendText(res, 401, 'unauthorized: open the address that tidings serve printed (it holds the token)');

    const { pathname } = url;
    if (pathname.startsWith('/api/call/')) return handleCall(archive, pathname.slice('/api/call/'.length), req, res);
    if (pathname === '/api/events') return handleEvents(archive, req, res, streams);
    if (pathname === '/api/import') return handleImport(archive, url, req, res, options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
    if (pathname === '/api/export') return handleExport(archive, url, req, res);
    if (pathname.startsWith('/api/')) return sendError(res, 404, `server: ${pathname.slice(0, 80)}: no such route`, 'not-found');
    if (!isHeadOrGet(req)) return sendText(res, 405, 'method not allowed');
    const assetName = pathname.startsWith('/assets/') ? pathname.slice('/assets/'.length) : null;
    if (assetName !== null && isAssetName(assetName)) return serveAsset(archive, assetName, res, req.headers.range ?? null);
    const queryToken = url.searchParams.get('token');
    const cookie = queryToken !== null && tokenMatches(queryToken, token) ? tokenCookie(token) : null;
    return serveStatic(staticDir, pathname, res, cookie);
  }

  const port = await listen(server, options.port ?? 0);
  hosts = allowedHosts(port);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => stop(server, streams),
  };
}

/** The reader's frame is sandboxed (opaque origin), so its image requests say `Origin: null`. */
function isReaderImage(req: IncomingMessage): boolean {
  return req.headers.origin === 'null' && isHeadOrGet(req) && (req.url ?? '').startsWith('/assets/');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is in use; pick another with --port=N' : describeError(error);
      reject(new TidingsError('server', `127.0.0.1:${port}`, reason, 'failed', { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function stop(server: Server, streams: Set<ServerResponse>): Promise<void> {
  return new Promise((resolve) => {
    for (const stream of streams) stream.end();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
