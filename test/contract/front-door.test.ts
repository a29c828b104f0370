// One front door: the archive that openArchive returns checks every call's arguments itself,
// so the command line, Electron IPC and browser mode's HTTP refuse the same bad call with the
// same message, and the limits of that check come from one table (LIMITS) that the archive's
// internals agree with (a value at the limit runs, one past it is refused).

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { main } from '../../src/cli/main.js';
import { LIMITS } from '../../src/contract/index.js';
import { type IpcMainLike, type InvokeEventLike, registerArchiveHandlers } from '../../electron/ipc.js';
import type { IpcReply } from '../../electron/channels.js';
import { type RunningServer, startServer } from '../../src/server/index.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

let root: string;
let archive: Archive;
let server: RunningServer;
const handlers = new Map<string, Handler>();
const fakeIpc: IpcMainLike = {
  handle: (channel, listener) => void handlers.set(channel, listener),
  removeHandler: (channel) => void handlers.delete(channel),
};

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-front-door-'));
  archive = await openArchive(path.join(root, 'shared'));
  server = await startServer(archive, {});
  registerArchiveHandlers(fakeIpc, archive, { isTrustedUrl: () => true });
});

afterAll(async () => {
  await server?.close();
  await archive?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function viaArchive(method: keyof Archive, args: unknown[]): Promise<string> {
  try {
    await (archive[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

async function viaHttp(method: string, args: unknown[]): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { error?: string };
  return body.error ?? 'accepted';
}

async function viaIpc(method: string, args: unknown[]): Promise<string> {
  const reply = await handlers.get(`archive:${method}`)!({ senderFrame: { url: 'app://tidings/index.html' } }, ...args);
  return reply.ok ? 'accepted' : reply.error;
}

async function viaCli(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(['--data-dir', path.join(root, 'cli'), ...args], { out: () => undefined, err: (l) => err.push(l), env: {} });
  return { code, err: err.join('\n') };
}

describe('the archive checks its own arguments', () => {
  it('refuses a malformed call made straight on the archive, with the contract message', async () => {
    expect(await viaArchive('setRead', [['x'], 'yes'])).toBe('contract: setRead: argument 2: must be true or false');
    expect(await viaArchive('listArticles', [{ limit: 5, evil: 1 }])).toContain("unknown key 'evil'");
    expect(await viaArchive('stats', [1])).toBe('contract: stats: arguments: too many: at most 0, got 1');
  });

  it('keeps everything that is not an API method (dataDir, on, flush, close, assetPath)', () => {
    expect(archive.dataDir).toBe(path.join(root, 'shared'));
    expect(typeof archive.on).toBe('function');
    expect(typeof archive.flush).toBe('function');
    expect(archive.assetPath('nope')).toBeNull();
  });
});

describe('one set of limits, from LIMITS', () => {
  it('runs a query of LIMITS.query characters and refuses one more', async () => {
    expect(await viaArchive('search', ['a'.repeat(LIMITS.query)])).toBe('accepted');
    expect(await viaArchive('search', ['a'.repeat(LIMITS.query + 1)])).toBe(`contract: search: argument 1: must be at most ${LIMITS.query} characters`);
  });

  it('takes each setting at its bounds and refuses one past them', async () => {
    for (const [key, range] of Object.entries(LIMITS.settings)) {
      expect(await viaArchive('updateSettings', [{ [key]: range.max }]), `${key} ${range.max}`).toBe('accepted');
      expect(await viaArchive('updateSettings', [{ [key]: range.min }]), `${key} ${range.min}`).toBe('accepted');
      expect(await viaArchive('updateSettings', [{ [key]: range.max + 1 }]), key).toContain(`argument 1.${key}: must be from ${range.min} to ${range.max}`);
      expect(await viaArchive('updateSettings', [{ [key]: range.min - 1 }]), key).toContain(`argument 1.${key}: must be from ${range.min} to ${range.max}`);
    }
  });
});

describe('the same bad call gets the same answer from every front end', () => {
  const longQuery = 'word '.repeat(600).trim();

  it('a 3000-character query', async () => {
    const expected = `contract: search: argument 1: must be at most ${LIMITS.query} characters`;
    expect(await viaArchive('search', [longQuery])).toBe(expected);
    expect(await viaHttp('search', [longQuery])).toBe(expected);
    expect(await viaIpc('search', [longQuery])).toBe(expected);
    expect(await viaCli(['search', longQuery])).toEqual({ code: 2, err: `tidings: ${expected}` });
  });

  it('maxConcurrentFetches of 50', async () => {
    const { min, max } = LIMITS.settings.maxConcurrentFetches;
    const expected = `contract: updateSettings: argument 1.maxConcurrentFetches: must be from ${min} to ${max}`;
    expect(await viaArchive('updateSettings', [{ maxConcurrentFetches: 50 }])).toBe(expected);
    expect(await viaHttp('updateSettings', [{ maxConcurrentFetches: 50 }])).toBe(expected);
    expect(await viaIpc('updateSettings', [{ maxConcurrentFetches: 50 }])).toBe(expected);
    expect(await viaCli(['settings', 'maxConcurrentFetches=50'])).toEqual({ code: 2, err: `tidings: ${expected}` });
    expect((await archive.getSettings()).maxConcurrentFetches).not.toBe(50);
  });

  it('still refuses unknown method names over HTTP and IPC', async () => {
    expect(await viaHttp('close', [])).toContain('no such method');
    expect(handlers.has('archive:close')).toBe(false);
  });
});
