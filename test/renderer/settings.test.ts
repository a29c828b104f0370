// Settings and feed info: only what the user changed is sent; a value set elsewhere that is not
// among the offered choices is still shown and kept; a feed's status reads as sentences, the
// server's Retry-After and a gone feed included.

import { describe, expect, it } from 'vitest';
import type { FeedSummary, Settings } from '../../src/api.js';
import { feedPatch, statusLines } from '../../renderer/src/manage/feed-info.js';
import { REFRESH_CHOICES, minutesLabel, withCurrent } from '../../renderer/src/settings/choices.js';
import { changed } from '../../renderer/src/settings/index.js';

const SETTINGS: Settings = { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18 };

function feed(patch: Partial<FeedSummary> = {}): FeedSummary {
  return {
    id: 'f1', url: 'https://a.example/feed', siteUrl: null, title: 'A', folder: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2026-11-01T00:00:00.000Z', lastFetchedAt: null, lastSuccessAt: null,
    lastError: null, errorCount: 0, nextFetchAt: null, gone: false, unread: 3, total: 10, ...patch,
  };
}

describe('settings', () => {
  it('sends only the settings that changed', () => {
    expect(changed(SETTINGS, { ...SETTINGS })).toEqual({});
    expect(changed(SETTINGS, { ...SETTINGS, refreshMinutes: 30, maxPerHost: 1 })).toEqual({ refreshMinutes: 30, maxPerHost: 1 });
  });

  it('keeps an interval that is not among the choices, in order, and names it', () => {
    expect(withCurrent(REFRESH_CHOICES, 60, minutesLabel)).toBe(REFRESH_CHOICES);
    const choices = withCurrent(REFRESH_CHOICES, 45, minutesLabel);
    expect(choices.map((c) => c.value)).toEqual([15, 30, 45, 60, 120, 240, 720, 1440]);
    expect(choices.find((c) => c.value === 45)!.label).toBe('45 minutes');
    expect(minutesLabel(180)).toBe('3 hours');
    expect(minutesLabel(2880)).toBe('2 days');
  });
});

describe('feed info', () => {
  it('sends only what differs from the feed; "as in Settings" is null', () => {
    const current = feed({ refreshMinutes: 30 });
    const same = { title: 'A', url: current.url, refreshMinutes: 30, retentionDays: null, fullText: 'auto' as const };
    expect(feedPatch(current, same)).toEqual({});
    expect(feedPatch(current, { ...same, refreshMinutes: null, retentionDays: 30, title: 'B' })).toEqual({ refreshMinutes: null, retentionDays: 30, title: 'B' });
    // An older feed with only the switch on reads as 'always'; choosing 'never' is sent.
    expect(feedPatch(feed({ refreshMinutes: 30, fetchFullArticle: true }), { ...same, fullText: 'always' })).toEqual({});
    expect(feedPatch(current, { ...same, fullText: 'never' })).toEqual({ fullText: 'never' });
  });

  it('tells how the refreshes went: last update, next one, the error and its count', () => {
    const lines = statusLines(feed({ lastSuccessAt: '2026-11-26T10:00:00.000Z', nextFetchAt: '2026-11-27T12:00:00.000Z', lastError: 'feeds: https://a.example/feed: HTTP 500', errorCount: 3 }));
    expect(lines.map((l) => l.text)).toEqual([
      expect.stringMatching(/^Last updated .+\.$/),
      expect.stringMatching(/^Next update .+\.$/),
      'The last refresh failed (3 times in a row): feeds: https://a.example/feed: HTTP 500',
      '10 articles, 3 unread.',
    ]);
    expect(lines.filter((l) => l.error)).toHaveLength(1);
  });

  it('says when the site asked to wait, and when a feed is gone', () => {
    const now = Date.parse('2026-11-27T12:00:00.000Z');
    const waiting = statusLines(feed({ retryAt: '2026-11-27T13:00:00.000Z', nextFetchAt: '2026-11-27T13:00:00.000Z' }), now);
    expect(waiting[1]!.text).toMatch(/^The site asked us to wait: next try /);
    const past = statusLines(feed({ retryAt: '2026-11-27T11:00:00.000Z', nextFetchAt: '2026-11-27T13:00:00.000Z' }), now);
    expect(past[1]!.text).toMatch(/^Next update /);
    const gone = statusLines(feed({ gone: true }), now);
    expect(gone[0]!.text).toBe('Never updated yet.');
    expect(gone[1]).toEqual({ text: expect.stringContaining('gone (HTTP 410)'), error: true });
  });
});
