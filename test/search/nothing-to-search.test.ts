// A query with nothing the search can look for (an emoji, punctuation: no word, no operator)
// parses to no terms at all, and "every term matches" then held for every article: a rule
// "🍕 → tag pizza" tagged every new article, "tag what matches 🍕" the whole library. Matching
// (rules, tagging) refuses such a query with a clear error instead.

import { describe, expect, it } from 'vitest';
import { quasar, serviceOver } from './service-fixture.js';

describe('search service: a query with nothing to search for', () => {
  it('is refused for matching (rules, tagging) rather than matching every article', async () => {
    const { service, articles } = serviceOver('tidings-nothing-', Array.from({ length: 5 }, (_, i) => quasar(i)));
    await service.ready();
    for (const query of ['🍕', '!!! ???', '— …']) {
      await expect(service.matching(query)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/nothing to search for/) });
      await expect(service.matchingAmong(query, Object.keys(articles))).rejects.toMatchObject({ kind: 'invalid' });
    }
    // A real query still matches.
    expect(await service.matching('quasar')).toHaveLength(5);
    expect(await service.matchingAmong('pizza OR quasar', Object.keys(articles))).toHaveLength(5);
    await service.close();
  });
});
