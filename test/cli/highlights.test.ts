// highlight, highlights, unhighlight, note: on the seed article (Polish), with exit codes.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn } from './run-cli.js';

let dir: string;
let seed: string;

const run = cliOn(() => dir);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-highlights-'));
  seed = JSON.parse((await run('--json', 'list')).out).items[0].id;
});

describe('cli: highlights and notes', () => {
  it('highlights a passage, lists it with its note, removes it', async () => {
    // The text breaks the line inside the passage: the quote is found all the same.
    const added = await run('--json', 'highlight', seed, '--quote=około 10 tysięcy akceleratorów GPU', '--note=scale', '--color=green');
    expect(added.code).toBe(0);
    const highlight = JSON.parse(added.out);
    expect(highlight).toMatchObject({ color: 'green', note: 'scale' });
    expect(highlight.quote.exact).toMatch(/^około 10 tysięcy akceleratorów\s+GPU$/);
    const listed = await run('highlights');
    expect(listed.out).toContain(`${highlight.id} [green] “około 10 tysięcy akceleratorów GPU”`);
    expect(listed.out).toContain('note: scale');
    expect(listed.out).toContain('1 of 1 highlights');
    expect(JSON.parse((await run('--json', 'highlights', seed)).out).items).toHaveLength(1);
    expect((await run('search', 'has:highlights')).out).toContain('1 of 1 articles');
    expect((await run('unhighlight', seed, highlight.id)).code).toBe(0);
    expect((await run('highlights')).out).toContain('0 of 0 highlights');
  });

  it('refuses a passage that is not in the text, an unknown highlight, and a missing --quote (exit 2)', async () => {
    const missing = await run('highlight', seed, '--quote=not in this article at all');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('not in the article');
    expect((await run('unhighlight', seed, 'hnothere')).code).not.toBe(0);
    expect((await run('highlight', seed)).code).toBe(2);
  });

  it('sets and removes an article note, found by note:', async () => {
    expect((await run('note', seed, 'Compare with the Nvidia report')).out).toBe(`noted ${seed}`);
    expect((await run('search', 'note:nvidia')).out).toContain('1 of 1 articles');
    expect((await run('note', seed)).out).toBe(`removed the note of ${seed}`);
    expect((await run('search', 'has:note')).out).toContain('0 of 0 articles');
  });
});
