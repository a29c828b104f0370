// Writing responses: JSON bodies, errors as `{ error, kind }` with the status their kind
// implies, and the security headers every response of browser mode carries.

import type { ServerResponse } from 'node:http';
import { TidingsError, describeError, type ErrorKind } from '../errors.js';
import { explain } from '../messages/index.js';

/**
 * No page of another site may frame any response of ours (clickjacking: the token cookie goes
 * with a framed request). Sent on every response; the two policies below repeat it because a
 * response's own CSP header replaces this one.
 */
export const NO_FRAMING_CSP = "frame-ancestors 'none'";

/**
 * The app page's policy: our own scripts only, images from us, the reader's srcdoc frame, and
 * the players of enclosures (the archived copy from us, or streamed from the web).
 */
export const PAGE_CSP =
  `default-src 'self'; img-src 'self'; media-src 'self' https: http:; style-src 'self' 'unsafe-inline'; frame-src 'self' about:; object-src 'none'; base-uri 'none'; form-action 'none'; ${NO_FRAMING_CSP}`;

/** An archived image: nothing in it may run or load anything. */
export const ASSET_CSP = `default-src 'none'; style-src 'unsafe-inline'; ${NO_FRAMING_CSP}`;

const STATUS: Record<ErrorKind, number> = { invalid: 400, 'not-found': 404, failed: 500 };

export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', NO_FRAMING_CSP);
  // For browsers without frame-ancestors.
  res.setHeader('X-Frame-Options', 'DENY');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: string, kind: ErrorKind, readable?: string): void {
  sendJson(res, status, readable === undefined ? { error, kind } : { error, kind, readable });
}

/** Any thrown value as the one readable message and status the client shows. */
export function sendFailure(res: ServerResponse, error: unknown, where: string): void {
  const failure = error instanceof TidingsError ? error : new TidingsError('server', where, describeError(error), 'failed');
  // A failure of the outside world also carries the sentence people read (src/messages).
  sendError(res, STATUS[failure.kind], failure.message, failure.kind, failure.kind === 'failed' ? explain(failure) : undefined);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
