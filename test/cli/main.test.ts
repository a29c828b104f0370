// The command line: output, --json, exit codes, one-line errors.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-'));

  it('lists the seed article in a fresh data directory', async () => {
    const { code, out } = await run(['--data-dir', dir, 'list']);
    expect(code).toBe(0);
    expect(out).toMatch(/Musk.*GPU/);
  });

  it('takes the data directory from TIDINGS_DATA_DIR', async () => {
    const { code, out } = await run(['list', '--json'], { TIDINGS_DATA_DIR: dir });
    expect(code).toBe(0);
    expect(JSON.parse(out).total).toBe(1);
  });

  it('tags, stars and shows an article', async () => {
    const id = JSON.parse((await run(['--data-dir', dir, '--json', 'list'])).out).items[0].id as string;
    expect((await run(['--data-dir', dir, 'tag', id, 'archive'])).code).toBe(0);
    expect((await run(['--data-dir', dir, 'star', id])).code).toBe(0);
    const shown = JSON.parse((await run(['--data-dir', dir, 'show', id, '--json'])).out);
    expect(shown.tags).toContain('archive');
    expect(shown.starred).toBe(true);
    expect((await run(['--data-dir', dir, 'show', id])).out).toContain('Musk nabył Twittera');
  });

  it('exits 2 with one line for bad usage and unknown ids, 0 for help', async () => {
    const unknown = await run(['--data-dir', dir, 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')).toHaveLength(1);
    const missing = await run(['--data-dir', dir, 'show', 'ffffffffffffffff']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('tidings: articles: ffffffffffffffff: no such article');
    expect((await run(['--data-dir', dir, 'tag'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });

  it('exits 1 when the archive is damaged beyond what it can read', async () => {
    const { code, err } = await run(['--data-dir', '/proc/version', 'list']);
    expect(code).toBe(1);
    expect(err.split('\n')).toHaveLength(1);
  });
});
