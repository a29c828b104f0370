// The article's text as the reader's frame shows it, read the way the engine reads the article
// (src/extract/text.ts: blocks apart, spaces folded), with each character's place in the DOM:
// a selection becomes a quote with its context, and a highlight's quote becomes DOM ranges to
// wrap in <mark>. The engine finds a quote again by its context (src/highlights/anchor.ts; findQuote
// here does the same: exact places first, then with whitespace folded; the best context wins,
// then the nearest to the hinted start), so small differences between the two texts do not matter.
import type { Highlight } from '../../../src/api.js';

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
export const CONTEXT = 32;
export const MARK_CLASS = 'tidings-hl';

export interface FrameText {
  text: string;
  /** For each character of `text`: its text node and offset, or null for a break the walk added. */
  nodes: (Text | null)[];
  offsets: number[];
}

export function frameText(root: Element): FrameText {
  const out: string[] = [];
  const nodes: (Text | null)[] = [];
  const offsets: number[] = [];
  const push = (c: string, node: Text | null, offset: number) => {
    out.push(c);
    nodes.push(node);
    offsets.push(offset);
  };
  const last = () => out[out.length - 1];
  const pop = () => {
    out.pop();
    nodes.pop();
    offsets.pop();
  };
  const dropSpace = () => {
    while (last() === ' ') pop();
  };
  const block = () => {
    dropSpace();
    if (out.length === 0) return;
    let lines = 0;
    for (let i = out.length - 1; i >= 0 && out[i] === '\n'; i--) lines++;
    for (; lines < 2; lines++) push('\n', null, 0);
  };
  const walk = (node: Node, pre: boolean) => {
    if (node.nodeType === 3) {
      const value = (node as Text).data;
      for (let i = 0; i < value.length; i++) {
        const c = value[i]!;
        if (pre && c === '\n') {
          dropSpace();
          push('\n', node as Text, i);
        } else if (/\s/.test(c)) {
          if (out.length > 0 && last() !== ' ' && last() !== '\n') push(' ', node as Text, i);
        } else push(c, node as Text, i);
      }
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toLowerCase();
    if (tag === 'br') {
      dropSpace();
      push('\n', null, 0);
      return;
    }
    if (SKIPPED.has(tag)) return;
    const isBlock = BLOCKS.has(tag);
    if (isBlock) block();
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, pre || tag === 'pre');
    if (isBlock) block();
  };
  for (let child = root.firstChild; child; child = child.nextSibling) walk(child, false);
  while (out.length > 0 && /\s/.test(last()!)) pop();
  return { text: out.join(''), nodes, offsets };
}

/** The part of the text a DOM range covers, or null when it covers no text. */
export function rangeSpan(ft: FrameText, range: Range): { start: number; end: number } | null {
  let start = -1;
  let end = -1;
  for (let i = 0; i < ft.nodes.length; i++) {
    const node = ft.nodes[i];
    if (!node) continue;
    if (range.comparePoint(node, ft.offsets[i]!) >= 0 && range.comparePoint(node, ft.offsets[i]! + 1) <= 0) {
      if (start === -1) start = i;
      end = i + 1;
    } else if (start !== -1 && range.comparePoint(node, ft.offsets[i]!) > 0) break;
  }
  if (start === -1) return null;
  while (start < end && /\s/.test(ft.text[start]!)) start++;
  while (end > start && /\s/.test(ft.text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** What addHighlight wants for text[start, end): the quote, its context and where it starts. */
export function quoteOf(ft: FrameText, span: { start: number; end: number }): { exact: string; prefix: string; suffix: string; start: number } {
  return {
    exact: ft.text.slice(span.start, span.end),
    prefix: ft.text.slice(Math.max(0, span.start - CONTEXT), span.start),
    suffix: ft.text.slice(span.end, span.end + CONTEXT),
    start: span.start,
  };
}

/** Remove the marks drawn before (their text stays). */
export function clearMarks(root: Element): void {
  const marks = [...root.querySelectorAll(`mark.${MARK_CLASS}`)];
  if (marks.length === 0) return;
  for (const mark of marks) mark.replaceWith(...mark.childNodes);
  root.normalize();
}

/**
 * Draw the highlights as <mark>s around their text: each found by its quote and context in the
 * frame's text. Where highlights overlap, the piece they share is one mark naming all of them
 * (data-ids) in the colour of the one made last. Answers the ids of those not found.
 */
export function drawHighlights(root: Element, highlights: Highlight[]): string[] {
  clearMarks(root);
  const ft = frameText(root);
  const missing: string[] = [];
  /** Per text node: for each of its characters, the highlights covering it (in order made). */
  const cover = new Map<Text, Map<number, Highlight[]>>();
  for (const hl of highlights) {
    const span = findQuote(ft.text, hl.quote.exact, { prefix: hl.quote.prefix, suffix: hl.quote.suffix, start: hl.position?.start });
    if (!span) {
      missing.push(hl.id);
      continue;
    }
    for (let i = span.start; i < span.end; i++) {
      const node = ft.nodes[i];
      if (!node) continue;
      const chars = cover.get(node) ?? new Map<number, Highlight[]>();
      cover.set(node, chars);
      const offset = ft.offsets[i]!;
      chars.set(offset, [...(chars.get(offset) ?? []), hl]);
      // A folded run of spaces: cover the whole run, so that the mark is not broken by a gap.
      for (let o = offset + 1; o < node.data.length && /\s/.test(node.data[o]!) && /\s/.test(node.data[offset]!); o++) chars.set(o, [...(chars.get(o) ?? []), hl]);
    }
  }
  for (const [node, chars] of cover) wrapNode(node, chars);
  return missing;
}

/** Wrap the covered runs of one text node, from its end so that earlier offsets stay valid. */
function wrapNode(node: Text, chars: Map<number, Highlight[]>): void {
  const key = (o: number) => (chars.get(o) ?? []).map((h) => h.id).join(' ');
  const runs: { start: number; end: number; hls: Highlight[] }[] = [];
  for (let o = 0; o < node.data.length; o++) {
    const k = key(o);
    if (!k) continue;
    const run = runs[runs.length - 1];
    if (run && run.end === o && key(run.start) === k) run.end = o + 1;
    else runs.push({ start: o, end: o + 1, hls: chars.get(o)! });
  }
  for (const run of runs.reverse()) {
    const doc = node.ownerDocument;
    const middle = node.splitText(run.start);
    middle.splitText(run.end - run.start);
    const top = run.hls[run.hls.length - 1]!;
    const mark = doc.createElement('mark');
    mark.className = `${MARK_CLASS} hl-${top.color}${top.note ? ' has-note' : ''}`;
    mark.dataset.ids = run.hls.map((h) => h.id).join(' ');
    mark.dataset.id = top.id;
    if (top.note) mark.title = top.note;
    middle.replaceWith(mark);
    mark.append(middle);
  }
}

type Span = { start: number; end: number };
const MAX_PLACES = 1000;

/** Where `exact` is in `text`: of several places, the one whose context agrees best with the hint. */
export function findQuote(text: string, exact: string, hint: { prefix?: string; suffix?: string; start?: number } = {}): Span | null {
  if (exact.trim() === '') return null;
  const strict = occurrences(text, exact).map((start) => ({ start, end: start + exact.length }));
  return bestOf(strict, text, hint) ?? bestOf(looseOccurrences(text, exact), text, hint);
}

function occurrences(text: string, exact: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(exact); at !== -1 && found.length < MAX_PLACES; at = text.indexOf(exact, at + 1)) found.push(at);
  return found;
}

function looseOccurrences(text: string, exact: string): Span[] {
  const wanted = exact.trim().replace(/\s+/g, ' ');
  let folded = '';
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const space = /\s/.test(text[i]!);
    if (space && folded.endsWith(' ')) continue;
    folded += space ? ' ' : text[i];
    starts.push(i);
  }
  return occurrences(folded, wanted).map((at) => {
    const last = starts[at + wanted.length - 1]!;
    let end = last + 1;
    while (/\s/.test(text[last]!) && end < text.length && /\s/.test(text[end]!)) end++;
    return { start: starts[at]!, end };
  });
}

function bestOf(spans: Span[], text: string, hint: { prefix?: string; suffix?: string; start?: number }): Span | null {
  let best: Span | null = null;
  let bestScore = -Infinity;
  for (const span of spans) {
    let score = 0;
    const prefix = hint.prefix ?? '';
    for (let i = 1; i <= prefix.length && text[span.start - i] === prefix[prefix.length - i]; i++) score++;
    const suffix = hint.suffix ?? '';
    for (let i = 0; i < suffix.length && text[span.end + i] === suffix[i]; i++) score++;
    const total = score * 1e9 - Math.abs(span.start - (hint.start ?? span.start));
    if (total > bestScore) [best, bestScore] = [span, total];
  }
  return best;
}
