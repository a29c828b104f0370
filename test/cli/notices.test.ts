// What the archive reports while a command runs (a feed item skipped, a hook that failed) reaches
// the person at the terminal as one line on stderr: a warning never vanishes in the command line.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-notices-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The real archive, whose work reports the given events to whoever listens. */
function reporting(events: ArchiveEvent[]): (dir: string) => Promise<Archive> {
  return async (dir) => {
    const archive = await openArchive(dir);
    return { ...archive, on: (listener) => (events.forEach(listener), () => undefined) };
  };
}

describe('cli: notices', () => {
  it('prints warnings and errors on stderr, not information', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const open = reporting([
      { type: 'notice', level: 'warning', message: 'feeds: https://x.example/feed: 1 item(s) skipped: item 3: its files cannot be written' },
      { type: 'notice', level: 'info', message: 'index: rebuilt' },
      { type: 'notice', level: 'error', message: 'rules: tag:x: failed' },
    ]);
    const code = await main(['--data-dir', path.join(root, 'data'), 'stats'], { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, open });
    expect(code).toBe(0);
    expect(err).toEqual([
      'tidings: feeds: https://x.example/feed: 1 item(s) skipped: item 3: its files cannot be written',
      'tidings: rules: tag:x: failed',
    ]);
    expect(out.join('\n')).toMatch(/^articles \d+/);
  });
});
