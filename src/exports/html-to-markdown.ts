// Our sanitized article HTML as Markdown: headings, paragraphs, links, lists, emphasis, code,
// blockquotes, images, rules. A small converter over a DOM (linkedom) rather than a library: the
// sanitizer already reduced the HTML to these few elements. Text is escaped so that it stays
// text (a `*` or `#` in a sentence does not become markup).

import { parseHTML } from 'linkedom';

type Node = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<Node>; getAttribute?(name: string): string | null };

/** `image(src)` gives the address to write for an image (a local copy's relative path, or the URL). */
export function htmlToMarkdown(html: string, image: (src: string) => string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out = blocks(document.body as unknown as Node, { image, depth: 0 });
  return `${out.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

interface Ctx {
  image: (src: string) => string;
  depth: number;
}

const BLOCK = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'FIGURE', 'FIGCAPTION', 'DETAILS', 'SUMMARY', 'ADDRESS', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'DL', 'DT', 'DD', 'CAPTION']);

function children(node: Node, ctx: Ctx, each: (child: Node, ctx: Ctx) => string): string {
  return Array.from(node.childNodes, (child) => each(child, ctx)).join('');
}

function blocks(node: Node, ctx: Ctx): string {
  return children(node, ctx, block);
}

function block(node: Node, ctx: Ctx): string {
  if (node.nodeType !== 1) return inline(node, ctx);
  const name = node.nodeName.toUpperCase();
  const heading = /^H([1-6])$/.exec(name);
  if (heading) return `\n\n${'#'.repeat(Number(heading[1]))} ${oneLine(children(node, ctx, inline))}\n\n`;
  switch (name) {
    case 'UL':
    case 'OL':
      return `\n\n${list(node, ctx, name === 'OL')}\n\n`;
    case 'BLOCKQUOTE':
      return `\n\n${quote(blocks(node, ctx).trim())}\n\n`;
    case 'PRE':
      return `\n\n${fence(node.textContent ?? '')}\n\n`;
    case 'HR':
      return '\n\n---\n\n';
    case 'TD':
    case 'TH':
      return `${children(node, ctx, inline).trim()} `;
  }
  if (BLOCK.has(name)) return `\n\n${blocks(node, ctx).trim()}\n\n`;
  return inline(node, ctx);
}

function inline(node: Node, ctx: Ctx): string {
  if (node.nodeType === 3) return escapeText((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== 1) return '';
  const name = node.nodeName.toUpperCase();
  const inner = () => children(node, ctx, inline);
  switch (name) {
    case 'BR':
      return '  \n';
    case 'EM':
    case 'I':
    case 'CITE':
    case 'VAR':
    case 'DFN':
      return wrap(inner(), '_');
    case 'STRONG':
    case 'B':
      return wrap(inner(), '**');
    case 'DEL':
    case 'S':
      return wrap(inner(), '~~');
    case 'CODE':
    case 'KBD':
    case 'SAMP':
      return code(node.textContent ?? '');
    case 'A': {
      const href = node.getAttribute?.('href');
      const text = inner().trim();
      return href ? `[${text || escapeText(href)}](${destination(href)})` : text;
    }
    case 'IMG': {
      const src = node.getAttribute?.('src');
      return src ? `![${escapeText(node.getAttribute?.('alt') ?? '')}](${destination(ctx.image(src))})` : '';
    }
    case 'UL':
    case 'OL':
    case 'BLOCKQUOTE':
    case 'PRE':
    case 'HR':
    case 'P':
    case 'DIV':
      return block(node, ctx);
  }
  return /^H[1-6]$/.test(name) || BLOCK.has(name) ? block(node, ctx) : inner();
}

function list(node: Node, ctx: Ctx, ordered: boolean): string {
  const items = Array.from(node.childNodes).filter((c) => c.nodeType === 1 && c.nodeName.toUpperCase() === 'LI');
  const start = ordered ? Number(node.getAttribute?.('start') ?? 1) || 1 : 1;
  return items.map((item, i) => {
    const marker = ordered ? `${start + i}. ` : '- ';
    const body = blocks(item, { ...ctx, depth: ctx.depth + 1 }).trim().replace(/\n{2,}/g, '\n');
    return marker + body.split('\n').join(`\n${' '.repeat(marker.length)}`);
  }).join('\n');
}

function quote(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
}

/** A code block whose fence is longer than any run of backticks inside it. */
function fence(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const mark = '`'.repeat(longest + 1);
  return `${mark}\n${text.replace(/\n$/, '')}\n${mark}`;
}

function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const mark = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${mark}${pad}${text.replace(/\s+/g, ' ')}${pad}${mark}`;
}

function wrap(text: string, mark: string): string {
  const trimmed = text.trim();
  if (!trimmed) return text;
  const lead = text.startsWith(' ') ? ' ' : '';
  const tail = text.endsWith(' ') ? ' ' : '';
  return `${lead}${mark}${trimmed}${mark}${tail}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A link's destination: in angle brackets when it holds spaces or parentheses. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>\n]/g, encodeURIComponent)}>` : url;
}

/** Characters that would start markup are escaped (the text reads the same, rendered). */
export function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^(\s*)([#+-])(\s)/, '$1\\$2$3').replace(/^(\s*)(\d+)\.(\s)/, '$1$2\\.$3');
}
