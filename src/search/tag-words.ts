// The words of the tags on articles, so that a plain word of a query finds an article by its
// tags as well as its text. Tags change often and cheaply (no body text involved), so they are
// matched here from the library rather than kept in the on-disk index.

import type { ArticleRecord } from '../model/index.js';
import { tagKey } from '../model/index.js';
import { tokenize } from './fold.js';
import { formsIn, variantsOf } from './terms.js';

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

  /** Ids of articles with a tag whose words include `tokens` in a row (see containsRun). */
  match(tokens: string[], prefix: boolean, langs?: readonly string[]): string[] {
    const ids = new Set<string>();
    for (const { tokens: words, ids: tagged } of this.tags.values()) {
      if (containsRun(words, tokens, prefix, langs)) tagged.forEach((id) => ids.add(id));
    }
    return [...ids];
  }
}

/**
 * Whether `words` hold the query words `run` in a row, each in any of its forms (as the index
 * matches them: its stems in `langs`, the languages the index holds, else in every language),
 * the last also as a prefix when `prefix`. A compound of the query (node.js) is looked for as its
 * parts, the way a tag's words are made.
 */
export function containsRun(words: string[], run: string[], prefix: boolean, langs?: readonly string[]): boolean {
  const formsOf = (token: string) => (langs ? formsIn(token, langs) : variantsOf(token));
  const last = run.length - 1;
  const wants = run.flatMap((token, k) => (isCompound(token) && !(prefix && k === last) ? tokenize(token) : [token]));
  const forms = wants.map(formsOf);
  for (let start = 0; start + wants.length <= words.length; start++) {
    let ok = true;
    for (let k = 0; k < wants.length && ok; k++) {
      const word = words[start + k]!;
      ok = (prefix && k === wants.length - 1 && word.startsWith(wants[k]!)) || sameWord(word, forms[k]!, formsOf);
    }
    if (ok) return true;
  }
  return false;
}

function isCompound(token: string): boolean {
  return token.length > 1 && !token.startsWith('.') && /[.-]/.test(token);
}

function sameWord(word: string, forms: string[], formsOf: (token: string) => string[]): boolean {
  return forms.includes(word) || formsOf(word).some((form) => forms.includes(form));
}
