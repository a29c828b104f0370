// The one Tidings window: created with the checked webPreferences, at the size and place it
// had last time; its size and place are remembered as they change and when it closes.

import { BrowserWindow, nativeTheme, screen } from 'electron';
import { loadWindowState, fitToScreens, saveWindowState, type WindowState } from './window-state.js';
import { APP_ENTRY_URL, windowWebPreferences } from './security.js';

export interface TidingsWindow {
  window: BrowserWindow;
  /** Write the last known size and place now (called before quitting). */
  saveState(): Promise<void>;
}

export async function createWindow(stateFile: string, preload: string): Promise<TidingsWindow> {
  const saved = fitToScreens(await loadWindowState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow({
    x: saved.x,
    y: saved.y,
    width: saved.width,
    height: saved.height,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Tidings',
    // The system's light or dark, so the first frame does not flash the other one.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    webPreferences: windowWebPreferences(preload),
  });
  if (saved.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let state: WindowState = saved;
  const remember = () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    state = { ...bounds, maximized: window.isMaximized() };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveSoon = () => {
    remember();
    clearTimeout(timer);
    timer = setTimeout(() => void saveWindowState(stateFile, state).catch(() => undefined), 1000);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', remember);

  await window.loadURL(APP_ENTRY_URL);
  return {
    window,
    async saveState() {
      clearTimeout(timer);
      remember();
      await saveWindowState(stateFile, state);
    },
  };
}
