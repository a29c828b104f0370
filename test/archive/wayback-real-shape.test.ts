// The Wayback Machine's availability API as archive.org really answers it: asked at archive.org,
// it names snapshots on web.archive.org (over http). Those are the archive's own and must be taken;
// another host still is not.

import { describe, expect, it } from 'vitest';
import { snapshotOf, WAYBACK_DEFAULT } from '../../src/archive/wayback.js';

const page = 'http://example.com/';
const answer = (url: string) => JSON.stringify({ url: 'example.com', archived_snapshots: { closest: { status: '200', available: true, url, timestamp: '20130919044612' } } });

describe('wayback: the real availability answer', () => {
  it('takes a snapshot on web.archive.org when asked at archive.org, fetched raw from there', () => {
    const snapshot = snapshotOf(answer('http://web.archive.org/web/20130919044612/http://example.com/'), new URL(WAYBACK_DEFAULT), page);
    expect(snapshot).toEqual({ url: 'http://web.archive.org/web/20130919044612id_/http://example.com/', at: '2013-09-19T04:46:12.000Z' });
  });

  it('still refuses a snapshot on another host, or on a host that only ends like it', () => {
    expect(snapshotOf(answer('http://evil.example/web/20130919044612/http://example.com/'), new URL(WAYBACK_DEFAULT), page)).toBeNull();
    expect(snapshotOf(answer('http://notarchive.org/web/20130919044612/http://example.com/'), new URL(WAYBACK_DEFAULT), page)).toBeNull();
  });
});
