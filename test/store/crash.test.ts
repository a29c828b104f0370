// Crash safety: a writer killed with SIGKILL at random moments never leaves a library.json that
// fails to parse, and never loses a mutation whose flush had finished.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundle } from '../cli/bundle.js';

const KILLS = 50;
/** The writer, bundled: fifty starts through tsx cost a minute of CPU. */
let writer: Bundle | null = null;

beforeAll(async () => {
  writer = await bundle('test/fixtures/store/crash-writer.ts');
});
afterAll(() => writer?.remove());

/** Run the writer, kill it after `delayMs` of writing; returns the highest acknowledged sequence. */
function runAndKill(dataDir: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer!.file, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) acked = Math.max(acked, Number(line));
      // Start the clock at the first acknowledgement: the process is up and writing.
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
    });
  });
}

describe('store: crash safety', () => {
  it(`keeps every acknowledged mutation across ${KILLS} SIGKILLs`, { timeout: 300_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-crash-'));
    let lastAcked = 0;
    for (let i = 0; i < KILLS; i++) {
      const acked = await runAndKill(dataDir, Math.floor(Math.random() * 150));
      const text = readFileSync(path.join(dataDir, 'library.json'), 'utf8');
      const data = JSON.parse(text) as { articles: Record<string, unknown> };
      const present = Object.keys(data.articles).filter((k) => k.startsWith('seq-')).length;
      expect(present, `kill ${i}: acknowledged ${acked}, found ${present}`).toBeGreaterThanOrEqual(acked);
      expect(present).toBeGreaterThanOrEqual(lastAcked);
      for (let s = 0; s < acked; s++) expect(data.articles[`seq-${s}`], `kill ${i}: seq-${s} lost`).toBeDefined();
      lastAcked = Math.max(lastAcked, acked);
    }
    expect(lastAcked).toBeGreaterThan(0);
    // No library was ever judged corrupt along the way.
    expect(readdirSync(dataDir).filter((n) => n.startsWith('library.corrupt'))).toEqual([]);
  });
});
