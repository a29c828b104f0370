// The search service's list: a list with filters only (a view, a folder) answers from the
// records at once, without waiting for the index being built; one with words waits for it.

import { describe, expect, it } from 'vitest';
import { quasar, serviceOver } from './service-fixture.js';

describe('search service: lists', () => {
  it('answers a list with filters only before the index is built, newest first; a query waits for the index', async () => {
    const { service } = serviceOver('tidings-service-list-', Array.from({ length: 40 }, (_, i) => quasar(i, i % 2 === 0)));
    const order: string[] = [];
    const ready = service.ready().then(() => order.push('index ready'));
    const unread = service.list({ view: 'unread' }, { offset: 0, limit: 5 }).then((page) => (order.push('unread list'), page));
    const queried = service.list({ query: 'quasar', view: 'unread' }, { offset: 0, limit: 50 }).then((page) => (order.push('query'), page));
    const [page, withWords] = await Promise.all([unread, queried, ready]);
    expect(order[0]).toBe('unread list');
    expect(order.indexOf('query')).toBeGreaterThan(order.indexOf('index ready'));
    expect(page.total).toBe(20);
    expect(page.hits.map((h) => h.id)).toEqual([39, 37, 35, 33, 31].map((i) => i.toString(16).padStart(16, '0')));
    expect(page.hits.every((h) => h.score === undefined && h.snippet === undefined)).toBe(true);
    expect(withWords.total).toBe(20);
    await service.close();
  });
});
