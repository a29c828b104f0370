// The one way an article enters the archive, whatever its source: files first, then the
// metadata record, then the hooks (index, rules), unless the caller runs those steps itself
// (a feed's refresh: src/archive/refresh.ts). A deleted article never comes back.
// Many articles at once (a feed's new items) take the same steps together: all their files
// with one folder fsync, all their records in one store change, one call of each hook.

import { anchorQuote } from '../highlights/index.js';
import type { ArticleContent, ArticleRecord, ArticleState, Highlight } from '../model/index.js';
import { articleIdFor, sha256 } from '../model/index.js';
import type { ArchiveContext } from './context.js';

export interface NewArticle {
  content: Omit<ArticleContent, 'id' | 'contentHash'> & { id?: string };
  html: string;
  text: string;
  /**
   * Files the record can make again (an import's placeholder: a title and a link until the page
   * is fetched): written without an fsync each, so 10,000 of them take seconds, not minutes on
   * a slow disk. After a power cut they may be empty; the page's fetch writes them for good.
   */
  placeholder?: boolean;
  state?: Partial<Pick<ArticleState, 'read' | 'starred' | 'tags' | 'savedAt' | 'highlights' | 'note'>>;
}

export interface StoreOptions {
  /** The caller runs the index, the rules and the event itself (a feed's refresh does, in its order). */
  quiet?: boolean;
}

export type StoreOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';
export type Stored = { id: string; outcome: StoreOutcome };

export async function storeArticle(ctx: ArchiveContext, input: NewArticle): Promise<Stored> {
  const [result] = await storeArticles(ctx, [input]);
  if (result!.status === 'rejected') throw result!.reason;
  return result!.value;
}

/**
 * Store several articles; each has its own outcome, in the order given (one whose files cannot
 * be written fails alone). An id given twice is stored twice, the later after the earlier,
 * as if one at a time.
 */
export async function storeArticles(ctx: ArchiveContext, inputs: readonly NewArticle[], options: StoreOptions = {}): Promise<PromiseSettledResult<Stored>[]> {
  const results: PromiseSettledResult<Stored>[] = [];
  let pending = inputs.map((input, index) => ({ ...prepare(input), index }));
  while (pending.length > 0) {
    const firsts = new Map<string, (typeof pending)[number]>();
    for (const item of pending) if (!firsts.has(item.id)) firsts.set(item.id, item);
    const batch = [...firsts.values()];
    const done = await storeBatch(ctx, batch, options);
    batch.forEach(({ index }, i) => (results[index] = done[i]!));
    pending = pending.filter(({ index }) => !results[index]);
  }
  return results;
}

type Prepared = { input: NewArticle; id: string; contentHash: string };

function prepare(input: NewArticle): Prepared {
  const contentHash = sha256(input.text);
  return { input, contentHash, id: input.content.id ?? articleIdFor({ ...input.content, contentHash }) };
}

/** Articles with distinct ids: files, then records, then hooks and one event. */
async function storeBatch(ctx: ArchiveContext, batch: readonly Prepared[], options: StoreOptions): Promise<PromiseSettledResult<Stored>[]> {
  const results: (PromiseSettledResult<Stored> | null)[] = batch.map((item) => {
    if (ctx.data.tombstones[item.id]) return stored(item.id, 'deleted');
    const existing = ctx.data.articles[item.id];
    const same = existing && existing.contentHash === item.contentHash && existing.extraction.status === item.input.content.extraction.status;
    return same ? stored(item.id, 'unchanged') : null;
  });
  const toWrite = batch.flatMap((item, i) => (results[i] === null ? [i] : []));
  const errors = await ctx.files.writeMany(toWrite.map((i) => ({ id: batch[i]!.id, html: batch[i]!.input.html, text: batch[i]!.input.text, durable: !batch[i]!.input.placeholder })));
  toWrite.forEach((i, k) => {
    if (errors[k] !== null) results[i] = { status: 'rejected', reason: errors[k] };
  });
  const written = toWrite.filter((_, k) => errors[k] === null);
  // Only now, with the files durable, the records: a crash in between leaves files, no record.
  const outcomes = ctx.library.change((data) => written.map((i) => putRecord(data, batch[i]!)));
  written.forEach((i, k) => (results[i] = stored(batch[i]!.id, outcomes[k]!)));
  const idsWith = (outcome: StoreOutcome) => written.filter((_, k) => outcomes[k] === outcome).map((i) => batch[i]!.id);
  const added = idsWith('created');
  const changed = idsWith('updated');
  if (options.quiet) return results as PromiseSettledResult<Stored>[];
  if (added.length > 0) await ctx.runHooks('added', added);
  if (changed.length > 0) await ctx.runHooks('changed', changed);
  if (added.length + changed.length > 0) ctx.emit({ type: 'changed', what: 'articles', ids: [...added, ...changed] });
  return results as PromiseSettledResult<Stored>[];
}

/** The record of a written article; one deleted while its files were being written stays deleted. */
function putRecord(data: ArchiveContext['data'], { input, id, contentHash }: Prepared): StoreOutcome {
  if (data.tombstones[id]) return 'deleted';
  const existing = data.articles[id];
  const content: ArticleContent = { ...input.content, id, contentHash };
  data.articles[id] = existing ? { ...existing, ...content, ...anchoredAgain(existing, input.text, contentHash) } : { ...content, ...initialState(input.state) };
  return existing ? 'updated' : 'created';
}

/**
 * The highlights of an article whose text changed (a re-extraction, a publisher's correction),
 * placed again by their quote and its context; one whose passage is gone keeps its quote, with
 * no place.
 */
function anchoredAgain(existing: ArticleRecord, text: string, contentHash: string): { highlights?: Highlight[] } {
  if (!existing.highlights?.length || existing.contentHash === contentHash) return {};
  return {
    highlights: existing.highlights.map((h) => {
      const anchor = anchorQuote(text, h.quote.exact, { prefix: h.quote.prefix, suffix: h.quote.suffix, start: h.position?.start });
      return anchor ? { ...h, ...anchor } : { ...h, position: null };
    }),
  };
}

function stored(id: string, outcome: StoreOutcome): PromiseFulfilledResult<Stored> {
  return { status: 'fulfilled', value: { id, outcome } };
}

function initialState(state: NewArticle['state']): ArticleState {
  return {
    read: state?.read ?? false,
    starred: state?.starred ?? false,
    tags: state?.tags ?? [],
    savedAt: state?.savedAt ?? null,
    addedAt: new Date().toISOString(),
    // An import brings the user's highlights and note with the article (absent: none).
    ...(state?.highlights?.length ? { highlights: state.highlights } : {}),
    ...(state?.note ? { note: state.note } : {}),
  };
}

export function isSaved(article: ArticleRecord): boolean {
  return article.savedAt !== null;
}
