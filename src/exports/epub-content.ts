// The HTML content models an EPUB validator checks and browsers forgive. Sanitized pages from
// the web break them (found on the corpus: 55 errors in 65 pages): a list holding text or a
// list, a definition list without terms, a caption in the middle of its figure, a paragraph
// inside a span, table columns sized by `width`. Each is mended in the shape nearest to what
// the reader sees; nothing is dropped but the attributes HTML no longer has.

/** Elements that still take `width` and `height`. */
const SIZED = new Set(['img', 'video', 'canvas', 'iframe', 'embed', 'object', 'source', 'input']);
/** Elements whose content is phrasing only: a block inside one is not allowed. */
const PHRASING = new Set(['span', 'a', 'del', 'ins', 'b', 'i', 'em', 'strong', 'small', 'label', 'code', 'abbr', 'cite', 'q', 'sub', 'sup', 'mark', 'u', 's', 'kbd', 'var', 'dfn', 'time', 'bdi', 'bdo', 'data', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);

/** Phrasing elements that may hold blocks where their parent may (transparent content). */
const TRANSPARENT = new Set(['a', 'del', 'ins']);
/** Phrasing content that is not a container of phrasing (embedded, interactive, edits, ruby). */
const INLINE = new Set(['br', 'wbr', 'img', 'picture', 'source', 'track', 'video', 'audio', 'svg', 'math', 'iframe', 'embed', 'object', 'param', 'canvas', 'del', 'ins', 'ruby', 'rt', 'rp', 'input', 'button', 'select', 'option', 'optgroup', 'datalist', 'textarea', 'output', 'meter', 'progress', 'map', 'area', 'script', 'noscript', 'template', 'slot']);

export function mendContentModels(root: Element): void {
  for (const el of [...root.querySelectorAll('[width], [height]')]) {
    if (SIZED.has(el.localName)) continue;
    el.removeAttribute('width');
    el.removeAttribute('height');
  }
  for (const list of [...root.querySelectorAll('ul, ol')]) itemsOnly(list);
  for (const dl of [...root.querySelectorAll('dl')]) if (!termsFirst(dl)) unlist(dl);
  // A term or definition outside any list (a feed's fragment cut from its list).
  for (const stray of [...root.querySelectorAll('dt, dd')]) if (stray.parentElement?.localName !== 'dl') rename(stray, 'div');
  for (const caption of [...root.querySelectorAll('figcaption')]) {
    const figure = caption.parentElement;
    const placed = figure?.localName === 'figure' && (figure.firstElementChild === caption || figure.lastElementChild === caption);
    if (!placed) rename(caption, 'div');
  }
  // A time without a datetime (the export drops them: few are valid) holds text only.
  for (const time of [...root.querySelectorAll('time:not([datetime])')]) if (time.firstElementChild) rename(time, 'span');
  // An element that holds phrasing only but holds a block (a table in a span, a list in a
  // paragraph: found on the corpus feeds) becomes a div; a link stays, as it may hold blocks
  // where its parent may.
  for (const el of [...root.querySelectorAll('*')].reverse()) {
    if (PHRASING.has(el.localName) && !TRANSPARENT.has(el.localName) && holdsBlock(el)) rename(el, 'div');
  }
  // Innermost first, so a paragraph in a paragraph in a span is mended from the inside out. One
  // holding a block stays a block (its parent is a link or a word-level edit around it).
  for (const block of [...root.querySelectorAll('p, div')].reverse()) {
    if (block.parentElement && PHRASING.has(block.parentElement.localName)) rename(block, holdsBlock(block) ? 'div' : 'span');
  }
}

/** Whether an element holds, at any depth, an element that is neither phrasing content nor a paragraph or div (which can become spans). */
function holdsBlock(el: Element): boolean {
  for (const inner of el.querySelectorAll('*')) {
    const name = inner.localName;
    if (!PHRASING.has(name) && !INLINE.has(name) && name !== 'p' && name !== 'div' && inner.closest('svg, math') === null) return true;
  }
  return false;
}

/** A list holds only items: runs of anything else (text, a nested list) become one item each. */
function itemsOnly(list: Element): void {
  let run: ChildNode[] = [];
  const wrap = () => {
    if (run.some((n) => n.nodeType === 1 || (n.textContent ?? '').trim() !== '')) {
      const li = list.ownerDocument.createElementNS(list.namespaceURI, 'li');
      run[0]!.before(li);
      li.append(...run);
    }
    run = [];
  };
  for (const node of [...list.childNodes]) {
    const isItem = node.nodeType === 1 && ['li', 'script', 'template'].includes((node as Element).localName);
    if (isItem) wrap();
    else run.push(node);
  }
  wrap();
}

/** Whether a definition list is terms then their definitions (dt+ dd+, repeated), ending with a definition. */
function termsFirst(dl: Element): boolean {
  let last: string | null = null;
  for (const child of [...dl.children]) {
    const name = child.localName;
    if (name === 'script' || name === 'template') continue;
    if (name === 'dd' && last === null) return false;
    if (name !== 'dt' && name !== 'dd') return false; // div groups too: rarely well formed in the wild
    last = name;
  }
  return last !== 'dt' && [...dl.childNodes].every((n) => n.nodeType !== 3 || (n.textContent ?? '').trim() === '');
}

/** A definition list that is not one: its terms and definitions as plain blocks. */
function unlist(dl: Element): void {
  for (const child of [...dl.children]) if (child.localName === 'dt' || child.localName === 'dd') rename(child, 'div');
  rename(dl, 'div');
}

function rename(el: Element, name: string): Element {
  const next = el.ownerDocument.createElementNS(el.namespaceURI, name);
  for (const attr of [...el.attributes]) next.setAttribute(attr.name, attr.value);
  next.append(...el.childNodes);
  el.replaceWith(next);
  return next;
}
