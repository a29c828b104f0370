// Tidings' own archive export (a zip, docs/data-format.md) read back: records with their ids,
// dates, states and tags, article files and assets, byte for byte; merged into a non-empty
// archive without duplicates (an article already here merges its state as a sync would; a
// deleted one stays deleted). The zip is untrusted input: every entry is checked against the
// manifest's sha256 before anything is written, names are checked, records go through the
// store's own validator, and the HTML through the sanitizer again.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportProblem, ImportResult } from '../api.js';
import { TidingsError } from '../errors.js';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ZipReader, type ZipEntry } from '../exports/index.js';
import type { ArticleRecord, Feed, Highlight, LibraryData, SavedSearch, TagRule } from '../model/index.js';
import { isAssetName, isPlainObject, journalRecordProblem, settingIsValid, syncDir } from '../store/index.js';
import type { ArchiveContext } from './context.js';

/** What restoring needs from other parts: the extraction part's sanitizer (wired in src/archive/index.ts). */
export interface RestoreNeeds {
  /** Sanitized HTML of a stored article's HTML (its `tidings-asset:` images kept). */
  sanitize(html: string): Promise<string>;
}

/**
 * The most all entries may inflate to: 100 times the zip (HTML and text deflate 3 to 10 times,
 * repetitive text far more; deflate's own limit is about 1000), at least 64 MiB, never past 8 GiB.
 */
export function inflateCap(zipBytes: number): number {
  return Math.min(8 * 1024 ** 3, Math.max(64 * 1024 ** 2, 100 * zipBytes));
}

const ARTICLE_FILE = /^articles\/([0-9a-f]{16})\.(html|txt)$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
/** Articles whose files are held in memory at once while writing. */
const BATCH = 100;

/**
 * Whether `file` is a Tidings archive export, from its zip directory and manifest alone: an
 * archive of several gigabytes is recognised without being read (an import reads other files
 * whole, up to a cap an archive of images passes).
 */
export async function isTidingsArchive(file: string): Promise<boolean> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file, { maxTotal: inflateCap });
  } catch {
    return false; // not a zip (or not a readable one): the format detection decides
  }
  try {
    return await isTidingsZip(zip);
  } finally {
    await zip.close();
  }
}

/** Whether an open zip is a Tidings archive export: its manifest.json says so. */
export async function isTidingsZip(zip: ZipReader): Promise<boolean> {
  const manifest = zip.entries.find((e) => e.name === 'manifest.json');
  if (!manifest || manifest.size > 64 * 1024 * 1024) return false;
  try {
    const doc = await readJson(zip, manifest, zip.file, 'manifest.json');
    return doc.format === ARCHIVE_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Restore a Tidings archive export into the open archive: from `source`, a file (opened and
 * closed here), or a zip already open (importLibrary's, opened with `inflateCap`; its caller closes it).
 */
export async function restoreArchive(ctx: ArchiveContext, source: string | ZipReader, needs: RestoreNeeds): Promise<ImportResult> {
  const zip = typeof source === 'string' ? await ZipReader.open(source, { maxTotal: inflateCap }) : source;
  const file = zip.file;
  try {
    const problems: ImportProblem[] = [];
    const entries = checkNames(zip.entries, problems);
    const manifest = await readManifest(zip, entries.get('manifest.json'));
    await verify(zip, entries, manifest, file);
    const library = await readJson(zip, entries.get('library.json'), file, 'library.json');
    return await restoreRecords(ctx, zip, entries, library, problems, needs);
  } finally {
    if (zip !== source) await zip.close();
  }
}

/** Entries by name; a name that is not one an archive holds is refused here, never read. */
function checkNames(all: readonly ZipEntry[], problems: ImportProblem[]): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  for (const entry of all) {
    const { name } = entry;
    if (name.endsWith('/')) continue; // a folder entry
    const known = name === 'manifest.json' || name === 'library.json' || ARTICLE_FILE.test(name) || (name.startsWith('assets/') && isAssetName(name.slice(7)));
    if (!known) problems.push({ line: null, item: name.slice(0, 200), reason: 'not a file a Tidings archive holds (a path outside it, or a name we do not write): left out' });
    else if (entries.has(name)) problems.push({ line: null, item: name, reason: 'the zip holds this name twice: the second left out' });
    else entries.set(name, entry);
  }
  return entries;
}

interface Manifest {
  files: Map<string, { bytes: number; sha256: string }>;
}

async function readManifest(zip: ZipReader, entry: ZipEntry | undefined): Promise<Manifest> {
  const bad = (why: string) => new TidingsError('import', zip.file, `not a Tidings archive: ${why}`, 'invalid');
  if (!entry) throw bad('no manifest.json');
  const doc = await readJson(zip, entry, zip.file, 'manifest.json');
  if (doc.format !== ARCHIVE_FORMAT) throw bad('manifest.json does not say "tidings-archive"');
  if (typeof doc.version !== 'number' || doc.version > ARCHIVE_VERSION) throw bad(`archive version ${String(doc.version)} is newer than this Tidings reads (${ARCHIVE_VERSION})`);
  if (!Array.isArray(doc.files)) throw bad('manifest.json lists no files');
  const files = new Map<string, { bytes: number; sha256: string }>();
  for (const f of doc.files as unknown[]) {
    if (!isPlainObject(f) || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number') throw bad('a damaged file list in manifest.json');
    files.set(f.path, { bytes: f.bytes, sha256: f.sha256 });
  }
  return { files };
}

/** Every entry hashed against the manifest before anything is written: a tampered or truncated zip changes nothing. */
async function verify(zip: ZipReader, entries: Map<string, ZipEntry>, manifest: Manifest, file: string): Promise<void> {
  const tampered = (why: string) => new TidingsError('import', file, `the archive is damaged or was changed after export (${why}): nothing was restored`, 'invalid');
  // An entry refused by name (checkNames) is there all the same: refused, not missing.
  const inZip = new Set(zip.entries.map((e) => e.name));
  for (const name of manifest.files.keys()) if (!inZip.has(name) && name !== 'manifest.json') throw tampered(`${name} is missing`);
  for (const [name, entry] of entries) {
    if (name === 'manifest.json') continue;
    const expected = manifest.files.get(name);
    if (!expected) throw tampered(`${name} is not in the manifest`);
    const hash = createHash('sha256');
    let bytes = 0;
    await zip.read(entry, (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    }).catch((error: unknown) => {
      throw error instanceof TidingsError && /zip bomb/.test(error.message) ? error : tampered(`${name}: ${(error as Error).message}`);
    });
    if (bytes !== expected.bytes || hash.digest('hex') !== expected.sha256) throw tampered(`${name} does not match its checksum`);
  }
}

/** JSON with prototype keys dropped wherever they are (a record's `__proto__` must never reach the store). */
async function readJson(zip: ZipReader, entry: ZipEntry | undefined, file: string, name: string): Promise<Record<string, unknown>> {
  if (!entry) throw new TidingsError('import', file, `not a Tidings archive: no ${name}`, 'invalid');
  let doc: unknown;
  try {
    doc = JSON.parse((await zip.readAll(entry)).toString('utf8'), (key, value: unknown) => (RESERVED.has(key) ? undefined : value));
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    throw new TidingsError('import', file, `${name} is not valid JSON`, 'invalid');
  }
  if (!isPlainObject(doc)) throw new TidingsError('import', file, `${name} is not an object`, 'invalid');
  return doc;
}

type Counts = Pick<ImportResult, 'added' | 'merged' | 'unchanged'> & { deleted: number };

async function restoreRecords(ctx: ArchiveContext, zip: ZipReader, entries: Map<string, ZipEntry>, library: Record<string, unknown>, problems: ImportProblem[], needs: RestoreNeeds): Promise<ImportResult> {
  const wasEmpty = Object.keys(ctx.data.articles).length <= 1 && Object.keys(ctx.data.feeds).length === 0;
  const articles = validArticles(library.articles, entries, problems);
  const items = isPlainObject(library.articles) ? Object.keys(library.articles).length : 0;
  const counts: Counts = { added: 0, merged: 0, unchanged: 0, deleted: 0 };
  const fresh = articles.filter((a) => !Object.hasOwn(ctx.data.articles, a.id) && !Object.hasOwn(ctx.data.tombstones, a.id));
  ctx.emit({ type: 'import', phase: 'records', format: 'tidings', done: 0, total: articles.length });
  await writeAssets(ctx, zip, entries, problems);
  const stored = await writeArticleFiles(ctx, zip, entries, fresh, problems, needs);
  const feeds = validList<Feed>('f', library.feeds, problems, 'feeds');
  const rules = validList<TagRule>('r', library.rules, problems, 'rules');
  const searches = validList<SavedSearch>('s', library.savedSearches, problems, 'savedSearches');
  const merged: string[] = [];
  ctx.library.change((data) => {
    for (const article of articles) {
      // Deleted here: it stays deleted (counted apart, as the other imports count it).
      if (Object.hasOwn(data.tombstones, article.id)) counts.deleted++;
      else if (Object.hasOwn(data.articles, article.id)) {
        if (mergeState(data.articles[article.id]!, article)) {
          counts.merged++;
          merged.push(article.id);
        } else counts.unchanged++;
      } else if (stored.has(article.id)) {
        data.articles[article.id] = article;
        counts.added++;
      }
    }
    mergeFeeds(data, feeds);
    for (const rule of rules) if (!data.rules.some((r) => r.id === rule.id)) data.rules.push(rule);
    for (const search of searches) if (!data.savedSearches.some((s) => s.id === search.id)) data.savedSearches.push(search);
    mergeTombstones(data, library.tombstones);
    if (wasEmpty) restoreSettings(data, library.settings);
  });
  const added = [...stored].filter((id) => ctx.data.articles[id]);
  if (added.length > 0) await ctx.runHooks('added', added);
  if (merged.length > 0) await ctx.runHooks('changed', merged);
  if (added.length + merged.length > 0) ctx.emit({ type: 'changed', what: 'articles', ids: [...added, ...merged] });
  ctx.emit({ type: 'import', phase: 'done', format: 'tidings', done: articles.length, total: articles.length });
  return { format: 'tidings', items, ...counts, stored: counts.added, queued: 0, problems };
}

/** Article records that pass the store's own checks, with both files in the zip. */
function validArticles(map: unknown, entries: Map<string, ZipEntry>, problems: ImportProblem[]): ArticleRecord[] {
  if (!isPlainObject(map)) {
    problems.push({ line: null, item: 'library.json', reason: 'no articles map' });
    return [];
  }
  const out: ArticleRecord[] = [];
  for (const [id, record] of Object.entries(map)) {
    const refuse = (reason: string) => problems.push({ line: null, item: `article ${id.slice(0, 40)}`, reason });
    if (!/^[0-9a-f]{16}$/.test(id)) refuse('not an article id (16 hex digits): left out');
    else if (!isPlainObject(record)) refuse('not a record: left out');
    else {
      const reason = journalRecordProblem('a', id, record);
      if (reason !== null) refuse(`${reason}: left out`);
      else if (!entries.has(`articles/${id}.html`) || !entries.has(`articles/${id}.txt`)) refuse('its files are not in the archive: left out');
      else out.push(record as unknown as ArticleRecord);
    }
  }
  return out;
}

function validList<T>(section: 'f' | 'r' | 's', value: unknown, problems: ImportProblem[], name: string): T[] {
  const items = section === 'f' ? (isPlainObject(value) ? Object.entries(value) : []) : (Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : []);
  const out: T[] = [];
  for (const [key, record] of items) {
    const id = section === 'f' ? key : isPlainObject(record) && typeof record.id === 'string' ? record.id : key;
    const reason = isPlainObject(record) ? journalRecordProblem(section, id, record) : 'not a record';
    if (reason === null) out.push(record as T);
    else problems.push({ line: null, item: `${name} ${id.slice(0, 40)}`, reason: `${reason}: left out` });
  }
  return out;
}

/**
 * Assets whose bytes hash to their name, written into the store's assets folder as they are
 * inflated (an image of any size is never held whole): a temp file hashed on the way, renamed to
 * its name when the hash is that name, removed when not. One fsync of the folder at the end.
 */
async function writeAssets(ctx: ArchiveContext, zip: ZipReader, entries: Map<string, ZipEntry>, problems: ImportProblem[]): Promise<void> {
  let written = 0;
  for (const [name, entry] of entries) {
    if (!name.startsWith('assets/')) continue;
    const asset = name.slice(7);
    if (await streamAsset(zip, entry, path.join(ctx.files.assetsDir, asset), asset.split('.')[0]!)) written++;
    else problems.push({ line: null, item: name, reason: 'its bytes do not hash to its name: left out' });
  }
  if (written > 0) await syncDir(ctx.files.assetsDir);
}

/** The entry into `target` through a temp file beside it (a stale one is removed at the next start), if its sha256 is `hash`; whether it was. */
async function streamAsset(zip: ZipReader, entry: ZipEntry, target: string, hash: string): Promise<boolean> {
  // Random, not only the pid: two restores in one process may write the same asset at once.
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.restore.tmp`);
  const digest = createHash('sha256');
  let matches = false;
  const handle = await fs.open(tmp, 'w', 0o644);
  try {
    await zip.read(entry, async (chunk) => {
      digest.update(chunk);
      await handle.write(chunk);
    });
    matches = digest.digest('hex') === hash;
    if (matches) await handle.sync();
  } finally {
    await handle.close();
    if (!matches) await fs.rm(tmp, { force: true });
  }
  if (!matches) return false;
  // Content-addressed: one already there holds the same bytes.
  if (existsSync(target)) await fs.rm(tmp, { force: true });
  else await fs.rename(tmp, target);
  return true;
}

/** The new articles' files, sanitized again, through ArticleFiles in batches; the ids written. */
async function writeArticleFiles(ctx: ArchiveContext, zip: ZipReader, entries: Map<string, ZipEntry>, articles: readonly ArticleRecord[], problems: ImportProblem[], needs: RestoreNeeds): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let i = 0; i < articles.length; i += BATCH) {
    const batch = await Promise.all(articles.slice(i, i + BATCH).map(async (article) => {
      const raw = (await zip.readAll(entries.get(`articles/${article.id}.html`)!)).toString('utf8');
      const text = (await zip.readAll(entries.get(`articles/${article.id}.txt`)!)).toString('utf8');
      // The zip is untrusted: its HTML is sanitized as a feed item's would be. Our own export
      // holds sanitized HTML, and sanitizing that again gives it back unchanged (a fixed point,
      // test/archive/restore-sanitize.test.ts), so the round trip stays byte for byte.
      return { id: article.id, html: await needs.sanitize(raw), text };
    }));
    const errors = await ctx.files.writeMany(batch);
    batch.forEach(({ id }, k) => {
      if (errors[k] === null) stored.add(id);
      else problems.push({ line: null, item: `article ${id}`, reason: `its files could not be written: ${(errors[k] as Error).message}` });
    });
    ctx.emit({ type: 'import', phase: 'records', format: 'tidings', done: Math.min(i + BATCH, articles.length), total: articles.length });
  }
  return stored;
}

/**
 * An article already here takes what the archive adds, as a sync would: tags united, read or
 * starred if either, highlights by id, the later reading (progress with its progressAt; one
 * without a time, an old record, loses to one with). Content is kept.
 */
function mergeState(here: ArticleRecord, there: ArticleRecord): boolean {
  let changed = false;
  const tags = [...here.tags];
  for (const tag of there.tags) if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  if (tags.length !== here.tags.length) {
    here.tags = tags;
    changed = true;
  }
  if (there.read && !here.read) here.read = changed = true;
  if (there.starred && !here.starred) here.starred = changed = true;
  if (there.savedAt && !here.savedAt) {
    here.savedAt = there.savedAt;
    changed = true;
  }
  const highlights: Highlight[] = [...(here.highlights ?? [])];
  for (const h of there.highlights ?? []) if (!highlights.some((k) => k.id === h.id)) highlights.push(h);
  if (highlights.length !== (here.highlights ?? []).length) {
    here.highlights = highlights;
    changed = true;
  }
  if (there.note && !here.note) {
    here.note = there.note;
    changed = true;
  }
  if (there.progress !== undefined && there.progressAt !== undefined && (here.progressAt === undefined || there.progressAt > here.progressAt)) {
    here.progress = there.progress;
    here.progressAt = there.progressAt;
    changed = true;
  }
  return changed;
}

/** Feeds by id, then by address: a feed already followed is not added twice. */
function mergeFeeds(data: LibraryData, feeds: readonly Feed[]): void {
  const urls = new Set(Object.values(data.feeds).map((f) => f.url));
  for (const feed of feeds) {
    if (Object.hasOwn(data.feeds, feed.id) || urls.has(feed.url)) continue;
    data.feeds[feed.id] = feed;
    urls.add(feed.url);
  }
}

/** A full export's deletions: kept for ids this archive does not hold (a refresh never brings them back). */
function mergeTombstones(data: LibraryData, tombstones: unknown): void {
  if (!isPlainObject(tombstones)) return;
  for (const [id, at] of Object.entries(tombstones)) {
    if (!/^[0-9a-f]{16}$/.test(id) || typeof at !== 'string' || Object.hasOwn(data.articles, id) || Object.hasOwn(data.tombstones, id)) continue;
    data.tombstones[id] = at;
  }
}

/** Into an archive that held nothing yet, the archive's settings (each one checked). */
function restoreSettings(data: LibraryData, settings: unknown): void {
  if (!isPlainObject(settings)) return;
  const target = data.settings as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(settings)) if (settingIsValid(key, value)) target[key] = value;
}

/** The sanitizer for restored HTML, from the extraction part's: `tidings-asset:` images survive it. */
export function restoreSanitizer(sanitize: (html: string, baseUrl: string | null, network: 'public' | 'any') => Promise<{ html: string }>): RestoreNeeds['sanitize'] {
  // The sanitizer keeps http(s) images only: a local image is carried through it under an
  // address that cannot be fetched (.invalid), and put back after.
  const CARRIER = 'https://tidings-asset.invalid/';
  return async (html) => {
    const carried = html.replace(/tidings-asset:([0-9a-f]{64}\.[a-z0-9]{2,5})/g, `${CARRIER}$1`);
    const clean = await sanitize(carried, null, 'any');
    return clean.html.replaceAll(CARRIER, 'tidings-asset:');
  };
}
