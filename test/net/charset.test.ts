// decodeBody: BOM > HTTP header > document declaration > UTF-8, legacy encodings come out right.

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/net/index.js';

const POLISH = 'Zażółć gęślą jaźń, Łódź';

describe('decodeBody', () => {
  it('takes the charset from the HTTP header (windows-1250 Polish)', () => {
    const body = iconv.encode(`<rss><title>${POLISH}</title></rss>`, 'windows-1250');
    expect(decodeBody(body, 'application/rss+xml; charset=windows-1250', 'xml')).toContain(POLISH);
  });

  it('takes it from the XML declaration when the header has none', () => {
    const body = iconv.encode(`<?xml version="1.0" encoding="ISO-8859-2"?>\n<rss><title>${POLISH}</title></rss>`, 'iso-8859-2');
    expect(decodeBody(body, 'text/xml', 'xml')).toContain(POLISH);
  });

  it('lets the header win over the XML declaration', () => {
    const body = iconv.encode(`<?xml version="1.0" encoding="utf-8"?><rss><title>${POLISH}</title></rss>`, 'windows-1250');
    expect(decodeBody(body, 'text/xml; charset="windows-1250"', 'xml')).toContain(POLISH);
  });

  it('lets a byte order mark win over everything and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<rss>${POLISH}</rss>`)]);
    expect(decodeBody(body, 'text/xml; charset=windows-1250', 'xml')).toBe(`<rss>${POLISH}</rss>`);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<rss>${POLISH}</rss>`, 'utf16le')]);
    expect(decodeBody(utf16, null, 'xml')).toBe(`<rss>${POLISH}</rss>`);
  });

  it('decodes KOI8-R from <meta charset> in HTML', () => {
    const russian = 'Привет, мир';
    const body = iconv.encode(`<html><head><meta charset="koi8-r"></head><body>${russian}</body></html>`, 'koi8-r');
    expect(decodeBody(body, 'text/html', 'html')).toContain(russian);
  });

  it('reads the old http-equiv form of the meta charset', () => {
    const body = iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"></head><body>${POLISH}</body></html>`, 'iso-8859-2');
    expect(decodeBody(body, null, 'html')).toContain(POLISH);
  });

  it('reads "ISO-8859-1" as windows-1252, as browsers do, so curly quotes survive', () => {
    const body = Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0xe9]);
    expect(decodeBody(body, 'text/xml; charset=ISO-8859-1', 'xml')).toBe('\u201chi\u201d é');
  });

  it('falls back to UTF-8 for an unknown charset and for a UTF-16 declaration in ASCII bytes', () => {
    expect(decodeBody(Buffer.from(POLISH), 'text/xml; charset=x-no-such-thing', 'xml')).toBe(POLISH);
    expect(decodeBody(Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><a>${POLISH}</a>`), null, 'xml')).toContain(POLISH);
  });

  it('ignores document declarations for plain text', () => {
    expect(decodeBody(Buffer.from('<?xml encoding="koi8-r"?> żółć'), null, 'text')).toBe('<?xml encoding="koi8-r"?> żółć');
  });
});
