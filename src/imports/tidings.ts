// Tidings' own archive (a zip whose manifest.json says "format": "tidings-archive"): only
// recognised here; the archive restores it whole (src/archive/restore.ts).

import { TidingsError } from '../errors.js';
import type { ParsedImport } from './index.js';
import { detect } from './detect.js';

export function parseTidingsArchive(bytes: Uint8Array, name: string): ParsedImport {
  if (detect(bytes, name) !== 'tidings') {
    throw new TidingsError('import', name, 'not a Tidings archive (expected a zip with manifest.json of format "tidings-archive")', 'invalid');
  }
  return { format: 'tidings', items: [], problems: [] };
}
