// The version of the installed package: package.json found by walking up from this module, so
// it is the same from source (src/cli/, run by tsx) and from the build (dist/src/cli/).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'tidings';

export function packageVersion(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const found = readPackage(path.join(dir, 'package.json'));
    if (found?.name === PACKAGE_NAME && typeof found.version === 'string') return found.version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function readPackage(file: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
