// decodeBody on what the web actually serves: undeclared legacy charsets, UTF-16/32 without a
// byte order mark, UTF-8 feeds with stray windows-1252 bytes, declarations the bytes contradict.
// Fixtures are made here from Unicode text, each named for its quirk.

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/net/index.js';

/** What a reader sees when the charset was guessed wrong. */
const MOJIBAKE = /\uFFFD|Ã[\u0080-\u00bf]|â€/;

const PORTUGUESE = ['Divisão de tarefas na educação', 'Saúde pública: vacinação começa amanhã', 'Últimas Notícias do Brasil'];
const POLISH = ['Zażółć gęślą jaźń, Łódź', 'Prezydent powiedział, że rząd przygotuje nową ustawę o szkołach', 'Wiadomości z kraju i ze świata: pogoda, sport, gospodarka'];
const RUSSIAN = ['Привет, мир', 'Президент заявил, что правительство подготовит новый закон о школах', 'Новости дня: погода, спорт, экономика'];
const JAPANESE = ['東京で新しい展示会が開かれました', '今日は天気が良いので公園を散歩しました', '最新のニュースをお届けします'];

function rss(titles: string[], declaration = ''): string {
  const items = titles.map((t) => `<item><title>${t}</title><description>${t}.</description></item>`).join('\n');
  return `${declaration}<rss version="2.0"><channel><title>${titles[0]}</title>\n${items}\n</channel></rss>`;
}

function expectClean(text: string, wanted: string[]): void {
  for (const line of wanted) expect(text).toContain(line);
  expect(text).not.toMatch(MOJIBAKE);
}

describe('decodeBody: legacy bytes with no declared charset', () => {
  it('reads a Latin-1 feed with no declaration (the UOL case: "Divisão")', () => {
    expectClean(decodeBody(iconv.encode(rss(PORTUGUESE), 'latin1'), 'application/rss+xml', 'xml'), PORTUGUESE);
  });

  it('reads an undeclared windows-1250 Polish feed', () => {
    expectClean(decodeBody(iconv.encode(rss(POLISH), 'windows-1250'), null, 'xml'), POLISH);
  });

  it('reads an undeclared ISO-8859-2 Polish feed', () => {
    expectClean(decodeBody(iconv.encode(rss(POLISH), 'iso-8859-2'), null, 'xml'), POLISH);
  });

  it('reads an undeclared KOI8-R Russian feed', () => {
    expectClean(decodeBody(iconv.encode(rss(RUSSIAN), 'koi8-r'), null, 'xml'), RUSSIAN);
  });

  it('reads an undeclared windows-1251 Russian feed', () => {
    expectClean(decodeBody(iconv.encode(rss(RUSSIAN), 'windows-1251'), null, 'xml'), RUSSIAN);
  });

  it('reads an undeclared Shift_JIS Japanese feed', () => {
    expectClean(decodeBody(iconv.encode(rss(JAPANESE), 'shift_jis'), null, 'xml'), JAPANESE);
  });

  it('reads an undeclared Latin-1 web page (saved pages take the same path)', () => {
    const page = `<html><head><title>${PORTUGUESE[0]}</title></head><body><p>${PORTUGUESE.join('</p><p>')}</p></body></html>`;
    expectClean(decodeBody(iconv.encode(page, 'latin1'), 'text/html', 'html'), PORTUGUESE);
  });
});

describe('decodeBody: UTF-16 and UTF-32', () => {
  const doc = rss(RUSSIAN, '<?xml version="1.0" encoding="UTF-16"?>\n');

  it('reads UTF-16 LE without a byte order mark (NULs after each "<")', () => {
    expect(decodeBody(iconv.encode(doc, 'utf-16le'), null, 'xml')).toBe(doc);
  });

  it('reads UTF-16 BE without a byte order mark (NULs before each "<")', () => {
    expect(decodeBody(iconv.encode(doc, 'utf-16be'), 'text/xml', 'xml')).toBe(doc);
  });

  it('reads UTF-16 without a BOM and without an XML declaration', () => {
    const bare = rss(POLISH);
    expect(decodeBody(iconv.encode(bare, 'utf-16le'), null, 'xml')).toBe(bare);
    expect(decodeBody(iconv.encode(`\n  ${bare}`, 'utf-16be'), null, 'xml')).toBe(`\n  ${bare}`);
  });

  it('reads UTF-32 LE and BE with a byte order mark, and strips it', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(doc, 'utf-32le')]);
    const be = Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), iconv.encode(doc, 'utf-32be')]);
    expect(decodeBody(le, null, 'xml')).toBe(doc);
    expect(decodeBody(be, 'text/xml; charset=utf-8', 'xml')).toBe(doc);
  });

  it('reads UTF-32 LE and BE without a byte order mark', () => {
    expect(decodeBody(iconv.encode(doc, 'utf-32le'), null, 'xml')).toBe(doc);
    expect(decodeBody(iconv.encode(doc, 'utf-32be'), null, 'xml')).toBe(doc);
  });

  it('believes the NULs over an ASCII-compatible header (no feed or page contains NUL characters)', () => {
    expect(decodeBody(iconv.encode(doc, 'utf-16le'), 'application/xml; charset=iso-8859-1', 'xml')).toBe(doc);
  });
});

describe('decodeBody: mixed and contradicted', () => {
  it('decodes stray windows-1252 bytes inside a UTF-8 feed as windows-1252 ("don\\x92t")', () => {
    const body = Buffer.concat([Buffer.from('<rss><item><title>Café “crème” — don'), Buffer.from([0x92]), Buffer.from('t stop, naïve</title></item></rss>')]);
    expect(decodeBody(body, 'application/rss+xml; charset=utf-8', 'xml')).toBe('<rss><item><title>Café “crème” — don’t stop, naïve</title></item></rss>');
    expect(decodeBody(body, null, 'xml')).toBe('<rss><item><title>Café “crème” — don’t stop, naïve</title></item></rss>');
  });

  it('decodes windows-1252 quotes in an otherwise ASCII feed declared UTF-8', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="utf-8"?><rss><title>\x93Hello\x94 don\x92t \x96 go\x85</title></rss>', 'latin1');
    expect(decodeBody(body, null, 'xml')).toBe('<?xml version="1.0" encoding="utf-8"?><rss><title>“Hello” don’t – go…</title></rss>');
  });

  it('falls back when a UTF-8 declaration is contradicted throughout (Latin-1 bytes declared UTF-8)', () => {
    const body = iconv.encode(rss(PORTUGUESE, '<?xml version="1.0" encoding="UTF-8"?>'), 'latin1');
    expectClean(decodeBody(body, null, 'xml'), PORTUGUESE);
    expectClean(decodeBody(body, 'text/xml; charset=UTF-8', 'xml'), PORTUGUESE);
  });

  it('falls back to detection when a UTF-8 header is contradicted by windows-1250 bytes', () => {
    expectClean(decodeBody(iconv.encode(rss(POLISH), 'windows-1250'), 'application/xml; charset=utf-8', 'xml'), POLISH);
  });

  it('reads UTF-8 bytes as UTF-8 even when labelled Latin-1 (no "Ã©" from a mislabelled server)', () => {
    const body = Buffer.from(rss(PORTUGUESE, '<?xml version="1.0" encoding="ISO-8859-1"?>'));
    expectClean(decodeBody(body, null, 'xml'), PORTUGUESE);
    expectClean(decodeBody(body, 'text/xml; charset=ISO-8859-1', 'xml'), PORTUGUESE);
  });

  it('maps the five bytes windows-1252 leaves undefined to C1 controls, never U+FFFD (WHATWG)', () => {
    const body = Buffer.from([0x3c, 0x61, 0x3e, 0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]);
    const wanted = '<a>€\u0081\u008d\u008f\u0090\u009dé</a>';
    expect(decodeBody(body, 'text/xml; charset=iso-8859-1', 'xml')).toBe(wanted);
    expect(decodeBody(body, null, 'xml')).toBe(wanted);
  });

  it('does not cut a UTF-8 character split at the end of a sniffed prefix into a stray byte', () => {
    const whole = Buffer.from('<rss><title>Łódź</title></rss>');
    const prefix = whole.subarray(0, whole.indexOf('ź') + 1);
    expect(decodeBody(prefix, null, 'xml')).toMatch(/^<rss><title>Łód/);
    expect(decodeBody(prefix, null, 'xml')).not.toMatch(/Å/);
  });

  it('keeps the last letter of an unlabelled legacy body: a high last byte after ASCII alone is not a cut character', () => {
    expect(decodeBody(Buffer.from([0x63, 0x61, 0x66, 0xe9]), null, 'text')).toBe('café');
    // Which letter one byte is, detection decides; that it is one is what matters here.
    expect(decodeBody(Buffer.from([0x3c, 0x61, 0x3e, 0xe2]), null, 'xml')).toMatch(/^<a>[^\ufffd]$/u);
    // Labelled UTF-8, the same bytes are a truncated character and are dropped, not turned into mojibake.
    expect(decodeBody(Buffer.from([0x3c, 0x61, 0x3e, 0xe2]), 'text/xml; charset=utf-8', 'xml')).toBe('<a>');
  });

  it('decodes empty, mark-only and one-byte bodies without throwing', () => {
    for (const contentType of [null, 'text/xml; charset=utf-8', 'text/xml; charset=koi8-r', 'text/xml; charset=utf-16']) {
      expect(decodeBody(Buffer.alloc(0), contentType, 'xml')).toBe('');
      expect(decodeBody(Buffer.from([0xef, 0xbb, 0xbf]), contentType, 'xml')).toBe('');
      expect(decodeBody(Buffer.from([0xff, 0xfe]), contentType, 'xml')).toBe('');
      expect(decodeBody(Buffer.from([0x61]), contentType, 'xml')).toBe('a');
    }
  });
});

describe('decodeBody: who wins', () => {
  it('reads <meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>t</title></head><body>${RUSSIAN.join(' ')}</body></html>`;
    expectClean(decodeBody(iconv.encode(page, 'windows-1251'), 'text/html', 'html'), RUSSIAN);
  });

  it('reads <meta content="..."> written before http-equiv', () => {
    const page = `<html><head><meta content="text/html; charset=KOI8-R" http-equiv="content-type"></head><body>${RUSSIAN[0]}</body></html>`;
    expectClean(decodeBody(iconv.encode(page, 'koi8-r'), null, 'html'), [RUSSIAN[0]!]);
  });

  it('lets the HTTP header win over the document declaration', () => {
    const body = iconv.encode(rss(RUSSIAN, '<?xml version="1.0" encoding="windows-1251"?>'), 'koi8-r');
    expectClean(decodeBody(body, 'text/xml; charset=koi8-r', 'xml'), RUSSIAN);
  });

  it('lets a byte order mark win over the HTTP header', () => {
    const body = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(rss(POLISH), 'utf-16be')]);
    expect(decodeBody(body, 'text/xml; charset=windows-1250', 'xml')).toBe(rss(POLISH));
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(RUSSIAN))]);
    expect(decodeBody(utf8, 'text/xml; charset=koi8-r', 'xml')).toBe(rss(RUSSIAN));
  });

  it('keeps plain ASCII and valid UTF-8 exactly as they are', () => {
    expect(decodeBody(Buffer.from('<rss><title>plain</title></rss>'), null, 'xml')).toBe('<rss><title>plain</title></rss>');
    expect(decodeBody(Buffer.from(rss(JAPANESE)), null, 'xml')).toBe(rss(JAPANESE));
  });
});
