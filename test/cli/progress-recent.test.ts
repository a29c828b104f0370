// Continue reading on the command line: `list --view=started` lists the articles read most
// recently first (progressAt), not the furthest read; `--sort=progress` still gives furthest
// first, and `--sort=recent` asks for the recent order anywhere (list and search).

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { cliOn } from './run-cli.js';

let dir: string;
const ids: Record<string, string> = {};

const run = cliOn(() => dir);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-progress-recent-'));
  const archive = await openArchive(dir);
  for (const name of ['alpha', 'beta', 'gamma']) {
    const file = path.join(dir, `${name}.txt`);
    writeFileSync(file, `Marsh note ${name}\n\nCurlews call over the ${name} marsh.`);
    ids[name] = (await archive.importFile(file)).id;
  }
  // beta read far on Monday, alpha a little on Tuesday (only Date is faked).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T08:00:00.000Z'));
  await archive.setReadingProgress(ids.beta!, 0.7);
  vi.setSystemTime(new Date('2026-11-24T08:00:00.000Z'));
  await archive.setReadingProgress(ids.alpha!, 0.2);
  vi.useRealTimers();
  await archive.close();
});
afterAll(() => vi.useRealTimers());

const order = (out: string) => [...out.matchAll(/Marsh note (\w+)/g)].map((m) => m[1]);

it('lists the started articles read most recently first with --view=started', async () => {
  const r = await run('list', '--view=started');
  expect(r.code).toBe(0);
  expect(order(r.out)).toEqual(['alpha', 'beta']);
  expect(r.out).toContain('2 of 2 articles');
});

it('keeps furthest read first for --sort=progress, and takes --sort=recent in list and search', async () => {
  expect(order((await run('list', '--view=started', '--sort=progress')).out)).toEqual(['beta', 'alpha']);
  expect(order((await run('list', '--sort=recent')).out)).toEqual(['alpha', 'beta', 'gamma']);
  expect(order((await run('search', 'curlews', '--sort=recent')).out)).toEqual(['alpha', 'beta', 'gamma']);
  expect((await run('search', 'curlews', '--sort=soonest')).code).toBe(2);
});
