// Gathering a file's items: web addresses checked, titles made one line and capped, the same
// URL twice merged into one item (the file says the same page twice: not a problem), and at
// most MAX_ITEMS kept so a hostile file cannot exhaust memory.

import type { ImportFormat, ImportProblem } from '../api.js';
import { CAPS, capList, capText, normalizeUrl } from '../model/index.js';
import type { ImportedContent, ImportedHighlight, ImportedItem, ParsedImport } from './index.js';
import { oneLine } from './text.js';
import { checkWebAddress } from './urls.js';
import { cleanTags } from './tags.js';

export const MAX_ITEMS = 200_000;
/** What a problem shows of the entry: enough to find it in the file. */
const PROBLEM_ITEM_LENGTH = 200;

/** An item as a parser reads it, before checks. */
export interface RawItem {
  url: string | null | undefined;
  title?: string | null;
  savedAt?: string | null;
  tags?: readonly unknown[];
  read?: boolean;
  starred?: boolean;
  note?: string | null;
  highlights?: ImportedHighlight[];
  content?: ImportedContent | null;
  line: number | null;
}

export class ItemCollector {
  private readonly byUrl = new Map<string, ImportedItem>();
  private readonly problems: ImportProblem[] = [];
  private duplicates = 0;
  private full = false;
  /** The file inside a zip being read, named in problems (lines are that file's). */
  source: string | null = null;

  constructor(private readonly format: ImportFormat) {}

  /** Add an item, or a problem when its address is not a web page's. */
  add(raw: RawItem): void {
    const check = checkWebAddress(raw.url);
    if ('reason' in check) {
      this.problem(raw.line, shown(raw.url) ?? shown(raw.title), check.reason);
      return;
    }
    const item = toItem(check.url, raw);
    const earlier = this.byUrl.get(pageKey(check.url));
    if (earlier) {
      this.duplicates++;
      mergeItems(earlier, item);
      return;
    }
    if (this.byUrl.size >= MAX_ITEMS) {
      if (!this.full) this.problem(raw.line, null, `more than ${MAX_ITEMS} entries: the rest are not imported`);
      this.full = true;
      return;
    }
    this.byUrl.set(pageKey(check.url), item);
  }

  /** Problems found by an earlier step (the CSV reader). */
  problemsFound(problems: ImportProblem[]): void {
    for (const problem of problems) this.problem(problem.line, problem.item, problem.reason);
  }

  /** Add what a second file says about a page (Pocket's annotations): merged, not a duplicate. */
  enrich(raw: RawItem): void {
    const check = checkWebAddress(raw.url);
    const earlier = 'url' in check ? this.byUrl.get(pageKey(check.url)) : undefined;
    if (earlier) mergeItems(earlier, toItem(earlier.url, raw));
    else this.add(raw);
  }

  problem(line: number | null, item: string | null, reason: string): void {
    const where = this.source === null ? '' : `${this.source}: `;
    this.problems.push({ line, item: item === null ? null : capText(item, PROBLEM_ITEM_LENGTH), reason: where + reason });
  }

  result(extra: Partial<ParsedImport> = {}): ParsedImport {
    // In file order, whichever step (the CSV reader, the address check) found them.
    const problems = this.problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    const parsed: ParsedImport = { format: this.format, items: [...this.byUrl.values()], problems, ...extra };
    if (this.duplicates) parsed.duplicates = this.duplicates;
    return parsed;
  }
}

function shown(text: string | null | undefined): string | null {
  const value = text?.trim();
  return value ? oneLine(value) : null;
}

/** A title on one line, capped; null when there is none (the archive fills it after fetching). */
export function cleanTitle(title: string | null | undefined): string | null {
  if (typeof title !== 'string') return null;
  const line = oneLine(title);
  return line ? capText(line, CAPS.title) : null;
}

function toItem(url: string, raw: RawItem): ImportedItem {
  return {
    url,
    title: cleanTitle(raw.title),
    savedAt: raw.savedAt ?? null,
    // Capped as feed categories are: a hostile file's 3,000 nested folders are not 3,000 tags.
    tags: capList(cleanTags(raw.tags ?? []), CAPS.categories, CAPS.category),
    read: raw.read ?? false,
    starred: raw.starred ?? false,
    note: raw.note?.trim() ? raw.note.trim() : null,
    highlights: raw.highlights ?? [],
    content: raw.content ?? null,
    line: raw.line,
  };
}

/**
 * Which page an address names, as the archive tells pages apart (normalizeUrl: case of the host,
 * default ports, fragments, tracking parameters): `http://X.com/a#top` and `http://x.com/a` are
 * one entry of the file, as they would be one article.
 */
function pageKey(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/** The same page listed twice: one item with all both say (the first's title and line kept). */
export function mergeItems(into: ImportedItem, other: ImportedItem): void {
  into.title ??= other.title;
  into.tags = capList(cleanTags([...into.tags, ...other.tags]), CAPS.categories, CAPS.category);
  into.read ||= other.read;
  into.starred ||= other.starred;
  if (other.savedAt && (!into.savedAt || other.savedAt < into.savedAt)) into.savedAt = other.savedAt;
  into.note ??= other.note;
  into.content ??= other.content;
  const quotes = new Set(into.highlights.map((h) => h.exact));
  for (const highlight of other.highlights) if (!quotes.has(highlight.exact)) into.highlights.push(highlight);
}
