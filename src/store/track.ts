// Which records a change touched, and what they were before it. `library.change(mutate)` runs
// `mutate` on a view of the data that notes, before the first write to a record, a copy of that
// record; the journal then records exactly the fields that differ (see ops.ts). Reads cost
// nothing but a wrapper; the data itself is changed in place, as before.
//
// Records are keyed as in the journal: `a:<id>` articles, `f:<id>` feeds, `settings`, `meta`
// (the seed flag), and the lists `rules` and `savedSearches` as a whole. Writes to feedSeen and
// tombstones are local or derived and only mark the data as changed.

import type { LibraryData } from '../model/index.js';

export interface Touched {
  /** Record key -> a copy of the record before the change (undefined: it did not exist). */
  before: Map<string, unknown>;
  /** Something outside the journaled records changed (feedSeen, tombstones). */
  local: boolean;
}

type OnWrite = () => void;

export function track<T>(data: LibraryData, mutate: (data: LibraryData) => T): { result: T; touched: Touched } {
  const touched: Touched = { before: new Map(), local: false };
  const views = new Views();
  const note = (key: string, current: () => unknown): OnWrite => () => {
    if (!touched.before.has(key)) touched.before.set(key, snapshot(current()));
  };
  const markLocal: OnWrite = () => (touched.local = true);
  const mapView = (map: Record<string, unknown>, prefix: string): object =>
    views.of(map as object, () => undefined, {
      // Records are reached by id: each write notes its record first.
      get: (target: Record<string, unknown>, id) => {
        const value = Reflect.get(target, id);
        if (typeof id !== 'string' || !isObject(value)) return value;
        return views.deep(value, note(prefix + id, () => target[id]));
      },
      set: (target: Record<string, unknown>, id, value) => {
        if (typeof id === 'string') note(prefix + id, () => target[id])();
        return Reflect.set(target, id, unwrap(value, views));
      },
      deleteProperty: (target: Record<string, unknown>, id) => {
        if (typeof id === 'string') note(prefix + id, () => target[id])();
        return Reflect.deleteProperty(target, id);
      },
    });
  const root = new Proxy(data, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      switch (prop) {
        case 'articles': return mapView(target.articles as unknown as Record<string, unknown>, 'a:');
        case 'feeds': return mapView(target.feeds as unknown as Record<string, unknown>, 'f:');
        case 'settings': return views.deep(target.settings, note('settings', () => target.settings));
        case 'rules': return views.deep(target.rules, note('rules', () => target.rules));
        case 'savedSearches': return views.deep(target.savedSearches, note('savedSearches', () => target.savedSearches));
        default: return isObject(value) ? views.deep(value, markLocal) : value;
      }
    },
    set(target, prop, value) {
      beforeWrite(target, prop);
      return Reflect.set(target, prop, unwrap(value, views));
    },
    deleteProperty(target, prop) {
      beforeWrite(target, prop);
      return Reflect.deleteProperty(target, prop);
    },
  });
  function beforeWrite(target: LibraryData, prop: string | symbol): void {
    if (prop === 'rules' || prop === 'savedSearches' || prop === 'settings') note(prop, () => target[prop])();
    else if (prop === 'seeded') note('meta', () => ({ seeded: target.seeded }))();
    else if (prop === 'articles' || prop === 'feeds') throw new Error(`store: a change may not replace the whole ${prop} map`);
    else markLocal();
  }
  return { result: mutate(root), touched };
}

/** Wrappers made once per target within one change, so that `x.a === x.a` still holds. */
class Views {
  private readonly made = new WeakMap<object, object>();
  readonly targets = new WeakMap<object, object>();

  of(target: object, onWrite: OnWrite, handler?: ProxyHandler<Record<string, unknown>>): object {
    let view = this.made.get(target);
    if (!view) {
      view = new Proxy(target as Record<string, unknown>, handler ?? this.handler(onWrite));
      this.made.set(target, view);
      this.targets.set(view, target);
    }
    return view;
  }

  deep(target: object, onWrite: OnWrite): object {
    return this.of(target, onWrite);
  }

  private handler(onWrite: OnWrite): ProxyHandler<object> {
    return {
      get: (target, prop) => {
        const value = Reflect.get(target, prop) as unknown;
        return isObject(value) ? this.deep(value, onWrite) : value;
      },
      set: (target, prop, value) => {
        onWrite();
        return Reflect.set(target, prop, unwrap(value, this));
      },
      deleteProperty: (target, prop) => {
        onWrite();
        return Reflect.deleteProperty(target, prop);
      },
    };
  }
}

/** The plain value behind a wrapper, also inside new arrays and objects built from wrapped parts. */
function unwrap(value: unknown, views: Views, seen = new Set<object>()): unknown {
  if (!isObject(value)) return value;
  const target = views.targets.get(value);
  if (target) return target;
  if (seen.has(value)) return value;
  seen.add(value);
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    const plain = unwrap(child, views, seen);
    if (plain !== child) (value as Record<string, unknown>)[key] = plain;
  }
  return value;
}

function snapshot(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
