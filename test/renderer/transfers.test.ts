// @vitest-environment jsdom
// The renderer's side of import, export, drops and the bookmarklet: how a dropped name is read,
// which dropped links are taken, what the summary says (problems never silent), the bookmarklet
// built from our address only, and the HTTP upload's errors.

import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/api.js';
import { firstWebUrl } from '../../renderer/src/app/drop.js';
import { dropKind, httpTransfers } from '../../renderer/src/client/transfers.js';
import { importSummary } from '../../renderer/src/dialogs/transfers.js';
import { bookmarklet } from '../../renderer/src/settings/save-from-browser.js';

const RESULT: ImportResult = { format: 'pocket-csv', items: 12_000, added: 11_000, merged: 2, unchanged: 0, stored: 0, queued: 10_000, problems: [] };

describe('drops', () => {
  it('takes pages and text as articles, OPML as feeds, anything else through Import', () => {
    expect(dropKind('Kept Page.HTML')).toBe('article');
    expect(dropKind('notes.txt')).toBe('article');
    expect(dropKind('feeds.opml')).toBe('opml');
    expect(dropKind('pocket.csv')).toBe('library');
    expect(dropKind('omnivore.zip')).toBe('library');
    expect(dropKind('noextension')).toBe('library');
  });

  it('saves the first http(s) link of a uri-list and refuses javascript:, file: and overlong ones', () => {
    expect(firstWebUrl('# comment\r\nhttps://a.example/x\r\nhttps://b.example/')).toBe('https://a.example/x');
    expect(firstWebUrl('javascript:alert(1)')).toBeNull();
    expect(firstWebUrl('file:///etc/passwd')).toBeNull();
    expect(firstWebUrl(`https://a.example/${'x'.repeat(2100)}`)).toBeNull();
    expect(firstWebUrl('')).toBeNull();
  });
});

describe('the import summary', () => {
  it('says what came in with thousands separated', () => {
    const { text, problems } = importSummary(RESULT);
    expect(text).toBe('Imported from Pocket (CSV): 11,000 new articles, 2 already here (updated), 10,000 to fetch in the background.');
    expect(problems).toBeNull();
  });

  it('speaks of feeds for a file of subscriptions, and says they are being fetched', () => {
    const opml: ImportResult = { format: 'opml', items: 40, added: 0, merged: 0, unchanged: 0, stored: 0, queued: 0, problems: [], feeds: { added: 37, existing: 3, folders: 2, errors: [], refreshing: 37 } };
    expect(importSummary(opml).text).toBe('OPML: 37 feeds added, 3 already there, 2 folders; fetching them now.');
    const nothingNew = { ...opml, feeds: { added: 0, existing: 40, folders: 0, errors: [], refreshing: 0 } };
    expect(importSummary(nothingNew).text).toBe('OPML: 0 feeds added, 40 already there, 0 folders.');
  });

  it('lists the problems with their lines, and how many more', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ line: i + 2, item: `javascript:alert(${i})`, reason: 'not a web address' }));
    const summary = importSummary({ ...RESULT, problems });
    expect(summary.problems).toContain('7 entries of the file could not be imported: line 2: javascript:alert(0): not a web address');
    expect(summary.problems).toContain('and 2 more');
  });
});

describe('the bookmarklet', () => {
  it('opens the server confirm page in a new tab without an opener, the page address and title encoded', () => {
    const code = bookmarklet('http://127.0.0.1:4321/save');
    expect(code).toBe("javascript:(function(){window.open('http://127.0.0.1:4321/save?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title),'_blank','noopener')})()");
  });

  it('goes to tidings://save in place in the desktop app', () => {
    expect(bookmarklet('tidings://save')).toBe("javascript:(function(){location.href='tidings://save?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)})()");
  });
});

describe('browser-mode uploads', () => {
  it('posts the file with its name and forced format, and reports the server error as an ArchiveError', async () => {
    const asked: string[] = [];
    const ok = httpTransfers('http://127.0.0.1:9', async (url) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ result: RESULT }), { status: 200 });
    });
    expect(await ok.importLibrary(new File(['x'], 'my pocket.csv'), 'pocket-csv')).toEqual(RESULT);
    expect(asked).toEqual(['http://127.0.0.1:9/api/import?name=my+pocket.csv&format=pocket-csv']);
    const failing = httpTransfers('http://127.0.0.1:9', async () => new Response(JSON.stringify({ error: 'import: x.csv: not a format Tidings reads', kind: 'invalid' }), { status: 400 }));
    await expect(failing.importLibrary(new File(['x'], 'x.csv'), undefined)).rejects.toMatchObject({ message: 'import: x.csv: not a format Tidings reads', kind: 'invalid' });
    expect(await ok.importLibrary(null, undefined)).toBeNull();
  });

  it('shows a failed export as an error instead of offering a broken download', async () => {
    const failing = httpTransfers('http://127.0.0.1:9', async () => new Response(JSON.stringify({ error: 'export: markdown: not built yet', kind: 'failed' }), { status: 500 }));
    await expect(failing.exportLibrary({ format: 'markdown' })).rejects.toMatchObject({ message: 'export: markdown: not built yet' });
  });

  it('offers a finished export under the name the server gave, never a name of its own making from the query', async () => {
    const asked: string[] = [];
    const clicked: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    URL.createObjectURL ??= () => 'blob:x';
    try {
      const ok = httpTransfers('http://127.0.0.1:9', async (url) => {
        asked.push(String(url));
        return new Response('zip', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="tidings-archive-2026-11-29.zip"' } });
      });
      expect(await ok.exportLibrary({ format: 'archive', query: 'tag:"../x"' })).toBe('Exported to tidings-archive-2026-11-29.zip (in your downloads)');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(asked).toEqual(['http://127.0.0.1:9/api/export?format=archive&query=tag%3A%22..%2Fx%22']);
    expect(clicked).toEqual(['tidings-archive-2026-11-29.zip']);
  });
});
