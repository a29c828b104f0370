// Run as a child process by syncthing-harness.test.ts: starts a pair, prints its pids and homes,
// then fails without calling stop(), the way a crashing test would. The harness's exit hook must
// still leave no Syncthing process and no home behind.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPair } from './syncthing.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-crash-'));
const pair = await startPair({ folders: [{ id: 'f', dirA: path.join(root, 'a'), dirB: path.join(root, 'b') }] });
process.stdout.write(`${JSON.stringify({ root, pids: [pair.a.pid, pair.b.pid], homes: [pair.a.home, pair.b.home] })}\n`);
throw new Error('a test failed before stop()');
