// The preload as the window loads it: built by package.json's own build:preload command, then
// run in a bare VM context that offers only what a sandboxed preload gets (`require` of
// 'electron' and a window). It must be one CommonJS file that requires nothing else and
// exposes exactly `window.archive` with the allowed methods (channels.ts), tidingsFiles and tidingsMenu.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BRIDGED_METHODS } from '../../electron/channels.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(path.join(os.tmpdir(), 'tidings-preload-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function buildPreload(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts['build:preload']!.split(' ');
  expect(command).toBe('esbuild');
  const file = path.join(out, 'preload.cjs');
  const withOutfile = args.map((a) => (a.startsWith('--outfile=') ? `--outfile=${file}` : a));
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), withOutfile, { cwd: ROOT, stdio: 'pipe' });
  return readFileSync(file, 'utf8');
}

describe('preload bundle', () => {
  const code = buildPreload();

  it('is CommonJS that requires only electron', () => {
    const requires = [...code.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['"electron"']);
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
  });

  it('exposes window.archive with every method, window.tidingsFiles and window.tidingsMenu, and nothing else, in a sandbox-like context', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: [string, unknown[]][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push([channel, args]);
          return { ok: true, result: { total: 0, offset: 0, items: [] } };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
      webUtils: { getPathForFile: () => '' },
    };
    const context = vm.createContext({
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
      module: { exports: {} },
      exports: {},
      window: new EventTarget(),
      document: new EventTarget(),
      CustomEvent,
    });
    vm.runInContext(code, context, { filename: 'preload.cjs' });
    expect([...exposed.keys()]).toEqual(['archive', 'tidingsFiles', 'tidingsMenu']);
    // The menu: the page describes its items, nothing more.
    expect(Object.keys(exposed.get('tidingsMenu')!)).toEqual(['set']);
    // Files: main's dialogs and dropped files only; no method takes a path from the page.
    expect(Object.keys(exposed.get('tidingsFiles')!).sort()).toEqual(['exportFromDialog', 'importDropped', 'importFromDialog']);
    const api = exposed.get('archive')!;
    expect(Object.keys(api).sort()).toEqual([...BRIDGED_METHODS, 'assetUrl', 'onEvent'].sort());
    const listArticles = api.listArticles as (q: unknown) => Promise<unknown>;
    expect(await listArticles({ limit: 1 })).toEqual({ total: 0, offset: 0, items: [] });
    expect(invoked).toEqual([['archive:listArticles', [{ limit: 1 }]]]);
  });
});
