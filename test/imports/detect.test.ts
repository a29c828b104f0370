// detectFormat: each fixture is recognised from its content; files that are none of the
// formats (an image, nothing, prose) are null, and the name alone never decides.

import { readFileSync, readdirSync } from 'node:fs';
import { zipSync } from 'fflate';
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

  it('looks inside zips: a Tidings manifest, Omnivore metadata, anything else null', () => {
    const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
    expect(detectFormat(zipSync({ 'manifest.json': json({ format: 'tidings-archive', version: 1 }), 'library.json': json({}) }), 'backup.zip')).toBe('tidings');
    expect(detectFormat(zipSync({ 'manifest.json': json({ format: 'something-else' }) }), 'backup.zip')).toBeNull();
    expect(detectFormat(zipSync({ 'manifest.json': json({ ['__proto__']: { format: 'tidings-archive' } }) }), 'backup.zip')).toBeNull();
    expect(detectFormat(zipSync({ 'export/metadata_0_to_50.json': json([]) }), 'x.bin')).toBe('omnivore');
    expect(detectFormat(zipSync({ 'photo.jpg': new Uint8Array(10) }), 'omnivore.zip')).toBeNull();
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.zip')).toBeNull();
  });

  it('parses the recognised-only formats: OPML handed over whole, a Tidings archive with no items', () => {
    const opml = readFileSync(path.join(FIXTURES, 'opml-bom-and-comment.opml'));
    const parsed = parseImport(opml, { name: 'feeds.opml' });
    expect(parsed).toMatchObject({ format: 'opml', items: [], problems: [] });
    expect(parsed.opml).toContain('<opml version="2.0">');
    const archive = zipSync({ 'manifest.json': new TextEncoder().encode('{"format":"tidings-archive"}') });
    expect(parseImport(archive, { name: 'a.zip' })).toEqual({ format: 'tidings', items: [], problems: [] });
    expect(() => parseImport(opml, { name: 'feeds.opml', format: 'tidings' })).toThrow(/feeds\.opml: not a Tidings archive/);
  });

  it('a forced format that does not fit says what it expected', () => {
    const wallabag = readFileSync(path.join(FIXTURES, 'wallabag-annotations.json'));
    expect(() => parseImport(wallabag, { name: 'w.json', format: 'karakeep' })).toThrow(/w\.json: not a Karakeep export \(expected a JSON object with "bookmarks"\)/);
    expect(() => parseImport(wallabag, { name: 'w.json', format: 'opml' })).toThrow(/w\.json: not an OPML file/);
    expect(() => parseImport(wallabag, { name: 'w.json', format: 'pocket-html' })).toThrow(/w\.json: not a Pocket HTML export/);
  });

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
