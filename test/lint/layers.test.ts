// The layers of src/ (.dependency-cruiser.mjs, run by `npm run lint`): on a small tree with one
// violation planted per rule, each rule reports exactly its own, and src/ itself has none. A rule
// taken out of the config (or weakened until it misses its violation) fails here.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = path.join(ROOT, '.dependency-cruiser.mjs');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const FIXTURE = path.join(ROOT, 'test/fixtures/layers');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** dependency-cruiser's command line on `src` in `cwd`, as `npm run lint` runs it; its violations. */
function cruise(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG, '--no-cache', '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.stdout === '') throw new Error(`dependency-cruiser wrote nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

// The fixture's violations, cruised once for both tests that read them (a cruise takes seconds).
let planted: Violation[] | undefined;
function fixtureViolations(): Violation[] {
  planted ??= cruise(FIXTURE);
  return planted;
}

// A cruise spawns Node and reads every file: give it room on a busy machine.
const SLOW = 120_000;

function show(violations: Violation[]): string[] {
  return violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`).sort();
}

describe('layers inside src/ (.dependency-cruiser.mjs)', () => {
  it('reports the one violation planted for each rule in test/fixtures/layers, and nothing else', () => {
    const found = show(fixtureViolations());
    expect(found).toEqual([
      // A lower layer importing a higher one: one rule per layer, so the report names it.
      'layer-archive: src/archive/index.ts -> src/cli/index.ts',
      'layer-base: src/model/index.ts -> src/archive/index.ts', // a type-only import counts
      'layer-contract: src/contract/index.ts -> src/archive/index.ts',
      'layer-keep: src/store/index.ts -> src/contract/index.ts',
      'layer-net: src/net/index.ts -> src/feeds/index.ts',
      'layer-parse: src/feeds/index.ts -> src/store/index.ts',
      'layer-unplaced: src/misc/index.ts -> src/model/index.ts',
      // A deep import past another folder's index.ts.
      'one-entry-per-module: src/cli/index.ts -> src/search/query.ts',
      'one-entry-per-module: src/feeds/icon.ts -> src/net/address.ts',
      // A value cycle; the type-only cycle search/c.ts <-> search/d.ts is not one.
      'no-cycles: src/search/a.ts -> src/search/b.ts',
      'src-not-front-ends: src/tags/index.ts -> electron/window.ts',
    ].sort());
  }, SLOW);

  it('has a planted violation for every rule of the config, so none can be dropped unnoticed', async () => {
    const config = (await import(CONFIG)) as { default: { forbidden: { name: string }[] } };
    const rules = new Set(config.default.forbidden.map((rule) => rule.name));
    const reported = new Set(fixtureViolations().map((v) => v.rule));
    expect([...rules].sort()).toEqual([...reported].sort());
  }, SLOW);

  it('finds no violation in src/', () => {
    expect(show(cruise(ROOT))).toEqual([]);
  }, SLOW);
});
