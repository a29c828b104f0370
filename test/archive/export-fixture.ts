// A small archive to export: two saved pages (one with an image beside it), tagged, one
// starred, one read. Shared by the export and restore tests.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

// A 1x1 PNG: a real image, so the import keeps it in assets/.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Two saved pages, one with an image beside it; tagged, starred, read. */
export async function fillArchive(archive: Archive, files: string): Promise<string[]> {
  writeFileSync(path.join(files, 'dot.png'), PNG);
  writeFileSync(path.join(files, 'one.html'), '<html><head><title>Pictures: a "dot"</title></head><body><article><h1>Pictures</h1><p>A page about dots and the pixels they are made of, with one picture.</p><img src="dot.png" alt="a dot"><p>More words about the dot so that it reads as an article.</p></article></body></html>');
  writeFileSync(path.join(files, 'two.html'), '<html><head><title>Plain words</title></head><body><article><p>Nothing but words here, about gardens and the weather in spring.</p></article></body></html>');
  const one = await archive.importFile(path.join(files, 'one.html'), { tags: ['pics'] });
  const two = await archive.importFile(path.join(files, 'two.html'), { tags: ['garden'] });
  await archive.setStarred([one.id], true);
  await archive.setRead([two.id], true);
  return [one.id, two.id];
}


/** `fillArchive` in a new archive at DIR/a (its pages under DIR/files), exported as DIR/export.zip. */
export async function exportedArchive(dir: string): Promise<{ ids: string[]; zip: string }> {
  mkdirSync(path.join(dir, 'files'));
  const archive = await openArchive(path.join(dir, 'a'));
  try {
    const ids = await fillArchive(archive, path.join(dir, 'files'));
    const zip = path.join(dir, 'export.zip');
    await archive.exportLibrary(zip, { format: 'archive' });
    return { ids, zip };
  } finally {
    await archive.close();
  }
}
