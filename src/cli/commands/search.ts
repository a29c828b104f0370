// Commands on search, tags, rules, views, retention and settings:
// search, tags, tag-query, untag-query, rename-tag, merge-tags, delete-tag, rules, views,
// retention, settings.

import type { Settings } from '../../api.js';
import { suggestTags } from '../../tags/index.js';
import { type Command, type CommandContext, flagString, intFlag, listFlag, printJson, UsageError } from '../command.js';
import { articleLine } from './articles.js';

export const searchCommands: Command[] = [
  {
    name: 'search',
    usage: 'search QUERY... [--limit=N] [--offset=N] [--sort=date|relevance]',
    summary: 'full-text search with the query language (tag:, is:, feed:, site:, before:, after:, "phrases", -word, OR)',
    minArgs: 1,
    async run(ctx) {
      const sort = flagString(ctx, 'sort');
      if (sort !== undefined && sort !== 'date' && sort !== 'relevance') throw new UsageError('--sort must be date or relevance');
      const page = await ctx.archive.search(ctx.args.join(' '), { limit: intFlag(ctx, 'limit') ?? 20, offset: intFlag(ctx, 'offset') ?? 0, sort });
      if (ctx.json) return printJson(ctx, page);
      for (const a of page.items) {
        ctx.out(articleLine(a));
        if (a.snippet) ctx.out(`    ${plainSnippet(a.snippet)}`);
      }
      ctx.out(`${page.items.length} of ${page.total} articles`);
    },
  },
  {
    name: 'tags',
    usage: 'tags [--suggest=ARTICLE_ID]',
    summary: 'list tags with how many articles carry each, or tags to suggest for an article',
    async run(ctx) {
      const tags = await ctx.archive.listTags();
      const id = flagString(ctx, 'suggest');
      if (id !== undefined) {
        const suggested = suggestTags(await ctx.archive.getArticle(id), tags);
        if (ctx.json) return printJson(ctx, suggested);
        return suggested.length ? suggested.forEach((t) => ctx.out(t)) : ctx.out('no suggestions');
      }
      if (ctx.json) return printJson(ctx, tags);
      tags.forEach((t) => ctx.out(`${String(t.count).padStart(6)}  ${t.name}`));
      ctx.out(`${tags.length} tags`);
    },
  },
  countCommand('tag-query', 'tag-query QUERY TAG...', 'add tags to every article a query matches', 2, (ctx) => ctx.archive.tagQuery(ctx.args[0]!, ctx.args.slice(1))),
  countCommand('untag-query', 'untag-query QUERY TAG...', 'remove tags from every article a query matches', 2, (ctx) => ctx.archive.untagQuery(ctx.args[0]!, ctx.args.slice(1))),
  countCommand('rename-tag', 'rename-tag FROM TO', 'rename a tag everywhere (onto an existing tag: merge)', 2, (ctx) => {
    if (ctx.args.length !== 2) throw new UsageError('usage: rename-tag FROM TO (quote names with spaces)');
    return ctx.archive.renameTag(ctx.args[0]!, ctx.args[1]!);
  }),
  countCommand('merge-tags', 'merge-tags TAG... --into=TAG', 'merge tags into one', 1, (ctx) => {
    const into = flagString(ctx, 'into');
    if (!into) throw new UsageError('merge-tags needs --into=TAG');
    return ctx.archive.mergeTags(ctx.args, into);
  }),
  countCommand('delete-tag', 'delete-tag TAG...', 'remove tags from every article', 1, async (ctx) => {
    let total = 0;
    for (const tag of ctx.args) total += await ctx.archive.deleteTag(tag);
    return total;
  }),
  {
    name: 'rules',
    usage: 'rules [list | add --query=Q [--tags=a,b] [--read] [--star] [--name=N] | remove ID | run [--dry-run] [--rule=ID]]',
    summary: 'tag rules: when an article matches a query, add tags, mark read or star',
    async run(ctx) {
      const [action = 'list', ...rest] = ctx.args;
      switch (action) {
        case 'list':
          return listRules(ctx);
        case 'add': {
          const query = flagString(ctx, 'query');
          if (!query) throw new UsageError('rules add needs --query=QUERY');
          const rule = await ctx.archive.addRule({
            query, name: flagString(ctx, 'name'), addTags: listFlag(ctx, 'tags'), markRead: ctx.flags.read === true, star: ctx.flags.star === true,
          });
          return ctx.json ? printJson(ctx, rule) : ctx.out(`added rule ${rule.id}: ${describeRule(rule)}`);
        }
        case 'remove':
          if (!rest[0]) throw new UsageError('usage: rules remove ID');
          await ctx.archive.removeRule(rest[0]);
          return ctx.json ? printJson(ctx, { removed: rest[0] }) : ctx.out(`removed rule ${rest[0]}`);
        case 'run': {
          const result = await ctx.archive.runRules({ dryRun: ctx.flags['dry-run'] === true, ruleId: flagString(ctx, 'rule') });
          if (ctx.json) return printJson(ctx, result);
          result.rules.forEach((r) => ctx.out(`${r.id}  ${r.name}: matches ${r.matched}, ${result.dryRun ? 'would change' : 'changed'} ${r.changed}`));
          return ctx.out(`${result.changed} article${result.changed === 1 ? '' : 's'} ${result.dryRun ? 'would change (dry run: nothing written)' : 'changed'}`);
        }
        default:
          throw new UsageError(`unknown rules action '${action}'; use list, add, remove or run`);
      }
    },
  },
  {
    name: 'views',
    usage: 'views [list | save NAME QUERY | remove ID]',
    summary: 'smart views, tag views and saved searches with their counts',
    async run(ctx) {
      const [action = 'list', ...rest] = ctx.args;
      if (action === 'save') {
        if (rest.length < 2) throw new UsageError('usage: views save NAME QUERY');
        const saved = await ctx.archive.saveSearch(rest[0]!, rest.slice(1).join(' '));
        return ctx.json ? printJson(ctx, saved) : ctx.out(`saved search ${saved.id}: ${saved.name} = ${saved.query}`);
      }
      if (action === 'remove') {
        if (!rest[0]) throw new UsageError('usage: views remove ID');
        await ctx.archive.removeSavedSearch(rest[0]);
        return ctx.json ? printJson(ctx, { removed: rest[0] }) : ctx.out(`removed saved search ${rest[0]}`);
      }
      if (action !== 'list') throw new UsageError(`unknown views action '${action}'; use list, save or remove`);
      const views = await ctx.archive.listViews();
      if (ctx.json) return printJson(ctx, views);
      views.forEach((v) => ctx.out(`${String(v.count).padStart(6)}  ${v.name}${v.kind === 'smart' ? '' : `  (${v.kind === 'tag' ? 'tag' : v.id}: ${v.query})`}`));
    },
  },
  {
    name: 'retention',
    usage: 'retention [--dry-run]',
    summary: "remove read articles older than their feed's retention period (starred, tagged, saved kept)",
    async run(ctx) {
      const result = await ctx.archive.applyRetention({ dryRun: ctx.flags['dry-run'] === true });
      if (ctx.json) return printJson(ctx, result);
      result.perFeed.forEach((f) => ctx.out(`${String(f.removed).padStart(6)}  ${f.title}`));
      ctx.out(`${result.removed} article${result.removed === 1 ? '' : 's'} ${result.dryRun ? 'would be removed (dry run: nothing removed)' : 'removed'}`);
    },
  },
  {
    name: 'settings',
    usage: 'settings [NAME=VALUE...]',
    summary: 'show the settings, or change some',
    async run(ctx) {
      const patch: Record<string, unknown> = {};
      for (const arg of ctx.args) {
        const eq = arg.indexOf('=');
        if (eq < 1) throw new UsageError(`settings: expected NAME=VALUE, got '${arg}'`);
        patch[arg.slice(0, eq)] = settingValue(arg.slice(eq + 1));
      }
      const settings = ctx.args.length ? await ctx.archive.updateSettings(patch as Partial<Settings>) : await ctx.archive.getSettings();
      if (ctx.json) return printJson(ctx, settings);
      Object.entries(settings).forEach(([k, v]) => ctx.out(`${k} = ${String(v)}`));
    },
  },
];

function countCommand(name: string, usage: string, summary: string, minArgs: number, act: (ctx: CommandContext) => Promise<number>): Command {
  return {
    name,
    usage,
    summary,
    minArgs,
    async run(ctx) {
      const changed = await act(ctx);
      if (ctx.json) return printJson(ctx, { changed });
      ctx.out(`${changed} article${changed === 1 ? '' : 's'} changed`);
    },
  };
}

async function listRules(ctx: CommandContext): Promise<void> {
  const rules = await ctx.archive.listRules();
  if (ctx.json) return printJson(ctx, rules);
  rules.forEach((r) => ctx.out(`${r.id}  ${describeRule(r)}`));
  ctx.out(`${rules.length} rule${rules.length === 1 ? '' : 's'}`);
}

function describeRule(r: { name: string; query: string; addTags: string[]; markRead: boolean; star: boolean }): string {
  const actions = [r.addTags.length ? `tag ${r.addTags.join(', ')}` : '', r.markRead ? 'mark read' : '', r.star ? 'star' : ''].filter(Boolean);
  return `${r.name === r.query ? '' : `${r.name}: `}when ${r.query} → ${actions.join(', ')}`;
}

/** A snippet for a terminal: matched words in [brackets], entities decoded. */
export function plainSnippet(html: string): string {
  return html
    .replace(/<mark>/g, '[')
    .replace(/<\/mark>/g, ']')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}



function settingValue(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}
