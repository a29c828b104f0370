// Strict arguments: a typo in a flag, a value on a boolean flag, a missing value or argument,
// too many arguments or a sloppy number is exit 2 with one line naming it, and the archive is
// not opened (a fresh folder gets no library.json; an existing one stays byte-identical).
// Global options work before or after the command; every command has --help; --version.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
const library = () => readFileSync(path.join(dir, 'library.json'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-strict-'));
  expect((await run(['--data-dir', dir, 'list'])).code).toBe(0);
});

/** Runs a bad command line and checks: exit 2, one line, the archive byte-identical. */
async function refused(args: string[]): Promise<string> {
  const before = library();
  const result = await run(['--data-dir', dir, ...args]);
  expect(result.code, args.join(' ')).toBe(2);
  expect(result.out, args.join(' ')).toBe('');
  expect(result.err.split('\n'), args.join(' ')).toHaveLength(1);
  expect(library().equals(before), args.join(' ')).toBe(true);
  return result.err;
}

describe('strict arguments', () => {
  it('refuses an unknown flag (a typo of --dry-run) and runs nothing', async () => {
    expect(await refused(['rules', 'run', '--dryrun'])).toBe('tidings: rules: unknown option --dryrun');
    expect(await refused(['retention', '--dryrun'])).toBe('tidings: retention: unknown option --dryrun');
    expect(await refused(['list', '--limt=5'])).toBe('tidings: list: unknown option --limt');
  });

  it('refuses a value on a boolean flag', async () => {
    expect(await refused(['retention', '--dry-run=true'])).toBe('tidings: retention: --dry-run takes no value');
    expect(await refused(['--json=yes', 'list'])).toBe('tidings: list: --json takes no value');
    expect(await refused(['--json=yes'])).toBe('tidings: --json takes no value');
  });

  it('refuses a missing value, a missing argument and too many arguments', async () => {
    expect(await refused(['list', '--limit'])).toMatch(/^tidings: list: --limit needs a value/);
    expect(await refused(['list', '--limit', '--json'])).toMatch(/^tidings: list: --limit needs a value/);
    expect(await refused(['show'])).toMatch(/^tidings: show: missing argument; usage: tidings show ID/);
    expect(await refused(['show', 'a', 'b'])).toMatch(/^tidings: show: too many arguments \(b\); usage: tidings show ID/);
    expect(await refused(['stats', 'now'])).toMatch(/^tidings: stats: too many arguments/);
    expect(await refused(['retention', 'now'])).toMatch(/^tidings: retention: too many arguments/);
    expect(await refused(['--data-dir'])).toMatch(/--data-dir needs a value/);
  });

  it('checks what a sub-action takes before opening the archive', async () => {
    expect(await refused(['rules', 'list', '--dry-run'])).toBe('tidings: rules list: unknown option --dry-run');
    expect(await refused(['rules', 'run', 'now'])).toMatch(/^tidings: rules run: too many arguments/);
    expect(await refused(['rules', 'add', '--tags=x'])).toMatch(/--query/);
    expect(await refused(['rules', 'frob'])).toMatch(/unknown rules action 'frob'/);
    expect(await refused(['views', 'save', 'OnlyName'])).toMatch(/usage: views save NAME QUERY/);
    expect(await refused(['merge-tags', 'a'])).toMatch(/--into/);
    expect(await refused(['move-feed', 'f1', 'Folder', '--none'])).toMatch(/either a folder or --none/);
    expect(await refused(['settings', 'fontSize'])).toMatch(/NAME=VALUE/);
  });

  it('parses numbers strictly', async () => {
    for (const bad of ['--limit=10x', '--limit=-1', '--limit=', '--limit=1e3', '--limit=0x10', '--limit= 5', '--limit=1.5']) {
      expect(await refused(['list', bad]), bad).toMatch(/^tidings: list: --limit must be a whole number/);
    }
    expect(await refused(['search', 'gpu', '--offset=-3'])).toMatch(/--offset must be a whole number/);
    expect(await refused(['list', '--view=everything'])).toMatch(/--view must be one of all, unread, starred, today, saved/);
    expect(await refused(['serve', '--port=70000'])).toMatch(/--port must be a whole number from 0 to 65535/);
  });

  it('never creates an archive for a refused command line', async () => {
    const fresh = path.join(mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-strict-fresh-')), 'data');
    for (const args of [['retention', '--dry-run=true'], ['rules', 'run', '--dryrun'], ['list', '--limit=10x'], ['show']]) {
      expect((await run(['--data-dir', fresh, ...args])).code).toBe(2);
      expect(existsSync(path.join(fresh, 'library.json'))).toBe(false);
    }
  });
});

describe('global options, help and version', () => {
  it('takes --data-dir and --json before or after the command', async () => {
    const after = await run(['list', '--data-dir', dir, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out).total).toBe(1);
    const mixed = await run(['--json', 'list', `--data-dir=${dir}`, '--limit', '1']);
    expect(JSON.parse(mixed.out).items).toHaveLength(1);
  });

  it('still runs the good spellings: --dry-run, -- before dashed words, a -word in a query', async () => {
    expect((await run(['--data-dir', dir, 'retention', '--dry-run'])).out).toContain('would be removed');
    expect((await run(['--data-dir', dir, 'rules', 'run', '--dry-run'])).code).toBe(0);
    const excluded = await run(['--data-dir', dir, '--json', 'search', 'gpu', '-twitter']);
    expect(excluded.code).toBe(0);
    expect(JSON.parse(excluded.out).total).toBe(0);
    expect(JSON.parse((await run(['--data-dir', dir, '--json', 'search', '--', 'gpu'])).out).total).toBe(1);
  });

  it('gives every command its own --help (exit 0, archive not opened)', async () => {
    const fresh = path.join(mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-help-')), 'data');
    for (const command of COMMANDS) {
      const help = await run(['--data-dir', fresh, command.name, '--help']);
      expect(help.code, command.name).toBe(0);
      expect(help.out, command.name).toContain(`usage: tidings ${command.usage}`);
      for (const option of Object.keys(command.options ?? {})) expect(help.out, `${command.name} --${option}`).toContain(`--${option}`);
    }
    expect((await run(['--data-dir', fresh, 'retention', '-h'])).out).toContain('--dry-run');
    expect(existsSync(path.join(fresh, 'library.json'))).toBe(false);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `tidings ${pkg.version}`, err: '' });
    expect((await run(['list', '--version'])).out).toBe(`tidings ${pkg.version}`);
  });
});

describe('the version from the build', () => {
  it('finds package.json from dist/src/cli as from src/cli', async () => {
    const { packageVersion } = await import('../../src/cli/version.js');
    const root = path.resolve(new URL('../../', import.meta.url).pathname);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(packageVersion(path.join(root, 'dist', 'src', 'cli'))).toBe(pkg.version);
    expect(packageVersion(path.join(root, 'src', 'cli'))).toBe(pkg.version);
    expect(packageVersion(os.tmpdir())).toBe('unknown');
  });
});
