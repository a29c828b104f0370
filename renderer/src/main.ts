// The renderer's entry: pick the client (Electron bridge or browser mode) and start the app.

import { App } from './app/index.js';
import { createClient } from './client/index.js';
import './styles/app.css';

const app = new App(createClient());
app.start().catch((error: unknown) => {
  const banner = document.getElementById('fatal');
  if (banner) {
    banner.hidden = false;
    banner.textContent = `Tidings could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
});
