// Tokens people search for: C++, C#, F#, .NET, node.js, e-mail/email, U.S., numbers with units,
// CJK text (each Han or kana character a word). Each is found, and does not find the wrong ones.

import { describe, expect, it } from 'vitest';
import { analyze, highlightOf, type IndexDoc, MemoryIndex, parseQuery, snippet } from '../../src/search/index.js';
import { type DocSet, union } from '../../src/search/memory-index.js';

const docs: Record<string, string> = {
  cpp: 'Modern C++ templates explained.',
  csharp: 'Async in C# and F# on .NET 8.',
  catalan: 'Les ces i cas del català; the C language and vitamin c.',
  node: 'A node.js tutorial: streams in node.js.',
  graph: 'Each node links to a js file.',
  email: 'Send an e-mail to support.',
  email2: 'Your email address.',
  us: 'Growth in the U.S. economy.',
  pronoun: 'Let us go now.',
  gpu: 'The RTX 4090 draws 450W; a 10k run; 3.5mm jack.',
  net: 'The net result and the fishing net.',
  ja: '人工知能とカタカナのテスト',
  zh: '机器学习很有趣',
  go: 'Go is a language from Google.',
  going: 'Things are going well and good.',
};

function index(): MemoryIndex {
  const out = new MemoryIndex(null);
  for (const [id, body] of Object.entries(docs)) out.add(analyze({ id, hash: 'h', title: '', byline: '', site: '', body, lang: 'en' } as IndexDoc));
  return out;
}

/** Ids a query finds (its text clauses ORed within a group, groups ANDed), best first. */
function search(idx: MemoryIndex, query: string): string[] {
  let result: DocSet | null = null;
  for (const group of parseQuery(query).groups) {
    let set: DocSet = { docs: new Uint32Array(0), scores: new Float64Array(0) };
    for (const item of group.items) if (item.kind === 'text') set = union(set, idx.lookup(item.tokens, item.prefix));
    result = result === null ? set : { docs: set.docs.filter((d) => result!.docs.includes(d)), scores: set.scores.filter((_, i) => result!.docs.includes(set.docs[i]!)) };
  }
  if (!result) return [];
  const order = [...result.docs.keys()].sort((a, b) => result!.scores[b]! - result!.scores[a]!);
  return order.map((i) => idx.idOf(result!.docs[i]!));
}

describe('search: tokens people search for', () => {
  const idx = index();
  const sorted = (query: string) => search(idx, query).sort();

  it('C++, C# and F# are words of their own', () => {
    expect(sorted('C++')).toEqual(['cpp']);
    expect(sorted('c#')).toEqual(['csharp']);
    expect(sorted('F#')).toEqual(['csharp']);
    expect(sorted('c')).toEqual(['catalan']);
  });

  it('.NET is found as .net and as net; .net does not find the other nets', () => {
    expect(sorted('.NET')).toEqual(['csharp']);
    expect(sorted('net')).toEqual(['csharp', 'net']);
  });

  it('marks in a snippet what the query found: net on .NET, node.js on its parts, C++ whole', () => {
    const mark = (text: string, query: string) => snippet(text, highlightOf(parseQuery(query)));
    expect(mark('Async on .NET 8', 'net')).toBe('Async on <mark>.NET</mark> 8');
    expect(mark('Async on .NET 8', '.net')).toBe('Async on <mark>.NET</mark> 8');
    expect(mark('A node.js tutorial', 'node.js')).toBe('A <mark>node</mark>.<mark>js</mark> tutorial');
    expect(mark('C++ and C', 'c++')).toBe('<mark>C++</mark> and C');
    expect(mark('Two GPUs', 'gpu')).toBe('Two <mark>GPUs</mark>');
  });

  it('node.js is one term, also its parts; a phrase across it still works', () => {
    expect(sorted('node.js')).toEqual(['node']);
    expect(sorted('node')).toEqual(['graph', 'node']);
    expect(sorted('"node.js tutorial"')).toEqual(['node']);
    expect(sorted('"in node.js"')).toEqual(['node']);
    expect(sorted('"node.js streams"')).toEqual([]);
  });

  it('e-mail and email find each other', () => {
    expect(sorted('e-mail')).toEqual(['email', 'email2']);
    expect(sorted('email')).toEqual(['email', 'email2']);
    expect(sorted('"an e-mail to"')).toEqual(['email']);
  });

  it('U.S. is not the pronoun us', () => {
    expect(sorted('U.S.')).toEqual(['us']);
    expect(sorted('"u.s. economy"')).toEqual(['us']);
    expect(sorted('us')).not.toContain('us');
  });

  it('numbers with units are words', () => {
    expect(sorted('4090')).toEqual(['gpu']);
    expect(sorted('10k')).toEqual(['gpu']);
    expect(sorted('3.5mm')).toEqual(['gpu']);
    expect(sorted('450w')).toEqual(['gpu']);
    expect(sorted('10')).toEqual([]);
  });

  it('CJK: each Han or kana character is a word, phrases find words in order', () => {
    expect(sorted('人工知能')).toEqual(['ja']);
    expect(sorted('カタカナ')).toEqual(['ja']);
    expect(sorted('ナカタ')).toEqual([]);
    expect(sorted('学习')).toEqual(['zh']);
    expect(sorted('习学')).toEqual([]);
  });

  it('go finds the word go and its forms (going), not Google or good', () => {
    expect(sorted('go')).toEqual(['go', 'going', 'pronoun']);
    expect(search(idx, 'google')).toEqual(['go']);
  });
});
