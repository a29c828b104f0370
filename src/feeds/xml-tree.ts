// A lenient XML element tree for feeds, read in one linear pass (see markup.ts for why no
// regular expressions). rss-parser (xml2js) gives no way to read what item 4 of issue 11 needs:
// the source of an xhtml title or body (xml2js loses the order of mixed content), `xml:base` on
// every element, and what parses of a document that is cut short or lacks its <channel>.
//
// Names: an element in a namespace we know is named by its usual prefix whatever prefix the
// feed chose (`<dublin:creator xmlns:dublin="…/dc/elements/1.1/">` is `dc:creator`); the core
// vocabularies (Atom 1.0 and 0.3, RSS 1.0 and 0.90, no namespace) have no prefix, so an RDF feed
// that writes `<rss:item>` reads like one that writes `<item>`. Names are lower-cased.

import { decodeEntities, parseAttributes } from './markup.js';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Character data and CDATA of this element alone (not its children), XML entities decoded. */
  text: string;
  /** The base URL in force for this element (xml:base resolved against its parent's), or null. */
  base: string | null;
  /** Whether `base` was stated (xml:base here or above, or Content-Location), not just the URL fetched. */
  explicitBase: boolean;
  /** Where the element's content starts and ends in the source (for xhtml). */
  innerStart: number;
  innerEnd: number;
  /** False when the document ended before this element's end tag. */
  closed: boolean;
}

export interface XmlTree {
  /** The document read (innerStart and innerEnd point into it). */
  source: string;
  root: XmlNode | null;
  /**
   * An end tag closed an element other than the innermost open one, or matched none, outside
   * a body: the document is broken, not merely cut short.
   */
  mismatched: boolean;
  /** The document ended inside an element, a tag, a comment or a CDATA section. */
  truncated: boolean;
  /** The base the tree was read with is a stated one (see parseXmlTree). */
  statedBase: boolean;
}

const CANONICAL_PREFIX: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
};

const CORE_NAMESPACES = new Set(['', 'http://www.w3.org/2005/atom', 'http://purl.org/atom/ns#', 'http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/', 'http://backend.userland.com/rss2', 'http://purl.org/net/rss1.1#']);

interface Open {
  node: XmlNode;
  namespaces: Map<string, string>;
  /** This element is, or is inside, a body (description, content...): HTML may be unescaped there. */
  inBody: boolean;
}

/**
 * Elements whose content publishers often write as unescaped HTML (`<description>a<br>b`).
 * Inside them an end tag that skips unclosed elements, or matches none, is forgiven, as real
 * readers forgive it: the body is taken from the source as written.
 */
const BODIES = new Set(['description', 'content', 'summary', 'content:encoded', 'xhtml:body', 'body']);

/** The tree of `xml`, resolving xml:base against `base`. Never throws. */
/**
 * `stated`: `base` is where the document says it lives (HTTP Content-Location), not merely the
 * URL it was fetched from; bodies resolve their relative URLs against it (content-base.ts).
 */
export function parseXmlTree(xml: string, base: string | null, stated = false): XmlTree {
  const stack: Open[] = [];
  const tree: XmlTree = { source: xml, root: null, mismatched: false, truncated: false, statedBase: stated };
  const topNamespaces = new Map<string, string>();
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > at && stack.length > 0) stack[stack.length - 1]!.node.text += decodeEntities(xml.slice(at, textEnd));
    if (lt < 0) break;
    const next = readConstruct(xml, lt, stack, tree, base, topNamespaces);
    if (next < 0) {
      tree.truncated = true;
      break;
    }
    at = next;
  }
  if (stack.length > 0) tree.truncated = true;
  return tree;
}

/** Reads what starts at `lt` (a '<'); returns where reading goes on, or -1 when it never ends. */
function readConstruct(xml: string, lt: number, stack: Open[], tree: XmlTree, base: string | null, topNamespaces: Map<string, string>): number {
  if (xml.startsWith('<!--', lt)) return after(xml, '-->', lt + 4);
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt + 9);
    if (end < 0) return -1;
    if (stack.length > 0) stack[stack.length - 1]!.node.text += xml.slice(lt + 9, end);
    return end + 3;
  }
  if (xml.startsWith('<?', lt)) return after(xml, '?>', lt + 2);
  if (xml.startsWith('<!', lt)) return doctypeEnd(xml, lt);
  const closing = xml[lt + 1] === '/';
  const nameStart = lt + (closing ? 2 : 1);
  let nameEnd = nameStart;
  while (nameEnd < xml.length && isNameChar(xml.charCodeAt(nameEnd))) nameEnd++;
  // "a < b" in sloppy text: a character, not markup.
  if (nameEnd === nameStart || !isNameStart(xml.charCodeAt(nameStart))) {
    if (stack.length > 0) stack[stack.length - 1]!.node.text += '<';
    return lt + 1;
  }
  const gt = tagEnd(xml, nameEnd);
  if (gt < 0) return -1;
  const rawName = xml.slice(nameStart, nameEnd);
  if (closing) {
    closeElement(stack, tree, rawName, lt);
    return gt + 1;
  }
  const selfClosing = xml[gt - 1] === '/';
  const attrs = parseAttributes(xml.slice(nameEnd, selfClosing ? gt - 1 : gt));
  const parent = stack[stack.length - 1];
  const namespaces = declaredNamespaces(attrs, parent?.namespaces ?? topNamespaces);
  const parentBase = parent ? parent.node.base : base;
  const node: XmlNode = {
    name: canonicalName(rawName, namespaces),
    attrs,
    children: [],
    text: '',
    base: attrs['xml:base'] ? resolve(attrs['xml:base'], parentBase) : parentBase,
    explicitBase: attrs['xml:base'] !== undefined || (parent ? parent.node.explicitBase : tree.statedBase),
    innerStart: gt + 1,
    innerEnd: gt + 1,
    closed: selfClosing,
  };
  if (parent) parent.node.children.push(node);
  else if (!tree.root) tree.root = node;
  else return gt + 1; // a second root element: ignored
  if (!selfClosing) stack.push({ node, namespaces, inBody: (parent?.inBody ?? false) || BODIES.has(node.name) });
  return gt + 1;
}

/**
 * How far up the open elements an end tag looks for its start tag. Real documents close what
 * they open within a few levels; without a bound, a hostile run of end tags that match nothing
 * under a deep nest would each scan the whole stack (quadratic).
 */
const CLOSE_SEARCH_DEPTH = 64;

/** Namespace prefixes in force at once, at most: each element copies the map it declares into. */
const MAX_PREFIXES = 64;

/** An end tag closes the innermost open element of its name (and any left open inside it). */
function closeElement(stack: Open[], tree: XmlTree, rawName: string, lt: number): void {
  const lowest = Math.max(0, stack.length - CLOSE_SEARCH_DEPTH);
  let index = stack.length - 1;
  while (index >= lowest && !sameName(stack[index]!, rawName)) index--;
  if (index < lowest) {
    if (!stack[stack.length - 1]?.inBody) tree.mismatched = true;
    return;
  }
  if (index !== stack.length - 1 && !stack[index]!.inBody) tree.mismatched = true;
  const open = stack[index]!;
  open.node.closed = true;
  open.node.innerEnd = lt;
  stack.length = index;
}

function sameName(open: Open, rawName: string): boolean {
  return canonicalName(rawName, open.namespaces) === open.node.name;
}

function declaredNamespaces(attrs: Record<string, string>, inherited: Map<string, string>): Map<string, string> {
  let own: Map<string, string> | null = null;
  for (const [name, value] of Object.entries(attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (inherited.size >= MAX_PREFIXES) break;
    own ??= new Map(inherited);
    own.set(name === 'xmlns' ? '' : name.slice(6), value.trim().toLowerCase());
  }
  return own ?? inherited;
}

function canonicalName(rawName: string, namespaces: Map<string, string>): string {
  const colon = rawName.indexOf(':');
  const prefix = colon < 0 ? '' : rawName.slice(0, colon).toLowerCase();
  const local = rawName.slice(colon + 1).toLowerCase();
  const uri = namespaces.get(prefix);
  if (uri === undefined) return colon < 0 ? local : `${prefix}:${local}`;
  const canonical = CANONICAL_PREFIX[uri];
  if (canonical) return `${canonical}:${local}`;
  return CORE_NAMESPACES.has(uri) ? local : colon < 0 ? local : `${prefix}:${local}`;
}

function resolve(href: string, base: string | null): string | null {
  try {
    return new URL(href.trim(), base ?? undefined).href;
  } catch {
    return base;
  }
}

function after(xml: string, marker: string, from: number): number {
  const end = xml.indexOf(marker, from);
  return end < 0 ? -1 : end + marker.length;
}

/** `<!DOCTYPE … [ internal subset ]>`: the subset may hold '>' of its own declarations. */
function doctypeEnd(xml: string, lt: number): number {
  const gt = xml.indexOf('>', lt);
  const bracket = xml.indexOf('[', lt);
  if (bracket < 0 || (gt >= 0 && gt < bracket)) return gt < 0 ? -1 : gt + 1;
  const close = xml.indexOf(']', bracket);
  return close < 0 ? -1 : after(xml, '>', close);
}

/** The '>' ending a tag whose attributes start at `from`; quoted values may hold '>'. -1 if none. */
function tagEnd(xml: string, from: number): number {
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === 62) return i;
    if (c === 34 || c === 39) {
      const close = xml.indexOf(xml[i]!, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 46 || c === 45 || c > 127;
}

/** Children of `node` named `name`. */
export function childrenNamed(node: XmlNode | null | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((child) => child.name === name) : [];
}

export function child(node: XmlNode | null | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}
