// The sync-catchup benchmark's input, small: every generated line is an operation this Tidings
// applies (none refused or left out), so its figures are for the whole journal. No timing asserted.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCatchup } from '../../bench/scenarios/sync-catchup.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-catchup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sync-catchup benchmark', () => {
  it('applies every line of the other device journal', { timeout: 60_000 }, async () => {
    const run = await runCatchup(root, { articles: 400, ops: 2000, runs: 1 });
    expect(run.skipped).toEqual([]);
    expect(run.rejected).toBe(0);
    expect(run.applied).toBe(2000);
  });
});
