// The window's two schemes as Request -> Response functions: app:// serves only the built
// renderer, tidings-asset:// only well-formed asset names from the archive's assets/.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { appResponse, assetResponse, SCHEME_PRIVILEGES } from '../../electron/protocols.js';
import { WINDOW_CSP } from '../../electron/security.js';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ASSET = `${'c'.repeat(64)}.gif`;
let dir: string;
let rendererDir: string;
let archive: Archive;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-protocols-'));
  rendererDir = path.join(dir, 'renderer');
  await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tidings</title>');
  await fs.writeFile(path.join(rendererDir, 'assets', 'app-1.js'), 'export {}');
  await fs.writeFile(path.join(dir, 'secret.txt'), 'secret');
  archive = await openArchive(path.join(dir, 'data'));
  await fs.writeFile(path.join(dir, 'data', 'assets', ASSET), GIF);
});

afterAll(async () => {
  await archive?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('privileges', () => {
  it('registers both schemes as standard and secure; neither bypasses CSP; assets cannot be fetched', () => {
    const app = SCHEME_PRIVILEGES.find((s) => s.scheme === 'app')!;
    const asset = SCHEME_PRIVILEGES.find((s) => s.scheme === 'tidings-asset')!;
    expect(app.privileges).toMatchObject({ standard: true, secure: true });
    expect(asset.privileges).toMatchObject({ standard: true, secure: true });
    for (const s of SCHEME_PRIVILEGES) {
      expect(s.privileges?.bypassCSP, s.scheme).toBeFalsy();
      expect(s.privileges?.allowServiceWorkers, s.scheme).toBeFalsy();
    }
    expect(asset.privileges?.supportFetchAPI).toBeFalsy();
    expect(asset.privileges?.corsEnabled).toBeFalsy();
  });
});

describe('app://tidings/', () => {
  it('serves the page with the window CSP and nosniff', async () => {
    const res = await appResponse(rendererDir, 'app://tidings/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(WINDOW_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Tidings</title>');
    expect((await appResponse(rendererDir, 'app://tidings/')).status).toBe(200);
    const script = await appResponse(rendererDir, 'app://tidings/assets/app-1.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    for (const url of ['app://tidings/../secret.txt', 'app://tidings/%2e%2e/secret.txt', 'app://tidings/..%2fsecret.txt', 'app://tidings/..%5csecret.txt', 'app://other/index.html', 'app://tidings/missing.js', `app://tidings/${encodeURIComponent(path.join(dir, 'secret.txt'))}`]) {
      const res = await appResponse(rendererDir, url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('secret');
    }
  });
});

describe('tidings-asset://asset/', () => {
  it('serves an archived image with its type and a CSP that lets nothing run', async () => {
    const res = await assetResponse((n) => archive.assetPath(n), `tidings-asset://asset/${ASSET}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(Buffer.from(await res.arrayBuffer()).equals(GIF)).toBe(true);
  });

  it('answers a Range request with that part (206), and one past the end with 416', async () => {
    const url = `tidings-asset://asset/${ASSET}`;
    const part = await assetResponse((n) => archive.assetPath(n), url, 'bytes=2-5');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-5/${GIF.length}`);
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await part.arrayBuffer()).equals(GIF.subarray(2, 6))).toBe(true);
    const past = await assetResponse((n) => archive.assetPath(n), url, `bytes=${GIF.length}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${GIF.length}`);
  });

  it('serves only well-formed names that exist in assets/', async () => {
    const urls = [
      `tidings-asset://asset/${'d'.repeat(64)}.gif`,
      'tidings-asset://asset/..%2f..%2fsecret.txt',
      'tidings-asset://asset/../library.json',
      'tidings-asset://asset/%2e%2e%2flibrary.json',
      `tidings-asset://asset/${'c'.repeat(64)}.html`,
      `tidings-asset://other/${ASSET}`,
      'tidings-asset://asset/%E0%A4%A',
    ];
    for (const url of urls) {
      const res = await assetResponse((n) => archive.assetPath(n), url);
      expect(res.status, url).toBe(404);
    }
  });
});
