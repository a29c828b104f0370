// The words of the tags on articles, so that a plain word of a query finds an article by its
// tags as well as its text. Tags change often and cheaply (no body text involved), so they are
// matched here from the library rather than kept in the on-disk index.

import type { ArticleRecord } from '../model/index.js';
import { tagKey } from '../model/index.js';
import { tokenize } from './fold.js';

export class TagWords {
  private readonly tags = new Map<string, { tokens: string[]; ids: string[] }>();

  constructor(articles: Iterable<ArticleRecord>) {
    for (const article of articles) {
      for (const tag of article.tags) {
        const key = tagKey(tag);
        let entry = this.tags.get(key);
        if (!entry) this.tags.set(key, (entry = { tokens: tokenize(tag), ids: [] }));
        entry.ids.push(article.id);
      }
    }
  }

  /** Ids of articles with a tag whose words include `tokens` in a row (the last as a prefix). */
  match(tokens: string[], prefix: boolean): string[] {
    const ids = new Set<string>();
    for (const { tokens: words, ids: tagged } of this.tags.values()) {
      if (containsRun(words, tokens, prefix)) tagged.forEach((id) => ids.add(id));
    }
    return [...ids];
  }
}

export function containsRun(words: string[], run: string[], prefix: boolean): boolean {
  for (let start = 0; start + run.length <= words.length; start++) {
    let ok = true;
    for (let k = 0; k < run.length && ok; k++) {
      const word = words[start + k]!;
      const want = run[k]!;
      ok = prefix && k === run.length - 1 ? word.startsWith(want) : word === want;
    }
    if (ok) return true;
  }
  return false;
}
