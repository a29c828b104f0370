// The window's security settings and guards, checked without Electron: webPreferences, the CSP,
// which URLs count as ours, navigation and new windows refused, what may reach the browser.

import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL, externalUrl, NETWORK_URL_PATTERNS, type GuardedContents, guardContents, isAppUrl, isNetworkUrl, mayNavigate, type NavigationDetails,
  permissionRequest, throttled, WINDOW_CSP, windowWebPreferences,
} from '../../electron/security.js';

describe('webPreferences', () => {
  it('follows the checklist: isolation, sandbox, no Node, web security on', () => {
    const prefs = windowWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('CSP of the window', () => {
  const directives = new Map(WINDOW_CSP.split(';').map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name!, values]; }));

  it('runs only our own scripts: no inline, no eval, no remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(WINDOW_CSP).not.toMatch(/unsafe-eval|unsafe-inline'?\s*;?\s*script|\*/);
    // The web is reachable only by media (enclosures played on demand), never by anything else.
    const remote = [...directives].filter(([, values]) => values.some((v) => /^https?:/.test(v))).map(([name]) => name);
    expect(remote).toEqual(['media-src']);
  });

  it('plays enclosures from the archive or the web', () => {
    expect(directives.get('media-src')).toEqual(["'self'", 'tidings-asset:', 'https:', 'http:']);
  });

  it('loads images only from us and the archive, and no plugins, bases or forms', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'tidings-asset:']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('our URLs', () => {
  it('recognises the renderer page by scheme and host exactly', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://tidings/')).toBe(true);
    for (const url of ['app://tidings.evil/', 'app://evil/index.html', 'app://user@tidings/', 'file:///app/dist/renderer/index.html', 'https://tidings/', 'about:blank', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('hands only http(s) URLs without credentials to the browser', () => {
    expect(externalUrl('https://example.com/a?b#c')).toBe('https://example.com/a?b#c');
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'smb://host/share', 'ms-msdt:/id', 'app://tidings/', 'https://user:pw@example.com/', 'not a url']) {
      expect(externalUrl(url), url).toBeNull();
    }
  });

  it('lets a frame go only to our pages; the reader frame also to about:srcdoc', () => {
    expect(mayNavigate(APP_ENTRY_URL, true)).toBe(true);
    expect(mayNavigate('about:srcdoc', false)).toBe(true);
    expect(mayNavigate('about:srcdoc', true)).toBe(false);
    expect(mayNavigate('https://example.com/', false)).toBe(false);
    expect(mayNavigate('https://example.com/', true)).toBe(false);
  });

  it("counts every remote request as one the page must not make, but not our own schemes", () => {
    for (const url of ['http://127.0.0.1/x', 'https://tracker.example/p.gif', 'ws://x/', 'wss://x/', 'ftp://x/']) expect(isNetworkUrl(url), url).toBe(true);
    for (const url of [APP_ENTRY_URL, 'tidings-asset://asset/x.png', 'about:srcdoc', 'devtools://devtools/x', 'data:image/png;base64,AA']) expect(isNetworkUrl(url), url).toBe(false);
  });

  it('filters requests of every scheme isNetworkUrl refuses: each has a match pattern the session sees', () => {
    // A match pattern is `<scheme>://<host>/<path>`; Electron calls our listener only for a
    // request some pattern matches, so a scheme without one would pass unchecked.
    const patternSchemes = NETWORK_URL_PATTERNS.map((pattern) => {
      const match = /^([a-z]+):\/\/\*\/\*$/.exec(pattern);
      expect(match, pattern).not.toBeNull();
      return `${match![1]}:`;
    });
    const candidates = ['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:', 'data:', 'blob:', 'about:', 'app:', 'tidings-asset:', 'devtools:', 'chrome:', 'filesystem:'];
    for (const scheme of candidates) {
      const url = `${scheme}//remote.example/x`;
      expect(patternSchemes.includes(scheme), `${scheme} filtered`).toBe(isNetworkUrl(url));
    }
    for (const scheme of ['ws:', 'wss:', 'ftp:']) expect(patternSchemes, scheme).toContain(scheme);
  });

  it('refuses every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(permissionRequest(p)).toBe(false);
  });
});

describe('guardContents', () => {
  function fakeContents() {
    const listeners = new Map<string, (details: never) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents: GuardedContents = {
      on(event: string, listener: (details: never) => void) {
        listeners.set(event, listener);
        return contents;
      },
      setWindowOpenHandler(handler) {
        openHandler = handler;
      },
    };
    const opened: string[] = [];
    guardContents(contents, (url) => opened.push(url));
    const navigate = (event: string, url: string, isMainFrame = true) => {
      let prevented = false;
      const details: NavigationDetails = { url, isMainFrame, preventDefault: () => (prevented = true) };
      listeners.get(event)!(details as never);
      return prevented;
    };
    return { listeners, opened, navigate, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks leaving the app in the window and in frames, and opens http(s) in the browser', () => {
    const c = fakeContents();
    expect(c.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(c.navigate('will-frame-navigate', 'https://example.com/article', false)).toBe(true);
    expect(c.navigate('will-redirect', 'https://elsewhere.example/')).toBe(true);
    expect(c.opened).toEqual(['https://evil.example/', 'https://example.com/article', 'https://elsewhere.example/']);
  });

  it('blocks other schemes without opening them anywhere', () => {
    const c = fakeContents();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'tidings-asset://asset/x']) {
      expect(c.navigate('will-navigate', url), url).toBe(true);
    }
    expect(c.opened).toEqual([]);
  });

  it('lets our own page load and the reader frame take its srcdoc', () => {
    const c = fakeContents();
    expect(c.navigate('will-navigate', APP_ENTRY_URL)).toBe(false);
    expect(c.navigate('will-frame-navigate', 'about:srcdoc', false)).toBe(false);
  });

  it('denies every new window, opening http(s) ones in the browser instead', () => {
    const c = fakeContents();
    expect(c.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(c.open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(c.opened).toEqual(['https://example.com/']);
  });

  it('refuses to attach a webview', () => {
    const c = fakeContents();
    let prevented = false;
    c.listeners.get('will-attach-webview')!({ preventDefault: () => (prevented = true) } as never);
    expect(prevented).toBe(true);
  });
});

describe('throttled', () => {
  it('hands at most one URL per interval to the browser', () => {
    let now = 0;
    const opened: string[] = [];
    const open = throttled((u) => opened.push(u), 1000, () => now);
    open('https://a/');
    open('https://b/');
    now = 999;
    open('https://c/');
    now = 1000;
    open('https://d/');
    expect(opened).toEqual(['https://a/', 'https://d/']);
  });
});
