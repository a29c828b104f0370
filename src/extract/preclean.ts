// A first, cheap pass over Readability's article in the fast DOM, before the real sanitizer:
// elements that never survive sanitizing are dropped with their content, attributes that are
// not on the sanitizer's allow list are removed, a srcset becomes its best candidate, and runs
// of layout whitespace outside <pre> become one space. jsdom then has far less to parse and
// build, which is most of the sanitizer's cost.
// This pass is an optimisation only: DOMPurify (sanitize.ts) still decides what is safe.

import { ALLOWED_ATTR, bestCandidate } from './sanitize.js';

const DROPPED = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'select', 'textarea', 'option', 'link', 'meta', 'base', 'svg', 'math', 'canvas', 'audio', 'video', 'noembed', 'noframes',
]);
const KEPT_ATTRS = new Set(ALLOWED_ATTR);
const FILE_SCHEMES = new Set(['http:', 'https:', 'file:']);
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const COMMENT_NODE = 8;

export function precleanTree(root: Element, baseUrl: string | null = null): void {
  const stack: { node: Node; inPre: boolean }[] = [{ node: root, inPre: false }];
  while (stack.length > 0) {
    const { node, inPre } = stack.pop()!;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT_NODE) {
        if (!inPre) collapseSpaces(child);
      } else if (child.nodeType === COMMENT_NODE) {
        child.parentNode?.removeChild(child);
      } else if (child.nodeType === ELEMENT_NODE) {
        const el = child as Element;
        const tag = el.localName.toLowerCase();
        if (DROPPED.has(tag)) {
          el.parentNode?.removeChild(el);
          continue;
        }
        cleanAttributes(el, tag, baseUrl);
        stack.push({ node: el, inPre: inPre || tag === 'pre' });
      }
    }
  }
}

function collapseSpaces(text: Node): void {
  const value = text.nodeValue ?? '';
  if (/[ \t\n\r\f]{2}/.test(value)) text.nodeValue = value.replace(/[ \t\n\r\f]{2,}/g, ' ');
}

function cleanAttributes(el: Element, tag: string, baseUrl: string | null): void {
  if (tag === 'img') {
    const srcset = el.getAttribute('srcset');
    const best = srcset ? bestCandidate(srcset, baseUrl, baseUrl?.startsWith('file:') ? FILE_SCHEMES : undefined) : null;
    if (best) el.setAttribute('src', best);
    el.removeAttribute('srcset');
  }
  for (const name of el.getAttributeNames()) if (!KEPT_ATTRS.has(name.toLowerCase())) el.removeAttribute(name);
}
