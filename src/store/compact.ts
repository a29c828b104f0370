// Compaction: a device's journal rewritten as the net effect of its lines. Applying the result
// gives the same state as applying every line (merge.ts takes the latest time per field and per
// tag and per highlight, and the latest new and delete per record), so nothing is lost, and because applying a line
// twice changes nothing, a device that read the old journal simply reads the new one from its
// start (its epoch changed). That is also how a device that was away for months catches up.

import type { LibraryData, RecordClock } from '../model/index.js';
import { emptyLibrary } from './defaults.js';
import { applyOp } from './merge.js';
import { SCHEMA_VERSION } from './migrations.js';
import { type Op, currentOf, sectionOf, syncedFields } from './ops.js';

export function compactOps(ops: readonly Op[]): Op[] {
  const data: LibraryData = emptyLibrary(SCHEMA_VERSION);
  const clocks: Record<string, RecordClock> = {};
  for (const op of ops) applyOp(data, clocks, op);
  return stateOps(data, clocks);
}

/**
 * The lines that make `data` with these clocks, each at its own time: applied anywhere they give
 * this state, and merge with other devices' lines as the original lines would.
 */
export function stateOps(data: LibraryData, clocks: Record<string, RecordClock>): Op[] {
  const out: Op[] = [];
  for (const [key, clock] of Object.entries(clocks)) out.push(...netOps(data, key, clock));
  return out.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
}

function netOps(data: LibraryData, key: string, clock: RecordClock): Op[] {
  const out: Op[] = [];
  const section = sectionOf(key);
  const record = section === 'settings' || section === 'meta' ? currentOf(data, key) : currentOf(data, key) ?? clock.p ?? {};
  // A record deleted after its last `new` needs only the delete.
  const visible = currentOf(data, key);
  if (clock.c && visible) out.push({ h: clock.c, k: key, o: 'new', v: withoutTags(syncedFields(section!, visible)) });
  if (clock.x) out.push({ h: clock.x, k: key, o: 'del' });
  for (const [field, h] of Object.entries(clock.f ?? {})) {
    const value = (record as Record<string, unknown> | undefined)?.[field];
    out.push(value === undefined ? { h, k: key, o: 'set', v: {}, u: [field] } : { h, k: key, o: 'set', v: { [field]: value } });
  }
  // Each highlight changed after the floor, at its time: its value, or its removal.
  const marks = ((record as Record<string, unknown> | undefined)?.highlights as { id: string }[] | undefined) ?? [];
  for (const [id, h] of Object.entries(clock.hl ?? {})) out.push({ h, k: key, o: 'hl', id, v: structuredClone(marks.find((m) => m.id === id)) ?? null });
  for (const [tag, [add, removed]] of Object.entries(clock.t ?? {})) {
    if (add) {
      const [h, i] = add.split('#') as [string, string];
      out.push(Number(i) > 0 ? { h, k: key, o: 'tag', t: tag, on: true, i: Number(i) } : { h, k: key, o: 'tag', t: tag, on: true });
    }
    if (removed) out.push({ h: removed.split('#')[0]!, k: key, o: 'tag', t: tag, on: false, s: removed });
  }
  return out;
}

function withoutTags(record: Record<string, unknown>): Record<string, unknown> {
  const { tags: _tags, ...rest } = record;
  return rest;
}
