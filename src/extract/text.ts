// Plain text of HTML for the .txt file and the search index: paragraphs and other blocks on
// their own lines, line breaks kept, runs of spaces folded. Iterative, so deeply nested
// hostile markup cannot overflow the stack.

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
const BLOCK_BREAK = '\u0001';
const LINE_BREAK = '\u0002';
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export function htmlToText(root: Node): string {
  return tidy(rawText(root));
}

/**
 * The text of the tree with block and line breaks marked, before tidying. Walks by
 * firstChild/nextSibling/parentNode without a stack (deeply nested hostile markup cannot
 * overflow it): in jsdom, reading each element's childNodes list by index cost a tenth of
 * cleaning a feed item.
 */
export function rawText(root: Node): string {
  const parts: string[] = [];
  const inPre = { depth: 0 };
  let node: Node = root;
  for (;;) {
    const first = enter(node, parts, inPre) ? node.firstChild : null;
    if (first) {
      node = first;
      continue;
    }
    // A leaf, or an element whose content is skipped: on to the next node, leaving each
    // element climbed out of.
    if (node.nodeType === ELEMENT_NODE) leave(node as Element, parts, inPre);
    while (node !== root && node.nextSibling === null) {
      node = node.parentNode!;
      leave(node as Element, parts, inPre);
    }
    if (node === root) return parts.join('');
    node = node.nextSibling!;
  }
}

/** Emit what comes before a node's content; whether its content is to be read. */
function enter(node: Node, parts: string[], inPre: { depth: number }): boolean {
  if (node.nodeType === TEXT_NODE) {
    const value = node.nodeValue ?? '';
    parts.push(inPre.depth > 0 ? value.replace(/\n/g, LINE_BREAK) : value);
    return false;
  }
  if (node.nodeType !== ELEMENT_NODE) return true;
  const tag = (node as Element).tagName.toLowerCase();
  if (tag === 'br') {
    parts.push(LINE_BREAK);
    return false;
  }
  if (SKIPPED.has(tag)) return false;
  if (BLOCKS.has(tag)) parts.push(BLOCK_BREAK);
  if (tag === 'pre') inPre.depth++;
  return true;
}

/** Emit what comes after an element's content (a br or skipped element has none). */
function leave(el: Element, parts: string[], inPre: { depth: number }): void {
  if (el.nodeType !== ELEMENT_NODE) return;
  const tag = el.tagName.toLowerCase();
  if (tag === 'br' || SKIPPED.has(tag)) return;
  if (BLOCKS.has(tag)) parts.push(BLOCK_BREAK);
  if (tag === 'pre') inPre.depth--;
}

/** Spaces folded, line breaks into newlines, block breaks into blank lines. */
export function tidy(raw: string): string {
  const marked = raw
    .replace(/[^\S\u0001\u0002]+/g, ' ')
    .replace(/ ?\u0002 ?/g, '\n')
    .replace(/ ?\u0001[\u0001 ]*/g, BLOCK_BREAK);
  return blockBreaksToBlankLines(marked).replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Each block break, with the newlines right before and after it, becomes one blank line. A
 * scan rather than /\n*\u0001\n*\/g, which re-read a long run of newlines from each of its
 * starts when no block break followed (10 s for 100,000 newlines in a <pre>).
 */
function blockBreaksToBlankLines(text: string): string {
  const parts: string[] = [];
  let kept = 0;
  for (let at = text.indexOf(BLOCK_BREAK); at !== -1; at = text.indexOf(BLOCK_BREAK, kept)) {
    let start = at;
    while (start > kept && text[start - 1] === '\n') start--;
    let end = at + 1;
    while (text[end] === '\n') end++;
    parts.push(text.slice(kept, start), '\n\n');
    kept = end;
  }
  parts.push(text.slice(kept));
  return parts.join('');
}
