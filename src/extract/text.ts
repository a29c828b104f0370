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
  const parts: string[] = [];
  const stack: { node: Node; leaving: boolean }[] = [{ node: root, leaving: false }];
  let inPre = 0;
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      parts.push(inPre > 0 ? value.replace(/\n/g, LINE_BREAK) : value);
      continue;
    }
    const tag = node.nodeType === ELEMENT_NODE ? (node as Element).tagName.toLowerCase() : '';
    if (tag === 'br') {
      parts.push(LINE_BREAK);
      continue;
    }
    if (SKIPPED.has(tag)) continue;
    if (BLOCKS.has(tag)) parts.push(BLOCK_BREAK);
    if (tag === 'pre') inPre += leaving ? -1 : 1;
    if (leaving) continue;
    stack.push({ node, leaving: true });
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, leaving: false });
  }
  return tidy(parts.join(''));
}

function tidy(raw: string): string {
  return raw
    .replace(/[^\S\u0001\u0002]+/g, ' ')
    .replace(/ ?\u0002 ?/g, '\n')
    .replace(/ ?\u0001[\u0001 ]*/g, BLOCK_BREAK)
    .replace(/\n*\u0001\n*/g, '\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
