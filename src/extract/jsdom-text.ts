// jsdom builds each text node of parsed HTML a word at a time: its parser adapter appends every
// run of characters with `text.data += run`, and each append goes through replaceData, which
// walks the node's ancestors into a new array looking for mutation observers and checks for
// live ranges. A 30 KB feed item has thousands of runs; that was 40% of sanitizing it
// (issue 13's profile). When nothing observes the node or any ancestor and no range points
// into it, setting `data` has no effect but the new value (and the parent's text-change steps),
// so it is done directly. Anything observed or ranged takes jsdom's own path, unchanged.
// jsdom is pinned (package.json); test/extract/jsdom-text.test.ts checks what this relies on.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface NodeImpl {
  _registeredObserverList: unknown[];
  _referencedRanges: Set<unknown>;
  parentNode: NodeImpl | null;
  nodeType: number;
  _childTextContentChangeSteps?: () => void;
}
interface CharacterDataImpl extends NodeImpl {
  _data: string;
}

const TEXT_NODE = 3;
let installed = false;

/** Install the fast path once per thread (the sanitizer calls this before its first use). */
export function fastTextAppends(): void {
  if (installed) return;
  installed = true;
  const { implementation } = require('jsdom/lib/jsdom/living/nodes/CharacterData-impl.js') as { implementation: { prototype: object } };
  const proto = implementation.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, 'data');
  if (!original?.get || !original.set) return; // another jsdom: keep its own path
  const set = original.set;
  // Whether anything in this thread ever observed mutations: until then no node can have an
  // observer, and the ancestors need not be walked (that walk was the next cost in the profile).
  const observers = require('jsdom/lib/jsdom/living/mutation-observer/MutationObserver-impl.js') as { implementation: { prototype: { observe: (...args: unknown[]) => unknown } } };
  const observe = observers.implementation.prototype.observe;
  observers.implementation.prototype.observe = function (this: unknown, ...args: unknown[]) {
    observed = true;
    return observe.apply(this, args);
  };
  Object.defineProperty(proto, 'data', {
    ...original,
    set(this: CharacterDataImpl, value: string) {
      if (typeof value !== 'string' || !unobserved(this)) return set.call(this, value);
      this._data = value;
      if (this.nodeType === TEXT_NODE && this.parentNode) this.parentNode._childTextContentChangeSteps?.();
    },
  });
}

let observed = false;

function unobserved(node: CharacterDataImpl): boolean {
  if (node._referencedRanges.size > 0) return false;
  if (!observed) return true;
  for (let n: NodeImpl | null = node; n; n = n.parentNode) if (n._registeredObserverList.length > 0) return false;
  return true;
}
