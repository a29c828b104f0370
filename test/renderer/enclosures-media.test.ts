// @vitest-environment jsdom
// Enclosures in the reader (issue 11 item 6): a native player for audio and video (controls,
// preload none), a download link with the type and size, a plain link for other files; the
// downloaded copy played from the archive. Only http(s) URLs ever reach the document, every
// value is escaped, and the frame's CSP gains a media-src only when there is media to play.

import { describe, expect, it } from 'vitest';
import type { Enclosure } from '../../src/api.js';
import { enclosuresHtml, formatBytes, mediaSources } from '../../renderer/src/reader/media.js';
import { readerDocument } from '../../renderer/src/reader/srcdoc.js';

const ASSET = `${'cd'.repeat(32)}.mp3`;
const links = { assetUrl: (name: string) => `http://127.0.0.1:4000/assets/${name}?token=t`, assetSource: 'http://127.0.0.1:4000' };
const article = { title: 'Episode 12', byline: null, siteName: null, feedTitle: 'Pod', url: 'https://pod.example/12', publishedAt: '2011-05-03T08:00:00Z', savedAt: null, lang: 'en', readingMinutes: 1, html: '<p>Show notes.</p>' };

function doc(enclosures: Enclosure[]): Document {
  return new DOMParser().parseFromString(readerDocument({ ...article, enclosures }, links, { theme: 'light', fontSize: 18 }), 'text/html');
}

function csp(d: Document): string {
  return d.head.firstElementChild!.getAttribute('content')!;
}

describe('enclosures in the reader', () => {
  it('shows an audio player with controls, preload none, and a download link with type and size', () => {
    const d = doc([{ url: 'https://cdn.pod.example/ep12.mp3', type: 'audio/mpeg', length: 48 * 1024 * 1024 }]);
    const audio = d.querySelector('audio')!;
    expect(audio.getAttribute('src')).toBe('https://cdn.pod.example/ep12.mp3');
    expect(audio.hasAttribute('controls')).toBe(true);
    expect(audio.getAttribute('preload')).toBe('none');
    const link = d.querySelector<HTMLAnchorElement>('.enclosure a')!;
    expect(link.getAttribute('href')).toBe('https://cdn.pod.example/ep12.mp3');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(d.querySelector('.enclosure')!.textContent).toContain('MP3 · 48 MB');
    expect(d.querySelector('video')).toBeNull();
  });

  it('shows a video player for video and a plain link for other files', () => {
    const d = doc([
      { url: 'https://pod.example/ep.mp4', type: 'video/mp4', length: null },
      { url: 'https://pod.example/transcript.pdf', type: 'application/pdf', length: 2_500_000 },
    ]);
    expect(d.querySelector('video')!.getAttribute('src')).toBe('https://pod.example/ep.mp4');
    expect(d.querySelector('video')!.getAttribute('preload')).toBe('none');
    expect(d.querySelectorAll('audio, video')).toHaveLength(1);
    const other = [...d.querySelectorAll<HTMLAnchorElement>('.enclosure a')].find((a) => a.href.endsWith('.pdf'))!;
    expect(other.closest('.enclosure')!.textContent).toContain('PDF · 2.4 MB');
  });

  it('plays what real feeds mistype: x-audio/mp3, application/octet-stream or no type with a media extension', () => {
    const d = doc([
      { url: 'https://pod.example/a.mp3', type: 'x-audio/mp3', length: null },
      { url: 'https://pod.example/b.mp3?src=rss', type: 'application/octet-stream', length: null },
      { url: 'https://pod.example/c.mp4', type: null, length: null },
    ]);
    expect([...d.querySelectorAll('audio, video')].map((e) => e.tagName)).toEqual(['AUDIO', 'AUDIO', 'VIDEO']);
  });

  it('plays the copy kept in the archive, and still links the original', () => {
    const d = doc([{ url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: 1000, asset: ASSET }]);
    expect(d.querySelector('audio')!.getAttribute('src')).toBe(links.assetUrl(ASSET));
    expect(d.querySelector<HTMLAnchorElement>('.enclosure a')!.getAttribute('href')).toBe('https://pod.example/ep.mp3');
    expect(d.querySelector('.enclosure')!.textContent).toMatch(/offline/i);
    expect(csp(d)).toContain(`media-src ${links.assetSource}`);
    expect(csp(d)).not.toMatch(/media-src[^;]*https:/);
  });

  it('says why a copy was not kept', () => {
    const d = doc([{ url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: null, assetError: 'enclosures: https://pod.example/ep.mp3: body larger than 524288000 bytes' }]);
    expect(d.querySelector('.enclosure-error')!.textContent).toContain('larger than 524288000 bytes');
  });

  it('says when a copy is on its way', () => {
    const d = doc([{ url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: null, assetPending: true }]);
    expect(d.querySelector('.enclosure-pending')!.textContent).toContain('downloading into the archive');
    expect(d.querySelector('audio')!.getAttribute('src')).toBe('https://pod.example/ep.mp3');
  });

  it('drops javascript:, data:, file: and relative enclosures: none reaches the document', () => {
    const d = doc([
      { url: 'javascript:alert(1)//.mp3', type: 'audio/mpeg', length: null },
      { url: ' JavaScript:alert(2)', type: 'video/mp4', length: null },
      { url: 'data:audio/mpeg;base64,AAAA', type: 'audio/mpeg', length: null },
      { url: 'file:///etc/passwd', type: null, length: null },
      { url: '/relative.mp3', type: 'audio/mpeg', length: null },
    ]);
    expect(d.querySelector('.enclosures')).toBeNull();
    expect(d.querySelectorAll('audio, video, .enclosure')).toHaveLength(0);
    const html = d.documentElement.outerHTML;
    expect(html).not.toMatch(/javascript:|data:audio|file:/i);
    expect(csp(d)).not.toContain('media-src');
  });

  it('escapes every value: a quote or a tag in the URL or the type cannot break out', () => {
    const d = doc([
      { url: 'https://pod.example/a.mp3?x="><script>alert(1)</script>', type: 'audio/mpeg"><img src=x onerror=alert(1)>', length: null },
    ]);
    expect(d.querySelectorAll('script, img')).toHaveLength(0);
    expect(d.querySelectorAll('[onerror]')).toHaveLength(0);
    expect(d.querySelector('.enclosure a')!.getAttribute('href')).toMatch(/^https:\/\/pod\.example\/a\.mp3\?x=/);
  });

  it('never trusts an asset name that is not one: the remote URL plays instead', () => {
    const d = doc([{ url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: null, asset: '../library.json' }]);
    expect(d.querySelector('audio')!.getAttribute('src')).toBe('https://pod.example/ep.mp3');
  });

  it('leaves the CSP of an article without media as it was, and allows remote media without loosening anything else', () => {
    const plain = csp(doc([]));
    expect(plain).toBe(`default-src 'none'; script-src 'none'; img-src ${links.assetSource}; style-src 'unsafe-inline'`);
    const remote = csp(doc([{ url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: null }]));
    expect(remote).toBe(`${plain}; media-src https: http:`);
    expect(remote).not.toMatch(/script-src(?! 'none';)|unsafe-eval|\*/);
  });
});

describe('mediaSources and formatBytes', () => {
  it('lists the sources media needs, once each', () => {
    expect(mediaSources([], links.assetSource)).toEqual([]);
    expect(mediaSources([{ url: 'https://a.example/x.pdf', type: 'application/pdf', length: null }], links.assetSource)).toEqual([]);
    expect(mediaSources([
      { url: 'https://a.example/x.mp3', type: 'audio/mpeg', length: null, asset: ASSET },
      { url: 'http://b.example/y.mp3', type: null, length: null },
    ], links.assetSource)).toEqual([links.assetSource, 'https:', 'http:']);
  });

  it.each([[0, null], [null, null], [-5, null], [512, '512 B'], [2048, '2 KB'], [48 * 1024 * 1024, '48 MB'], [2_500_000, '2.4 MB'], [3 * 1024 ** 3, '3 GB']])('%s bytes: %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('renders nothing for no enclosures', () => {
    expect(enclosuresHtml([], links.assetUrl)).toBe('');
  });
});
