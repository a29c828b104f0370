// `tidings serve` as a user runs it: a child process that prints exactly one line with the
// address, answers on it, and on SIGTERM closes the archive (changes on disk, lock released).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | null = null;
let dir = '';

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function serve(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null>; output: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    proc.on('exit', () => reject(new Error(`serve exited before printing its address: ${err}`)));
  });
  firstLine.catch(() => undefined); // awaited only by the tests that expect the line
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { child: proc, firstLine, exit, output: () => out + err };
}

describe('tidings serve', () => {
  it('prints one line with the address, serves until SIGTERM, then flushes and releases the archive', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-serve-'));
    const run = serve(['--data-dir', dir, 'serve', `--static=${path.join(dir, 'no-app')}`]);
    child = run.child;
    const line = await run.firstLine;
    const match = /^Tidings is serving (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}))$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, , port, token] = match!;

    const call = (method: string, args: unknown[]) =>
      fetch(`http://127.0.0.1:${port}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      }).then((r) => r.json() as Promise<{ result: { items: { id: string }[] } }>);
    const seed = (await call('listArticles', [{}])).result.items[0]!;
    await call('tagArticles', [[seed.id], ['kept-after-sigterm']]);
    expect(existsSync(path.join(dir, 'tidings.lock'))).toBe(true);

    child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output().trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'tidings.lock'))).toBe(false);
    const library = JSON.parse(await fs.readFile(path.join(dir, 'library.json'), 'utf8')) as { articles: Record<string, { tags: string[] }> };
    expect(library.articles[seed.id]!.tags).toContain('kept-after-sigterm');
  });

  it('refuses a bad --port with exit code 2', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-serve-'));
    const run = serve(['--data-dir', dir, 'serve', '--port=70000']);
    child = run.child;
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain('--port must be a whole number from 0 to 65535');
  });
});
