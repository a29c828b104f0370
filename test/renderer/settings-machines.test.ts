// Settings, "Several machines": each device's latest change reads in words ("2 minutes ago"), a
// machine whose clock is ahead reads "in …" rather than a negative time, and counts agree in number.

import { describe, expect, it } from 'vitest';
import type { DeviceSync } from '../../src/api.js';
import { deviceDetail, timeAgo } from '../../renderer/src/settings/machines.js';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('several machines, in words', () => {
  it('says how long ago, in the largest unit that fits', () => {
    expect(timeAgo(ago(10_000), NOW, 'en')).toBe('just now');
    expect(timeAgo(ago(2 * 60_000), NOW, 'en')).toBe('2 minutes ago');
    expect(timeAgo(ago(3 * 3600_000), NOW, 'en')).toBe('3 hours ago');
    expect(timeAgo(ago(26 * 3600_000), NOW, 'en')).toBe('yesterday');
    expect(timeAgo(ago(16 * 24 * 3600_000), NOW, 'en')).toBe('2 weeks ago');
    expect(timeAgo(ago(400 * 24 * 3600_000), NOW, 'en')).toBe('last year');
  });

  it('a clock ahead of ours, no time and a broken time', () => {
    expect(timeAgo(ago(-5 * 60_000), NOW, 'en')).toBe('in 5 minutes');
    expect(timeAgo(null, NOW, 'en')).toBe('');
    expect(timeAgo('yesterday-ish', NOW, 'en')).toBe('');
  });

  it('a device line: its latest change and its count', () => {
    const d: DeviceSync = { device: 'abcdefabcdef', host: null, lastChangeAt: ago(2 * 60_000), changes: 1, thisDevice: false };
    expect(deviceDetail(d, NOW)).toMatch(/^latest change 2 minutes ago · 1 change$/);
    expect(deviceDetail({ ...d, lastChangeAt: null, changes: 0 }, NOW)).toBe('no change yet · 0 changes');
  });
});
