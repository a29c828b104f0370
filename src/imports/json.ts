// JSON exports (Wallabag, Karakeep, Omnivore's metadata) parsed with JSON.parse, which makes
// `__proto__` an own property rather than a prototype; readers then take fields only by own
// property (field()), so a hostile key can neither pollute nor stand in for a missing field.

import { TidingsError } from '../errors.js';

/** The value, or undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The value or a TidingsError naming where JSON.parse stopped. */
export function parseJsonOrThrow(text: string, name: string, expected: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : `line ${lineAt(text, Number(position))}: `;
    throw new TidingsError('import', name, `${where}not ${expected} (not valid JSON)`, 'invalid', { cause: error });
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** An own property of an object, or undefined (never one from the prototype chain). */
export function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export function stringField(value: unknown, key: string): string | null {
  const found = field(value, key);
  return typeof found === 'string' ? found : null;
}

/** True for true, 1, "1", "true" (exports write booleans all these ways). */
export function flagField(value: unknown, key: string): boolean {
  const found = field(value, key);
  return found === true || found === 1 || found === '1' || found === 'true';
}

export function arrayField(value: unknown, key: string): unknown[] {
  const found = field(value, key);
  return Array.isArray(found) ? found : [];
}

/**
 * 1-based line where each entry of an export's list starts: the root array (`key` null) or the
 * array under `key` in the root object. JSON.parse keeps no positions, so this is a second,
 * linear pass over the text that follows only strings and nesting; it is used only after
 * JSON.parse succeeded, so the text is well-formed.
 */
export function entryLines(text: string, key: string | null): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let inString = false;
  let escaped = false;
  let capturing = false;
  let captured = '';
  let rootKey: string | null = null;
  let expectKey = false;
  let targetDepth = -1;
  let expectEntry = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        if (capturing) rootKey = captured;
        capturing = false;
      } else if (capturing && captured.length < 100) captured += c;
      if (c === '\n') line++;
      continue;
    }
    if (c === '\n') {
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === ',') {
      if (stack.length === targetDepth) expectEntry = true;
      if (stack.length === 1 && stack[0] === '{') expectKey = true;
      continue;
    }
    if (c === ':') {
      expectKey = false;
      continue;
    }
    if (expectEntry && stack.length === targetDepth) {
      lines.push(line);
      expectEntry = false;
    }
    if (c === '"') {
      inString = true;
      capturing = expectKey && stack.length === 1;
      captured = '';
    } else if (c === '[' || c === '{') {
      stack.push(c);
      const isTarget = c === '[' && targetDepth === -1 && (key === null ? stack.length === 1 : stack.length === 2 && stack[0] === '{' && rootKey === key);
      if (isTarget) {
        targetDepth = stack.length;
        expectEntry = true;
      }
      if (c === '{' && stack.length === 1) expectKey = true;
    } else if (c === ']' || c === '}') {
      if (stack.length === targetDepth) expectEntry = false;
      stack.pop();
    }
  }
  return lines;
}
