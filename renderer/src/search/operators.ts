// The search language's operators, as the help popover lists them (src/search is the parser).

export const OPERATORS: { example: string; meaning: string }[] = [
  { example: 'gpu twitter', meaning: 'articles with all these words, in any form (“GPUs” finds “GPU”, “sztuczna” finds “sztuczną”)' },
  { example: 'prog*', meaning: 'words starting with prog (while you type, the last word does this by itself)' },
  { example: '"exact words"', meaning: 'this phrase, in this order' },
  { example: 'ai OR ml', meaning: 'either word' },
  { example: '-word', meaning: 'without this word' },
  { example: 'tag:ai', meaning: 'tagged ai (-tag:ai: not tagged ai)' },
  { example: 'feed:NAME', meaning: 'from the feed whose title contains NAME' },
  { example: 'site:example.com', meaning: 'from this site' },
  { example: 'folder:NAME', meaning: 'from the feeds in this folder' },
  { example: 'is:unread', meaning: 'also is:read, is:starred, is:saved, is:today' },
  { example: 'after:2026-01-31', meaning: 'published after a day (before: too)' },
  { example: 'sort:date', meaning: 'newest first instead of best match (sort:relevance)' },
];
