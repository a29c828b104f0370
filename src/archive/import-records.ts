// The records of an import, made in bulk: every item of the file is new (stored from the
// content the file ships, or as a placeholder whose page is fetched later), already here
// (merged: tags, read, star, note, highlights; the earlier saved date), deleted by the user
// (skipped: a bulk import does not bring it back), or the same page listed twice in the file
// (one entry with all both say, counted in `duplicates`).
// One batch of files, one change of the library for the merges, one run of each hook and one
// `changed` event, whatever the size of the file: 10,000 items are records within seconds.

import type { ImportProblem, ImportResult } from '../api.js';
import { describeError } from '../errors.js';
import { escapeHtml } from '../extract/index.js';
import { anchorQuote, newHighlightId } from '../highlights/index.js';
import { type ImportedHighlight, type ImportedItem, mergeItems, type ParsedImport } from '../imports/index.js';
import type { ArticleRecord, Highlight, LibraryData } from '../model/index.js';
import { articleIdFor, normalizeUrl, sha256 } from '../model/index.js';
import { normalizeTag, withTags } from '../tags/index.js';
import type { ArchiveContext } from './context.js';
import type { ExtractionSteps } from './extraction.js';
import type { ImageQueue } from './images.js';
import { type NewArticle, storeArticles } from './store-article.js';

/** Items whose shipped HTML is cleaned at once (the cleaning workers take them a few at a time). */
const CLEAN_CHUNK = 64;
const WORDS_PER_MINUTE = 230;
const EXCERPT_CHARS = 280;

export interface ImportNeeds {
  sanitize: ExtractionSteps['sanitize'];
  images: ImageQueue;
  /** The background fetching of the placeholders' pages. */
  fetch: { add(ids: string[]): void };
}

type Plan =
  | { kind: 'new'; id: string; item: ImportedItem }
  | { kind: 'existing'; id: string; item: ImportedItem };

export async function importItems(ctx: ArchiveContext, parsed: ParsedImport, extraTags: string[], needs: ImportNeeds): Promise<ImportResult> {
  const total = parsed.items.length;
  const emit = (phase: 'read' | 'records' | 'done', done: number) => ctx.emit({ type: 'import', phase, format: parsed.format, done, total });
  emit('read', 0);
  const problems: ImportProblem[] = [...parsed.problems];
  const { plans, deleted, duplicates } = planItems(ctx.data, parsed.items, problems);
  const repeated = duplicates + (parsed.duplicates ?? 0);
  const tagsOf = (item: ImportedItem) => tagsFor(item, extraTags, problems);

  const fresh = plans.filter((p) => p.kind === 'new');
  const inputs: NewArticle[] = [];
  let done = 0;
  for (let i = 0; i < fresh.length; i += CLEAN_CHUNK) {
    const chunk = fresh.slice(i, i + CLEAN_CHUNK);
    const made = await Promise.all(chunk.map((plan) => newArticle(plan.id, plan.item, tagsOf(plan.item), needs).catch((error: unknown) => problemOf(plan.item, error))));
    for (const m of made) if ('content' in m) inputs.push(m);
    else problems.push(m);
    done += chunk.length;
    emit('records', done);
  }
  const results = await storeArticles(ctx, inputs, { quiet: true });
  const created: string[] = [];
  results.forEach((r, k) => {
    if (r.status === 'fulfilled' && r.value.outcome === 'created') created.push(r.value.id);
    else if (r.status === 'rejected') problems.push({ line: null, item: inputs[k]!.content.url, reason: describeError(r.reason) });
  });
  const createdSet = new Set(created);
  const stored = inputs.filter((a) => createdSet.has(a.content.id!) && a.content.extraction.status === 'done').map((a) => a.content.id!);
  const queued = inputs.filter((a) => createdSet.has(a.content.id!) && a.content.extraction.status === 'pending').map((a) => a.content.id!);

  const existing = plans.filter((p) => p.kind === 'existing');
  const texts = await textsFor(ctx, existing);
  const merged = ctx.library.change((data) => existing.filter((plan) => mergeInto(data.articles[plan.id]!, plan.item, tagsOf(plan.item), texts.get(plan.id) ?? null)).map((p) => p.id));
  emit('records', total);

  // As a feed's refresh does: indexed and offered to the rules, then shown, then the background.
  if (created.length > 0) await ctx.runHooks('added', created);
  if (merged.length > 0) await ctx.runHooks('changed', merged);
  if (created.length + merged.length > 0) ctx.emit({ type: 'changed', what: 'articles', ids: [...created, ...merged] });
  emit('done', total);
  needs.images.add(stored);
  needs.fetch.add(queued);
  return {
    format: parsed.format,
    items: total,
    added: created.length,
    merged: merged.length,
    unchanged: existing.length - merged.length,
    stored: stored.length,
    queued: queued.length,
    problems,
    ...(deleted > 0 ? { deleted } : {}),
    ...(repeated > 0 ? { duplicates: repeated } : {}),
  };
}

/**
 * Each item's article: the one already here for its URL (looked up in a map of the archive's
 * URLs made once), else a new one; deleted ones and duplicates inside the file are left out.
 */
function planItems(data: LibraryData, items: readonly ImportedItem[], problems: ImportProblem[]): { plans: Plan[]; deleted: number; duplicates: number } {
  const byUrl = new Map<string, string>();
  for (const article of Object.values(data.articles)) if (article.url) byUrl.set(normalizeUrl(article.url), article.id);
  const inFile = new Map<string, ImportedItem>();
  const plans: Plan[] = [];
  let deleted = 0;
  let duplicates = 0;
  for (const item of items) {
    let key: string;
    try {
      key = normalizeUrl(item.url);
    } catch (error) {
      problems.push(problemOf(item, error));
      continue;
    }
    const first = inFile.get(key);
    if (first) {
      // The parsers already merge the same page listed twice; this catches what they could not.
      mergeItems(first, item);
      duplicates++;
      continue;
    }
    inFile.set(key, item);
    const id = byUrl.get(key) ?? articleIdFor({ url: item.url });
    if (data.tombstones[id]) deleted++;
    else plans.push({ kind: data.articles[id] ? 'existing' : 'new', id, item });
  }
  return { plans, deleted, duplicates };
}

/** The file's tags and the import's, normalized; a tag that cannot be one is a problem, the item kept. */
function tagsFor(item: ImportedItem, extra: readonly string[], problems: ImportProblem[]): string[] {
  const tags: string[] = [];
  for (const raw of [...item.tags, ...extra]) {
    try {
      tags.push(normalizeTag(raw));
    } catch (error) {
      problems.push(problemOf(item, error));
    }
  }
  return withTags([], tags) ?? [];
}

async function newArticle(id: string, item: ImportedItem, tags: string[], needs: ImportNeeds): Promise<NewArticle> {
  const now = new Date().toISOString();
  const shipped = item.content ? await needs.sanitize(item.content.html, item.url, 'public') : null;
  const text = shipped?.text ?? '';
  const highlights = item.highlights.map((h) => highlightOf(h, shipped ? text : null, now));
  const state = { read: item.read, starred: item.starred, tags, savedAt: item.savedAt ?? now, highlights, ...(item.note ? { note: item.note } : {}) };
  const base = {
    id, source: 'url' as const, feedId: null, guid: null, url: item.url,
    title: item.title?.trim() || item.url,
    byline: item.content?.byline ?? null, siteName: item.content?.siteName ?? null, lang: item.content?.lang ?? null,
    publishedAt: item.content?.publishedAt ?? null, leadImage: shipped?.leadImage ?? null, enclosures: [], suggestedTags: [],
  };
  if (!shipped) {
    // A placeholder: its title and a link to the page, until the background fetch brings the text.
    return {
      content: { ...base, excerpt: null, wordCount: 0, readingMinutes: 0, extraction: { status: 'pending', reason: null, attempts: 0, at: null } },
      html: `<article><p><a href="${escapeHtml(item.url)}">${escapeHtml(item.url)}</a></p></article>`,
      text: base.title === item.url ? item.url : `${base.title}\n${item.url}`,
      state,
      placeholder: true,
    };
  }
  // Its images are downloaded afterwards (the image queue), as a feed item's are.
  const imagesPending = shipped.pending ? { imagesPending: { html: sha256(shipped.html), at: shipped.pending.at, urls: shipped.pending.urls, network: 'public' as const } } : {};
  return {
    content: {
      ...base,
      excerpt: item.content?.excerpt ?? (text.slice(0, EXCERPT_CHARS).trim() || null),
      wordCount: shipped.wordCount,
      readingMinutes: Math.max(1, Math.round(shipped.wordCount / WORDS_PER_MINUTE)),
      extraction: { status: 'done', reason: null, attempts: 0, at: now },
      ...imagesPending,
    },
    html: shipped.html,
    text,
    state,
  };
}

function highlightOf(h: ImportedHighlight, text: string | null, now: string): Highlight {
  // Anchored in the text when it is known (the exact quote, else its words with any whitespace);
  // a placeholder's highlights wait without a place until its page is extracted.
  const anchor = text === null ? null : anchorQuote(text, h.exact);
  const quote = anchor?.quote ?? { type: 'TextQuoteSelector' as const, exact: h.exact, prefix: '', suffix: '' };
  const position = anchor?.position ?? null;
  return { id: newHighlightId(), quote, position, color: h.color ?? 'yellow', note: h.note, createdAt: h.createdAt ?? now };
}


/** The plain texts of the articles already here that get highlights (to anchor them in). */
async function textsFor(ctx: ArchiveContext, plans: readonly Plan[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const plan of plans) {
    const article = ctx.data.articles[plan.id];
    if (plan.item.highlights.length === 0 || !article || article.extraction.status === 'pending') continue;
    const text = await ctx.files.readText(plan.id).catch(() => null);
    if (text !== null) texts.set(plan.id, text);
  }
  return texts;
}

/** What the file says that the article does not have yet; true when anything changed. */
function mergeInto(a: ArticleRecord, item: ImportedItem, tags: string[], text: string | null): boolean {
  let changed = false;
  const set = <K extends keyof ArticleRecord>(key: K, value: ArticleRecord[K]) => {
    a[key] = value;
    changed = true;
  };
  const moreTags = withTags(a.tags, tags);
  if (moreTags && moreTags.length !== a.tags.length) set('tags', moreTags);
  if (item.read && !a.read) set('read', true);
  if (item.starred && !a.starred) set('starred', true);
  const savedAt = item.savedAt ?? new Date().toISOString();
  if (a.savedAt === null || savedAt < a.savedAt) set('savedAt', savedAt);
  if (item.note && !a.note) set('note', item.note);
  const quotes = new Set((a.highlights ?? []).map((h) => h.quote.exact));
  const now = new Date().toISOString();
  for (const h of item.highlights) {
    const highlight = highlightOf(h, text, now);
    if (quotes.has(h.exact) || quotes.has(highlight.quote.exact)) continue;
    quotes.add(h.exact);
    a.highlights = [...(a.highlights ?? []), highlight];
    changed = true;
  }
  return changed;
}

function problemOf(item: ImportedItem, error: unknown): ImportProblem {
  return { line: item.line, item: item.url.slice(0, 200), reason: describeError(error) };
}
