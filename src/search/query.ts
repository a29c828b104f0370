// The query language, one parser for the search box, the command line and rules:
//   words (AND)  "exact phrase"  -word  -"phrase"  a OR b  tag:ai  -tag:ai  feed:NAME  folder:NAME
//   site:example.com  is:unread|read|starred|saved|today|started  before:YYYY-MM-DD  after:YYYY-MM-DD
//   has:highlights|note  note:WORDS (in the notes)  highlight:WORDS (in the highlighted passages)
//   sort:date|relevance|progress|recent (progress: started articles first, furthest read first;
//   recent: started articles first, most recently read first; then by date)
// Words match whole words (in any of their forms: see terms.ts). A word is also a prefix when
// written word* or, with { typing: true } (the search box while the user types), when it is
// the last plain word, the query does not end with a space and it has at least 3 characters.
// Anything malformed is a TidingsError('search', query, …, 'invalid'), never silence.

import { TidingsError } from '../errors.js';
import { tokenize } from './fold.js';
import { compoundOf } from './terms.js';

/** Words that must follow each other; `prefix`: the last one may be the start of a longer word. */
export interface TextClause {
  kind: 'text';
  tokens: string[];
  prefix: boolean;
}

export type Filter =
  | { kind: 'tag'; value: string }
  // `exact`: a list's feed (by id only) or folder (its name as stored), not a typed one (src/search/list-filters.ts).
  | { kind: 'feed'; value: string; exact?: boolean }
  | { kind: 'folder'; value: string; exact?: boolean }
  | { kind: 'site'; value: string }
  | { kind: 'is'; value: 'unread' | 'read' | 'starred' | 'saved' | 'today' | 'started' }
  | { kind: 'has'; value: 'highlights' | 'note' }
  /** Words (folded) that a note (the article's or a highlight's) or a highlighted passage holds, all of them. */
  | { kind: 'note' | 'highlight'; value: string; words: string[] }
  | { kind: 'before'; value: string }
  | { kind: 'after'; value: string };

export type Item = TextClause | Filter;

/** Items joined by OR; a group of one is the plain item. Groups are joined by AND. */
export interface Group {
  items: Item[];
  negated: boolean;
}

export interface ParsedQuery {
  groups: Group[];
  sort: 'date' | 'relevance' | 'progress' | 'recent' | null;
}

export const OPERATORS = ['tag', 'feed', 'folder', 'site', 'is', 'has', 'note', 'highlight', 'before', 'after', 'sort'] as const;
const IS_VALUES = ['unread', 'read', 'starred', 'saved', 'today', 'started'] as const;
const HAS_VALUES = ['highlights', 'note'] as const;
export const MAX_QUERY_LENGTH = 2000;
/** The word being typed is also a prefix from this many characters on (fewer would match too much). */
export const MIN_TYPED_PREFIX = 3;
/** `word*` needs this many characters. */
export const MIN_EXPLICIT_PREFIX = 2;
const MAX_GROUPS = 64;

interface Raw {
  negated: boolean;
  quoted: boolean;
  operator: string | null;
  value: string;
}

/** How a query is read: `typing`, the user is still typing its last word (see ListQuery.typing). */
export interface ParseOptions {
  typing?: boolean;
}

export function parseQuery(query: string, options: ParseOptions = {}): ParsedQuery {
  if (query.length > MAX_QUERY_LENGTH) fail(query.slice(0, 40) + '…', `a query is at most ${MAX_QUERY_LENGTH} characters`);
  const raws = lex(query);
  const groups: Group[] = [];
  let sort: ParsedQuery['sort'] = null;
  let joinNext = false;
  const lastWord = query.trimEnd() === query ? lastPlainWord(raws) : null;

  for (const raw of raws) {
    if (!raw.quoted && raw.operator === null && raw.value === 'OR' && !raw.negated) {
      if (groups.length === 0 || joinNext) fail(query, "OR needs something on both sides (a OR b)");
      joinNext = true;
      continue;
    }
    if (raw.operator === 'sort') {
      if (raw.negated || joinNext) fail(query, 'sort: cannot be negated or joined with OR');
      if (raw.value !== 'date' && raw.value !== 'relevance' && raw.value !== 'progress' && raw.value !== 'recent') fail(query, `sort:${raw.value}: use sort:date, sort:relevance, sort:progress or sort:recent`);
      sort = raw.value;
      continue;
    }
    const made = toItem(query, raw, raw === lastWord && options.typing === true);
    if (made === null) continue;
    const [item, ...alternatives] = Array.isArray(made) ? made : [made];
    if (!item) continue;
    if (joinNext) {
      const group = groups[groups.length - 1]!;
      if (raw.negated || group.negated) fail(query, 'OR cannot join negated terms (-word OR x)');
      if ((group.items[0]!.kind === 'text') !== (item.kind === 'text')) fail(query, 'OR joins words with words or operators with operators, not both');
      group.items.push(item);
      joinNext = false;
    } else {
      groups.push({ items: [item], negated: raw.negated });
    }
    groups[groups.length - 1]!.items.push(...alternatives);
  }
  if (joinNext) fail(query, 'OR needs something on both sides (a OR b)');
  if (groups.length > MAX_GROUPS) fail(query.slice(0, 40) + '…', `a query has at most ${MAX_GROUPS} terms`);
  return { groups, sort };
}

function toItem(query: string, raw: Raw, typing: boolean): Item | Item[] | null {
  if (raw.operator === null) return raw.quoted ? phrase(raw.value) : word(query, raw.value, typing);
  const value = raw.value.trim();
  if (value === '') fail(query, `${raw.operator}: needs a value (${raw.operator}:something)`);
  switch (raw.operator) {
    case 'tag':
    case 'feed':
    case 'folder':
    case 'site':
      return { kind: raw.operator, value };
    case 'is':
      if (!(IS_VALUES as readonly string[]).includes(value)) fail(query, `is:${value}: use one of ${IS_VALUES.map((v) => `is:${v}`).join(', ')}`);
      return { kind: 'is', value: value as Extract<Filter, { kind: 'is' }>['value'] };
    case 'has':
      if (!(HAS_VALUES as readonly string[]).includes(value)) fail(query, `has:${value}: use one of ${HAS_VALUES.map((v) => `has:${v}`).join(', ')}`);
      return { kind: 'has', value: value as Extract<Filter, { kind: 'has' }>['value'] };
    case 'note':
    case 'highlight': {
      const words = tokenize(value);
      if (words.length === 0) fail(query, `${raw.operator}:${value}: needs a word to look for`);
      return { kind: raw.operator, value, words };
    }
    case 'before':
    case 'after':
      return { kind: raw.operator, value: checkDate(query, raw.operator, value) };
    default:
      return fail(query, `unknown operator '${raw.operator}:'; known: ${OPERATORS.map((o) => `${o}:`).join(' ')}`);
  }
}

/** A quoted phrase: its words one after the other, compounds as their parts (node.js → node js). */
function phrase(value: string): TextClause | null {
  const tokens = tokenize(value);
  return tokens.length === 0 ? null : { kind: 'text', tokens, prefix: false };
}

/**
 * A plain word: whole, or a prefix when written `word*` (at least MIN_EXPLICIT_PREFIX
 * characters) or when it is the word being typed (at least MIN_TYPED_PREFIX characters). A
 * compound (node.js, e-mail, U.S.) is looked up as the one term the index holds for it; a
 * hyphenated one also as its words in a row (for tags, and texts that write them apart).
 */
function word(query: string, value: string, typing: boolean): TextClause | TextClause[] | null {
  const starred = value.endsWith('*');
  const text = starred ? value.slice(0, -1) : value;
  const compound = compoundOf(text);
  const tokens = compound ? [compound.term] : tokenize(text);
  if (starred) {
    const last = tokens[tokens.length - 1];
    if (last === undefined || text.includes('*') || last.length < MIN_EXPLICIT_PREFIX) {
      fail(query, `'${value}': a prefix search needs at least ${MIN_EXPLICIT_PREFIX} letters before the * (like prog*)`);
    }
    return { kind: 'text', tokens, prefix: true };
  }
  if (tokens.length === 0) return null;
  const clause: TextClause = { kind: 'text', tokens, prefix: typing && tokens[tokens.length - 1]!.length >= MIN_TYPED_PREFIX };
  // e-mail finds "e-mail" (the index holds "email" there too) and "email", but also "e mail".
  if (compound?.hyphenated && !clause.prefix) return [clause, { kind: 'text', tokens: tokenize(text), prefix: false }];
  return clause;
}

function checkDate(query: string, operator: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00.000Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    fail(query, `${operator}:${value}: use a date like ${operator}:2023-05-01`);
  }
  return value;
}

/** The last unquoted, un-negated plain word: the one the user may still be typing. */
function lastPlainWord(raws: Raw[]): Raw | null {
  const last = raws[raws.length - 1];
  return last && !last.quoted && !last.negated && last.operator === null && last.value !== 'OR' ? last : null;
}

/** Split a query into words, "phrases" and operator:values, each maybe negated with '-'. */
function lex(query: string): Raw[] {
  const raws: Raw[] = [];
  let i = 0;
  while (i < query.length) {
    while (i < query.length && /\s/.test(query[i]!)) i++;
    if (i >= query.length) break;
    let negated = false;
    if (query[i] === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
      negated = true;
      i++;
    }
    if (query[i] === '"') {
      const [value, next] = readQuoted(query, i);
      raws.push({ negated, quoted: true, operator: null, value });
      i = next;
      continue;
    }
    const start = i;
    while (i < query.length && !/\s/.test(query[i]!) && query[i] !== '"') i++;
    const word = query.slice(start, i);
    const op = /^([A-Za-z]+):(.*)$/s.exec(word);
    if (op && !op[2]!.startsWith('//')) {
      let value = op[2]!;
      if (value === '' && query[i] === '"') [value, i] = readQuoted(query, i);
      raws.push({ negated, quoted: false, operator: op[1]!.toLowerCase(), value });
    } else {
      raws.push({ negated, quoted: false, operator: null, value: word });
    }
  }
  return raws;
}

function readQuoted(query: string, openAt: number): [string, number] {
  const close = query.indexOf('"', openAt + 1);
  if (close === -1) return [query.slice(openAt + 1), query.length];
  return [query.slice(openAt + 1, close), close + 1];
}

function fail(query: string, message: string): never {
  throw new TidingsError('search', query, message, 'invalid');
}

/** True when the query has words to look up in the full-text index (not only operators). */
export function hasText(parsed: ParsedQuery): boolean {
  return parsed.groups.some((g) => g.items.some((i) => i.kind === 'text'));
}
