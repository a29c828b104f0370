// tidings://save?url=…&title=… links (the bookmarklet in the desktop app, or any page's link):
// parsed strictly (only `save`, only an http(s) url, length caps, nothing else), found in a
// second launch's argv, and handled by saving with keepFailed and telling the window; anything
// else is ignored with a notice. Links that arrive before the archive is open wait for it.

import { describe, expect, it } from 'vitest';
import type { ArchiveEvent, SaveUrlOptions } from '../../src/api.js';
import { createLinkHandler, linkInArgv, parseTidingsLink } from '../../electron/tidings-link.js';

describe('parseTidingsLink', () => {
  it('takes tidings://save with an http(s) url and an optional title', () => {
    expect(parseTidingsLink('tidings://save?url=https%3A%2F%2Fa.example%2Fx%3Fy%3D1&title=A%20page')).toEqual({ url: 'https://a.example/x?y=1', title: 'A page' });
    expect(parseTidingsLink('tidings://save/?url=http%3A%2F%2Fb.example%2F')).toEqual({ url: 'http://b.example/', title: null });
    expect(parseTidingsLink('TIDINGS://SAVE?url=https%3A%2F%2Fa.example%2F')).toEqual({ url: 'https://a.example/', title: null });
  });

  it.each([
    ['another action', 'tidings://delete?url=https%3A%2F%2Fa.example%2F'],
    ['a javascript: url', 'tidings://save?url=javascript%3Aalert(1)'],
    ['a file: url', 'tidings://save?url=file%3A%2F%2F%2Fetc%2Fpasswd'],
    ['no url', 'tidings://save?title=x'],
    ['two urls', 'tidings://save?url=https%3A%2F%2Fa.example%2F&url=https%3A%2F%2Fb.example%2F'],
    ['an unknown parameter', 'tidings://save?url=https%3A%2F%2Fa.example%2F&path=%2Fetc'],
    ['another scheme', 'https://save?url=https%3A%2F%2Fa.example%2F'],
    ['a path', 'tidings://save/../../x?url=https%3A%2F%2Fa.example%2F'],
    ['credentials', 'tidings://user:pw@save?url=https%3A%2F%2Fa.example%2F'],
    ['an overlong url', `tidings://save?url=https%3A%2F%2Fa.example%2F${'x'.repeat(2100)}`],
    ['not a URL at all', 'tidings:'],
  ])('refuses %s', (_what, link) => {
    const parsed = parseTidingsLink(link);
    expect('refused' in parsed, link.slice(0, 80)).toBe(true);
  });

  it('cuts an overlong title and drops its control characters', () => {
    const parsed = parseTidingsLink(`tidings://save?url=https%3A%2F%2Fa.example%2F&title=${encodeURIComponent(`a\u0000b\nc${'t'.repeat(600)}`)}`);
    expect('url' in parsed && parsed.title!.startsWith('a b c')).toBe(true);
    expect('url' in parsed && parsed.title!.length).toBe(300);
  });
});

describe('linkInArgv', () => {
  it('finds the link a second launch was given, and nothing in an ordinary launch', () => {
    expect(linkInArgv(['/usr/bin/tidings', '--no-sandbox', 'tidings://save?url=https%3A%2F%2Fa.example%2F'])).toBe('tidings://save?url=https%3A%2F%2Fa.example%2F');
    expect(linkInArgv(['/usr/bin/tidings', '.'])).toBeNull();
  });
});

describe('createLinkHandler', () => {
  function setup() {
    const saved: [string, SaveUrlOptions | undefined][] = [];
    const told: ArchiveEvent[] = [];
    const handler = createLinkHandler({
      save: async (url, options) => {
        saved.push([url, options]);
        if (url.includes('down')) throw new Error('save: https://down.example/: the site did not answer');
        return { title: 'Saved title', extraction: { status: url.includes('fail') ? 'failed' : 'done' } };
      },
      notify: (event) => told.push(event),
    });
    return { saved, told, handler };
  }

  it('waits for the archive, then saves with keepFailed and tells the window', async () => {
    const { saved, told, handler } = setup();
    const first = handler.handle('tidings://save?url=https%3A%2F%2Fa.example%2F&title=T');
    expect(saved).toEqual([]);
    handler.ready();
    await first;
    // The link's title goes along: the article's title when the page gives none or cannot be read.
    expect(saved).toEqual([['https://a.example/', { keepFailed: true, title: 'T' }]]);
    expect(told).toEqual([{ type: 'notice', level: 'info', message: 'Saved “Saved title” from a tidings:// link' }]);
  });

  it('ignores a bad link with a warning and saves nothing; reports a failed save as a warning and an error as an error', async () => {
    const { saved, told, handler } = setup();
    handler.ready();
    await handler.handle('tidings://save?url=javascript%3Aalert(1)');
    expect(saved).toEqual([]);
    expect(told[0]).toMatchObject({ type: 'notice', level: 'warning' });
    expect((told[0] as { message: string }).message).toMatch(/^Ignored a tidings:\/\/ link: /);
    await handler.handle('tidings://save?url=https%3A%2F%2Ffail.example%2F');
    expect(told[1]).toMatchObject({ level: 'warning' });
    await handler.handle('tidings://save?url=https%3A%2F%2Fdown.example%2F');
    expect(told[2]).toMatchObject({ level: 'error' });
  });
});
