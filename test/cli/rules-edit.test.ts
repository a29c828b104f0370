// `rules edit ID` on the command line: the options given replace the rule's (--query, --tags,
// --name, --read, --star, --no-read, --no-star), the others are kept; the rule keeps its id and
// its place (rules run in list order). An unknown id, a bad query, a rule left doing nothing and
// a missing id are refused (exit 2) and change nothing.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cliOn } from './run-cli.js';

let dir: string;

const run = cliOn(() => dir);

const rules = async () => JSON.parse((await run('--json', 'rules', 'list')).out) as { id: string; name: string; query: string; addTags: string[]; markRead: boolean; star: boolean }[];
let first = '';
let second = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-rules-edit-'));
  first = JSON.parse((await run('--json', 'rules', 'add', '--query=herons', '--tags=birds', '--star')).out).id;
  second = JSON.parse((await run('--json', 'rules', 'add', '--query=otters', '--name=Otters', '--read')).out).id;
});

it('edits the first rule in place: the options given replace, the others are kept', async () => {
  const r = await run('rules', 'edit', first, '--query=herons OR egrets', '--tags=waders,birds');
  expect(r.code).toBe(0);
  expect(r.out).toBe(`edited rule ${first}: when herons OR egrets → tag waders, birds, star`);
  expect((await rules()).map((x) => [x.id, x.name, x.query, x.addTags, x.markRead, x.star])).toEqual([
    [first, 'herons OR egrets', 'herons OR egrets', ['waders', 'birds'], false, true],
    [second, 'Otters', 'otters', [], true, false],
  ]);
  expect((await run('rules', 'edit', first, '--no-star', '--read', '--name=Waders')).code).toBe(0);
  expect((await rules())[0]).toMatchObject({ id: first, name: 'Waders', query: 'herons OR egrets', addTags: ['waders', 'birds'], markRead: true, star: false });
  const json = JSON.parse((await run('--json', 'rules', 'edit', second, '--query=otters OR beavers')).out);
  expect(json).toMatchObject({ id: second, name: 'Otters', query: 'otters OR beavers', markRead: true });
});

it('refuses an unknown id, a bad query, a rule left doing nothing and a missing id, changing nothing', async () => {
  const before = await rules();
  const unknown = await run('rules', 'edit', 'r-nosuchrule', '--query=x');
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('r-nosuchrule');
  expect((await run('rules', 'edit', first, '--query=tag:')).code).toBe(2);
  const nothing = await run('rules', 'edit', second, '--no-read');
  expect(nothing.code).not.toBe(0);
  expect(nothing.err).toMatch(/must add tags, mark read or star/);
  expect((await run('rules', 'edit')).code).toBe(2);
  expect((await run('rules', 'edit', first, '--read', '--no-read')).code).toBe(2);
  expect(await rules()).toEqual(before);
});
