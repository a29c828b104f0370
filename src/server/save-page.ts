// Browser mode's `/save?url=&title=`: where the bookmarklet lands, by a top-level navigation from
// the page being read. Such a request comes from another site, so it carries no token (the
// cookie is SameSite=Strict) and must save nothing: this is a fixed page, the same whatever the
// query, whose own script (no inline script: the CSP allows only /save.js) shows the address and
// title as text and, when the user presses Save, calls /api/call/saveUrl from our origin, where
// the token cookie of an app opened in this browser goes along.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './respond.js';

export const SAVE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>Save to Tidings</title>
<link rel="stylesheet" href="/save.css">
<script src="/save.js" defer></script>
</head>
<body>
<main class="card">
<h1>Save to Tidings</h1>
<p class="title" id="title"></p>
<p class="url" id="url"></p>
<p class="status" id="status" role="status"></p>
<div class="buttons"><button type="button" id="cancel">Cancel</button><button type="button" id="save" class="primary" disabled>Save</button></div>
</main>
</body>
</html>
`;

const CSS = `:root { color-scheme: light dark; --bg: #fff; --fg: #1d1d1f; --muted: #6e6e73; --line: #d9d9de; --accent: #2f6fdf; }
@media (prefers-color-scheme: dark) { :root { --bg: #1e1f22; --fg: #e6e4df; --muted: #a1a1a6; --line: #3a3b40; --accent: #6ea1ff; } }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; }
.card { width: min(520px, 92vw); padding: 20px 22px; border: 1px solid var(--line); border-radius: 12px; }
h1 { margin: 0 0 12px; font-size: 18px; }
.title { margin: 0 0 4px; font-weight: 600; overflow-wrap: anywhere; }
.url { margin: 0 0 12px; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.status { min-height: 1.4em; margin: 0 0 12px; }
.status.error { color: #c0392b; }
.buttons { display: flex; justify-content: flex-end; gap: 8px; }
button { padding: 6px 14px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); font: inherit; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:disabled { opacity: 0.5; cursor: default; }
`;

// Plain browser JavaScript, served as a file. Everything from the query goes in as textContent.
const JS = `'use strict';
(function () {
  var MAX_URL = 2048, MAX_TITLE = 300;
  var params = new URLSearchParams(location.search);
  var raw = params.get('url') || '';
  var title = (params.get('title') || '').replace(/[\\u0000-\\u001f\\u007f]+/g, ' ').trim().slice(0, MAX_TITLE);
  var $ = function (id) { return document.getElementById(id); };
  var status = function (text, error) { $('status').textContent = text; $('status').className = error ? 'status error' : 'status'; };
  function check(value) {
    if (!value) return 'No address to save: use the bookmarklet on the page you want to keep.';
    if (value.length > MAX_URL) return 'This address is too long to save (over ' + MAX_URL + ' characters).';
    var url;
    try { url = new URL(value); } catch (e) { return 'This is not a web address.'; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only web pages (http and https) can be saved.';
    return null;
  }
  var problem = check(raw);
  $('title').textContent = title || '(no title)';
  $('url').textContent = raw.slice(0, MAX_URL);
  if (problem) { status(problem, true); } else { $('save').disabled = false; }
  $('cancel').addEventListener('click', function () { if (history.length > 1) history.back(); else window.close(); });
  $('save').addEventListener('click', function () {
    $('save').disabled = true;
    status('Saving…', false);
    fetch('/api/call/saveUrl', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([raw, title ? { keepFailed: true, title: title.slice(0, 1000) } : { keepFailed: true }]) })
      .then(function (res) {
        if (res.status === 401) {
          status('Open Tidings first: open the address that “tidings serve” printed (' + location.origin + '/?token=…) in this browser, then press Save again.', true);
          $('save').disabled = false;
          return;
        }
        return res.json().then(function (body) {
          if (res.ok && body && body.result) {
            var failed = body.result.extraction && body.result.extraction.status === 'failed';
            status(failed ? 'Kept, but the page could not be read now: “Try again” on it in Tidings.' : 'Saved: ' + (body.result.title || raw), failed);
          } else {
            status((body && (body.readable || body.error)) || ('The server answered HTTP ' + res.status), true);
            $('save').disabled = false;
          }
        });
      })
      .catch(function (e) { status('Tidings cannot be reached: is “tidings serve” running? (' + e.message + ')', true); $('save').disabled = false; });
  });
})();
`;

const FILES: Record<string, { type: string; body: string }> = {
  '/save': { type: 'text/html; charset=utf-8', body: HTML },
  '/save.js': { type: 'text/javascript; charset=utf-8', body: JS },
  '/save.css': { type: 'text/css; charset=utf-8', body: CSS },
};

export function isSavePagePath(pathname: string): boolean {
  return Object.hasOwn(FILES, pathname);
}

export function serveSavePage(pathname: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET');
    return sendText(res, 405, 'method not allowed');
  }
  const file = FILES[pathname]!;
  res.setHeader('Content-Security-Policy', SAVE_PAGE_CSP);
  res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': Buffer.byteLength(file.body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
