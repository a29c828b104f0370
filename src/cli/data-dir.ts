// Where the archive lives when no folder is given: the desktop app's userData folder
// (Electron's appData/Tidings), so the command line and the app share one archive.

import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tidings');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Tidings');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tidings');
}
