// The window's size and position, kept between runs in a small JSON file beside the archive
// (written atomically). Whatever the file holds is checked: a bad file or a position on a
// screen that is gone gives a sensible window, never an invisible one.

import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../src/store/index.js';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 640, height: 420 };
/** A window must show at least this much of itself on some screen to keep its position. */
const MIN_VISIBLE = 100;

export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    return parseWindowState(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function parseWindowState(value: unknown): WindowState {
  if (typeof value !== 'object' || value === null) return { ...DEFAULT_WINDOW };
  const v = value as Record<string, unknown>;
  const size = (n: unknown, min: number, fallback: number) => (isInt(n) && n >= min && n <= 100_000 ? n : fallback);
  const state: WindowState = {
    width: size(v.width, MIN_SIZE.width, DEFAULT_WINDOW.width),
    height: size(v.height, MIN_SIZE.height, DEFAULT_WINDOW.height),
    maximized: v.maximized === true,
  };
  if (isInt(v.x) && isInt(v.y) && Math.abs(v.x) <= 100_000 && Math.abs(v.y) <= 100_000) {
    state.x = v.x;
    state.y = v.y;
  }
  return state;
}

/** The state made to fit today's screens: shrunk to the largest one, and centred if off-screen. */
export function fitToScreens(state: WindowState, workAreas: Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const widest = Math.max(...workAreas.map((a) => a.width));
  const tallest = Math.max(...workAreas.map((a) => a.height));
  const fitted: WindowState = {
    width: Math.max(Math.min(state.width, widest), Math.min(MIN_SIZE.width, widest)),
    height: Math.max(Math.min(state.height, tallest), Math.min(MIN_SIZE.height, tallest)),
    maximized: state.maximized,
  };
  if (state.x === undefined || state.y === undefined) return fitted;
  const rect = { x: state.x, y: state.y, width: fitted.width, height: fitted.height };
  if (workAreas.some((area) => overlap(rect, area) >= MIN_VISIBLE)) {
    fitted.x = state.x;
    fitted.y = state.y;
  }
  return fitted;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? Math.min(w, h) : 0;
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}
