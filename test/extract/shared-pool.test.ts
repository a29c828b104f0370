// One pool of cleaning workers per process: a second archive (extractor) opened in the same
// process starts no new worker, and closing one extractor gives up on its own jobs at once
// without touching another's.

import { describe, expect, it } from 'vitest';
import { Extractor } from '../../src/extract/index.js';
import { sharedExtractionPool } from '../../src/extract/shared-pool.js';

describe('the shared extraction pool', () => {
  it('is lent to extractors without pool options, and outlives the one that closed', async () => {
    const first = new Extractor({ assets: null });
    expect((await first.clean('<p>one</p>', null, { downloadImages: false })).text).toContain('one');
    await first.close();
    const started = sharedExtractionPool().started;
    expect(started).toBeGreaterThan(0);

    const second = new Extractor({ assets: null });
    expect((await second.clean('<p>two</p><script>x()</script>', null, { downloadImages: false })).html).toBe('<p>two</p>');
    expect(sharedExtractionPool().started).toBe(started);
    await second.close();
  });

  it('fails the jobs of a closed extractor at once, and only those', async () => {
    const closing = new Extractor({ assets: null });
    const staying = new Extractor({ assets: null });
    const big = `<p>${'word '.repeat(5_000)}</p>`;
    const abandoned = closing.clean(big, null, { downloadImages: false });
    const kept = staying.clean('<p>still here</p>', null, { downloadImages: false });
    await closing.close();
    await expect(abandoned).rejects.toThrow('extract: the extraction pool was closed');
    await expect(closing.clean('<p>late</p>', null, { downloadImages: false })).rejects.toThrow('extract: the extraction pool is closed');
    expect((await kept).text).toContain('still here');
    await staying.close();
  });
});
