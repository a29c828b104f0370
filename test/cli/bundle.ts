// A script that tests run as a child process (the command line, a crash-test writer), bundled
// once per test file with esbuild. Through tsx every start of a child transformed hundreds of
// modules again (1.5 s of CPU for `tidings --version`); a bundle with its packages starts on a
// fraction of that, and tests that start dozens of processes took minutes of CI for it.
//
// The bundle goes to node_modules/.cache (what it still requires at run time, jsdom among them,
// resolves from there). The worker entries are bundled beside it, flat: the modules that start
// them look for `./worker.js`, `./parse-worker.js` and `./build-worker.js` next to their own
// file, and in a bundle that file is the bundle. So are the seed's files.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules/.cache/tidings-test');
const WORKERS = { worker: 'src/extract/worker.ts', 'parse-worker': 'src/feeds/parse-worker.ts', 'build-worker': 'src/search/build-worker.ts' };
const SEED_FILES = ['src/seed/article.txt', 'src/seed/seed.json'];

export interface Bundle {
  /** The bundled script, to run with `node FILE args…`. */
  file: string;
  /** Remove the bundle's folder. */
  remove(): void;
}

/** Bundle `entry` (a path from the project's root, e.g. `src/cli/main.ts`) into a folder of its own. */
export async function bundle(entry: string): Promise<Bundle> {
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(path.join(CACHE, `${path.basename(entry, '.ts')}-`));
  await build({
    entryPoints: { main: path.join(ROOT, entry), ...Object.fromEntries(Object.entries(WORKERS).map(([name, file]) => [name, path.join(ROOT, file)])) },
    outdir: dir,
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // jsdom is required where it is used (most commands never load it); bundled it was 7 of 10 MB.
    external: ['jsdom'],
    // Packages that are CommonJS inside call require: give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  for (const file of SEED_FILES) copyFileSync(path.join(ROOT, file), path.join(dir, path.basename(file)));
  return { file: path.join(dir, 'main.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
