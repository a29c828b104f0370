// Browser mode must never be framed: a page on another site could load the app (the token
// cookie is sent with a framed request) in an invisible frame and trick the user into clicks
// (clickjacking). Every response, app, API, images, errors and refusals alike, says so twice:
// CSP `frame-ancestors 'none'` for today's browsers and X-Frame-Options DENY for older ones.

import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d3b6a60000000049454e44ae426082', 'hex');
const ASSET = `${'b'.repeat(64)}.png`;

let dir: string;
let archive: Archive;
let server: RunningServer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-frames-'));
  const staticDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Tidings</title>');
  await fs.writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  archive = await openArchive(path.join(dir, 'data'));
  await fs.writeFile(path.join(dir, 'data', 'assets', ASSET), PNG);
  server = await startServer(archive, { staticDir });
});

afterAll(async () => {
  await server?.close();
  await archive?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

interface Ask {
  path: string;
  method?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Status and headers of one request; the body is not waited for (the event stream never ends). */
function headersOf(ask: Ask): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: ask.path, method: ask.method ?? 'GET', headers: { Host: ask.host ?? `127.0.0.1:${server.port}`, ...ask.headers } }, (res) => {
      resolve({ status: res.statusCode!, headers: res.headers });
      res.destroy();
    });
    req.on('error', reject);
    req.end(ask.body);
  });
}

describe('browser mode refuses to be framed', () => {
  const token = () => server.token;
  const bearer = () => ({ Authorization: `Bearer ${token()}` });
  const json = () => ({ ...bearer(), 'Content-Type': 'application/json' });
  const cases: [string, () => Ask, number][] = [
    ['the app page', () => ({ path: `/?token=${token()}` }), 200],
    ["the app's script", () => ({ path: '/assets/app.js', headers: bearer() }), 200],
    ['an archived image', () => ({ path: `/assets/${ASSET}`, headers: bearer() }), 200],
    ['an API call', () => ({ path: '/api/call/listTags', method: 'POST', headers: json(), body: '[]' }), 200],
    ['an API call with bad arguments', () => ({ path: '/api/call/getArticle', method: 'POST', headers: json(), body: '[42]' }), 400],
    ['an unknown API route', () => ({ path: '/api/nothing', headers: bearer() }), 404],
    ['the event stream', () => ({ path: '/api/events', headers: bearer() }), 200],
    ['a missing file', () => ({ path: '/nothing.html', headers: bearer() }), 404],
    ['a request without the token', () => ({ path: '/' }), 401],
    ['a request to a foreign Host', () => ({ path: `/?token=${token()}`, host: 'evil.example' }), 403],
    ['a POST to a page', () => ({ path: '/', method: 'POST', headers: bearer() }), 405],
  ];

  for (const [what, ask, status] of cases) {
    it(`on ${what}`, async () => {
      const res = await headersOf(ask());
      expect(res.status).toBe(status);
      expect(res.headers['content-security-policy'], what).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
      expect(res.headers['x-frame-options'], what).toBe('DENY');
    });
  }
});
