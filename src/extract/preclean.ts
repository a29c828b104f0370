// A first, cheap pass over Readability's article in the fast DOM, before the real sanitizer:
// elements that never survive sanitizing are dropped with their content, and attributes that
// are not on the sanitizer's allow list are removed. jsdom then builds far less (no style
// parsing, no named-property bookkeeping for ids), which is most of the sanitizer's cost.
// This pass is an optimisation only: DOMPurify (sanitize.ts) still decides what is safe.

import { ALLOWED_ATTR } from './sanitize.js';

const DROPPED = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'select', 'textarea', 'option', 'link', 'meta', 'base', 'svg', 'math', 'canvas', 'audio', 'video', 'noembed', 'noframes',
]);
const KEPT_ATTRS = new Set(ALLOWED_ATTR);
const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

export function precleanTree(root: Element): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = Array.from(node.childNodes);
    for (const child of children) {
      if (child.nodeType === COMMENT_NODE) {
        child.parentNode?.removeChild(child);
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const el = child as Element;
      if (DROPPED.has(el.localName.toLowerCase())) {
        el.parentNode?.removeChild(el);
        continue;
      }
      for (const name of el.getAttributeNames()) if (!KEPT_ATTRS.has(name.toLowerCase())) el.removeAttribute(name);
      stack.push(el);
    }
  }
}
