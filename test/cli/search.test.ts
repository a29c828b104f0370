// The search commands of the command line: search with snippets and JSON, tags, bulk tagging
// by query, rename/merge/delete, rules with a dry run, views, retention, settings, exit codes.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn } from './run-cli.js';

let dir: string;

const run = cliOn(() => dir);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-search-'));
});

describe('cli: search and tags', () => {
  it('searches with a snippet, and as JSON', async () => {
    const text = await run('search', 'sztuczną', 'inteligencję');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Musk kupił');
    expect(text.out).toContain('[sztuczną] [inteligencję]');
    expect(text.out).toContain('1 of 1 articles');
    const json = await run('--json', 'search', 'gpu', '--limit=5');
    expect(JSON.parse(json.out)).toMatchObject({ total: 1, items: [{ tags: ['ai', 'twitter', 'gpu', 'elon-musk'] }] });
    expect(JSON.parse(json.out).items[0].snippet).toContain('<mark>GPU</mark>');
  });

  it('refuses a bad query and bad flags with exit code 2', async () => {
    const bad = await run('search', 'foo:bar');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown operator 'foo:'");
    expect((await run('search', 'gpu', '--sort=title')).code).toBe(2);
    expect((await run('merge-tags', 'a')).code).toBe(2);
    expect((await run('rules', 'add')).code).toBe(2);
  });

  it('tags by query, renames, merges, deletes and lists', async () => {
    expect((await run('tag-query', 'twitter gpu', 'Hardware', 'news')).out).toBe('1 article changed');
    expect((await run('untag-query', 'tag:news', 'news')).out).toBe('1 article changed');
    expect((await run('rename-tag', 'hardware', 'hw')).out).toBe('1 article changed');
    expect((await run('merge-tags', 'hw', 'gpu', '--into=chips')).out).toBe('1 article changed');
    expect((await run('delete-tag', 'elon-musk')).out).toBe('1 article changed');
    const tags = await run('--json', 'tags');
    expect(JSON.parse(tags.out)).toEqual([{ name: 'ai', count: 1 }, { name: 'chips', count: 1 }, { name: 'twitter', count: 1 }]);
  });

  it('adds, previews, runs, lists and removes rules', async () => {
    const added = await run('--json', 'rules', 'add', '--query=tag:chips', '--tags=silicon', '--star');
    const rule = JSON.parse(added.out) as { id: string };
    expect((await run('rules', 'run', '--dry-run')).out).toContain('1 article would change (dry run: nothing written)');
    expect(JSON.parse((await run('--json', 'tags')).out).map((t: { name: string }) => t.name)).not.toContain('silicon');
    expect((await run('rules', 'run')).out).toContain('1 article changed');
    expect((await run('rules', 'list')).out).toContain('when tag:chips → tag silicon, star');
    expect((await run('rules', 'remove', rule.id)).code).toBe(0);
    expect((await run('rules')).out).toContain('0 rules');
  });

  it('shows views with saved searches, retention and settings', async () => {
    expect((await run('views', 'save', 'Polish', 'sztuczna')).code).toBe(0);
    const views = JSON.parse((await run('--json', 'views')).out) as { name: string; count: number }[];
    expect(views.find((v) => v.name === 'Polish')?.count).toBe(1);
    expect(views.find((v) => v.name === 'Starred')?.count).toBe(1);
    expect((await run('retention', '--dry-run')).out).toContain('0 articles would be removed');
    expect((await run('settings', 'fontSize=22')).out).toContain('fontSize = 22');
    const bad = await run('settings', 'fontSize=huge');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('fontSize');
  });
});
