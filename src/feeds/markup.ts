// A small, lenient markup scanner for the few places that read tags out of untrusted text
// without a full parser (OPML outlines, a page's <link rel="alternate">, tags inside titles).
//
// Why not regular expressions: a pattern like `<outline((?:[^>"']|"[^"]*")*?)>` or `<[^>]*>`
// that fails near the end of the text is retried from every later start position, so a
// megabyte of `<outline ` with no `>` took a minute (issue 10). Every loop here moves forward
// through the text with indexOf and never looks at a character twice from a new start, so the
// time is linear in the input whatever it holds.

export interface Tag {
  /** Lower-case element name ("outline", "link"). */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Attributes by lower-case name, values with entities decoded. Empty for closing tags. */
  attrs: Record<string, string>;
  /** Where the tag starts ('<') and ends (after its '>') in the text. */
  start: number;
  end: number;
}

export interface ScanResult {
  /** Where a tag, comment or CDATA section starts that the text never ends; null when none. */
  unterminatedAt: number | null;
}

export interface ScanOptions {
  /** HTML: the contents of <script>, <style>, <title>, <textarea> and <template> are not markup. */
  html?: boolean;
}

const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'template']);

/**
 * Calls `visit` for every tag in `text` from `from` on, in order, comments and CDATA skipped.
 * A tag, comment or CDATA section that never ends swallows the rest of the text, as it does
 * in a browser: scanning stops there rather than retrying inside it.
 */
export function scanTags(text: string, visit: (tag: Tag) => void, options: ScanOptions = {}, from = 0): ScanResult {
  let at = text.indexOf('<', from);
  while (at >= 0) {
    const next = scanOne(text, at, visit, options);
    if (next < 0) return { unterminatedAt: at };
    at = text.indexOf('<', next);
  }
  return { unterminatedAt: null };
}

/** Reads the construct at `at` (a '<'); returns where scanning goes on, or -1 when it never ends. */
function scanOne(text: string, at: number, visit: (tag: Tag) => void, options: ScanOptions): number {
  if (text.startsWith('<!--', at)) return endAfter(text, '-->', at + 4);
  if (text.startsWith('<![CDATA[', at)) return endAfter(text, ']]>', at + 9);
  const closing = text[at + 1] === '/';
  const nameStart = at + (closing ? 2 : 1);
  const nameEnd = nameEndAt(text, nameStart);
  // "a < b", "<?xml", "<!DOCTYPE": not an element; go on at the next character.
  if (nameEnd === nameStart || !isLetter(text.charCodeAt(nameStart))) return at + 1;
  const end = tagEnd(text, nameEnd);
  if (end < 0) return -1;
  const name = text.slice(nameStart, nameEnd).toLowerCase();
  const selfClosing = !closing && text[end - 1] === '/';
  visit({ name, closing, selfClosing, attrs: closing ? {} : parseAttributes(text.slice(nameEnd, selfClosing ? end - 1 : end)), start: at, end: end + 1 });
  if (options.html && !closing && !selfClosing && RAW_TEXT.has(name)) return rawTextEnd(text, end + 1, name);
  return end + 1;
}

function endAfter(text: string, marker: string, from: number): number {
  const end = text.indexOf(marker, from);
  return end < 0 ? -1 : end + marker.length;
}

/**
 * The index of the '>' that ends a tag whose attributes start at `from`, or -1 if none. A quote
 * right after '=' opens a value that may hold '>'; anywhere else (`title=Bob's`) it is a
 * character like another, as in a browser.
 */
function tagEnd(text: string, from: number): number {
  let previous = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) return i;
    if ((c === 34 || c === 39) && previous === 61) {
      const close = text.indexOf(text[i]!, i + 1);
      if (close < 0) return -1;
      i = close;
      previous = c;
      continue;
    }
    if (!isSpace(c)) previous = c;
  }
  return -1;
}

/** After a raw-text element's start tag: the position after its end tag (any case), or -1. */
function rawTextEnd(text: string, from: number, name: string): number {
  let at = text.indexOf('</', from);
  while (at >= 0) {
    if (text.slice(at + 2, at + 2 + name.length).toLowerCase() === name && !isNameChar(text.charCodeAt(at + 2 + name.length))) {
      return at;
    }
    at = text.indexOf('</', at + 2);
  }
  return -1;
}

function nameEndAt(text: string, from: number): number {
  let at = from;
  while (at < text.length && isNameChar(text.charCodeAt(at))) at++;
  return at;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters, digits and `_ : . -`: what element and attribute names are made of in practice. */
function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 46 || c === 45;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/**
 * Attributes of one tag's source (what follows its name): `name="v"`, `name='v'`, `name=v` and
 * bare `name`, names lower-cased (OPML in the wild writes xmlUrl, xmlurl and XMLURL alike).
 * The first of a repeated name wins, as in HTML. Linear: every step moves `at` forward.
 */
export function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  let at = 0;
  while (at < source.length) {
    const c = source.charCodeAt(at);
    if (!isNameChar(c)) {
      at++;
      continue;
    }
    const nameEnd = nameEndAt(source, at);
    const name = source.slice(at, nameEnd).toLowerCase();
    let i = nameEnd;
    while (i < source.length && isSpace(source.charCodeAt(i))) i++;
    if (source[i] !== '=') {
      if (!(name in attrs)) attrs[name] = '';
      at = i;
      continue;
    }
    i++;
    while (i < source.length && isSpace(source.charCodeAt(i))) i++;
    const { value, next } = attributeValue(source, i);
    if (!(name in attrs)) attrs[name] = decodeEntities(value).trim();
    at = next;
  }
  return attrs;
}

function attributeValue(source: string, at: number): { value: string; next: number } {
  const quote = source[at];
  if (quote === '"' || quote === "'") {
    const close = source.indexOf(quote, at + 1);
    const end = close < 0 ? source.length : close;
    return { value: source.slice(at + 1, end), next: end + 1 };
  }
  let end = at;
  while (end < source.length && !isSpace(source.charCodeAt(end))) end++;
  return { value: source.slice(at, end), next: end };
}

/** `text` with every tag (`<` up to the next `>`) replaced by a space; an unclosed `<` stays text. */
export function stripTags(text: string): string {
  let out = '';
  let last = 0;
  let open = text.indexOf('<');
  while (open >= 0) {
    const close = text.indexOf('>', open + 1);
    // No '>' after this '<' means none after any later '<' either: the rest is text.
    if (close < 0) break;
    out += `${text.slice(last, open)} `;
    last = close + 1;
    open = text.indexOf('<', last);
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * The XML entities and the HTML ones feeds use most (titles escaped twice, `&eacute;` in RSS).
 * Not all 2,000 of HTML: what is not here stays as written, which reads better than a guess.
 */
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', plusmn: '±', times: '×', divide: '÷', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶',
  iexcl: '¡', iquest: '¿', shy: '\u00ad', dagger: '†', Dagger: '‡', permil: '‰', prime: '′', frac12: '½', frac14: '¼', frac34: '¾',
  szlig: 'ß', aelig: 'æ', AElig: 'Æ', oslash: 'ø', Oslash: 'Ø', aring: 'å', Aring: 'Å', ccedil: 'ç', Ccedil: 'Ç',
  ntilde: 'ñ', Ntilde: 'Ñ', eth: 'ð', thorn: 'þ', oelig: 'œ', OElig: 'Œ', scaron: 'š', Scaron: 'Š', zcaron: 'ž', Zcaron: 'Ž',
  ...accented(),
};

/** &aacute; &Egrave; &ouml; … for the vowels: generated rather than listed 60 times. */
function accented(): Record<string, string> {
  const marks: Record<string, string> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303' };
  const table: Record<string, string> = {};
  for (const vowel of 'aeiouyAEIOUY') {
    for (const [mark, combining] of Object.entries(marks)) table[`${vowel}${mark}`] = (vowel + combining).normalize('NFC');
  }
  return table;
}

/** Numeric references 128-159 are C1 controls in Unicode, but every writer that uses them means windows-1252. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * XML and common HTML entities and numeric references decoded; anything else kept as written.
 * The pattern is linear: each alternative is a run of one character class that ends at ';'.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252_C1[code - 0x80]!;
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * HTML to plain text: tags dropped (a quoted attribute value may hold '>': `<a title="x>y">`),
 * entities decoded. A '<' that starts no tag ("a < b", "<3") stays text. Linear: every scan for a
 * tag's end starts after the last one ended, and a tag that never ends leaves the rest as text.
 */
export function htmlToText(html: string): string {
  let out = '';
  let last = 0;
  let open = html.indexOf('<');
  while (open >= 0) {
    const next = html.charCodeAt(open + 1);
    if (!(isLetter(next) || next === 47 || next === 33 || next === 63)) {
      open = html.indexOf('<', open + 1);
      continue;
    }
    const end = html.startsWith('<!--', open) ? endAfter(html, '-->', open + 4) : tagEndOrNone(html, open + 1);
    if (end < 0) break;
    out += `${html.slice(last, open)} `;
    last = end;
    open = html.indexOf('<', last);
  }
  return decodeEntities(last === 0 ? html : out + html.slice(last));
}

function tagEndOrNone(html: string, from: number): number {
  const gt = tagEnd(html, from);
  return gt < 0 ? -1 : gt + 1;
}

/** A value safe inside a double-quoted attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Elements whose end tag (or `<br>`) in a text field means the publisher wrote HTML there. */
const HTML_SIGNS = new Set(['a', 'abbr', 'b', 'big', 'blockquote', 'br', 'cite', 'code', 'del', 'div', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'i', 'ins', 'li', 'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'u', 'ul']);

/**
 * Whether text written without a declared type is HTML: it holds an end tag of a common HTML
 * element, or a <br>. A lone "<blink>" or "a < b" does not make it HTML. Linear: one indexOf walk.
 */
export function looksLikeHtml(text: string): boolean {
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    const closing = text[at + 1] === '/';
    let end = at + (closing ? 2 : 1);
    const start = end;
    while (end < text.length && end - start < 12 && isNameChar(text.charCodeAt(end))) end++;
    const name = text.slice(start, end).toLowerCase();
    if ((closing || name === 'br') && HTML_SIGNS.has(name) && /[\s/>]/.test(text[end] ?? '')) return true;
  }
  return false;
}
