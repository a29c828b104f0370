// Whether a value read from a journal is an operation this Tidings can apply (its shape, its
// key, its values' kinds), in words when it is not. A journal's reader asks once per line
// (journal.ts, through merge.ts's `checkOp`); applying an op that passed does not ask again.

import { isHlc } from './hlc.js';
import { idOf, sectionOf } from './ops.js';
import { highlightIsValid, isPlainObject } from './validate.js';

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
/** Ids name files (articles/<id>.html): letters, digits, `_` and `-` only, never a path. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_TAG_CHARS = 200;
/** Highlight ids: never a prototype name, never huge (they key the clocks). */
const HIGHLIGHT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** An article holds at most 1,000 highlights made here; merged from several devices a few more. Ten times that is a script. */
export const MAX_HIGHLIGHTS = 10_000;

/** Why `value` is not an operation this Tidings can apply, or null. */
export function opProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an operation';
  const op = value as Record<string, unknown>;
  if (!isHlc(op.h)) return 'no valid clock time';
  if (typeof op.k !== 'string') return 'no record key';
  const section = sectionOf(op.k);
  if (!section) return `unknown record key ${JSON.stringify(op.k.slice(0, 40))}`;
  if (section.length === 1 && !SAFE_ID.test(idOf(op.k))) return `not a valid id in ${JSON.stringify(op.k.slice(0, 40))}`;
  switch (op.o) {
    case 'new':
    case 'set':
      if (typeof op.v !== 'object' || op.v === null || Array.isArray(op.v)) return 'no values';
      if (Object.keys(op.v).some((f) => RESERVED.has(f))) return 'a reserved field name';
      if (op.u !== undefined && !(Array.isArray(op.u) && op.u.every((f) => typeof f === 'string' && !RESERVED.has(f)))) return 'bad removed fields';
      if (op.o === 'new' && (section === 'settings' || section === 'meta')) return 'settings are only ever set';
      if (section === 'a' && Object.hasOwn(op.v, 'highlights')) {
        const list = (op.v as Record<string, unknown>).highlights;
        if (!Array.isArray(list)) return 'highlights that are not a list';
        if (list.length > MAX_HIGHLIGHTS) return `more than ${MAX_HIGHLIGHTS} highlights`;
      }
      return null;
    case 'del':
      return section === 'settings' || section === 'meta' ? 'settings are never deleted' : null;
    case 'tag':
      if (section !== 'a') return 'only articles have tags';
      if (typeof op.t !== 'string' || op.t.length === 0 || op.t.length > MAX_TAG_CHARS) return 'not a tag';
      if (typeof op.on !== 'boolean') return 'neither add nor remove';
      if (op.i !== undefined && !(Number.isInteger(op.i) && (op.i as number) >= 0 && (op.i as number) < 10_000)) return 'bad tag position';
      return op.s === undefined || (typeof op.s === 'string' && isHlc(op.s.split('#')[0])) ? null : 'bad seen time';
    case 'hl':
      if (section !== 'a') return 'only articles have highlights';
      if (!isHighlightId(op.id)) return 'not a highlight id';
      if (op.v === null) return null;
      if (!isPlainObject(op.v) || !highlightIsValid(op.v)) return 'not a highlight';
      return op.v.id === op.id ? null : 'a highlight whose id is not its op id';
    default:
      return 'unknown operation';
  }
}


export function isHighlightId(id: unknown): id is string {
  return typeof id === 'string' && HIGHLIGHT_ID.test(id) && !RESERVED.has(id);
}
