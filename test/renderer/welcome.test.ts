// The first launch's words about the seed article: the renderer's copy (it may not import from
// src/) says what src/seed/seed.json says, and the label shows them.
// @vitest-environment jsdom

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED, isSeed, seedLabel } from '../../renderer/src/welcome/index.js';

describe('welcome: the seed article label', () => {
  const json = JSON.parse(readFileSync(path.resolve('src/seed/seed.json'), 'utf8')) as Record<string, unknown>;

  it('carries the same title, line in English, source and date as src/seed/seed.json', () => {
    expect(SEED).toEqual({ title: json.title, about: json.about, source: json.source, published: json.published });
  });

  it('knows the seed by its title as an imported file, and labels it', () => {
    expect(isSeed({ title: String(json.title), source: 'file' })).toBe(true);
    expect(isSeed({ title: String(json.title), source: 'url' })).toBe(false);
    expect(isSeed({ title: 'Something else', source: 'file' })).toBe(false);
    const label = seedLabel();
    expect(label.textContent).toContain(String(json.about));
    expect(label.textContent).toContain('April 2023');
  });
});
