// Enclosure players under the app's CSPs (issue 11 item 6): each policy gains a media-src for
// the archive's copies (and, in browser mode, the web), and nothing else is loosened. The
// reader's srcdoc frame inherits the page's policy, so the page must allow what the frame plays.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEME_PRIVILEGES } from '../../electron/protocols.js';
import { WINDOW_CSP } from '../../electron/security.js';
import { contentType } from '../../src/server/files.js';
import { PAGE_CSP } from '../../src/server/respond.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [name, ...values] = d.split(/\s+/); return [name!, values]; }));
}

const META = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync('renderer/index.html', 'utf8'))![1]!;

describe('media under the CSPs', () => {
  it('browser mode: the page allows media from us and the web, scripts still only from us', () => {
    const page = directives(PAGE_CSP);
    expect(page.get('media-src')).toEqual(["'self'", 'https:', 'http:']);
    expect(page.get('default-src')).toEqual(["'self'"]);
    expect(page.has('script-src')).toBe(false);
    expect(page.get('object-src')).toEqual(["'none'"]);
  });

  it('the renderer page meta allows the archive scheme and the web for media only', () => {
    const meta = directives(META);
    expect(meta.get('media-src')).toEqual(["'self'", 'tidings-asset:', 'https:', 'http:']);
    expect(meta.get('default-src')).toEqual(["'self'"]);
    expect(meta.get('img-src')).toEqual(["'self'", 'tidings-asset:']);
  });

  it('Electron: media plays from the archive (tidings-asset:, a scheme that streams) and from the web', () => {
    expect(directives(WINDOW_CSP).get('media-src')).toEqual(["'self'", 'tidings-asset:', 'https:', 'http:']);
    expect(SCHEME_PRIVILEGES.find((s) => s.scheme === 'tidings-asset')!.privileges).toMatchObject({ stream: true });
  });

  it('serves archived audio and video with their media types', () => {
    expect(contentType('a.mp3')).toBe('audio/mpeg');
    expect(contentType('a.wav')).toBe('audio/wav');
    expect(contentType('a.m4a')).toBe('audio/mp4');
    expect(contentType('a.mp4')).toBe('video/mp4');
  });
});
