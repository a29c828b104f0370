// A command started while another holder has the archive open waits for it (a few seconds)
// instead of failing at once: the command line passes lockWaitMs to openArchive.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';

describe('a busy archive', () => {
  it('waits for the holder to let go, then runs', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-lock-wait-'));
    const holder = await openArchive(dir);
    const out: string[] = [];
    const err: string[] = [];
    const running = main(['--data-dir', dir, '--json', 'list'], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await holder.close();
    expect(await running).toBe(0);
    expect(err).toEqual([]);
    expect(JSON.parse(out.join('\n')).total).toBe(1);
  });
});
