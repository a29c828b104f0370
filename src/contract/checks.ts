// Small argument checkers: each takes an unknown value and returns it typed, or throws a
// ContractViolation that says where (`query.limit`) and what was expected.
// They also copy: objects come back with only their known keys, so nothing else gets through.

export class ContractViolation extends Error {
  constructor(readonly where: string, readonly expected: string) {
    super(`${where}: ${expected}`);
    this.name = 'ContractViolation';
  }
}

export type Check<T> = (value: unknown, where: string) => T;

/** Marks a checker whose value may be left out (undefined, or null which JSON gives for it). */
export interface OptionalCheck<T> extends Check<T | undefined> {
  readonly optional: true;
}

export function text(max: number): Check<string> {
  return (value, where) => {
    if (typeof value !== 'string') throw new ContractViolation(where, 'must be a string');
    if (!/\S/.test(value)) throw new ContractViolation(where, 'must not be empty');
    if (value.length > max) throw new ContractViolation(where, `must be at most ${max} characters`);
    return value;
  };
}

/** A string that may be empty or only spaces (the text around a selection, a note being cleared). */
export function anyText(max: number): Check<string> {
  return (value, where) => {
    if (typeof value !== 'string') throw new ContractViolation(where, 'must be a string');
    if (value.length > max) throw new ContractViolation(where, `must be at most ${max} characters`);
    return value;
  };
}

/** A number from 0 to 1 (a fraction of an article read). */
export const fraction: Check<number> = (value, where) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw new ContractViolation(where, 'must be a number from 0 to 1');
  return value;
};

/** A required argument that may be null (null means "none"). */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, where) => (value === null ? null : check(value, where));
}

export function int(min: number, max: number): Check<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ContractViolation(where, 'must be a whole number');
    if (value < min || value > max) throw new ContractViolation(where, `must be from ${min} to ${max}`);
    return value;
  };
}

export const bool: Check<boolean> = (value, where) => {
  if (typeof value !== 'boolean') throw new ContractViolation(where, 'must be true or false');
  return value;
};

export function literal<const T extends true>(expected: T): Check<T> {
  return (value, where) => {
    if (value !== expected) throw new ContractViolation(where, `must be ${String(expected)}`);
    return expected;
  };
}

export function oneOf<const T extends string>(choices: readonly T[]): Check<T> {
  return (value, where) => {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      throw new ContractViolation(where, `must be one of ${choices.join(', ')}`);
    }
    return value as T;
  };
}

export function list<T>(item: Check<T>, max: number, min = 0): Check<T[]> {
  return (value, where) => {
    if (!Array.isArray(value)) throw new ContractViolation(where, 'must be a list');
    if (value.length > max) throw new ContractViolation(where, `must hold at most ${max} items`);
    if (value.length < min) throw new ContractViolation(where, `must hold at least ${min} item${min === 1 ? '' : 's'}`);
    // The position is named only on failure: building `ids[12345]` for every good item is slow.
    return value.map((v, i) => {
      try {
        return item(v, where);
      } catch (error) {
        if (error instanceof ContractViolation) throw new ContractViolation(`${where}[${i}]${error.where.slice(where.length)}`, error.expected);
        throw error;
      }
    });
  };
}

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  const wrapped = (value: unknown, where: string) => (value === undefined || value === null ? undefined : check(value, where));
  return Object.assign(wrapped, { optional: true as const });
}

/** An optional field whose null is kept (null means "none", e.g. no folder). */
export function optionalNullable<T>(check: Check<T>): OptionalCheck<T | null> {
  const wrapped = (value: unknown, where: string) => (value === undefined ? undefined : value === null ? null : check(value, where));
  return Object.assign(wrapped, { optional: true as const });
}

type Shape = Record<string, Check<unknown>>;
type Checked<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/** A plain object with only these keys; absent optional keys stay absent in the copy. */
export function object<S extends Shape>(shape: S): Check<Checked<S>> {
  return (value, where) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ContractViolation(where, 'must be an object');
    const input = value as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key)) throw new ContractViolation(where, `has an unknown key '${key.slice(0, 40)}' (known: ${Object.keys(shape).join(', ') || 'none'})`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const field = check(input[key], `${where}.${key}`);
      if (field !== undefined) out[key] = field;
      else if (!('optional' in check)) throw new ContractViolation(`${where}.${key}`, 'is required');
    }
    return out as Checked<S>;
  };
}

/** The first case whose key the object has (`{ all: true }` or `{ feedId }` or `{ folder }`). */
export function either<T>(cases: [key: string, check: Check<T>][]): Check<T> {
  return (value, where) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ContractViolation(where, 'must be an object');
    const match = cases.find(([key]) => Object.hasOwn(value, key));
    if (!match) throw new ContractViolation(where, `must have one of the keys ${cases.map(([k]) => k).join(', ')}`);
    return match[1](value, where);
  };
}

/** The argument list of one call: each position checked, none too many. */
export function args<const C extends readonly Check<unknown>[]>(...checks: C): Check<{ -readonly [K in keyof C]: C[K] extends Check<infer T> ? T : never }> {
  return (value, where) => {
    if (!Array.isArray(value)) throw new ContractViolation(where, 'must be a list');
    if (value.length > checks.length) throw new ContractViolation(where, `too many: at most ${checks.length}, got ${value.length}`);
    const out = checks.map((check, i) => check(value[i], `argument ${i + 1}`));
    while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
    return out as never;
  };
}
