// updateRule(id, rule): a tag rule changed in place, keeping its id, its place in the list
// (rules run in list order) and when it was made. An unknown id is a not-found error naming it;
// a query or rule addRule would refuse is refused with addRule's own error, and the rule is left
// as it was. Hostile arguments are stopped at the front door (the contract).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { checkCall } from '../../src/contract/index.js';
import { TidingsError } from '../../src/errors.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-rules-update-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

async function withRules(): Promise<{ archive: Archive; first: string; second: string; dir: string }> {
  const dir = path.join(root, `lib-${n++}`);
  const archive = await openArchive(dir);
  const first = (await archive.addRule({ name: 'Birds', query: 'herons OR egrets', addTags: ['birds'] })).id;
  const second = (await archive.addRule({ name: 'Later', query: 'otters', markRead: true })).id;
  return { archive, first, second, dir };
}

async function refusal(p: Promise<unknown>): Promise<TidingsError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TidingsError);
  return error as TidingsError;
}

describe('updateRule', () => {
  it('changes the first of two rules in place: same id, same place, same createdAt, the new query, tags and actions', async () => {
    const { archive, first, second, dir } = await withRules();
    const before = await archive.listRules();
    const events: ArchiveEvent[] = [];
    archive.on((e) => events.push(e));
    const updated = await archive.updateRule(first, { name: 'Waders', query: 'herons', addTags: ['Waders', 'birds'], star: true });
    expect(updated).toEqual({ id: first, name: 'Waders', query: 'herons', addTags: ['Waders', 'birds'], markRead: false, star: true, createdAt: before[0]!.createdAt });
    const after = await archive.listRules();
    expect(after.map((r) => r.id)).toEqual([first, second]);
    expect(after[0]).toEqual(updated);
    expect(after[1]).toEqual(before[1]);
    expect(events).toContainEqual({ type: 'changed', what: 'rules' });
    // Kept over a reopen.
    await archive.close();
    const again = await openArchive(dir);
    expect((await again.listRules()).map((r) => [r.id, r.name])).toEqual([[first, 'Waders'], [second, 'Later']]);
    await again.close();
  });

  it('names the rule when the id is unknown (not-found), and changes nothing', async () => {
    const { archive } = await withRules();
    const before = await archive.listRules();
    const error = await refusal(archive.updateRule('r-nosuchrule', { query: 'herons', addTags: ['x'] }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('r-nosuchrule');
    expect(await archive.listRules()).toEqual(before);
    await archive.close();
  });

  it("refuses a bad query or a rule that does nothing with addRule's own error, and leaves the rule as it was", async () => {
    const { archive, first } = await withRules();
    const before = await archive.listRules();
    for (const bad of [{ query: 'tag:', addTags: ['x'] }, { query: '   ', addTags: ['x'] }, { query: 'herons' }, { query: 'herons sort:soonest', star: true }]) {
      const fromAdd = await refusal(archive.addRule(bad));
      const fromUpdate = await refusal(archive.updateRule(first, bad));
      // (One the contract stops names the method and the argument: the rule is updateRule's second.)
      expect([fromUpdate.kind, fromUpdate.message]).toEqual([fromAdd.kind, fromAdd.message.replace('addRule: argument 1', 'updateRule: argument 2')]);
    }
    expect(await archive.listRules()).toEqual(before);
    await archive.close();
  });

  it('is checked at the front door: an id and a rule of the shape addRule takes, nothing else', () => {
    expect(() => checkCall('updateRule', ['r1', { query: 'herons', addTags: ['birds'], name: 'Birds', markRead: false, star: true }])).not.toThrow();
    for (const args of [
      [],
      ['r1'],
      [42, { query: 'herons' }],
      ['', { query: 'herons' }],
      ['r1', null],
      ['r1', 'herons'],
      ['r1', { query: 7 }],
      ['r1', { addTags: ['birds'] }],
      ['r1', { query: 'herons', addTags: 'birds' }],
      ['r1', { query: 'herons', star: 'yes' }],
      ['r1', { query: 'herons', id: 'r2' }],
      ['r1', { query: 'herons', createdAt: '2026-01-01T00:00:00.000Z' }],
      ['r1', { query: 'x'.repeat(100_000) }],
      ['r1', { query: 'herons' }, 'extra'],
    ]) expect(() => checkCall('updateRule', args), JSON.stringify(args).slice(0, 80)).toThrow();
  });
});
