// The window's remembered size and place: read back as written, odd files give the default,
// and a place on a screen that is gone is dropped rather than opening an invisible window.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, fitToScreens, loadWindowState, parseWindowState, saveWindowState } from '../../electron/window-state.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-window-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state file', () => {
  it('reads back what it wrote, leaving no temp file', async () => {
    const file = path.join(dir, 'window-state.json');
    await saveWindowState(file, { x: 40, y: 30, width: 1000, height: 700, maximized: true });
    expect(await loadWindowState(file)).toEqual({ x: 40, y: 30, width: 1000, height: 700, maximized: true });
    expect(await fs.readdir(dir)).toEqual(['window-state.json']);
  });

  it('gives the default for a missing, broken or hostile file', async () => {
    expect(await loadWindowState(path.join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW);
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '{"width": 10');
    expect(await loadWindowState(broken)).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState(null)).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState({ width: 'wide', height: -5, x: 1e12, y: 3, maximized: 'yes' })).toEqual(DEFAULT_WINDOW);
    expect(parseWindowState({ width: 50, height: 50 })).toEqual(DEFAULT_WINDOW);
  });
});

describe('fitToScreens', () => {
  it('keeps a place that is on a screen', () => {
    expect(fitToScreens({ x: 100, y: 100, width: 1200, height: 800, maximized: false }, [screen])).toEqual({ x: 100, y: 100, width: 1200, height: 800, maximized: false });
  });

  it('drops a place on a screen that is gone (the window is centred instead)', () => {
    const fitted = fitToScreens({ x: 3000, y: 100, width: 1200, height: 800, maximized: false }, [screen]);
    expect(fitted).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('keeps a place on a second screen left of the first', () => {
    const left = { x: -1280, y: 0, width: 1280, height: 1024 };
    expect(fitToScreens({ x: -1200, y: 50, width: 1000, height: 700, maximized: false }, [screen, left]).x).toBe(-1200);
  });

  it('shrinks a window larger than the largest screen', () => {
    const fitted = fitToScreens({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [screen]);
    expect(fitted.width).toBe(1920);
    expect(fitted.height).toBe(1080);
  });
});
