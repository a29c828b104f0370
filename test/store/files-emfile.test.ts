// A feed of 3,000 items under a low open-file limit (RLIMIT_NOFILE 256, as `ulimit -n 256`):
// every article's files are written. The writer opened all 6,000 temp files at once and 2,886
// of 3,000 failed with EMFILE. Run in a child process under `prlimit`, so the limit is real.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const hasPrlimit = (() => {
  try {
    execFileSync('prlimit', ['--version'], { stdio: 'ignore' });
    return process.platform === 'linux';
  } catch {
    return false;
  }
})();

const filesModule = new URL('../../src/store/files.ts', import.meta.url).href;
const script = `
const { ArticleFiles } = await import(${JSON.stringify(filesModule)});
const files = new ArticleFiles(process.argv[2]);
await files.init();
const articles = Array.from({ length: 3000 }, (_, i) => ({ id: i.toString(16).padStart(16, '0'), html: '<p>' + i + '</p>', text: String(i) }));
const errors = await files.writeMany(articles);
const failed = errors.filter((e) => e !== null);
process.stdout.write(JSON.stringify({ failed: failed.length, first: failed[0] ? String(failed[0].message) : null }));
`;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-emfile-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a 3,000-item feed under a low open-file limit', () => {
  it.skipIf(!hasPrlimit)('has every article written (no EMFILE)', { timeout: 120_000 }, () => {
    const file = path.join(dir, 'write-3000.mjs');
    writeFileSync(file, script);
    const child = spawnSync('prlimit', ['--nofile=256', process.execPath, '--import', 'tsx', file, path.join(dir, 'data')], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ failed: 0, first: null });
    const names = readdirSync(path.join(dir, 'data', 'articles'));
    expect(names).toHaveLength(6000);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
