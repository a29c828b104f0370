// Vite builds the renderer (renderer/index.html and renderer/src) into dist/renderer, which both
// Electron and browser mode serve. Relative asset paths so it works from file://, app:// or http.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // No inline module preload polyfill: the page's CSP allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
