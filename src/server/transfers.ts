// Files in and out of browser mode. The page cannot give the archive a path, so an import is an
// upload (`POST /api/import?name=&format=`, the raw file as the body) and an export a download
// (`GET /api/export?format=&query=`). A file dropped on the page comes the same way, with
// `as=article` (importFile: a page or a text) or `as=opml` (importOpml). Both go through a folder of their own under the data
// directory, `.transfer-<random>.tmp-d` (Syncthing leaves `*.tmp-*` alone, see archive/sync.ts),
// deleted when the request ends; ones a killed server left behind are cleared at start.

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { type Archive, EXPORT_FORMATS, type ExportFormat, IMPORT_FORMATS, type ImportFormat } from '../api.js';
import { TidingsError } from '../errors.js';
import { sendError, sendFailure, sendJson } from './respond.js';

/** The largest file an import may upload (an Omnivore zip with its pages fits). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

const TRANSFER_PREFIX = '.transfer-';
const TRANSFER_SUFFIX = '.tmp-d';

const EXPORT_FILES: Record<ExportFormat, { ext: string; type: string }> = {
  archive: { ext: '.zip', type: 'application/zip' },
  markdown: { ext: '.zip', type: 'application/zip' },
  epub: { ext: '.epub', type: 'application/epub+zip' },
  bookmarks: { ext: '.html', type: 'text/html; charset=utf-8' },
  opml: { ext: '.opml', type: 'text/x-opml; charset=utf-8' },
};

/** Remove the transfer folders a killed server left in the data directory. */
export async function clearStaleTransfers(dataDir: string): Promise<void> {
  const names = await fs.readdir(dataDir).catch(() => [] as string[]);
  await Promise.all(
    names.filter(isTransferName).map((n) => fs.rm(path.join(dataDir, n), { recursive: true, force: true }).catch(() => undefined)),
  );
}

function isTransferName(name: string): boolean {
  return name.startsWith(TRANSFER_PREFIX) && name.endsWith(TRANSFER_SUFFIX);
}

async function transferFolder(dataDir: string): Promise<string> {
  const folder = path.join(dataDir, `${TRANSFER_PREFIX}${randomBytes(8).toString('hex')}${TRANSFER_SUFFIX}`);
  await fs.mkdir(folder);
  return folder;
}

/**
 * The uploaded file's name as a plain name of letters, digits, dot, dash and underscore (the
 * importer may read its extension): never a path, never hidden, at most 100 characters.
 */
export function safeUploadName(given: string | null): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(-100);
  return cleaned || 'import';
}

export async function handleImport(archive: Archive, url: URL, req: IncomingMessage, res: ServerResponse, limit: number): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'server: import: upload the file with POST', 'invalid');
  }
  const format = url.searchParams.get('format') || undefined;
  if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    return sendError(res, 400, `server: import: ${format.slice(0, 40)}: not a format (one of ${IMPORT_FORMATS.join(', ')})`, 'invalid');
  }
  const as = url.searchParams.get('as');
  if (as !== null && as !== 'article' && as !== 'opml') return sendError(res, 400, `server: import: as=${as.slice(0, 40)}: not one of article, opml`, 'invalid');
  const name = safeUploadName(url.searchParams.get('name'));
  if (Number(req.headers['content-length'] ?? 0) > limit) return tooLarge(req, res, name, limit);
  const folder = await transferFolder(archive.dataDir);
  // The folder goes before the answer does: the client may look (or exit) at once.
  let answer: () => void;
  try {
    const file = path.join(folder, name);
    await pipeline(req, capped(limit, name), createWriteStream(file, { flags: 'wx' }));
    // A dropped page or text is one article; a dropped OPML file, feeds; anything else a library.
    const result = as === 'article' ? await archive.importFile(file)
      : as === 'opml' ? await archive.importOpml(await fs.readFile(file, 'utf8'))
      : await archive.importLibrary(file, format ? { format: format as ImportFormat } : undefined);
    answer = () => sendJson(res, 200, { result });
  } catch (error) {
    answer = error instanceof UploadTooLarge ? () => tooLarge(req, res, name, limit) : () => sendFailure(res, error, `import ${name}`);
  }
  await fs.rm(folder, { recursive: true, force: true });
  answer();
}

class UploadTooLarge extends TidingsError {
  constructor(name: string, limit: number) {
    super('server', name, `the file is larger than ${Math.round(limit / 1024 / 1024)} MB`, 'invalid');
  }
}

/** Passes the bytes on until there are more than `limit`, then fails the pipeline. */
function capped(limit: number, name: string): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) done(new UploadTooLarge(name, limit));
      else done(null, chunk);
    },
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, name: string, limit: number): void {
  // The rest of the body is not read: the connection closes after the answer.
  res.setHeader('Connection', 'close');
  sendError(res, 413, new UploadTooLarge(name, limit).message, 'invalid');
  req.resume();
}

export async function handleExport(archive: Archive, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return sendError(res, 405, 'server: export: use GET', 'invalid');
  }
  const format = url.searchParams.get('format') ?? '';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return sendError(res, 400, `server: export: ${format.slice(0, 40)}: not a format (one of ${EXPORT_FORMATS.join(', ')})`, 'invalid');
  }
  const query = url.searchParams.get('query') || undefined;
  const folder = await transferFolder(archive.dataDir);
  const cleanUp = () => void fs.rm(folder, { recursive: true, force: true });
  try {
    const { ext, type } = EXPORT_FILES[format as ExportFormat];
    // Markdown is a folder: it is written beside, then zipped into the file sent.
    const target = path.join(folder, format === 'markdown' ? 'markdown' : `export${ext}`);
    await archive.exportLibrary(target, { format: format as ExportFormat, ...(query ? { query } : {}) });
    const file = (await fs.stat(target)).isDirectory() ? await zipFolder(target, path.join(folder, 'markdown.zip')) : target;
    const { size } = await fs.stat(file);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${downloadName(format as ExportFormat)}"`,
      'Cache-Control': 'no-store',
    });
    res.on('close', cleanUp);
    await pipeline(createReadStream(file), res);
  } catch (error) {
    cleanUp();
    if (!res.headersSent) sendFailure(res, error, `export ${format}`);
    else res.destroy();
  }
}

/** `tidings-archive-2026-11-29.zip`: made by us from the format and the date, nothing of the request. */
export function downloadName(format: ExportFormat, now = new Date()): string {
  return `tidings-${format}-${now.toISOString().slice(0, 10)}${EXPORT_FILES[format].ext}`;
}

const STORED = /\.(png|jpe?g|gif|webp|avif|mp3|mp4|m4a|zip|epub|woff2?)$/i;

/** Zip a folder (its files, paths relative to it) into `to`, one file in memory at a time. */
async function zipFolder(folder: string, to: string): Promise<string> {
  const out = createWriteStream(to);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) return out.destroy(error);
    out.write(chunk);
    if (final) out.end();
  });
  for (const relative of await filesUnder(folder)) {
    const entry = STORED.test(relative) ? new ZipPassThrough(relative) : new ZipDeflate(relative, { level: 6 });
    zip.add(entry);
    entry.push(new Uint8Array(await fs.readFile(path.join(folder, relative))), true);
  }
  zip.end();
  await finished;
  return to;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    // Hidden files (the markdown exporter's marker of a folder it wrote) are not for the download.
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
