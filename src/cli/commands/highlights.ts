// Commands on reading state: highlights (list, add, remove) and an article's note.

import type { HighlightColor, HighlightEntry } from '../../api.js';
import { type Command, flagString, intFlag, LIMIT_OPTIONS, printJson, UsageError } from '../command.js';

const COLORS: HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

export const highlightCommands: Command[] = [
  {
    name: 'highlights',
    usage: 'highlights [ID] [--query=Q] [--limit=N] [--offset=N]',
    summary: "highlights across the archive, newest first (or one article's, in order)",
    options: { query: { type: 'string', value: 'Q', help: 'only articles this search selects' }, ...LIMIT_OPTIONS },
    args: [0, 1],
    async run(ctx) {
      const page = await ctx.archive.listHighlights({
        articleId: ctx.args[0],
        query: flagString(ctx, 'query'),
        limit: intFlag(ctx, 'limit') ?? 50,
        offset: intFlag(ctx, 'offset') ?? 0,
      });
      if (ctx.json) return printJson(ctx, page);
      let article: string | null = null;
      for (const entry of page.items) {
        if (entry.article.id !== article) {
          ctx.out(`${entry.article.title} (${entry.article.id})`);
          article = entry.article.id;
        }
        highlightLines(entry).forEach((line) => ctx.out(line));
      }
      ctx.out(`${page.items.length} of ${page.total} highlights`);
    },
  },
  {
    name: 'highlight',
    usage: 'highlight ID --quote=TEXT [--note=TEXT] [--color=yellow|green|blue|pink|purple]',
    summary: "highlight a passage of an article's text (it must be there, as `show ID` prints it)",
    options: {
      quote: { type: 'string', value: 'TEXT', help: 'the passage, as in the text (spaces and line breaks may differ)' },
      note: { type: 'string', value: 'TEXT', help: 'a note on the passage' },
      color: { type: 'string', value: 'COLOR', help: 'default yellow', choices: COLORS },
    },
    args: [1, 1],
    check({ flags }) {
      if (typeof flags.quote !== 'string' || flags.quote.trim() === '') throw new UsageError('highlight: needs --quote=TEXT');
    },
    async run(ctx) {
      const highlight = await ctx.archive.addHighlight(ctx.args[0]!, {
        exact: flagString(ctx, 'quote')!,
        note: flagString(ctx, 'note'),
        color: flagString(ctx, 'color') as HighlightColor | undefined,
      });
      if (ctx.json) return printJson(ctx, highlight);
      ctx.out(`highlighted ${highlight.id}: ${highlight.quote.exact}`);
    },
  },
  {
    name: 'unhighlight',
    usage: 'unhighlight ID HIGHLIGHT_ID',
    summary: 'remove a highlight',
    args: [2, 2],
    async run(ctx) {
      await ctx.archive.removeHighlight(ctx.args[0]!, ctx.args[1]!);
      if (ctx.json) return printJson(ctx, { removed: ctx.args[1] });
      ctx.out(`removed ${ctx.args[1]}`);
    },
  },
  {
    name: 'note',
    usage: 'note ID [TEXT]',
    summary: "set an article's note (no TEXT: remove it)",
    args: [1, 2],
    async run(ctx) {
      await ctx.archive.setArticleNote(ctx.args[0]!, ctx.args[1] ?? null);
      if (ctx.json) return printJson(ctx, { id: ctx.args[0], note: ctx.args[1]?.trim() || null });
      ctx.out(ctx.args[1]?.trim() ? `noted ${ctx.args[0]}` : `removed the note of ${ctx.args[0]}`);
    },
  },
];

function highlightLines({ highlight }: HighlightEntry): string[] {
  const quote = highlight.quote.exact.replace(/\s+/g, ' ');
  return [`  ${highlight.id} [${highlight.color}] “${quote}”`, ...(highlight.note ? [`      note: ${highlight.note}`] : [])];
}
