// Who may talk to browser mode: requests addressed to our loopback port (a foreign Host header
// means DNS rebinding or a proxy: 403) that carry the per-run token (else 401). The token comes
// as `?token=`, `Authorization: Bearer`, or the HttpOnly cookie the page sets.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'tidings_token';

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const host = req.headers.host;
  return host !== undefined && hosts.has(host.toLowerCase());
}

/** A request that sends an Origin must come from our own page (stops cross-site POSTs). */
export function originAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.has(url.host);
  } catch {
    return false;
  }
}

/** The token this request offers, from the query, the Authorization header or the cookie. */
export function offeredTokens(req: IncomingMessage, url: URL): string[] {
  const tokens: string[] = [];
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) tokens.push(fromQuery);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) tokens.push(auth.slice('Bearer '.length).trim());
  const fromCookie = cookie(req, TOKEN_COOKIE);
  if (fromCookie) tokens.push(fromCookie);
  return tokens;
}

export function tokenMatches(offered: string, token: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  return offeredTokens(req, url).some((t) => tokenMatches(t, token));
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function cookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
