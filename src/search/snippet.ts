// The passage of an article that best matches a query, as HTML-safe text with the matched
// words wrapped in <mark>. Everything but the <mark> tags is escaped.

import { type TokenSpan, tokenSpans, tokenize } from './fold.js';
import { compoundTerm, MAX_PARTS, variantsOf } from './terms.js';
import type { ParsedQuery } from './query.js';

const WINDOW = 28;
/** Longer texts are looked at only this far for a passage, so one huge article cannot stall a page. */
const MAX_SCAN = 300_000;

export interface Highlight {
  exact: Set<string>;
  prefixes: string[];
}

/** The words a query looks for (not the ones it excludes). */
export function highlightOf(parsed: ParsedQuery): Highlight {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const group of parsed.groups) {
    if (group.negated) continue;
    for (const item of group.items) {
      if (item.kind !== 'text') continue;
      item.tokens.forEach((token, i) => {
        if (item.prefix && i === item.tokens.length - 1) prefixes.push(token);
        // A compound (node.js) is marked on its parts, the words a text shows.
        for (const word of [token, ...tokenize(token)]) for (const form of variantsOf(word)) exact.add(form);
      });
    }
  }
  return { exact, prefixes };
}

/** Whether a word of the text is one the query looks for, in any of its forms (as the index matches). */
function isHit(token: string, highlight: Highlight): boolean {
  if (variantsOf(token).some((form) => highlight.exact.has(form)) || highlight.prefixes.some((p) => token.startsWith(p))) return true;
  // .net is also indexed as net (see indexTerms), so a query for net found it.
  return token.charCodeAt(0) === 46 && token.length > 1 && isHit(token.slice(1), highlight);
}

export function snippet(text: string, highlight: Highlight): string {
  const source = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const spans = tokenSpans(source);
  if (spans.length === 0) return '';
  const hit = spans.map((s) => isHit(s.token, highlight));
  markCompounds(spans, hit, highlight);
  const start = bestWindow(spans.map((s) => s.token), hit);
  const end = Math.min(spans.length, start + WINDOW);
  let out = start > 0 ? '…' : '';
  let at = spans[start]!.start;
  for (let i = start; i < end; i++) {
    const span = spans[i]!;
    if (span.start < at) continue; // a word that folded into several tokens
    out += escapeHtml(source.slice(at, span.start)).replace(/\s+/g, ' ');
    const word = escapeHtml(source.slice(span.start, span.end));
    out += hit[i] ? `<mark>${word}</mark>` : word;
    at = span.end;
  }
  if (end === spans.length) out += escapeHtml(source.slice(at)).replace(/\s+/g, ' ').trimEnd();
  if (end < spans.length || source.length < text.length) out += '…';
  return out;
}

/**
 * Mark each part of a compound the query found whole: the index holds e-mail as email too (see
 * indexTerms), so `email` found a text saying "e-mail" and its parts must show it.
 */
function markCompounds(spans: TokenSpan[], hit: boolean[], highlight: Highlight): void {
  for (let from = 0; from < spans.length; ) {
    let to = from + 1;
    while (to < spans.length && spans[to]!.link !== '') to++;
    if (to - from >= 2 && to - from <= MAX_PARTS) {
      const run = spans.slice(from, to);
      const term = compoundTerm(run.map((s) => s.token), run.map((s) => s.link), (word) => word);
      if (isHit(term, highlight)) hit.fill(true, from, to);
    }
    from = to;
  }
}

/** Start of the window of WINDOW words holding the most distinct matched words. */
function bestWindow(tokens: string[], hit: boolean[]): number {
  let best = 0;
  let bestScore = -1;
  const firstHit = hit.indexOf(true);
  if (firstHit === -1) return 0;
  for (let i = firstHit; i < tokens.length; i++) {
    if (!hit[i]) continue;
    const from = Math.max(0, i - 4);
    const words = new Set<string>();
    for (let k = from; k < Math.min(tokens.length, from + WINDOW); k++) if (hit[k]) words.add(tokens[k]!);
    if (words.size > bestScore) {
      bestScore = words.size;
      best = from;
    }
  }
  return best;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
