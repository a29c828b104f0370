// Images of an imported file are read only from inside its folder, judged by the real path:
// a symlink inside the folder that points outside it (../secret.png, /etc/passwd) is dropped.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadImages } from '../../src/extract/images.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

let dir: string;
let folder: string;
const written: Buffer[] = [];
const store = {
  writeAsset: async (bytes: Uint8Array, ext: string) => {
    written.push(Buffer.from(bytes));
    return `${written.length}.${ext}`;
  },
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-local-images-'));
  folder = path.join(dir, 'saved-page');
  mkdirSync(folder);
  written.length = 0;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const url = (name: string) => pathToFileURL(path.join(folder, name)).href;

describe('local images of an imported file', () => {
  it('drops a symlink that leads out of the folder, and keeps a real image inside it', async () => {
    writeFileSync(path.join(dir, 'secret.png'), PNG);
    writeFileSync(path.join(folder, 'own.png'), PNG);
    symlinkSync('../secret.png', path.join(folder, 'sneaky.png'));
    symlinkSync('/etc/passwd', path.join(folder, 'passwd.png'));
    const result = await downloadImages({ nonce: 'n', urls: [url('own.png'), url('sneaky.png'), url('passwd.png')] }, store, { remote: false, localRoot: folder });
    expect([...result.local.keys()]).toEqual([url('own.png')]);
    expect(result.failed.get(url('sneaky.png'))).toMatch(/outside the imported file's folder/);
    expect(result.failed.get(url('passwd.png'))).toMatch(/outside the imported file's folder/);
    expect(written).toHaveLength(1);
  });

  it('keeps an image whose folder is reached through a symlinked root', async () => {
    writeFileSync(path.join(folder, 'own.png'), PNG);
    const alias = path.join(dir, 'alias');
    symlinkSync(folder, alias);
    const aliased = pathToFileURL(path.join(alias, 'own.png')).href;
    const result = await downloadImages({ nonce: 'n', urls: [aliased] }, store, { remote: false, localRoot: alias });
    expect([...result.local.keys()]).toEqual([aliased]);
  });
});
