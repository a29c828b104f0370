// detectFormat: each fixture is recognised from its content; files that are none of the
// formats (an image, nothing, prose) are null, and the name alone never decides.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../src/api.js';
import { detectFormat, parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

/** The format a fixture is, from the prefix of its name. */
const PREFIXES: Array<[string, ImportFormat]> = [
  ['pocket-ril', 'pocket-html'],
  ['pocket-', 'pocket-csv'],
  ['instapaper-', 'instapaper'],
  ['raindrop-', 'raindrop'],
  ['bookmarks-', 'bookmarks'],
  ['wallabag-', 'wallabag'],
  ['karakeep-', 'karakeep'],
  ['opml-', 'opml'],
];

function expectedFormat(name: string): ImportFormat {
  const found = PREFIXES.find(([prefix]) => name.startsWith(prefix));
  if (!found) throw new Error(`fixture ${name} has no known prefix`);
  return found[1];
}

describe('detectFormat', () => {
  for (const name of readdirSync(FIXTURES)) {
    it(`detects ${name}`, () => {
      const bytes = readFileSync(path.join(FIXTURES, name));
      expect(detectFormat(bytes, name)).toBe(expectedFormat(name));
      // Content decides, not the name.
      expect(detectFormat(bytes, 'export.txt')).toBe(expectedFormat(name));
    });
  }

  it('is null for a PNG, an empty file, whitespace and prose, whatever their names', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(detectFormat(png, 'pocket.csv')).toBeNull();
    expect(detectFormat(new Uint8Array(0), 'ril_export.html')).toBeNull();
    expect(detectFormat(Buffer.from(' \n\t\n'), 'x.csv')).toBeNull();
    expect(detectFormat(Buffer.from('Dear diary, today I saved https://example.com and read it.\n'), 'notes.csv')).toBeNull();
  });

  it('parseImport refuses what it cannot detect with a clear invalid error', () => {
    expect(() => parseImport(Buffer.from('hello'), { name: 'hello.txt' })).toThrow(/import: hello\.txt: not a format Tidings imports/);
  });
});
