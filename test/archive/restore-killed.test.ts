// A restore killed midway (SIGKILL: power lost, the app force-quit): the archive opens with no
// damage and without half-restored articles, and restoring again completes with every article
// once and its files byte for byte. Killed as the restore began, and after the articles' files
// were written but before their records were.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { type Bundle, bundle } from '../cli/bundle.js';
import { exportedArchive } from './export-fixture.js';

let dir: string;
let exported: string;
let ids: string[];
let child: Bundle | undefined;
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-killed-'));
  ({ ids, zip: exported } = await exportedArchive(dir));
  child = await bundle('test/fixtures/restore/killed-restore.ts');
}, 120_000);
afterAll(() => {
  child?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Run the restore in a child and SIGKILL it once it says it stopped where asked. */
function killedRestore(dataDir: string, at: 'start' | 'files'): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child!.file, dataDir, exported, at], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('stopped')) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`the restore was not killed (${out} ${err})`))));
  });
}

describe('a restore killed midway', () => {
  for (const at of ['start', 'files'] as const) {
    it(`killed at ${at}: opens undamaged, restores again without duplicates`, { timeout: 120_000 }, async () => {
      const dataDir = path.join(dir, `b-${at}`);
      const first = await openArchive(dataDir);
      const before = (await first.stats()).articles;
      await first.close();

      const out = await killedRestore(dataDir, at);
      expect(out).not.toContain('finished');

      const archive = await openArchive(dataDir);
      try {
        expect(archive.notices, 'no damage').toEqual([]);
        // Records are written in one change after every file: none of them came in half.
        expect((await archive.stats()).articles).toBe(before);
        const result = await archive.importLibrary(exported);
        expect(result).toMatchObject({ format: 'tidings', problems: [] });
        expect((await archive.stats()).articles).toBe(before + ids.length);
        const all = await archive.listArticles({ limit: 1000 });
        for (const id of ids) {
          expect(all.items.filter((a) => a.id === id), `${id} once`).toHaveLength(1);
          for (const ext of ['html', 'txt']) expect(sha(path.join(dataDir, 'articles', `${id}.${ext}`))).toBe(sha(path.join(dir, 'a', 'articles', `${id}.${ext}`)));
        }
        expect((await archive.getArticle(ids[0]!)).tags).toEqual(['pics']);
        // No temp file of the killed restore is left behind.
        const assets = readdirSync(path.join(dataDir, 'assets'));
        expect(assets.filter((f) => f.endsWith('.tmp'))).toEqual([]);
        expect(assets.filter((f) => /\.png$/.test(f))).toHaveLength(1);
      } finally {
        await archive.close();
      }
    });
  }
});
