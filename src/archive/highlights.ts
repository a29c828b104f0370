// Reading: highlights (W3C selectors into the article's text, src/highlights), the note on an
// article, and how far it has been read. State, not content: a re-extraction keeps them.

import type { ArchiveApi, HighlightEntry, HighlightPage } from '../api.js';
import { TidingsError } from '../errors.js';
import { anchorQuote, newHighlightId } from '../highlights/index.js';
import type { ArticleRecord, Highlight } from '../model/index.js';
import type { SearchService } from '../search/index.js';
import type { ArchiveContext } from './context.js';

type HighlightsPart = Pick<ArchiveApi, 'addHighlight' | 'updateHighlight' | 'removeHighlight' | 'setArticleNote' | 'listHighlights' | 'setReadingProgress'>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** More would be a script, not a reader: each is kept in library.json. */
const MAX_HIGHLIGHTS = 1000;

export function createHighlightsPart(ctx: ArchiveContext, search: SearchService): HighlightsPart {
  return {
    async addHighlight(id, wanted) {
      const article = ctx.article(id);
      const anchor = anchorQuote(await ctx.files.readText(id), wanted.exact, wanted);
      if (!anchor) throw new TidingsError('highlights', id, "the passage is not in the article's text", 'invalid');
      const same = article.highlights?.find((h) => h.position?.start === anchor.position.start && h.position.end === anchor.position.end);
      if (same) return structuredClone(same);
      if ((article.highlights?.length ?? 0) >= MAX_HIGHLIGHTS) throw new TidingsError('highlights', id, `an article holds at most ${MAX_HIGHLIGHTS} highlights`, 'invalid');
      const highlight: Highlight = {
        id: newHighlightId(),
        ...anchor,
        color: wanted.color ?? 'yellow',
        note: cleanNote(wanted.note),
        createdAt: new Date().toISOString(),
      };
      await change(ctx, id, (a) => (a.highlights = [...(a.highlights ?? []), highlight]));
      return structuredClone(highlight);
    },

    async updateHighlight(id, highlightId, patch) {
      const at = indexOf(ctx.article(id), highlightId);
      await change(ctx, id, (a) => {
        const next = { ...a.highlights![at]! };
        if (patch.color !== undefined) next.color = patch.color;
        if (patch.note !== undefined) next.note = cleanNote(patch.note);
        a.highlights = a.highlights!.map((h, i) => (i === at ? next : h));
      });
      // By id: the store keeps the list in one order (oldest first), which may move it.
      return structuredClone(ctx.article(id).highlights!.find((h) => h.id === highlightId)!);
    },

    async removeHighlight(id, highlightId) {
      const at = indexOf(ctx.article(id), highlightId);
      await change(ctx, id, (a) => {
        const rest = a.highlights!.filter((_, i) => i !== at);
        if (rest.length > 0) a.highlights = rest;
        else delete a.highlights;
      });
    },

    async setArticleNote(id, note) {
      const clean = cleanNote(note);
      if ((ctx.article(id).note ?? null) === clean) return;
      await change(ctx, id, (a) => {
        if (clean === null) delete a.note;
        else a.note = clean;
      });
    },

    async listHighlights(query = {}) {
      const offset = query.offset ?? 0;
      const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const entries = query.articleId !== undefined ? entriesOf(ctx, ctx.article(query.articleId)) : await everyEntry(ctx, search, query.query);
      const page: HighlightPage = { total: entries.length, offset, items: entries.slice(offset, offset + limit) };
      return structuredClone(page);
    },

    async setReadingProgress(id, progress) {
      const article = ctx.article(id);
      // Three digits are a line of a long article; finer would write the journal for nothing.
      const rounded = Math.round(progress * 1000) / 1000;
      if ((article.progress ?? 0) === rounded) return;
      // progressAt goes with it, in the same change (so the same journal line): when it was last read.
      const now = new Date().toISOString();
      await change(ctx, id, (a) => {
        if (rounded <= 0) {
          delete a.progress;
          delete a.progressAt;
        } else {
          a.progress = rounded;
          a.progressAt = now;
        }
      }, false);
    },
  };
}

/** One article's highlights, oldest first (the order of its text is the reader's to draw). */
function entriesOf(ctx: ArchiveContext, article: ArticleRecord): HighlightEntry[] {
  const about = aboutOf(ctx, article);
  return (article.highlights ?? []).map((highlight) => ({ article: about, highlight }));
}

/** Every article's highlights (or those of the articles a query selects), newest first. */
async function everyEntry(ctx: ArchiveContext, search: SearchService, query: string | undefined): Promise<HighlightEntry[]> {
  const selected = query?.trim() ? new Set((await search.matching(query)).map((hit) => hit.id)) : null;
  const entries = Object.values(ctx.data.articles)
    .filter((a) => a.highlights?.length && (selected === null || selected.has(a.id)))
    .flatMap((a) => entriesOf(ctx, a));
  return entries.sort((x, y) => (x.highlight.createdAt < y.highlight.createdAt ? 1 : x.highlight.createdAt > y.highlight.createdAt ? -1 : 0));
}

function aboutOf(ctx: ArchiveContext, a: ArticleRecord): HighlightEntry['article'] {
  const feedTitle = a.feedId ? (ctx.data.feeds[a.feedId]?.title ?? null) : null;
  return { id: a.id, title: a.title, url: a.url, feedTitle, savedAt: a.savedAt, publishedAt: a.publishedAt };
}

function indexOf(article: ArticleRecord, highlightId: string): number {
  const at = article.highlights?.findIndex((h) => h.id === highlightId) ?? -1;
  if (at === -1) throw new TidingsError('highlights', `${article.id}/${highlightId}`, 'no such highlight', 'not-found');
  return at;
}

/** A note as kept: trimmed; empty is none. */
function cleanNote(note: string | null | undefined): string | null {
  const clean = note?.trim() ?? '';
  return clean === '' ? null : clean;
}

/**
 * Change one article's state in one store change; the index and lists hear of it, and, for its
 * highlights and note (`marks`), the Highlights view too.
 */
async function change(ctx: ArchiveContext, id: string, mutate: (a: ArticleRecord) => void, marks = true): Promise<void> {
  ctx.library.change((data) => mutate(data.articles[id]!));
  await ctx.runHooks('changed', [id]);
  ctx.emit({ type: 'changed', what: 'articles', ids: [id] });
  if (marks) ctx.emit({ type: 'highlights', ids: [id] });
}
