// The search part of the archive, end to end through the API: the seed article found in Polish
// with and without diacritics, a generated archive answering as a linear scan does, the index
// kept on disk (reopened without rebuilding, rebuilt when corrupt), changes visible at once,
// tags across the library, rules, views, retention and settings.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { TidingsError } from '../../src/errors.js';
import type { ArticleRecord, Feed, LibraryData } from '../../src/model/index.js';
import { shortHash } from '../../src/model/identity.js';
import { parseQuery, type ParsedQuery, tokenize } from '../../src/search/index.js';
import { stemmerOf } from '../../src/search/analyze.js';
import { formsIn, languageMark, languageOf, variantsOf } from '../../src/search/terms.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `tidings-search-${name}-`));

function recorder(archive: Archive): ArchiveEvent[] {
  const events: ArchiveEvent[] = [];
  archive.on((e) => events.push(e));
  return events;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

// ---- a generated archive written straight to disk --------------------------------------

const WORDS = ['sztuczna', 'sztuczną', 'inteligencję', 'inteligencja', 'Łódź', 'łódka', 'zażółć', 'gęślą', 'jaźń', 'GPU', 'gpus',
  'twitter', 'Musk', 'model', 'models', 'open', 'source', 'the', 'in', 'Kraków', 'café', 'data', 'news', 'newsletter', '人', '工'];
const TAGS = ['ai', 'Machine Learning', 'gpu', 'polska'];

interface Generated {
  dir: string;
  data: LibraryData;
  texts: Record<string, string>;
}

function generateArchive(count: number): Generated {
  const dir = tmp('gen');
  let seed = 42;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' ');
  const data = emptyLibrary(SCHEMA_VERSION);
  data.seeded = true;
  const feeds: Feed[] = [feed('Ars Technica', 'https://arstechnica.com/', 30), feed('Gazeta Wyborcza', 'https://www.wyborcza.pl/', null)];
  feeds.forEach((f) => (data.feeds[f.id] = f));
  const texts: Record<string, string> = {};
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const id = shortHash(`generated ${i}`);
    const fromFeed = i % 4 !== 0 ? feeds[i % 2]! : null;
    const text = `${words(10 + Math.floor(r() * 60))}\n\n${words(20)}`;
    const date = new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString();
    texts[id] = text;
    writeFileSync(path.join(dir, 'articles', `${id}.txt`), text);
    writeFileSync(path.join(dir, 'articles', `${id}.html`), `<p>${text}</p>`);
    data.articles[id] = {
      id, source: fromFeed ? 'feed' : 'url', feedId: fromFeed?.id ?? null, guid: fromFeed ? `g${i}` : null,
      url: fromFeed ? `${fromFeed.siteUrl}a/${i}` : `https://blog.example.org/p/${i}`, title: words(4),
      byline: i % 5 === 0 ? 'Jan Kowalski' : null, siteName: null, lang: null, publishedAt: date, excerpt: null, wordCount: 10,
      readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: i % 9 === 0 ? ['Hardware'] : [], contentHash: shortHash(text),
      extraction: { status: 'done', reason: null, attempts: 1, at: date },
      read: i % 3 === 0, starred: i % 11 === 0, tags: TAGS.filter(() => r() < 0.2), savedAt: fromFeed ? null : date, addedAt: date,
    };
  }
  writeFileSync(path.join(dir, 'library.json'), JSON.stringify(data));
  return { dir, data, texts };
}

function feed(title: string, siteUrl: string, retentionDays: number | null): Feed {
  return {
    id: shortHash(`feed ${title}`), url: `${siteUrl}feed`, siteUrl, title, folder: null, fetchFullArticle: false, refreshMinutes: null,
    retentionDays, http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2023-01-01T00:00:00.000Z', lastFetchedAt: null,
    lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
  };
}

/**
 * The reference answer: every field of every article, looked at word by word. A query word
 * matches one of its forms (variantsOf): in the text, the word's stem in the article's language;
 * in a tag, one of the tag word's forms.
 */
function linearScan(query: ParsedQuery, gen: Generated): string[] {
  const same = (word: string | undefined, t: string, prefix: boolean) =>
    word !== undefined && ((prefix && word.startsWith(t)) || variantsOf(t).includes(word));
  // In the text, a whole word's stems are those of the languages the library's articles are in
  // (a prefix keeps every language's).
  const langs = [...new Set(['en', ...Object.values(gen.data.articles).map((a) => languageOf(a.lang, a.title, gen.texts[a.id]!))])].filter((l) => languageMark(l) !== null);
  const inText = (word: string | undefined, t: string, prefix: boolean) =>
    word !== undefined && (prefix ? same(word, t, true) : formsIn(t, langs).includes(word));
  const contains = (fields: string[][], tokens: string[], prefix: boolean) =>
    fields.some((w) => w.some((_, s) => tokens.every((t, k) => inText(w[s + k], t, prefix && k === tokens.length - 1))));
  return Object.values(gen.data.articles)
    .filter((a) => {
      const body = gen.texts[a.id]!;
      const stem = stemmerOf({ id: a.id, hash: '', title: a.title, byline: '', site: '', body, lang: a.lang });
      const tagForms = a.tags.map((t) => tokenize(t).map((w) => variantsOf(w)));
      const inTags = (tokens: string[], prefix: boolean) =>
        tagForms.some((w) => w.some((_, s) => tokens.every((t, k) => w[s + k] !== undefined &&
          (w[s + k]!.some((form) => same(form, t, prefix && k === tokens.length - 1))))));
      const fields = [a.title, a.byline ?? '', a.siteName ?? '', body].map((f) => tokenize(f).map(stem));
      return query.groups.every((g) => {
        const any = g.items.some((item) => {
          switch (item.kind) {
            case 'text': return contains(fields, item.tokens, item.prefix) || inTags(item.tokens, item.prefix);
            case 'tag': return a.tags.some((t) => t.toLowerCase() === item.value.toLowerCase());
            case 'feed': return a.feedId !== null && gen.data.feeds[a.feedId]!.title.toLowerCase().includes(item.value.toLowerCase());
            case 'site': return new URL(a.url!).hostname.replace(/^www\./, '').endsWith(item.value);
            case 'is': return { read: a.read, unread: !a.read, starred: a.starred, saved: a.savedAt !== null, today: false, started: false }[item.value]; // no dates of today, nothing started here
            case 'has': case 'note': case 'highlight': return false; // no highlights or notes here
            case 'before': return (a.publishedAt ?? a.addedAt) < item.value;
            case 'after': return (a.publishedAt ?? a.addedAt) >= item.value;
          }
        });
        return g.negated ? !any : any;
      });
    })
    .map((a) => a.id)
    .sort();
}

const TABLE = [
  'gpu ', 'GPU', 'sztuczna ', 'sztuczną inteligencję ', 'SZTUCZNA INTELIGENCJE ', 'lodz ', 'łódź ', 'zazolc gesla jazn ', 'krakow ', 'cafe ',
  '"sztuczna inteligencja"', '"open source"', '"source open"', 'gpu -twitter ', '-twitter -gpu ', 'musk OR krakow ', 'mod*', 'news',
  '人工 ', 'jan kowalski ', 'kowal*', 'machine ', '"machine learning"', 'tag:ai ', '-tag:ai gpu ', 'tag:"machine learning" ',
  'tag:ai OR tag:polska ', 'feed:ars ', 'feed:gazeta gpu ', '-feed:ars ', 'site:arstechnica.com ', 'site:wyborcza.pl model ',
  'site:example.org ', 'is:saved ', 'is:unread gpu ', 'is:read ', 'is:starred ', 'before:2023-03-01 ', 'after:2023-06-01 twitter ',
  'is:saved OR is:starred ',
];

describe('archive: search over a generated archive', () => {
  const gen = generateArchive(260);
  let archive: Archive;
  let events: ArchiveEvent[];

  it('builds the missing index on a worker, with progress', async () => {
    archive = await openArchive(gen.dir);
    events = recorder(archive);
    const page = await archive.search('gpu');
    expect(page.total).toBeGreaterThan(0);
    const index = events.filter((e) => e.type === 'index');
    expect(index.some((e) => e.type === 'index' && e.phase === 'done' && e.total === 260)).toBe(true);
    expect(existsSync(path.join(gen.dir, 'index', 'segment.bin'))).toBe(true);
    expect(events.filter((e) => e.type === 'notice')).toEqual([]);
  });

  it.each(TABLE)('finds what a linear scan finds: %s', async (query) => {
    const page = await archive.listArticles({ query, limit: 1000 });
    expect(page.items.map((a) => a.id).sort()).toEqual(linearScan(parseQuery(query), gen));
    expect(page.total).toBe(page.items.length);
  });

  it('finds something for nearly every query of the table', async () => {
    let empty = 0;
    for (const query of TABLE) if ((await archive.search(query)).total === 0) empty++;
    expect(empty).toBeLessThanOrEqual(2);
  });

  it('combines the query with the structured filters of a list', async () => {
    const ars = Object.values(gen.data.feeds).find((f) => f.title === 'Ars Technica')!;
    const page = await archive.listArticles({ query: 'gpu ', feedId: ars.id, view: 'unread', limit: 1000 });
    expect(page.items.map((a) => a.id).sort()).toEqual(linearScan(parseQuery('gpu feed:ars is:unread'), gen));
  });

  it('pages results by relevance with snippets, or by date', async () => {
    const all = await archive.search('gpu ', { limit: 1000 });
    const first = await archive.search('gpu ', { limit: 5 });
    const second = await archive.search('gpu ', { limit: 5, offset: 5 });
    expect([...first.items, ...second.items].map((a) => a.id)).toEqual(all.items.slice(0, 10).map((a) => a.id));
    const scores = all.items.map((a) => a.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(first.items[0]!.snippet).toMatch(/<mark>gpus?<\/mark>/i);
    const byDate = await archive.search('gpu sort:date', { limit: 1000 });
    const dates = byDate.items.map((a) => a.publishedAt!);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('pages an operators-only query in date order, as the plain list does, and follows changes', async () => {
    const viaQuery = await archive.listArticles({ query: 'is:unread', offset: 5, limit: 10 });
    const viaView = await archive.listArticles({ view: 'unread', offset: 5, limit: 10 });
    expect(viaQuery.items.map((a) => a.id)).toEqual(viaView.items.map((a) => a.id));
    expect(viaQuery.total).toBe(viaView.total);
    const first = viaQuery.items[0]!.id;
    await archive.setRead([first], true);
    const after = await archive.listArticles({ query: 'is:unread', offset: 5, limit: 10 });
    expect(after.total).toBe(viaQuery.total - 1);
    expect(after.items.map((a) => a.id)).not.toContain(first);
    expect((await archive.listArticles({ query: 'is:read', limit: 1000 })).items.find((a) => a.id === first)?.read).toBe(true);
    await archive.setRead([first], false);
  });

  it('reopens without rebuilding', async () => {
    await archive.close();
    const file = path.join(gen.dir, 'index', 'segment.bin');
    const before = statSync(file).mtimeMs;
    archive = await openArchive(gen.dir);
    events = recorder(archive);
    expect((await archive.search('gpu ')).total).toBe(linearScan(parseQuery('gpu '), gen).length);
    expect(events.filter((e) => e.type === 'index')).toEqual([]);
    expect(statSync(file).mtimeMs).toBe(before);
    await archive.close();
  });

  it('rebuilds a corrupt index and says so', async () => {
    const file = path.join(gen.dir, 'index', 'segment.bin');
    writeFileSync(file, 'this is not an index');
    archive = await openArchive(gen.dir);
    events = recorder(archive);
    expect((await archive.search('krakow ', { limit: 1000 })).items.map((a) => a.id).sort()).toEqual(linearScan(parseQuery('krakow '), gen));
    expect(events.some((e) => e.type === 'notice' && e.message.includes('rebuilding the index'))).toBe(true);
    await archive.close();
  });

  it('rebuilds an index whose bytes were changed inside (checksum)', async () => {
    const file = path.join(gen.dir, 'index', 'segment.bin');
    const bytes = readFileSync(file);
    const at = bytes.length - 40; // inside the document table: the tables still look sound
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
    archive = await openArchive(gen.dir);
    events = recorder(archive);
    await waitFor(() => events.some((e) => e.type === 'notice' && e.message.includes('checksum')), 'the checksum notice');
    expect((await archive.search('zazolc ', { limit: 1000 })).items.map((a) => a.id).sort()).toEqual(linearScan(parseQuery('zazolc '), gen));
    await archive.close();
  });
});

describe('archive: search with the seed article', () => {
  it('finds the seed by gpu, Polish words with and without diacritics, and its tags', async () => {
    const archive = await openArchive(tmp('seed'));
    const seed = (await archive.listArticles({})).items[0]!;
    for (const query of ['gpu', 'GPU', 'sztuczna', 'sztuczną', 'sztuczną inteligencję', 'sztuczna inteligencje', 'SZTUCZN*', 'twitter', 'tag:ai', 'tag:twitter', 'tag:gpu', 'tag:elon-musk', 'tag:ELON-MUSK', 'elon-musk', 'musk']) {
      const page = await archive.search(query);
      expect(page.items.map((a) => a.id), query).toEqual([seed.id]);
    }
    expect((await archive.search('"sztuczną inteligencję"')).total).toBe(1);
    expect((await archive.search('gpu -twitter')).total).toBe(0);
    expect((await archive.search('tag:bitcoin')).total).toBe(0);
    const page = await archive.search('sztuczną inteligencję');
    expect(page.items[0]!.snippet).toContain('<mark>sztuczną</mark> <mark>inteligencję</mark>');
    await archive.close();
  });

  it('refuses a malformed query with a clear error and leaves the archive alone', async () => {
    const archive = await openArchive(tmp('bad'));
    await expect(archive.search('foo:bar')).rejects.toThrow(TidingsError);
    await expect(archive.search('foo:bar')).rejects.toThrow(/unknown operator 'foo:'/);
    await expect(archive.listArticles({ query: 'before:soon' })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(archive.search('  ')).rejects.toMatchObject({ kind: 'invalid' });
    expect((await archive.stats()).articles).toBe(1);
    await archive.close();
  });
});

describe('archive: changes are searchable at once', () => {
  it('adds, tags, untags and deletes', async () => {
    const dir = tmp('live');
    const archive = await openArchive(dir);
    const file = path.join(dir, 'note.txt');
    writeFileSync(file, 'Quasar notes\n\nA quasar is an extremely luminous active galactic nucleus.');
    const note = await archive.importFile(file);
    expect((await archive.search('quasar')).items.map((a) => a.id)).toEqual([note.id]);
    expect((await archive.search('"galactic nucleus"')).total).toBe(1);
    await archive.tagArticles([note.id], ['Astronomy']);
    expect((await archive.search('astronomy')).items.map((a) => a.id)).toEqual([note.id]);
    expect((await archive.search('tag:astronomy quasar')).total).toBe(1);
    await archive.untagArticles([note.id], ['astronomy']);
    expect((await archive.search('astronomy')).total).toBe(0);
    await archive.setRead([note.id], true);
    expect((await archive.search('quasar is:unread')).total).toBe(0);
    await archive.deleteArticles([note.id]);
    expect((await archive.search('quasar')).total).toBe(0);
    await archive.close();
    const again = await openArchive(dir);
    expect((await again.search('quasar')).total).toBe(0);
    expect((await again.search('gpu')).total).toBe(1);
    await again.close();
  });
});

describe('archive: tags across the library', () => {
  async function twoNotes() {
    const dir = tmp('tags');
    const archive = await openArchive(dir);
    const a = path.join(dir, 'a.txt');
    const b = path.join(dir, 'b.txt');
    writeFileSync(a, 'Graphics cards\n\nNew GPU prices fell.');
    writeFileSync(b, 'Garden\n\nTomatoes want sun.');
    const ids = [(await archive.importFile(a, { tags: ['ML'] })).id, (await archive.importFile(b, { tags: ['garden'] })).id];
    return { archive, ids };
  }

  it('lists, renames, merges and deletes', async () => {
    const { archive, ids } = await twoNotes();
    expect(await archive.listTags()).toEqual([
      { name: 'ai', count: 1 }, { name: 'elon-musk', count: 1 }, { name: 'garden', count: 1 }, { name: 'gpu', count: 1 },
      { name: 'ML', count: 1 }, { name: 'twitter', count: 1 },
    ]);
    expect(await archive.renameTag('ml', 'Machine Learning')).toBe(1);
    expect((await archive.getArticle(ids[0]!)).tags).toEqual(['Machine Learning']);
    expect(await archive.mergeTags(['machine learning', 'elon-musk'], 'ai')).toBe(2);
    expect((await archive.listTags()).find((t) => t.name === 'ai')).toEqual({ name: 'ai', count: 2 });
    expect((await archive.getArticle(ids[0]!)).tags).toEqual(['ai']);
    expect(await archive.deleteTag('AI')).toBe(2);
    expect((await archive.listTags()).map((t) => t.name)).toEqual(['garden', 'gpu', 'twitter']);
    expect(await archive.renameTag('garden', 'Garden')).toBe(1);
    expect((await archive.getArticle(ids[1]!)).tags).toEqual(['Garden']);
    await expect(archive.renameTag('garden', '  ')).rejects.toMatchObject({ kind: 'invalid' });
    expect((await archive.listTags()).map((t) => t.name)).toContain('Garden');
    await archive.close();
  });

  it('tags and untags every article a query matches', async () => {
    const { archive } = await twoNotes();
    expect(await archive.tagQuery('gpu', ['Hardware'])).toBe(2); // the note and the seed
    expect(await archive.tagQuery('gpu', ['hardware'])).toBe(0);
    expect((await archive.listArticles({ tag: 'HARDWARE' })).total).toBe(2);
    expect(await archive.untagQuery('tag:hardware tomatoes OR prices', ['hardware'])).toBe(1);
    expect((await archive.listArticles({ tag: 'hardware' })).total).toBe(1);
    await expect(archive.tagQuery('gpu', [])).rejects.toMatchObject({ kind: 'invalid' });
    await expect(archive.tagQuery('nope:x', ['a'])).rejects.toMatchObject({ kind: 'invalid' });
    await archive.close();
  });
});

describe('archive: rules', () => {
  it('previews, then applies, over the archive, with the same counts', async () => {
    const dir = tmp('rules');
    const archive = await openArchive(dir);
    const rule = await archive.addRule({ query: 'gpu', addTags: ['hardware'], star: true });
    expect(await archive.listRules()).toEqual([rule]);
    const preview = await archive.runRules({ dryRun: true });
    expect(preview).toEqual({ dryRun: true, rules: [{ id: rule.id, name: 'gpu', matched: 1, changed: 1 }], changed: 1 });
    expect((await archive.listArticles({ tag: 'hardware' })).total).toBe(0);
    const run = await archive.runRules({ dryRun: false });
    expect(run).toEqual({ ...preview, dryRun: false });
    const seed = (await archive.listArticles({ tag: 'hardware' })).items[0]!;
    expect(seed.starred).toBe(true);
    expect((await archive.runRules({ dryRun: false })).changed).toBe(0);
    await archive.close();
  });

  it('runs on every new article', async () => {
    const dir = tmp('rules-new');
    const archive = await openArchive(dir);
    await archive.addRule({ name: 'space', query: 'quasar OR galaxy', addTags: ['Space'], markRead: true });
    await archive.addRule({ query: 'tomato', addTags: ['garden'] });
    await archive.search('anything'); // the index is built: rules act before importFile returns
    const file = path.join(dir, 'n.txt');
    writeFileSync(file, 'Notes\n\nThe galaxy was bright.');
    const note = await archive.importFile(file);
    const stored = await archive.getArticle(note.id);
    expect(stored.tags).toEqual(['Space']);
    expect(stored.read).toBe(true);
    await archive.removeRule((await archive.listRules())[0]!.id);
    expect((await archive.listRules()).map((r) => r.query)).toEqual(['tomato']);
    await expect(archive.removeRule('nope')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(archive.addRule({ query: 'x' })).rejects.toMatchObject({ kind: 'invalid' });
    await archive.close();
  });
});

describe('archive: a rule that no longer parses', () => {
  it('is reported and does not stop the other rules', async () => {
    const gen = generateArchive(3);
    const data = JSON.parse(readFileSync(path.join(gen.dir, 'library.json'), 'utf8')) as LibraryData;
    const rule = { name: 'old', addTags: ['x'], markRead: false, star: false, createdAt: '2024-01-01T00:00:00.000Z' };
    data.rules = [{ ...rule, id: 'r1', query: 'colour:red' }, { ...rule, id: 'r2', name: 'good', query: 'comet', addTags: ['space'] }];
    writeFileSync(path.join(gen.dir, 'library.json'), JSON.stringify(data));
    const archive = await openArchive(gen.dir);
    const events = recorder(archive);
    await archive.search('anything'); // the index is built: rules act before importFile returns
    const file = path.join(gen.dir, 'comet.txt');
    writeFileSync(file, 'Comets\n\nA comet passed by.');
    const note = await archive.importFile(file);
    expect((await archive.getArticle(note.id)).tags).toEqual(['space']);
    expect(events.some((e) => e.type === 'notice' && e.message.includes("rules: old: search: colour:red: unknown operator 'colour:'"))).toBe(true);
    await archive.close();
  });
});

describe('archive: rules while the index is being built', () => {
  it('act on a new article once the index is complete', async () => {
    const gen = generateArchive(3);
    const data = JSON.parse(readFileSync(path.join(gen.dir, 'library.json'), 'utf8')) as LibraryData;
    data.rules = [{ id: 'r1', name: 'comets', query: 'comet', addTags: ['space'], markRead: false, star: false, createdAt: '2024-01-01T00:00:00.000Z' }];
    writeFileSync(path.join(gen.dir, 'library.json'), JSON.stringify(data));
    const archive = await openArchive(gen.dir);
    const file = path.join(gen.dir, 'comet.txt');
    writeFileSync(file, 'Comets\n\nA comet passed by.');
    const note = await archive.importFile(file); // right after open: the index may still be building
    await archive.search('comet');
    for (let i = 0; i < 100 && (await archive.getArticle(note.id)).tags.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await archive.getArticle(note.id)).tags).toEqual(['space']);
    await archive.close();
  });
});

describe('archive: views, retention, settings', () => {
  it('counts smart views, tags and saved searches', async () => {
    const gen = generateArchive(40);
    const archive = await openArchive(gen.dir);
    const saved = await archive.saveSearch('Polish AI', 'sztuczna inteligencja');
    const views = await archive.listViews();
    const count = (id: string) => views.find((v) => v.id === id)!.count;
    const all = Object.values(gen.data.articles);
    expect(count('unread')).toBe(all.filter((a) => !a.read).length);
    expect(count('starred')).toBe(all.filter((a) => a.starred).length);
    expect(count('saved')).toBe(all.filter((a) => a.savedAt).length);
    expect(count('tag:ai')).toBe(all.filter((a) => a.tags.includes('ai')).length);
    expect(count(saved.id)).toBe(linearScan(parseQuery('sztuczna inteligencja'), gen).length);
    expect(views.find((v) => v.id === saved.id)).toMatchObject({ kind: 'saved-search', name: 'Polish AI' });
    await archive.removeSavedSearch(saved.id);
    expect((await archive.listViews()).some((v) => v.kind === 'saved-search')).toBe(false);
    await expect(archive.saveSearch('x', 'bad:op')).rejects.toMatchObject({ kind: 'invalid' });
    await archive.close();
  });

  it('removes old read feed items only where a feed asks, and previews first', async () => {
    const gen = generateArchive(40);
    const archive = await openArchive(gen.dir);
    const ars = Object.values(gen.data.feeds).find((f) => f.retentionDays === 30)!;
    const expected = Object.values(gen.data.articles).filter((a: ArticleRecord) => a.feedId === ars.id && a.read && !a.starred && a.tags.length === 0);
    expect(expected.length).toBeGreaterThan(0);
    const preview = await archive.applyRetention({ dryRun: true });
    expect(preview).toEqual({ dryRun: true, removed: expected.length, perFeed: [{ feedId: ars.id, title: 'Ars Technica', removed: expected.length }] });
    expect((await archive.stats()).articles).toBe(40);
    const done = await archive.applyRetention({ dryRun: false });
    expect(done.removed).toBe(expected.length);
    expect((await archive.stats()).articles).toBe(40 - expected.length);
    const left = new Set((await archive.search(`feed:ars`, { limit: 1000 })).items.map((a) => a.id));
    expect(expected.some((a) => left.has(a.id))).toBe(false);
    await archive.close();
  });

  it('applies retention by itself after a refresh', async () => {
    const gen = generateArchive(40);
    const archive = await openArchive(gen.dir);
    const ars = Object.values(gen.data.feeds).find((f) => f.retentionDays === 30)!;
    const expired = Object.values(gen.data.articles).filter((a: ArticleRecord) => a.feedId === ars.id && a.read && !a.starred && a.tags.length === 0);
    expect(expired.length).toBeGreaterThan(0);
    // The feed's server has nothing new: the refresh itself stores nothing.
    const server = http.createServer((_req, res) => void res.writeHead(304).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await archive.updateFeed(ars.id, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml` });
      expect(await archive.refresh({ feedId: ars.id })).toMatchObject({ notModified: 1, newArticles: 0 });
      await archive.close();
    } finally {
      server.close();
    }
    const reopened = await openArchive(gen.dir);
    expect((await reopened.stats()).articles).toBe(40 - expired.length);
    for (const a of expired) await expect(reopened.getArticle(a.id)).rejects.toMatchObject({ kind: 'not-found' });
    await reopened.close();
  });

  it('reads and changes settings, refusing bad values', async () => {
    const archive = await openArchive(tmp('settings'));
    expect((await archive.getSettings()).theme).toBe('system');
    expect(await archive.updateSettings({ theme: 'dark', fontSize: 20 })).toMatchObject({ theme: 'dark', fontSize: 20 });
    await expect(archive.updateSettings({ fontSize: 2 })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(archive.updateSettings({ colour: 'red' } as never)).rejects.toThrow(/unknown key 'colour'/);
    expect((await archive.getSettings()).fontSize).toBe(20);
    await archive.close();
  });
});
