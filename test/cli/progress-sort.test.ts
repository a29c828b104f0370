// The progress sort on the command line: `list --view=started` (Continue reading: most recently read
// first), `list --sort=progress`, `search --sort=progress`; a made-up sort is a usage error.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { cliOn } from './run-cli.js';

let dir: string;
const ids: Record<string, string> = {};

const run = cliOn(() => dir);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-progress-'));
  const archive = await openArchive(dir);
  for (const name of ['alpha', 'beta', 'gamma']) {
    const file = path.join(dir, `${name}.txt`);
    writeFileSync(file, `Pond note ${name}\n\nFrogs sing at dusk in the ${name} pond.`);
    ids[name] = (await archive.importFile(file)).id;
  }
  await archive.setReadingProgress(ids.alpha!, 0.2);
  await archive.setReadingProgress(ids.beta!, 0.7);
  await archive.close();
});

const order = (out: string) => [...out.matchAll(/Pond note (\w+)/g)].map((m) => m[1]);

it('lists the started articles with --view=started (read last, beta, first: see progress-recent for the order)', async () => {
  const r = await run('list', '--view=started');
  expect(r.code).toBe(0);
  expect(order(r.out)).toEqual(['beta', 'alpha']);
  expect(r.out).toContain('2 of 2 articles');
});

it('sorts a list and a search by progress with --sort=progress, and refuses a made-up sort', async () => {
  const list = await run('list', '--sort=progress');
  expect(order(list.out).slice(0, 2)).toEqual(['beta', 'alpha']);
  const search = await run('search', 'frogs', '--sort=progress');
  expect(order(search.out)).toEqual(['beta', 'alpha', 'gamma']);
  expect((await run('list', '--sort=furthest')).code).toBe(2);
});
