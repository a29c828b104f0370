// Browser mode's /save: the bookmarklet's landing page. It is reached by a top-level navigation
// from another site, so it carries no token and must not save anything itself: it is a static
// confirm page (no inline script, no framing) whose own script asks /api/call/saveUrl. And no
// GET or cross-site POST to the API may save a page.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';

let dir: string;
let real: Archive;
let archive: Archive;
let server: RunningServer;
const saved: string[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-save-page-'));
  real = await openArchive(path.join(dir, 'data'));
  archive = Object.create(real) as Archive;
  archive.saveUrl = async (url: string) => {
    saved.push(url);
    return (await real.listArticles({})).items[0]!;
  };
  server = await startServer(archive, { staticDir: path.join(dir, 'none') });
});

afterAll(async () => {
  await server?.close();
  await real?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.port}`;

describe('GET /save', () => {
  it('serves the confirm page without a token, unframeable, with a strict CSP and no inline script', async () => {
    const res = await fetch(`${base()}/save?url=${encodeURIComponent('https://example.com/a')}&title=${encodeURIComponent('<script>alert(1)</script>')}`, {
      headers: { Referer: 'https://news.example/', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    // The page is the same whatever the query: the URL and title are put in by its script, as text.
    expect(html).not.toContain('example.com');
    expect(html).not.toContain('alert');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).toContain('<script src="/save.js"');
    expect(saved).toEqual([]);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('serves its script and style, also without a token', async () => {
    const js = await fetch(`${base()}/save.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await js.text();
    expect(code).toContain('textContent');
    expect(code).not.toContain('innerHTML');
    expect((await fetch(`${base()}/save.css`)).status).toBe(200);
  });

  it('still needs our Host (DNS rebinding) and answers only GET', async () => {
    const res = await fetch(`${base()}/save`, { method: 'POST', body: 'url=https://a.example/' });
    expect(res.status).toBe(405);
    expect(saved).toEqual([]);
  });
});

describe('nothing saves without the token or from another site', () => {
  it('a cross-site POST to saveUrl, with or without a cookie-less token guess, saves nothing', async () => {
    const cross = await fetch(`${base()}/api/call/saveUrl`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify(['https://a.example/']),
    });
    expect(cross.status).toBe(403);
    const noToken = await fetch(`${base()}/api/call/saveUrl`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(['https://a.example/']) });
    expect(noToken.status).toBe(401);
    // A form post (text/plain, the kind a cross-site form can send) even with the token is refused.
    const form = await fetch(`${base()}/api/call/saveUrl`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${server.token}` }, body: '["https://a.example/"]' });
    expect(form.status).toBe(415);
    expect(saved).toEqual([]);
  });

  it('a GET with ?url to any API route saves nothing', async () => {
    for (const route of ['/api/call/saveUrl', '/api/import', '/api/save', '/save/go', '/']) {
      await fetch(`${base()}${route}?url=${encodeURIComponent('https://a.example/')}&token=${server.token}`);
    }
    expect(saved).toEqual([]);
  });
});
