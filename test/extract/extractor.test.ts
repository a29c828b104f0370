// The Extractor, the public entry of src/extract: feed-item HTML cleaned (sanitized, images
// downloaded from a 127.0.0.1 server into a real asset store, lead image local), the same with
// images off, bytes in a legacy charset decoded, and magic-byte sniffing of image types.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Extractor } from '../../src/extract/index.js';
import { looksLikeSvg, sniffImage } from '../../src/extract/image-type.js';
import { ArticleFiles } from '../../src/store/index.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let server: Server;
let base = '';
let extractor: Extractor;
let files: ArticleFiles;
let dataDir = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/pic.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(PNG);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-extractor-'));
  files = new ArticleFiles(dataDir);
  await files.init();
  extractor = new Extractor({ assets: files, pool: { size: 1 } });
});

afterAll(async () => {
  await extractor.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('Extractor.clean (feed item HTML)', () => {
  it('sanitizes, resolves against the item URL and keeps images offline', async () => {
    const out = await extractor.clean(`<p onclick="x()">Hello <img src="/pic.png"><img src="/gone.png"></p><script>x()</script>`, `${base}/item/1`, { downloadImages: true });
    const [asset] = readdirSync(files.assetsDir);
    expect(asset).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(out.html).toBe(`<p>Hello <img src="tidings-asset:${asset}"><img src="${base}/gone.png"></p>`);
    expect(out.leadImage).toBe(`tidings-asset:${asset}`);
    expect(out).toMatchObject({ text: 'Hello', wordCount: 1 });
  });

  it('leaves images remote when downloading is off', async () => {
    const out = await extractor.clean(`<p>Hi <img src="${base}/pic.png"></p>`, null, { downloadImages: false });
    expect(out.html).toBe(`<p>Hi <img src="${base}/pic.png"></p>`);
    expect(out.leadImage).toBe(`${base}/pic.png`);
  });
});

describe('Extractor.page', () => {
  it('decodes a windows-1250 page from its <meta charset> before extraction', async () => {
    const words = 'Zażółć gęślą jaźń, powiedział burmistrz Łodzi, a rada miasta przyjęła uchwałę o nowej bibliotece. ';
    const html = `<html><head><meta charset="windows-1250"><title>Łódź</title></head><body><article><h1>Łódź</h1>${`<p>${words.repeat(4)}</p>`.repeat(4)}</article></body></html>`;
    const page = await extractor.page({ body: iconv.encode(html, 'windows-1250'), contentType: 'text/html', url: 'https://example.pl/a' }, { downloadImages: false });
    expect(page.readable).toBe(true);
    expect(page.text).toContain('Zażółć gęślą jaźń');
    expect(page.meta.lang).toBe('pl');
  });
});

describe('image type sniffing', () => {
  it('knows images by their bytes, not their names', () => {
    expect(sniffImage(PNG)).toBe('png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('jpg');
    expect(sniffImage(Buffer.from('GIF89a......'))).toBe('gif');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImage(Buffer.from('<html>not an image</html>'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(looksLikeSvg(Buffer.from('<?xml version="1.0"?>\n<svg onload="x()"></svg>'))).toBe(true);
  });
});
