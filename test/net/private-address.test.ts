// The private-address policy: which addresses are not public (every spelling), and a fetch
// scoped 'public' that never connects to one, whether written in the URL or behind a name
// (checked at connect time). Loopback plays the private target: these tests never leave it.

import dns from 'node:dns';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchUrl, isPrivateAddress, scopeOf, setOriginClassifier } from '../../src/net/index.js';
import { type LocalServer, startServer } from './local-server.js';

describe('isPrivateAddress', () => {
  const privates = [
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.127.255.254',
    '0.0.0.0', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', '[::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:10.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', '224.0.0.1', 'not-an-ip',
  ];
  const publics = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::'];
  for (const address of privates) it(`counts ${address} as private`, () => expect(isPrivateAddress(address)).toBe(true));
  for (const address of publics) it(`counts ${address} as public`, () => expect(isPrivateAddress(address)).toBe(false));
});

describe('fetchUrl with network "public"', () => {
  let server: LocalServer;
  let hits: number;

  beforeEach(async () => {
    hits = 0;
    server = await startServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('inside');
    });
  });

  afterEach(() => server.close());

  it('refuses a private address written in the URL, in any spelling, and never connects', async () => {
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '2130706433', '0x7f.0.0.1', '127.1']) {
      await expect(fetchUrl(`http://${host}:${server.port}/x`, { network: 'public' })).rejects.toThrow(/private address/);
    }
    expect(hits).toBe(0);
  });

  it('refuses a name that resolves to a private address, at connect time', async () => {
    await expect(fetchUrl(`http://localhost:${server.port}/x`, { network: 'public' })).rejects.toThrow(/private address/);
    expect(hits).toBe(0);
  });

  it('lets the user\'s own network be reached when not asked to keep to the public one', async () => {
    expect((await fetchUrl(server.url('/x'))).body.toString()).toBe('inside');
    expect((await fetchUrl(`http://localhost:${server.port}/x`, { network: 'any' })).status).toBe(200);
  });
});

describe('scopeOf', () => {
  afterEach(() => setOriginClassifier(null));

  it('gives a document on the user\'s own network its network, and a public one the public internet only', async () => {
    expect(await scopeOf('http://127.0.0.1:8080/feed')).toBe('any');
    expect(await scopeOf('http://192.168.1.20/feed')).toBe('any');
    expect(await scopeOf('http://localhost/feed')).toBe('any');
    expect(await scopeOf('http://8.8.8.8/feed')).toBe('public');
    expect(await scopeOf('http://no-such-host.invalid/feed')).toBe('public');
    setOriginClassifier((url) => (url.port === '8080' ? 'public' : null));
    expect(await scopeOf('http://127.0.0.1:8080/feed')).toBe('public');
  });

  it('looks a name up once for many feeds on the same host, even asked at once', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup').mockResolvedValue([{ address: '10.0.0.7', family: 4 }] as never);
    try {
      const scopes = await Promise.all(['a', 'b', 'c'].map((path) => scopeOf(`http://Feeds.Shared-Host.test/${path}`)));
      expect(scopes).toEqual(['any', 'any', 'any']);
      expect(await scopeOf('http://feeds.shared-host.test/d')).toBe('any');
      expect(lookup).toHaveBeenCalledTimes(1);
    } finally {
      lookup.mockRestore();
    }
  });
});
