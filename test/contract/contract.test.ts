// The argument contract shared by IPC and HTTP: every method has one, good arguments come back
// as they were (copied), and every kind of bad argument is refused with a message naming it.

import { describe, expect, it } from 'vitest';
import { ARCHIVE_METHODS } from '../../src/api.js';
import { checkCall, isArchiveMethod, LIMITS } from '../../src/contract/index.js';
import { CONTRACT } from '../../src/contract/methods.js';
import { TidingsError } from '../../src/errors.js';

function refusal(method: Parameters<typeof checkCall>[0], args: unknown): string {
  try {
    checkCall(method, args);
  } catch (error) {
    expect(error).toBeInstanceOf(TidingsError);
    expect((error as TidingsError).kind).toBe('invalid');
    return (error as Error).message;
  }
  throw new Error(`${method} accepted ${JSON.stringify(args)?.slice(0, 80)}`);
}

describe('coverage', () => {
  it('has a contract for every method of ArchiveApi and nothing else', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...ARCHIVE_METHODS].sort());
  });

  it('knows the methods, and nothing from Object.prototype', () => {
    expect(isArchiveMethod('listArticles')).toBe(true);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'close', 'flush', 'assetPath', 'on']) {
      expect(isArchiveMethod(name), name).toBe(false);
    }
  });
});

describe('good arguments', () => {
  const good: [Parameters<typeof checkCall>[0], unknown[]][] = [
    ['listArticles', [{ view: 'unread', tag: 'ai', query: 'tag:ai "gpu"', sort: 'relevance', offset: 0, limit: 1000 }]],
    ['listArticles', [{}]],
    ['getArticle', ['0123456789abcdef']],
    ['importFile', ['/tmp/a.txt', { title: 'T', tags: ['x'], lang: 'pl' }]],
    ['importFile', ['/tmp/a.txt']],
    ['saveUrl', ['https://example.com/a', { tags: [] }]],
    ['setRead', [['a', 'b'], true]],
    ['tagArticles', [['a'], ['one', 'two words']]],
    ['stats', []],
    ['addFeed', ['https://example.com/feed', { folder: null, title: 'News', fetchFullArticle: true }]],
    ['updateFeed', ['f1', { folder: null, refreshMinutes: null, retentionDays: 30, url: 'https://x/feed' }]],
    ['updateFeed', ['f1', { notify: true }]],
    ['refresh', [{ all: true }]],
    ['refresh', [{ feedId: 'f1' }]],
    ['refresh', [{ folder: 'News' }]],
    ['refresh', []],
    ['importOpml', ['<opml version="2.0"><body/></opml>']],
    ['search', ['sztuczna', { limit: 20, sort: 'date' }]],
    ['mergeTags', [['a', 'b'], 'c']],
    ['addRule', [{ query: 'from:example.com', addTags: ['x'], markRead: true }]],
    ['runRules', [{ dryRun: true, ruleId: 'r1' }]],
    ['applyRetention', [{ dryRun: false }]],
    ['updateSettings', [{ theme: 'dark', fontSize: 18 }]],
  ];
  it.each(good)('%s accepts %j', (method, args) => {
    expect(checkCall(method, args)).toEqual(args);
  });

  it('drops trailing absent arguments, and takes null for a left-out optional one', () => {
    expect(checkCall('refresh', [null])).toEqual([]);
    expect(checkCall('saveUrl', ['https://x', null])).toEqual(['https://x']);
    expect(checkCall('listArticles', [{ tag: null, limit: 5 }])).toEqual([{ limit: 5 }]);
  });

  it('returns copies, not the objects it was given', () => {
    const query = { limit: 5 };
    const [checked] = checkCall('listArticles', [query]);
    expect(checked).toEqual(query);
    expect(checked).not.toBe(query);
  });
});

describe('bad arguments', () => {
  it('refuses wrong types, naming the argument and what it must be', () => {
    expect(refusal('setRead', [['a'], 'yes'])).toBe('contract: setRead: argument 2: must be true or false');
    expect(refusal('getArticle', [42])).toBe('contract: getArticle: argument 1: must be a string');
    expect(refusal('setRead', ['a', true])).toBe('contract: setRead: argument 1: must be a list');
    expect(refusal('setRead', [[1], true])).toBe('contract: setRead: argument 1[0]: must be a string');
    expect(refusal('setRead', [['a', 'b', ''], true])).toBe('contract: setRead: argument 1[2]: must not be empty');
    expect(refusal('addRule', [{ query: 'x', addTags: ['ok', ' '] }])).toBe('contract: addRule: argument 1.addTags[1]: must not be empty');
    expect(refusal('listArticles', [[]])).toBe('contract: listArticles: argument 1: must be an object');
    expect(refusal('listArticles', [null])).toBe('contract: listArticles: argument 1: must be an object');
    expect(refusal('listArticles', 'not a list')).toBe('contract: listArticles: arguments: must be a list');
  });

  it('refuses empty strings, missing required arguments and keys', () => {
    expect(refusal('getArticle', [''])).toBe('contract: getArticle: argument 1: must not be empty');
    expect(refusal('getArticle', ['   '])).toBe('contract: getArticle: argument 1: must not be empty');
    expect(refusal('getArticle', [])).toBe('contract: getArticle: argument 1: must be a string');
    expect(refusal('runRules', [{}])).toBe('contract: runRules: argument 1.dryRun: must be true or false');
    expect(refusal('addRule', [{ name: 'x' }])).toBe('contract: addRule: argument 1.query: must be a string');
    expect(refusal('mergeTags', [[], 'c'])).toBe('contract: mergeTags: argument 1: must hold at least 1 item');
  });

  it('refuses unknown keys, including __proto__ from JSON', () => {
    expect(refusal('listArticles', [{ limit: 1, evil: true }])).toContain("has an unknown key 'evil'");
    expect(refusal('updateSettings', [JSON.parse('{"__proto__": {"polluted": true}}')])).toContain("unknown key '__proto__'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusal('refresh', [{ all: true, feedId: 'x' }])).toContain("unknown key 'feedId'");
    expect(refusal('refresh', [{ everything: true }])).toBe('contract: refresh: argument 1: must have one of the keys all, feedId, folder');
    expect(refusal('refresh', [{ all: false }])).toBe('contract: refresh: argument 1.all: must be true');
  });

  it('refuses numbers that are not whole or out of bounds', () => {
    expect(refusal('listArticles', [{ limit: 1.5 }])).toBe('contract: listArticles: argument 1.limit: must be a whole number');
    expect(refusal('listArticles', [{ limit: 0 }])).toBe('contract: listArticles: argument 1.limit: must be from 1 to 1000');
    expect(refusal('listArticles', [{ offset: -1 }])).toContain('argument 1.offset: must be from 0');
    expect(refusal('listArticles', [{ offset: Number.NaN }])).toContain('must be a whole number');
    expect(refusal('listArticles', [{ limit: '10' }])).toContain('must be a whole number');
    expect(refusal('updateSettings', [{ fontSize: 1000 }])).toContain('argument 1.fontSize: must be from 8 to 48');
    expect(refusal('listArticles', [{ view: 'everything' }])).toBe('contract: listArticles: argument 1.view: must be one of all, unread, starred, today, saved, started');
  });

  it('caps strings and lists', () => {
    expect(refusal('getArticle', ['x'.repeat(LIMITS.id + 1)])).toBe(`contract: getArticle: argument 1: must be at most ${LIMITS.id} characters`);
    expect(refusal('saveUrl', [`https://x/${'a'.repeat(LIMITS.url)}`])).toContain(`must be at most ${LIMITS.url} characters`);
    expect(refusal('setRead', [Array.from({ length: LIMITS.ids + 1 }, () => 'a'), true])).toBe(`contract: setRead: argument 1: must hold at most ${LIMITS.ids} items`);
    expect(refusal('tagArticles', [['a'], Array.from({ length: LIMITS.tags + 1 }, () => 't')])).toContain(`must hold at most ${LIMITS.tags} items`);
  });

  it('refuses too many arguments', () => {
    expect(refusal('stats', [1])).toBe('contract: stats: arguments: too many: at most 0, got 1');
    expect(refusal('getArticle', ['a', 'b'])).toBe('contract: getArticle: arguments: too many: at most 1, got 2');
  });
});
