// The one way an article enters the archive, whatever its source: files first, then the
// metadata record, then the hooks (index, rules). A deleted article never comes back.

import type { ArticleContent, ArticleRecord, ArticleState } from '../model/index.js';
import { articleIdFor, sha256 } from '../model/identity.js';
import type { ArchiveContext } from './context.js';

export interface NewArticle {
  content: Omit<ArticleContent, 'id' | 'contentHash'> & { id?: string };
  html: string;
  text: string;
  state?: Partial<Pick<ArticleState, 'read' | 'starred' | 'tags' | 'savedAt'>>;
}

export type StoreOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';

export async function storeArticle(ctx: ArchiveContext, input: NewArticle): Promise<{ id: string; outcome: StoreOutcome }> {
  const contentHash = sha256(input.text);
  const id = input.content.id ?? articleIdFor({ ...input.content, contentHash });
  if (ctx.data.tombstones[id]) return { id, outcome: 'deleted' };
  const existing = ctx.data.articles[id];
  if (existing && existing.contentHash === contentHash && existing.extraction.status === input.content.extraction.status) {
    return { id, outcome: 'unchanged' };
  }
  await ctx.files.write(id, input.html, input.text);
  const content: ArticleContent = { ...input.content, id, contentHash };
  ctx.library.change((data) => {
    data.articles[id] = existing ? { ...existing, ...content } : { ...content, ...initialState(input.state) };
  });
  await ctx.runHooks(existing ? 'changed' : 'added', [id]);
  ctx.emit({ type: 'changed', what: 'articles', ids: [id] });
  return { id, outcome: existing ? 'updated' : 'created' };
}

function initialState(state: NewArticle['state']): ArticleState {
  return {
    read: state?.read ?? false,
    starred: state?.starred ?? false,
    tags: state?.tags ?? [],
    savedAt: state?.savedAt ?? null,
    addedAt: new Date().toISOString(),
  };
}

export function isSaved(article: ArticleRecord): boolean {
  return article.savedAt !== null;
}
