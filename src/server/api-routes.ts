// The archive over HTTP: `POST /api/call/<method>` with a JSON array of arguments, answered
// `{ result }` or `{ error, kind }`; `GET /api/events`, the archive's events as Server-Sent Events.
// Unknown method names are refused here; the arguments go on unchecked to the archive, whose
// front door (src/contract, guardApi) checks them for every front end alike.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Archive } from '../api.js';
import { callArchive, isArchiveMethod } from '../contract/index.js';
import { TidingsError } from '../errors.js';
import { sendError, sendFailure, sendJson } from './respond.js';

/** The largest request body we read (an OPML file of a few MB fits with room to spare). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A client that does not read its events gets cut off once this much is waiting for it. */
const MAX_EVENT_BACKLOG = 1024 * 1024;
const HEARTBEAT_MS = 25_000;

export async function handleCall(archive: Archive, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, `server: ${method}: calls are POST requests`, 'invalid');
  }
  if (!isArchiveMethod(method)) return sendError(res, 404, `server: ${method.slice(0, 80)}: no such method`, 'not-found');
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendError(res, 415, `server: ${method}: send the arguments as application/json`, 'invalid');
  }
  let args: unknown;
  try {
    args = JSON.parse(await readBody(req, MAX_BODY_BYTES, method));
  } catch (error) {
    if (error instanceof SyntaxError) return sendError(res, 400, `server: ${method}: the body is not valid JSON`, 'invalid');
    if (error instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, error.message, 'invalid');
    }
    return sendFailure(res, error, method);
  }
  try {
    const result = await callArchive(archive, method, args);
    sendJson(res, 200, { result: result ?? null });
  } catch (error) {
    sendFailure(res, error, method);
  }
}

export function handleEvents(archive: Archive, req: IncomingMessage, res: ServerResponse, streams: Set<ServerResponse>): void {
  if (req.method !== 'GET') return sendError(res, 405, 'server: events: use GET', 'invalid');
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  streams.add(res);
  const unsubscribe = archive.on((event) => {
    if (res.writableLength > MAX_EVENT_BACKLOG) return res.destroy();
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    streams.delete(res);
  });
}

class BodyTooLarge extends TidingsError {
  constructor(method: string, limit: number) {
    super('server', method, `the request is larger than ${limit / 1024 / 1024} MB`, 'invalid');
  }
}

function readBody(req: IncomingMessage, limit: number, method: string): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge(method, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(method, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
