// Change tracking: every way the archive's code changes the data is seen, and the data never
// keeps a wrapper (structuredClone throws on a Proxy, and a wrapper kept would note writes forever).

import { describe, expect, it } from 'vitest';
import type { ArticleRecord, LibraryData } from '../../src/model/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { track } from '../../src/store/track.js';

function library(): LibraryData {
  const data = emptyLibrary(SCHEMA_VERSION);
  data.articles.a1 = { id: 'a1', title: 'One', tags: ['x'], enclosures: [{ url: 'https://e/1.mp3', type: null, length: null }], extraction: { status: 'done', reason: null, attempts: 1, at: null } } as unknown as ArticleRecord;
  data.articles.a2 = { id: 'a2', title: 'Two', tags: [], enclosures: [], extraction: { status: 'done', reason: null, attempts: 1, at: null } } as unknown as ArticleRecord;
  data.rules.push({ id: 'r1', name: 'R', query: 'q', addTags: [], markRead: false, star: false, createdAt: 'x' });
  return data;
}

describe('store: change tracking', () => {
  it('notes records written directly, in nested objects and arrays, and deleted', () => {
    const data = library();
    const { touched } = track(data, (d) => {
      d.articles.a1!.extraction.attempts = 2;
      delete (d.articles.a1!.enclosures[0] as { type?: string | null }).type;
      d.articles.a2!.tags.push('y');
      d.articles.a3 = { ...d.articles.a1!, id: 'a3' };
      delete d.articles.a2;
    });
    expect([...touched.before.keys()].sort()).toEqual(['a:a1', 'a:a2', 'a:a3']);
    expect((touched.before.get('a:a1') as ArticleRecord).extraction.attempts).toBe(1);
    expect((touched.before.get('a:a2') as ArticleRecord).tags).toEqual([]);
    expect(touched.before.get('a:a3')).toBeUndefined();
    expect(data.articles.a1!.extraction.attempts).toBe(2);
    expect(() => structuredClone(data)).not.toThrow();
  });

  it('reads note nothing, and the same record is the same object within a change', () => {
    const data = library();
    const { touched, result } = track(data, (d) => {
      const same = d.articles.a1 === d.articles.a1;
      return [same, Object.values(d.articles).map((a) => a.title).join(',')] as const;
    });
    expect(result).toEqual([true, 'One,Two']);
    expect(touched.before.size).toBe(0);
    expect(touched.local).toBe(false);
  });

  it('unwraps values built from wrapped parts (filter, spread, assign)', () => {
    const data = library();
    const { touched } = track(data, (d) => {
      d.rules = d.rules.filter(() => true).concat([{ ...d.rules[0]!, id: 'r2' }]);
      Object.assign(d.settings, { fontSize: 30 });
      d.seeded = true;
      d.tombstones.gone = 'now';
    });
    expect([...touched.before.keys()].sort()).toEqual(['meta', 'rules', 'settings']);
    expect(touched.local).toBe(true);
    expect(() => structuredClone(data)).not.toThrow();
    expect(data.rules.map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('refuses to replace a whole map (the journal could not say it)', () => {
    const data = library();
    expect(() => track(data, (d) => void (d.articles = {}))).toThrow(/may not replace the whole articles map/);
    expect(Object.keys(data.articles)).toEqual(['a1', 'a2']);
  });
});
