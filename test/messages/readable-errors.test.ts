// Every class of failure becomes one sentence a person can act on, with no module prefix.
// The inputs are the messages the engine really produces (src/net/fetch.ts, src/feeds/*,
// src/store/*), as stored in Feed.lastError and extraction.reason by old and new archives.

import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { classify, couldNotSave, readableError, shortUrl } from '../../src/messages/index.js';

const cases: [string, string, RegExp][] = [
  ['http', 'feeds: http://example.com/feed: HTTP 404', /^The feed answered HTTP 404 Not Found \(the address may have moved\): check the site for its new feed address\.$/],
  ['http', 'HTTP 410 Gone: the feed was removed; it will not be fetched again', /^The page answered HTTP 410 Gone: the site removed it\.$/],
  ['http', 'feeds: https://x.org/rss: HTTP 401', /HTTP 401 Unauthorized: .*login/],
  ['http', 'feeds: https://x.org/rss: HTTP 403', /HTTP 403 Forbidden: .*login/],
  ['http', 'feeds: https://x.org/rss: HTTP 429, retry after 60 s', /HTTP 429 Too Many Requests .*try again later/],
  ['http', 'feeds: https://x.org/rss: HTTP 503', /HTTP 503 Service Unavailable \(a problem on the site's side\): try again later\./],
  ['http', 'HTTP 500', /^The page answered HTTP 500 Internal Server Error/],
  ['tls', "net: https://x.org/: request to https://x.org/ failed, reason: certificate has expired", /certificate is not valid/],
  ['tls', 'net: https://x.org/: self-signed certificate in certificate chain', /certificate is not valid/],
  ['tls', 'net: https://x.org/: DEPTH_ZERO_SELF_SIGNED_CERT', /certificate is not valid/],
  ['dns', 'net: https://nope.invalid/: host not found (DNS)', /name was not found \(DNS\): check the address/],
  ['dns', 'getaddrinfo ENOTFOUND nope.invalid', /not found \(DNS\)/],
  ['refused', 'net: http://127.0.0.1:9/: connection refused', /refused the connection/],
  ['reset', 'net: http://x.org/: connection closed by the server', /closed the connection/],
  ['timeout', 'net: http://x.org/: timed out after 30000 ms', /took too long/],
  ['timeout', 'net: http://x.org/: connect timed out', /took too long/],
  ['too-large', 'net: http://x.org/big: body larger than 5242880 bytes', /too large/],
  ['not-a-feed', 'feeds: https://x.org/: not a feed (neither XML nor JSON)', /^This address is a web page, not a feed: try the site's address in \+ Feed to find its feed\.$/],
  ['not-a-feed', 'feeds: https://x.org/f.json: JSON but not a JSON Feed (needs "version" and "items")', /web page, not a feed/],
  ['no-feed-found', 'feeds: x.org: no feed found on this page', /No feed was found/],
  ['broken-feed', 'feeds: https://x.org/rss: cannot parse: Unexpected close tag', /feed is broken/],
  ['not-a-page', 'not a web page (application/pdf)', /PDF document, not a web page/],
  ['not-a-page', 'not a web page (image/png)', /an image, not a web page/],
  ['no-article', 'Readability found no article in the page', /no article text/],
  ['no-article', 'the article has no text once cleaned', /no article text/],
  ['private', 'net: http://10.0.0.1/: 10.0.0.1 is a private address; a public source may not reach it', /private network/],
  ['disk-full', 'store: /data/library.json: no space left on the disk', /disk is full/],
  ['busy', 'store: /data: the archive is open in another Tidings process (pid 42); close it first', /^The archive is in use by another Tidings: close it first\.$/],
  ['wait', 'feeds: https://x.org/rss: the server asked us to wait (Retry-After) until 2026-01-01T00:00:00.000Z; not fetched', /asked Tidings to wait/],
  ['redirects', 'net: http://x.org/: redirect loop at http://x.org/a', /too many redirects/],
  ['bad-url', 'extract: not a url: not a valid URL', /not a web address/],
  ['gone', 'feeds: 0123456789abcdef: no such feed', /^That feed no longer exists/],
];

describe('readable errors: one sentence per class', () => {
  it.each(cases)('%s: %s', (kind, technical, sentence) => {
    const readable = classify(technical);
    expect(readable.kind).toBe(kind);
    expect(readable.sentence).toMatch(sentence);
    // No module prefix, no URL echo of the technical form, one sentence ending with a stop.
    expect(readable.sentence).not.toMatch(/^(feeds|net|store|extract): /);
    expect(readable.sentence).not.toContain('\n');
    expect(readable.sentence).toMatch(/[.)]$/);
  });

  it('covers every class but "other" in the table above', () => {
    const kinds = new Set(cases.map(([k]) => k));
    expect([...kinds].sort()).toEqual(['bad-url', 'broken-feed', 'busy', 'disk-full', 'dns', 'gone', 'http', 'no-article', 'no-feed-found', 'not-a-feed', 'not-a-page', 'private', 'redirects', 'refused', 'reset', 'timeout', 'tls', 'too-large', 'wait']);
  });

  it('an unknown message keeps its words, without the module and input prefix', () => {
    expect(readableError(new TidingsError('feeds', 'https://x.org/rss', 'something odd happened'))).toBe('Something odd happened.');
    expect(readableError('opml: /home/me/list.opml: has no outline')).toBe('Has no outline.');
    expect(readableError(42)).toMatch(/Something went wrong/);
  });

  it('says "feed" for feed errors and "page" for pages, unless told', () => {
    expect(readableError('feeds: https://x/: HTTP 404')).toMatch(/^The feed /);
    expect(readableError('extract: https://x/: HTTP 404')).toMatch(/^The page /);
    expect(readableError('HTTP 404', 'feed')).toMatch(/^The feed /);
  });

  it('the save failure line names the address as people write it', () => {
    expect(shortUrl('https://www.example.com/x/')).toBe('example.com/x');
    expect(couldNotSave('https://example.com/x', new TidingsError('extract', 'https://example.com/x', 'HTTP 404'))).toBe(
      'Could not save example.com/x: the page answered HTTP 404 Not Found (the address may have moved): check the site for its new address.',
    );
  });
});
