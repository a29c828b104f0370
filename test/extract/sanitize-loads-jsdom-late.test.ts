// jsdom is most of the time a process takes to start; it is loaded by the first sanitize, not by
// importing the sanitizer (a command that lists or searches never sanitizes). Loaded late, it must
// still load whole: requiring its internals before its main module printed Node's "circular
// dependency" warning to the user's terminal.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(script: string): { out: string; err: string; status: number | null } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { out: result.stdout, err: result.stderr, status: result.status };
}

const loaded = "Object.keys((await import('node:module')).createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/jsdom/'))";

describe('the sanitizer loads jsdom', () => {
  it('not when it is imported, and whole (no warning) at its first use', () => {
    const { out, err, status } = run(`
      const { sanitizeHtml } = await import('./src/extract/sanitize.ts');
      console.log('before', ${loaded});
      const body = sanitizeHtml('<p>Kept <script>alert(1)</script><a href="/x" onclick="y()">link</a></p>', 'https://example.org/a/');
      console.log('after', ${loaded});
      console.log(body.innerHTML);
    `);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out.trim().split('\n')).toEqual(['before false', 'after true', '<p>Kept <a href="https://example.org/x">link</a></p>']);
  });
});
