// @vitest-environment jsdom
// The reader's document: CSP meta first in <head>, offline images pointed at the asset URL,
// remote images and every script-bearing construct gone, links opened outside.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleHtml, readerDocument } from '../../renderer/src/reader/srcdoc.js';

const ASSET = `${'ab'.repeat(32)}.png`;
const links = { assetUrl: (name: string) => `http://127.0.0.1:4000/assets/${name}?token=t`, assetSource: 'http://127.0.0.1:4000' };
const article = { title: 'A <b>title</b>', byline: 'Ann', siteName: null, feedTitle: 'Feed & Co', url: 'https://example.org/a', publishedAt: '2026-11-03T08:00:00Z', savedAt: null, lang: 'en', readingMinutes: 3 };

describe('readerDocument', () => {
  it('starts <head> with the CSP meta that allows only our images and inline style', () => {
    const doc = readerDocument({ ...article, html: '<p>Hello</p>' }, links, { theme: 'dark', fontSize: 20 });
    expect(doc).toMatch(/^<!doctype html><html lang="en" data-theme="dark"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'; img-src http:\/\/127\.0\.0\.1:4000; style-src 'unsafe-inline'">/);
    const parsed = new DOMParser().parseFromString(doc, 'text/html');
    expect(parsed.head.firstElementChild?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(parsed.querySelector('h1')?.textContent).toBe('A <b>title</b>');
    expect(parsed.querySelector('.site')?.textContent).toBe('Feed & Co');
    expect(doc).toContain('font:20px/1.65');
  });

  it('follows the system inside the frame when the theme is the system one', () => {
    const system = readerDocument({ ...article, html: '' }, links, { theme: 'system', fontSize: 18 });
    expect(system).toContain('@media (prefers-color-scheme: dark){:root{color-scheme:dark;');
    const light = readerDocument({ ...article, html: '' }, links, { theme: 'light', fontSize: 18 });
    expect(light).not.toContain('prefers-color-scheme');
    expect(light).toContain(':root{color-scheme:light;');
  });

  it('refuses a lang that could break out of its attribute', () => {
    const doc = readerDocument({ ...article, lang: 'en" onload="x', html: '' }, links, { theme: 'light', fontSize: 18 });
    expect(doc).toContain('<html lang="und"');
  });
});

describe('cleanArticleHtml', () => {
  it('points archived images at the asset URL and drops remote ones', () => {
    const html = cleanArticleHtml(`<p><img src="tidings-asset:${ASSET}" alt="kept"><img src="https://tracker.example/p.gif" alt="remote"><img src="https://tracker.example/q.gif"></p>`, links.assetUrl);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const imgs = [...doc.querySelectorAll('img')];
    expect(imgs.map((i) => i.getAttribute('src'))).toEqual([links.assetUrl(ASSET)]);
    expect(doc.querySelector('.missing-image')?.textContent).toBe('[image: remote]');
  });

  it('refuses asset names that are not content hashes', () => {
    const html = cleanArticleHtml('<img src="tidings-asset:../library.json" alt="x">', links.assetUrl);
    expect(html).not.toContain('<img');
  });

  it('removes every payload of the hostile fixture', () => {
    const hostile = readFileSync(path.join(import.meta.dirname, '../fixtures/e2e/article-full-of-xss-payloads.html'), 'utf8').replaceAll('{{origin}}', 'http://127.0.0.1:9');
    const html = cleanArticleHtml(hostile, links.assetUrl);
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<svg|<math|<style|<link|<meta|<base|<form|<input|<video|<audio|<img/i);
    expect(html).not.toMatch(/\son\w+=|javascript:|data:text|style=|srcset|127\.0\.0\.1:9/i);
    expect(html).toContain('zygomorphic');
  });

  it('opens http(s) links outside, without referrer or opener, and drops other schemes', () => {
    const html = cleanArticleHtml('<a href="https://example.org/x">ok</a><a href="file:///etc/passwd">file</a><a href="/relative">rel</a>', links.assetUrl);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const [ok, file, rel] = [...doc.querySelectorAll('a')];
    expect(ok?.getAttribute('target')).toBe('_blank');
    expect(ok?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(file?.hasAttribute('href')).toBe(false);
    expect(rel?.hasAttribute('href')).toBe(false);
  });
});
