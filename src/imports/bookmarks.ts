// Netscape bookmark files (browsers, Pinboard, Raindrop, Karakeep all write them):
//   <DL><DT><H3>Folder</H3><DL><DT><A HREF ADD_DATE TAGS TOREAD PRIVATE>title</A><DD>note</DL></DL>
// The markup is malformed by design (unclosed DT and P, DL after DT), and parsers nest it
// differently; so folders are not read from where elements land but from the order they come
// in: an H3 names the next DL entered, and a link belongs to every DL it is inside.
//
// Decisions:
// - Each folder on a link's path becomes a tag, except the browsers' fixed roots (bookmarks bar
//   or toolbar, other/unsorted/mobile bookmarks, menu): they are places in a browser, not topics.
//   Roots are known by the PERSONAL_TOOLBAR_FOLDER / UNFILED_BOOKMARKS_FOLDER attributes
//   (any language) or by their English names.
// - TOREAD="1" is unread. Without TOREAD (browsers), a bookmark is read: it is something kept
//   for reference, and importing a browser's thousands of bookmarks as unread would bury the
//   reading queue. Pinboard writes TOREAD="0" or "1" and is honoured either way.

import { TidingsError } from '../errors.js';
import type { ImportedItem, ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { isoDate } from './dates.js';
import { attribute, parseHtmlDocument } from './html.js';
import { splitTags } from './tags.js';

const ROOT_FOLDERS = new Set([
  'bookmarks bar', 'bookmarks toolbar', 'bookmarks menu', 'other bookmarks', 'unsorted bookmarks', 'mobile bookmarks',
  'favorites bar', 'favourites bar', 'other favorites', 'other favourites', 'bookmarks',
]);

interface Walk {
  items: ItemCollector;
  /** Folder names of the DLs we are inside (null: a root, not a tag). */
  folders: Array<string | null>;
  /** The last H3 seen: the name of the next DL. */
  pending: string | null;
  /** The last link, for a DD that follows it. */
  last: { url: string | null; note: string | null } | null;
}

export function parseBookmarks(text: string, name: string): ParsedImport {
  const document = parseHtmlDocument(text);
  if (!document.querySelector('dl')) throw new TidingsError('import', name, 'not a bookmark file (no <DL> list of bookmarks)', 'invalid');
  const walk: Walk = { items: new ItemCollector('bookmarks'), folders: [], pending: null, last: null };
  const pendingNotes: Array<{ url: string | null; note: string | null }> = [];
  visit(document as unknown as Element, walk, pendingNotes);
  const result = walk.items.result();
  attachNotes(result.items, pendingNotes);
  return result;
}

/** Every element in document order, without recursion: a hostile file may nest 100,000 deep. */
function visit(root: Element, walk: Walk, notes: Array<{ url: string | null; note: string | null }>): void {
  const EXIT_DL = null;
  const stack: Array<Element | typeof EXIT_DL> = childrenReversed(root);
  while (stack.length) {
    const element = stack.pop();
    if (element === undefined) break;
    if (element === EXIT_DL) {
      walk.folders.pop();
      walk.last = null;
      continue;
    }
    const tag = element.tagName.toUpperCase();
    if (tag === 'H3') {
      walk.pending = folderName(element);
      walk.last = null;
      continue;
    }
    if (tag === 'A') {
      addLink(element, walk, notes);
      continue;
    }
    if (tag === 'DL') {
      walk.folders.push(walk.pending);
      walk.pending = null;
      walk.last = null;
      stack.push(EXIT_DL);
    } else if (tag === 'DD' && walk.last && walk.last.note === null) {
      walk.last.note = ownText(element);
    }
    for (const child of childrenReversed(element)) stack.push(child);
  }
}

function childrenReversed(element: Element): Element[] {
  return Array.from(element.children).reverse();
}

function addLink(element: Element, walk: Walk, notes: Array<{ url: string | null; note: string | null }>): void {
  const toRead = attribute(element, 'toread');
  const url = attribute(element, 'href');
  walk.items.add({
    url,
    title: element.textContent,
    savedAt: isoDate(attribute(element, 'add_date')),
    tags: [...splitTags(attribute(element, 'tags'), ','), ...walk.folders.filter((name): name is string => name !== null)],
    read: toRead === null ? true : toRead.trim() !== '1',
    line: null,
  });
  walk.last = { url: url?.trim() ?? null, note: null };
  notes.push(walk.last);
}

/** A folder's name, or null for a browser's root folder. */
function folderName(h3: Element): string | null {
  if (attribute(h3, 'personal_toolbar_folder') !== null || attribute(h3, 'unfiled_bookmarks_folder') !== null) return null;
  const name = (h3.textContent ?? '').replace(/\s+/g, ' ').trim();
  return name && !ROOT_FOLDERS.has(name.toLowerCase()) ? name : null;
}

/** A DD's own text: a parser may have nested the following entries inside it. */
function ownText(dd: Element): string | null {
  const parts: string[] = [];
  for (const node of Array.from(dd.childNodes)) {
    const name = (node as Element).tagName?.toUpperCase();
    if (name === 'DL' || name === 'DT' || name === 'DD') break;
    parts.push(node.textContent ?? '');
  }
  const text = parts.join('').trim();
  return text || null;
}

/** DD notes go to the item of the link they follow (the first note wins for a merged duplicate). */
function attachNotes(items: ImportedItem[], notes: Array<{ url: string | null; note: string | null }>): void {
  const byUrl = new Map(items.map((item) => [item.url, item]));
  for (const { url, note } of notes) {
    if (!url || !note) continue;
    const item = byUrl.get(url);
    if (item && item.note === null) item.note = note;
  }
}
