// The window's security, per Electron's checklist, as plain functions and constants so the
// tests can check them without Electron: webPreferences, the page's CSP, which URLs are ours,
// which navigations are refused, what may open in the user's browser, permissions (none).

import type { WebPreferences } from 'electron';

/** Our renderer is served as app://tidings/ (see protocols.ts for why not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tidings';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The window page's policy, sent as a header by the app:// protocol (the page also has a meta). */
export const WINDOW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' tidings-asset:",
  // Podcast and video enclosures: the archived copy, or the publisher's file when the user
  // presses play (the player never preloads). Media cannot run script.
  "media-src 'self' tidings-asset: https: http:",
  "style-src 'self' 'unsafe-inline'",
  "frame-src 'self' about:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function windowWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    disableDialogs: false,
    spellcheck: true,
  };
}

/** True for a page of our renderer. WHATWG gives custom schemes the origin "null", so compare parts. */
export function isAppUrl(raw: string): boolean {
  const url = parse(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** The URL to hand to the user's browser, or null: only http(s), parsed, without credentials. */
export function externalUrl(raw: string): string | null {
  const url = parse(raw);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.username || url.password) return null;
  return url.href;
}

/** Where a frame may go: our pages, and about:srcdoc/about:blank for the reader's frame. */
export function mayNavigate(raw: string, isMainFrame: boolean): boolean {
  if (isAppUrl(raw)) return true;
  return !isMainFrame && (raw === 'about:srcdoc' || raw === 'about:blank');
}

/** The schemes of requests that leave the machine (WebSocket included; Chromium has dropped ftp, kept in case). */
const NETWORK_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp'] as const;

/**
 * Match patterns for the session's request filter, one per network scheme: Electron calls the
 * listener only for requests a pattern matches, so a scheme left out here would pass unchecked
 * (http(s) alone let a page open a WebSocket to anywhere). isNetworkUrl decides.
 */
export const NETWORK_URL_PATTERNS = NETWORK_SCHEMES.map((scheme) => `${scheme}://*/*`);

/** A request the window's page must never make: anything that would leave the machine. */
export function isNetworkUrl(raw: string): boolean {
  const url = parse(raw);
  return url !== null && (NETWORK_SCHEMES as readonly string[]).includes(url.protocol.slice(0, -1));
}

/** Every permission (camera, notifications, geolocation, ...) is refused. */
export function permissionRequest(_permission: string): boolean {
  return false;
}

/** What we need of a WebContents to guard it (the real one fits; tests pass a fake). */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationDetails) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface NavigationDetails {
  url: string;
  isMainFrame: boolean;
  preventDefault(): void;
}

/**
 * Refuse navigation away from our pages and every new window. A link to an http(s) page
 * (an article's original, a link in its text) opens in the user's browser instead.
 */
export function guardContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  const refuse = (details: NavigationDetails) => {
    if (mayNavigate(details.url, details.isMainFrame)) return;
    details.preventDefault();
    const external = externalUrl(details.url);
    if (external) openExternal(external);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}

/** At most one page handed to the browser per interval: a hostile page cannot open a flood of tabs. */
export function throttled(open: (url: string) => void, intervalMs = 1000, now: () => number = Date.now): (url: string) => void {
  let last = -Infinity;
  return (url) => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    open(url);
  };
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
