// Commands on search, tags, rules, views, retention and settings:
// search, tags, tag-query, untag-query, rename-tag, merge-tags, delete-tag, rules, views,
// retention, settings.

import type { Settings } from '../../api.js';
import { TidingsError } from '../../errors.js';
import { suggestTags } from '../../tags/index.js';
import { type Command, type CommandContext, type Flags, flagString, intFlag, LIMIT_OPTIONS, listFlag, printJson, TAGS_OPTION, UsageError } from '../command.js';
import { articleLine } from './articles.js';

export const searchCommands: Command[] = [
  {
    name: 'search',
    usage: 'search QUERY... [--limit=N] [--offset=N] [--sort=date|relevance|progress|recent]',
    summary: 'full-text search by whole words in any form, with the query language (word*, tag:, is:, feed:, folder:, site:, before:, after:, "phrases", -word, OR)',
    options: { ...LIMIT_OPTIONS, sort: { type: 'string', value: 'ORDER', help: 'date, relevance, progress or recent (default relevance)', choices: ['date', 'relevance', 'progress', 'recent'] } },
    args: [1, Infinity],
    async run(ctx) {
      const sort = flagString(ctx, 'sort') as 'date' | 'relevance' | 'progress' | 'recent' | undefined;
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
    options: { suggest: { type: 'string', value: 'ARTICLE_ID', help: 'tags to suggest for this article' } },
    args: [0, 0],
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
  { ...countCommand('rename-tag', 'rename-tag FROM TO', 'rename a tag everywhere (onto an existing tag: merge); quote names with spaces', 2, (ctx) => ctx.archive.renameTag(ctx.args[0]!, ctx.args[1]!)), args: [2, 2] },
  {
    ...countCommand('merge-tags', 'merge-tags TAG... --into=TAG', 'merge tags into one', 1, (ctx) => ctx.archive.mergeTags(ctx.args, flagString(ctx, 'into')!)),
    options: { into: { type: 'string', value: 'TAG', help: 'the tag they all become' } },
    check({ flags }) {
      if (!flags.into) throw new UsageError('merge-tags needs --into=TAG');
    },
  },
  countCommand('delete-tag', 'delete-tag TAG...', 'remove tags from every article', 1, async (ctx) => {
    let total = 0;
    for (const tag of ctx.args) total += await ctx.archive.deleteTag(tag);
    return total;
  }),
  {
    name: 'rules',
    usage: 'rules [list | add --query=Q [--tags=a,b] [--read] [--star] [--name=N] | edit ID [--query=Q] [--tags=a,b] [--name=N] [--read|--no-read] [--star|--no-star] | remove ID | run [--dry-run] [--rule=ID]]',
    summary: 'tag rules: when an article matches a query, add tags, mark read or star',
    options: {
      query: { type: 'string', value: 'Q', help: 'add, edit: the query a rule matches' },
      ...TAGS_OPTION,
      read: { type: 'boolean', help: 'add, edit: mark matching articles read' },
      star: { type: 'boolean', help: 'add, edit: star matching articles' },
      'no-read': { type: 'boolean', help: 'edit: stop marking matching articles read' },
      'no-star': { type: 'boolean', help: 'edit: stop starring matching articles' },
      name: { type: 'string', value: 'N', help: 'add, edit: a name for the rule' },
      'dry-run': { type: 'boolean', help: 'run: show what would change, change nothing' },
      rule: { type: 'string', value: 'ID', help: 'run: only this rule' },
    },
    args: [0, 2],
    check: (input) => checkAction('rules', RULE_ACTIONS, input),
    async run(ctx) {
      const [action = 'list', ...rest] = ctx.args;
      switch (action) {
        case 'list':
          return listRules(ctx);
        case 'add': {
          const query = flagString(ctx, 'query')!;
          const rule = await ctx.archive.addRule({
            query, name: flagString(ctx, 'name'), addTags: listFlag(ctx, 'tags'), markRead: ctx.flags.read === true, star: ctx.flags.star === true,
          });
          return ctx.json ? printJson(ctx, rule) : ctx.out(`added rule ${rule.id}: ${describeRule(rule)}`);
        }
        case 'edit': {
          // The options given replace the rule's, the others are kept; it keeps its id and place.
          if (ctx.flags.read === true && ctx.flags['no-read'] === true) throw new UsageError('rules edit: --read and --no-read together');
          if (ctx.flags.star === true && ctx.flags['no-star'] === true) throw new UsageError('rules edit: --star and --no-star together');
          const id = rest[0]!;
          const old = (await ctx.archive.listRules()).find((r) => r.id === id);
          if (!old) throw new TidingsError('rules', id, 'no such rule', 'not-found');
          const query = flagString(ctx, 'query') ?? old.query;
          // A rule without a name is named by its query: it follows a new query.
          const name = flagString(ctx, 'name') ?? (old.name === old.query ? undefined : old.name);
          const rule = await ctx.archive.updateRule(id, {
            query, name, addTags: listFlag(ctx, 'tags') ?? old.addTags,
            markRead: ctx.flags.read === true ? true : ctx.flags['no-read'] === true ? false : old.markRead,
            star: ctx.flags.star === true ? true : ctx.flags['no-star'] === true ? false : old.star,
          });
          return ctx.json ? printJson(ctx, rule) : ctx.out(`edited rule ${rule.id}: ${describeRule(rule)}`);
        }
        case 'remove':
          await ctx.archive.removeRule(rest[0]!); // its presence was checked with the arguments
          return ctx.json ? printJson(ctx, { removed: rest[0] }) : ctx.out(`removed rule ${rest[0]}`);
        case 'run': {
          const result = await ctx.archive.runRules({ dryRun: ctx.flags['dry-run'] === true, ruleId: flagString(ctx, 'rule') });
          if (ctx.json) return printJson(ctx, result);
          result.rules.forEach((r) => ctx.out(`${r.id}  ${r.name}: matches ${r.matched}, ${result.dryRun ? 'would change' : 'changed'} ${r.changed}`));
          return ctx.out(`${result.changed} article${result.changed === 1 ? '' : 's'} ${result.dryRun ? 'would change (dry run: nothing written)' : 'changed'}`);
        }
        default:
          throw new UsageError(`unknown rules action '${action}'; use list, add, edit, remove or run`);
      }
    },
  },
  {
    name: 'views',
    usage: 'views [list | save NAME QUERY | remove ID]',
    summary: 'smart views, tag views and saved searches with their counts',
    args: [0, Infinity],
    check: (input) => checkAction('views', VIEW_ACTIONS, input),
    async run(ctx) {
      const [action = 'list', ...rest] = ctx.args;
      if (action === 'save') {
        const saved = await ctx.archive.saveSearch(rest[0]!, rest.slice(1).join(' '));
        return ctx.json ? printJson(ctx, saved) : ctx.out(`saved search ${saved.id}: ${saved.name} = ${saved.query}`);
      }
      if (action === 'remove') {
        await ctx.archive.removeSavedSearch(rest[0]!);
        return ctx.json ? printJson(ctx, { removed: rest[0] }) : ctx.out(`removed saved search ${rest[0]}`);
      }
      const views = await ctx.archive.listViews();
      if (ctx.json) return printJson(ctx, views);
      views.forEach((v) => ctx.out(`${String(v.count).padStart(6)}  ${v.name}${v.kind === 'smart' ? '' : `  (${v.kind === 'tag' ? 'tag' : v.id}: ${v.query})`}`));
    },
  },
  {
    name: 'retention',
    usage: 'retention [--dry-run]',
    summary: "remove read articles older than their feed's retention period (starred, tagged, saved kept)",
    options: { 'dry-run': { type: 'boolean', help: 'show what would be removed, remove nothing' } },
    args: [0, 0],
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
    args: [0, Infinity],
    check({ args }) {
      const bad = args.find((arg) => arg.indexOf('=') < 1);
      if (bad !== undefined) throw new UsageError(`settings: expected NAME=VALUE, got '${bad.slice(0, 60)}'`);
    },
    async run(ctx) {
      const patch: Record<string, unknown> = {};
      for (const arg of ctx.args) {
        const eq = arg.indexOf('=');
        patch[arg.slice(0, eq)] = settingValue(arg.slice(eq + 1));
      }
      const settings = ctx.args.length ? await ctx.archive.updateSettings(patch as Partial<Settings>) : await ctx.archive.getSettings();
      if (ctx.json) return printJson(ctx, settings);
      Object.entries(settings).forEach(([k, v]) => ctx.out(`${k} = ${String(v)}`));
    },
  },
];

/** What each sub-action of a command takes: its count of arguments and its options. */
interface Action {
  args: readonly [number, number];
  options: readonly string[];
  usage: string;
  /** Options it cannot do without. */
  required?: readonly string[];
}

const RULE_ACTIONS: Record<string, Action> = {
  list: { args: [0, 0], options: [], usage: 'rules list' },
  add: { args: [0, 0], options: ['query', 'tags', 'read', 'star', 'name'], required: ['query'], usage: 'rules add --query=Q [--tags=a,b] [--read] [--star] [--name=N]' },
  edit: { args: [1, 1], options: ['query', 'tags', 'read', 'star', 'no-read', 'no-star', 'name'], usage: 'rules edit ID [--query=Q] [--tags=a,b] [--name=N] [--read|--no-read] [--star|--no-star]' },
  remove: { args: [1, 1], options: [], usage: 'rules remove ID' },
  run: { args: [0, 0], options: ['dry-run', 'rule'], usage: 'rules run [--dry-run] [--rule=ID]' },
};

const VIEW_ACTIONS: Record<string, Action> = {
  list: { args: [0, 0], options: [], usage: 'views list' },
  save: { args: [2, Infinity], options: [], usage: 'views save NAME QUERY' },
  remove: { args: [1, 1], options: [], usage: 'views remove ID' },
};

/** The first argument names the action (list when absent); the rest must fit that action. */
function checkAction(command: string, actions: Record<string, Action>, { args, flags }: { args: string[]; flags: Flags }): void {
  const [name = 'list', ...rest] = args;
  const action = Object.hasOwn(actions, name) ? actions[name]! : undefined;
  if (!action) throw new UsageError(`unknown ${command} action '${name.slice(0, 40)}'; use ${Object.keys(actions).join(', ')}`);
  const where = `${command} ${name}`;
  const stray = Object.keys(flags).find((f) => !action.options.includes(f));
  if (stray !== undefined) throw new UsageError(`${where}: unknown option --${stray}`);
  const missing = action.required?.find((f) => flags[f] === undefined || flags[f] === '');
  if (missing !== undefined) throw new UsageError(`${where} needs --${missing}; usage: ${action.usage}`);
  if (rest.length < action.args[0]) throw new UsageError(`${where}: missing argument; usage: ${action.usage}`);
  if (rest.length > action.args[1]) throw new UsageError(`${where}: too many arguments (${rest.slice(action.args[1]).join(' ').slice(0, 60)}); usage: ${action.usage}`);
}

function countCommand(name: string, usage: string, summary: string, minArgs: number, act: (ctx: CommandContext) => Promise<number>): Command {
  return {
    name,
    usage,
    summary,
    args: [minArgs, Infinity],
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
