#!/usr/bin/env node
// `npm start` runs this before `electron .`. The electron package (45) downloads its ~100 MB
// binary lazily, at the first launch: offline, that launch printed "fetch failed" and two stack
// traces, and the advice it gave ("npx install-electron --no") fails the same way. Here we look
// for the binary exactly as node_modules/electron/index.js and install.js do (without
// require('electron'), which would start that download with its traces), try the download once
// with its output kept quiet, and if there is still no binary say in a few lines what is wrong
// and what to do, then exit 1. Plain Node, no dependencies: it must run before anything is built.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The executable inside the downloaded zip, per platform (as install.js names it). */
function platformPath(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The electron package's folder and version, or null when it is not installed at all. */
function electronPackage() {
  try {
    const manifest = require.resolve('electron/package.json');
    return { dir: path.dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
  } catch {
    return null;
  }
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The binary's path if it is there and of the package's version, else null (install.js isInstalled). */
function installedBinary(pkg) {
  const recorded = readText(path.join(pkg.dir, 'path.txt'));
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, recorded || platformPath(process.platform));
    return existsSync(binary) ? binary : null;
  }
  const version = readText(path.join(pkg.dir, 'dist', 'version'));
  if (!recorded || version?.trim().replace(/^v/, '') !== pkg.version) return null;
  const binary = path.join(pkg.dir, 'dist', recorded);
  return existsSync(binary) ? binary : null;
}

/** Run the package's own download once, quietly; the last line of its error, if it failed. */
function download(pkg) {
  process.stderr.write(`Electron ${pkg.version} is not downloaded yet; downloading it (about 100 MB) once...\n`);
  const run = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
  if (run.status === 0) return null;
  if (run.error) return run.error.message;
  const lines = `${run.stderr}\n${run.stdout}`.split('\n').map((line) => line.trim());
  return lines.find((line) => /error|failed|denied|ENOTFOUND|ECONN|ETIMEDOUT/i.test(line) && !line.startsWith('at ')) ?? `the download exited with ${run.status ?? run.signal}`;
}

/** Where @electron/get (5) looks for a downloaded zip: its cache root, then a folder per release URL. */
function cacheFolder(pkg) {
  const home = os.homedir();
  const root = process.env.electron_config_cache
    ?? (process.platform === 'darwin' ? path.join(home, 'Library', 'Caches', 'electron')
      : process.platform === 'win32' ? path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'electron', 'Cache')
        : path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'electron'));
  const release = `https://github.com/electron/electron/releases/download/v${pkg.version}`;
  return path.join(root, createHash('sha256').update(release).digest('hex'));
}

function advice(pkg, reason) {
  const zip = `electron-v${pkg.version}-${process.platform}-${process.arch}.zip`;
  return [
    `Tidings cannot start the desktop app: Electron's binary is missing and could not be downloaded (${reason}).`,
    'Any one of these fixes it:',
    '  - Connect to the internet and run `npm start` again: the download happens once.',
    '    Behind a proxy: ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://proxy:port npm start',
    '  - Use a mirror: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
    `  - Offline: get ${zip} from github.com/electron/electron/releases on another machine, then either`,
    `    put it in ${cacheFolder(pkg)}/ (the download cache; electron_config_cache moves its root)`,
    '    or unzip it into a folder and run: ELECTRON_OVERRIDE_DIST_PATH=/that/folder npm start',
    '  - Or use Tidings in your browser, no Electron needed: npm run serve',
  ].join('\n');
}

function main() {
  const pkg = electronPackage();
  if (!pkg) {
    process.stderr.write('Tidings cannot start the desktop app: the electron package is not installed. Run `npm install` first, or use `npm run serve` (browser mode).\n');
    return 1;
  }
  if (installedBinary(pkg)) return 0;
  const failure = download(pkg);
  if (failure === null && installedBinary(pkg)) return 0;
  process.stderr.write(`${advice(pkg, failure ?? 'the download left no binary')}\n`);
  return 1;
}

process.exitCode = main();
