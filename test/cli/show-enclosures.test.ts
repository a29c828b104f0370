// `tidings show` lists an article's enclosures: the URL, type and size, and where the copy kept
// in the archive is (a path a player can open) or why there is none. Feed text reaches a
// terminal, so control characters (escape sequences) are taken out.

import { describe, expect, it } from 'vitest';
import { enclosureLines } from '../../src/cli/commands/articles.js';

const ASSET = `${'ab'.repeat(32)}.mp3`;
const assetPath = (name: string) => (name === ASSET ? `/data/assets/${name}` : null);

describe('cli: enclosures of an article', () => {
  it('shows each enclosure with its type, size and offline copy or the reason it has none', () => {
    expect(enclosureLines([
      { url: 'https://pod.example/ep.mp3', type: 'audio/mpeg', length: 48 * 1024 * 1024, asset: ASSET },
      { url: 'https://pod.example/ep2.mp3', type: 'audio/mpeg', length: null, assetError: 'the server answered HTTP 404' },
      { url: 'https://pod.example/notes.pdf', type: null, length: 0 },
    ], assetPath)).toEqual([
      'enclosure: https://pod.example/ep.mp3 (audio/mpeg, 48 MB)',
      `  kept offline: /data/assets/${ASSET}`,
      'enclosure: https://pod.example/ep2.mp3 (audio/mpeg)',
      '  not kept offline: the server answered HTTP 404',
      'enclosure: https://pod.example/notes.pdf',
    ]);
  });

  it('takes terminal control characters out of what the feed wrote', () => {
    const lines = enclosureLines([{ url: 'https://pod.example/a.mp3', type: 'audio/mpeg\u001b]0;pwned\u0007', length: null, assetError: 'bad\u001b[2J' }], assetPath);
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('prints nothing for an article without enclosures', () => {
    expect(enclosureLines([], assetPath)).toEqual([]);
  });
});
