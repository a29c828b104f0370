// Tags across the library and the rules that set them: rename, merge, delete, tag or untag what
// a query matches; the rules' list, preview and run, and their step in a feed's refresh (the
// new articles, once indexed). Which articles a query matches, the search service tells.

import { randomBytes } from 'node:crypto';
import type { ArchiveApi, RuleRunResult } from '../api.js';
import { TidingsError } from '../errors.js';
import type { TagRule } from '../model/index.js';
import type { SearchService } from '../search/index.js';
import { applyRule, countTags, makeRule, normalizeTag, replaceTags, type RuleState, tagKey, withTags, withoutTags } from '../tags/index.js';
import type { ArchiveContext } from './context.js';

type TagsPart = Pick<
  ArchiveApi,
  'listTags' | 'renameTag' | 'mergeTags' | 'deleteTag' | 'tagQuery' | 'untagQuery' | 'listRules' | 'addRule' | 'updateRule' | 'removeRule' | 'runRules'
>;

export function createTagsPart(ctx: ArchiveContext, search: SearchService): { api: TagsPart; rulesForNew: (ids: string[]) => Promise<void> } {
  const background = new Set<Promise<void>>();

  async function rulesOnNew(all: string[]): Promise<void> {
    // An article made on another device had the (shared) rules run there: running them again
    // here would make new changes that undo what the user did to it since.
    const ids = all.filter((id) => ctx.library.madeHere(`a:${id}`));
    if (ctx.data.rules.length === 0 || ids.length === 0) return;
    const changes = new Map<string, RuleState>();
    for (const rule of ctx.data.rules) {
      try {
        for (const id of await search.matchingAmong(rule.query, ids)) stage(changes, rule, id);
      } catch (error) {
        // One broken rule must not keep the others from acting.
        ctx.emit({ type: 'notice', level: 'error', message: `rules: ${rule.name}: ${(error as Error).message}` });
      }
    }
    await commitStates(changes);
  }

  function stage(changes: Map<string, RuleState>, rule: TagRule, id: string): boolean {
    const article = ctx.data.articles[id];
    if (!article) return false;
    const next = applyRule(rule, changes.get(id) ?? { tags: article.tags, read: article.read, starred: article.starred });
    if (next) changes.set(id, next);
    return next !== null;
  }

  async function commitStates(changes: Map<string, RuleState>): Promise<void> {
    if (changes.size === 0) return;
    ctx.library.change((data) => {
      for (const [id, state] of changes) {
        const article = data.articles[id];
        if (article) Object.assign(article, state);
      }
    });
    await changed(ctx, [...changes.keys()]);
  }

  /** Set new tags on articles in one store change. */
  async function retag(ids: Iterable<string>, next: (tags: string[]) => string[] | null): Promise<number> {
    const done = ctx.library.change((data) => {
      const out: string[] = [];
      for (const id of ids) {
        const article = data.articles[id];
        const tags = article ? next(article.tags) : null;
        if (article && tags) {
          article.tags = tags;
          out.push(id);
        }
      }
      return out;
    });
    await changed(ctx, done);
    if (done.length) ctx.emit({ type: 'changed', what: 'tags' });
    return done.length;
  }

  /** The rules act on new articles, once they are indexed. */
  async function rulesForNew(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (search.complete) return rulesOnNew(ids);
    // While the index is being built, rules wait for it (they need the new article indexed).
    // Known gap: if the archive closes first, these articles are not offered to the rules.
    track(background, search.ready().then(() => (search.complete ? rulesOnNew(ids.filter((id) => ctx.data.articles[id])) : undefined)));
  }

  // Registered after the search part's: the index is closed first, which lets waiting rules go.
  ctx.closers.push(async () => {
    await Promise.allSettled([...background]);
  });

  const api: TagsPart = {
    async listTags() {
      return countTags(Object.values(ctx.data.articles));
    },

    async renameTag(from, to) {
      return api.mergeTags([from], to);
    },

    async mergeTags(from, into) {
      if (!Array.isArray(from) || from.length === 0) throw new TidingsError('tags', null, 'name at least one tag to merge', 'invalid');
      const sources = from.map(normalizeTag);
      const wanted = normalizeTag(into);
      // Renaming a tag to itself in other letters changes its spelling; else keep the library's.
      const target = sources.some((t) => tagKey(t) === tagKey(wanted)) ? wanted : existingSpelling(ctx, wanted);
      return retag(Object.keys(ctx.data.articles), (tags) => replaceTags(tags, sources, target));
    },

    async deleteTag(name) {
      const tag = normalizeTag(name);
      return retag(Object.keys(ctx.data.articles), (tags) => withoutTags(tags, [tag]));
    },

    async tagQuery(query, tags) {
      const add = checkTags(tags).map((t) => existingSpelling(ctx, t));
      const ids = (await search.matching(query)).map((h) => h.id);
      return retag(ids, (current) => withTags(current, add));
    },

    async untagQuery(query, tags) {
      const remove = checkTags(tags);
      const ids = (await search.matching(query)).map((h) => h.id);
      return retag(ids, (current) => withoutTags(current, remove));
    },

    async listRules() {
      return ctx.data.rules.map((r) => ({ ...r, addTags: [...r.addTags] }));
    },

    async addRule(input) {
      const rule = makeRule(input, `r${randomBytes(6).toString('hex')}`, new Date().toISOString());
      rule.addTags = rule.addTags.map((t) => existingSpelling(ctx, t));
      ctx.library.change((data) => {
        data.rules.push(rule);
      });
      ctx.emit({ type: 'changed', what: 'rules' });
      return { ...rule };
    },

    async updateRule(id, input) {
      const at = ctx.data.rules.findIndex((r) => r.id === id);
      if (at === -1) throw new TidingsError('rules', id, 'no such rule', 'not-found');
      // Checked as addRule checks it, before anything is written: a refused one changes nothing.
      const rule = makeRule(input, id, ctx.data.rules[at]!.createdAt);
      rule.addTags = rule.addTags.map((t) => existingSpelling(ctx, t));
      ctx.library.change((data) => {
        data.rules = data.rules.map((r) => (r.id === id ? rule : r));
      });
      ctx.emit({ type: 'changed', what: 'rules' });
      return { ...rule, addTags: [...rule.addTags] };
    },

    async removeRule(id) {
      if (!ctx.data.rules.some((r) => r.id === id)) throw new TidingsError('rules', id, 'no such rule', 'not-found');
      ctx.library.change((data) => {
        data.rules = data.rules.filter((r) => r.id !== id);
      });
      ctx.emit({ type: 'changed', what: 'rules' });
    },

    async runRules(options) {
      const dryRun = options?.dryRun !== false;
      const rules = options?.ruleId === undefined ? ctx.data.rules : ctx.data.rules.filter((r) => r.id === options.ruleId);
      if (options?.ruleId !== undefined && rules.length === 0) throw new TidingsError('rules', options.ruleId, 'no such rule', 'not-found');
      // Every rule sees the archive as it is now, so the preview and the run agree.
      const changes = new Map<string, RuleState>();
      const result: RuleRunResult = { dryRun, rules: [], changed: 0 };
      for (const rule of rules) {
        const hits = await search.matching(rule.query);
        let changedByRule = 0;
        for (const hit of hits) if (stage(changes, rule, hit.id)) changedByRule++;
        result.rules.push({ id: rule.id, name: rule.name, matched: hits.length, changed: changedByRule });
      }
      result.changed = changes.size;
      if (!dryRun) await commitStates(changes);
      return result;
    },
  };
  return { api, rulesForNew };
}

/** Tell the other parts and the front ends that these articles changed. */
async function changed(ctx: ArchiveContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.runHooks('changed', ids);
  ctx.emit({ type: 'changed', what: 'articles', ids });
}

/** A tag as the library already spells it, if it has it. */
function existingSpelling(ctx: ArchiveContext, tag: string): string {
  const key = tagKey(tag);
  for (const article of Object.values(ctx.data.articles)) {
    const found = article.tags.find((t) => tagKey(t) === key);
    if (found) return found;
  }
  return tag;
}

function checkTags(tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.length === 0) throw new TidingsError('tags', null, 'name at least one tag', 'invalid');
  return tags.map((t) => normalizeTag(String(t)));
}

function track(set: Set<Promise<void>>, work: Promise<void>): void {
  const p = work.catch(() => undefined).finally(() => set.delete(p));
  set.add(p);
}
