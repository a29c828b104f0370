// The fast path for jsdom's text appends (src/extract/jsdom-text.ts): the same text, and jsdom's
// own path whenever something observes the node or a range points into it. It reaches into
// jsdom's internals: these tests fail first when an upgrade moves them.

import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { fastTextAppends } from '../../src/extract/jsdom-text.js';
import { sanitizeHtml } from '../../src/extract/sanitize.js';

fastTextAppends();

describe('jsdom text appends', () => {
  it('relies on what this jsdom has: a data accessor, observer lists and range sets on nodes', () => {
    const require = createRequire(import.meta.url);
    const { implementation } = require('jsdom/lib/jsdom/living/nodes/CharacterData-impl.js') as { implementation: { prototype: object } };
    const descriptor = Object.getOwnPropertyDescriptor(implementation.prototype, 'data')!;
    expect(typeof descriptor.get).toBe('function');
    expect(typeof descriptor.set).toBe('function');
    const { window } = new JSDOM('<p>x</p>');
    const impl = Object.getOwnPropertySymbols(window.document.body).map((s) => (window.document.body as unknown as Record<symbol, unknown>)[s]).find((v) => v && typeof v === 'object' && '_registeredObserverList' in v) as { _registeredObserverList: unknown; _referencedRanges: unknown };
    expect(Array.isArray(impl._registeredObserverList)).toBe(true);
    expect(impl._referencedRanges).toBeInstanceOf(Set);
  });

  it('builds the same text from thousands of runs of words and spaces', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' \n ');
    const body = sanitizeHtml(`<p>${words}</p><p>a &amp; b &lt;c&gt;</p>`, null);
    expect(body.textContent).toBe(`${words}a & b <c>`);
    expect(body.innerHTML).toBe(`<p>${words}</p><p>a &amp; b &lt;c&gt;</p>`);
  });

  it('still tells a MutationObserver of a change to text it observes', async () => {
    const { window } = new JSDOM('<p id="p">one</p>');
    const text = window.document.getElementById('p')!.firstChild as Text;
    const records: string[] = [];
    const observer = new window.MutationObserver((list) => list.forEach((r) => records.push(`${r.type}:${r.oldValue}`)));
    observer.observe(window.document.body, { characterData: true, characterDataOldValue: true, subtree: true });
    text.data += ' two';
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(records).toEqual(['characterData:one']);
    expect(text.data).toBe('one two');
  });

  it('still moves a range that points into the text', () => {
    const { window } = new JSDOM('<p id="p">one two three</p>');
    const text = window.document.getElementById('p')!.firstChild as Text;
    const range = window.document.createRange();
    range.setStart(text, 8);
    range.setEnd(text, 13);
    text.data = 'one';
    expect([range.startOffset, range.endOffset]).toEqual([0, 0]);
  });
});
