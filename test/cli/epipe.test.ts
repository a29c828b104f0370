// The command line as a process: `tidings list | head -1` closes the pipe early, and the command
// line exits quietly (no stack trace, exit 0); `--version` works when run from source via tsx.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the CLI from source; with `closeOut` the reading end of its stdout is closed at once. */
function cli(args: string[], closeOut = false): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    if (closeOut) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe('the command line as a process', () => {
  it('exits quietly when its output is closed early (| head -1)', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-epipe-'));
    expect((await cli(['--data-dir', dir, 'list'])).code).toBe(0);
    for (const args of [['list'], ['show', '--help'], ['--help']]) {
      const result = await cli(['--data-dir', dir, ...args], true);
      expect(result.err, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).toBe(0);
    }
  });

  it('prints its version from source', { timeout: 30_000 }, async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: `tidings ${pkg.version}\n`, err: '' });
  });
});
