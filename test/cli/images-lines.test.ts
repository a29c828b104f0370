// What `refresh` and `stats` say about the image queue, and when `refresh` waits on it: not
// with --images-for=0, not while the setting is off (it would wait the whole time for nothing),
// not when nothing is queued.

import { describe, expect, it } from 'vitest';
import type { ImageQueueStatus } from '../../src/api.js';
import { refreshImagesLine, statsImagesLine, waitForImagesBriefly } from '../../src/cli/images.js';

const EMPTY: ImageQueueStatus = { articles: 0, images: 0, running: 0, stored: 0, failed: 0, active: true };
const status = (patch: Partial<ImageQueueStatus>): ImageQueueStatus => ({ ...EMPTY, ...patch });

function queue(now: ImageQueueStatus, after: ImageQueueStatus) {
  const waits: number[] = [];
  return {
    waits,
    archive: {
      imageStatus: async () => now,
      waitForImages: async (seconds: number) => {
        waits.push(seconds);
        return after;
      },
    },
  };
}

describe('refresh: the images line', () => {
  it('says what was stored, what failed and what is left queued', () => {
    expect(refreshImagesLine(status({ articles: 97, images: 188, stored: 812, failed: 3 }))).toBe('images: 812 stored, 3 failed, 188 left queued (they download next time Tidings runs)');
    expect(refreshImagesLine(status({ stored: 12 }))).toBe('images: 12 stored, 0 failed');
    expect(refreshImagesLine(EMPTY)).toBeNull();
  });

  it('says how to turn the queue on when the setting is off', () => {
    expect(refreshImagesLine(status({ articles: 2, images: 5, active: false }))).toBe("images: 0 stored, 0 failed, 5 waiting: downloading images is turned off ('tidings settings downloadImages=true' turns it on)");
  });
});

describe('stats: the queue', () => {
  it('shows 0 like the other counts, else the images and their articles', () => {
    expect(statsImagesLine(EMPTY)).toBe('images waiting 0');
    expect(statsImagesLine(status({ articles: 97, images: 188 }))).toBe('images waiting 188 (in 97 articles)');
    expect(statsImagesLine(status({ articles: 1, images: 1, active: false }))).toBe('images waiting 1 (in 1 article, paused: downloadImages is off)');
  });
});

describe('refresh: waiting on the queue', () => {
  const queued = status({ articles: 2, images: 4 });
  const done = status({ stored: 4 });

  it('waits at most the given seconds and answers how the queue stands after', async () => {
    const q = queue(queued, done);
    const lines: string[] = [];
    expect(await waitForImagesBriefly(q.archive, 30, (l) => lines.push(l))).toEqual(done);
    expect(q.waits).toEqual([30]);
    expect(lines).toEqual(['downloading 4 images of 2 articles (at most 30 s)']);
  });

  it('does not wait with 0, with nothing queued, or while the setting is off', async () => {
    for (const [now, seconds] of [[queued, 0], [EMPTY, 30], [status({ articles: 2, images: 4, active: false }), 30]] as const) {
      const q = queue(now, done);
      expect(await waitForImagesBriefly(q.archive, seconds, () => undefined)).toEqual(now);
      expect(q.waits).toEqual([]);
    }
  });
});
