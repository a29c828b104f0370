// `npm start` checks for Electron's binary before launching it (build/check-electron.mjs). With
// no binary and no way to download one, a new user gets a few lines saying what is wrong and
// what to do, and exit 1: no "fetch failed" stack traces. The binary is made absent for sure
// (ELECTRON_OVERRIDE_DIST_PATH names an empty folder) and the download unreachable (a mirror on
// a closed local port), so the test means the same on a machine that has the binary.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(ROOT, 'build', 'check-electron.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-check-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(dir, 'cache'), ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm start without the Electron binary', () => {
  it('says what is wrong and what to do in a few lines, and exits 1 without a stack trace', () => {
    const empty = mkdtempSync(path.join(dir, 'no-binary-'));
    const run = check({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(run.status).toBe(1);
    const text = run.stdout + run.stderr;
    expect(text).toMatch(/Electron's binary is missing and could not be downloaded \(.+\)/);
    expect(text).toContain('ELECTRON_MIRROR=');
    expect(text).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
    expect(text).toContain(path.join(dir, 'cache'));
    expect(text).toContain('npm run serve');
    expect(text).not.toMatch(/^\s+at /m);
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(12);
  }, 70_000);

  it('says nothing and exits 0 when the binary is there', () => {
    const dist = mkdtempSync(path.join(dir, 'binary-'));
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const names: Record<string, string> = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };
    const binary = names[process.platform] ?? 'electron';
    if (binary.includes('/')) return; // a stand-in app bundle is not worth building here
    writeFileSync(path.join(dist, binary), `stand-in for Electron ${version}`);
    expect(check({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('runs first in npm start, before the build and electron', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node build/check-electron.mjs && npm run build && electron .');
  });
});
