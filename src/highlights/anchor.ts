// Where a quoted passage is in an article's plain text: the W3C Web Annotation selectors of a
// highlight. The quote with its prefix and suffix finds the passage again after a re-extraction
// changed the text around it; the position is a hint, kept only when it still holds the quote.

import { randomBytes } from 'node:crypto';
import type { TextPositionSelector, TextQuoteSelector } from '../model/index.js';

/** A new highlight's id: `h` and 12 hex digits, unique enough across one article's highlights on every device. */
export function newHighlightId(): string {
  return `h${randomBytes(6).toString('hex')}`;
}

/** Characters of context kept on each side of a quote (hypothesis and the W3C examples use about 32). */
export const CONTEXT_CHARS = 32;

/** What the caller knows besides the quote: the context it was taken in, where it was. */
export interface AnchorHint {
  prefix?: string;
  suffix?: string;
  start?: number;
}

export interface Anchor {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/**
 * The place of `exact` in `text`, or null when it is not there. Of several places, the one whose
 * context agrees best with the hint's prefix and suffix, then the nearest to its start. A quote
 * whose spaces and line breaks differ from the text's (a copy from the page, an export that
 * wrapped lines) is found with its whitespace read as one space.
 */
export function anchorQuote(text: string, exact: string, hint: AnchorHint = {}): Anchor | null {
  if (exact.trim() === '') return null;
  const at = bestOf(occurrences(text, exact).map((start) => ({ start, end: start + exact.length })), text, hint)
    ?? bestOf(looseOccurrences(text, exact), text, hint);
  return at ? anchorAt(text, at.start, at.end) : null;
}

/** The selectors of text[start, end). */
export function anchorAt(text: string, start: number, end: number): Anchor {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

type Span = { start: number; end: number };

/** At most this many places are compared: a one-letter quote in a long text has thousands. */
const MAX_PLACES = 1000;

function occurrences(text: string, exact: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(exact); at !== -1 && found.length < MAX_PLACES; at = text.indexOf(exact, at + 1)) found.push(at);
  return found;
}

/** Places of `exact` with every run of whitespace (in both) read as one space. */
function looseOccurrences(text: string, exact: string): Span[] {
  const wanted = exact.trim().replace(/\s+/g, ' ');
  const { folded, starts } = foldSpaces(text);
  return occurrences(folded, wanted).map((at) => ({ start: starts[at]!, end: endOf(text, starts[at + wanted.length - 1]!) }));
}

/** The text with whitespace runs as one space, and for each of its characters where it starts in the text. */
function foldSpaces(text: string): { folded: string; starts: number[] } {
  let folded = '';
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const space = /\s/.test(text[i]!);
    if (space && folded.endsWith(' ')) continue;
    folded += space ? ' ' : text[i];
    starts.push(i);
  }
  return { folded, starts };
}

/** The end of the character (or whitespace run) that starts at `at`. */
function endOf(text: string, at: number): number {
  if (!/\s/.test(text[at]!)) return at + 1;
  let end = at;
  while (end < text.length && /\s/.test(text[end]!)) end++;
  return end;
}

function bestOf(spans: Span[], text: string, hint: AnchorHint): Span | null {
  let best: Span | null = null;
  let bestScore = -Infinity;
  for (const span of spans) {
    const score = contextScore(text, span, hint) * 1e9 - Math.abs(span.start - (hint.start ?? span.start));
    if (score > bestScore) [best, bestScore] = [span, score];
  }
  return best;
}

/** How many characters of the hint's prefix (from its end) and suffix (from its start) agree with the text. */
function contextScore(text: string, span: Span, hint: AnchorHint): number {
  let score = 0;
  const prefix = hint.prefix ?? '';
  for (let i = 1; i <= prefix.length && text[span.start - i] === prefix[prefix.length - i]; i++) score++;
  const suffix = hint.suffix ?? '';
  for (let i = 0; i < suffix.length && text[span.end + i] === suffix[i]; i++) score++;
  return score;
}
