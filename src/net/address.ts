// Private addresses. What a document on the public internet names (a feed's item images and
// full-article pages, a saved page's images) is fetched from the public internet only: never
// from loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local
// or other special ranges, whatever form the address takes (IPv4-mapped IPv6, a name that
// resolves there). A feed or page the user added from their own network may use that network.
// The check of a name is made on the address actually connected to (a lookup hook of the
// socket), so a name that answers "public" first and "127.0.0.1" next (DNS rebinding) is caught.

import dns from 'node:dns';
import net, { BlockList } from 'node:net';

/** 'public': connect only to public addresses. 'any': the user's own network is allowed too. */
export type NetworkScope = 'any' | 'public';

const V4_RANGES: [string, number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the machine itself on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const V6_RANGES: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [address, prefix] of V4_RANGES) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of V6_RANGES) blocked.addSubnet(address, prefix, 'ipv6');

/** True for an IP address (v4 or v6, any spelling) that is not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const ip = withoutZoneId(address.replace(/^\[|\]$/g, ''));
  if (net.isIPv4(ip)) return blocked.check(ip, 'ipv4');
  if (!net.isIPv6(ip)) return true; // not an address at all: never treated as public
  const groups = expandIPv6(ip);
  const embedded = embeddedIPv4(groups);
  if (embedded) return isPrivateAddress(embedded);
  return blocked.check(ip, 'ipv6');
}

const LINE_TERMINATORS = new Set(['\n', '\r', '\u2028', '\u2029']);

/**
 * The address without its zone id ('fe80::1%eth0'): what /%.*$/ stripped, from the first '%'
 * after the last line terminator. A scan: the pattern re-read the text from every '%' before a
 * newline (12 s for 100,000).
 */
export function withoutZoneId(address: string): string {
  let from = 0;
  for (let at = address.length - 1; at >= 0; at--) {
    if (LINE_TERMINATORS.has(address[at]!)) {
      from = at + 1;
      break;
    }
  }
  const percent = address.indexOf('%', from);
  return percent === -1 ? address : address.slice(0, percent);
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included). */
function expandIPv6(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === null ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 or 6to4 address, if any. */
function embeddedIPv4(g: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (g[5] === 0xffff || g[5] === 0) && !(g[5] === 0 && zero(6, 7))) return v4(g[6]!, g[7]!); // ::ffff:a.b.c.d, ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!); // NAT64 64:ff9b::/96
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 6to4
  return null;
}

/**
 * A dns.lookup for sockets that may reach public addresses only: private answers are dropped,
 * and a name with nothing else left fails with EPRIVATE (checked at connect time, every time).
 */
export const publicLookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error);
    const allowed = addresses.filter(({ address }) => !isPrivateAddress(address));
    if (allowed.length === 0) return callback(privateError(hostname, addresses[0]?.address ?? ''));
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}) as unknown as typeof dns.lookup;

function privateError(hostname: string, address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} is a private address (${address}); a public source may not reach it`), { code: 'EPRIVATE' });
}

export type OriginClassifier = (url: URL) => NetworkScope | null;
let override: OriginClassifier | null = null;

/**
 * For tests, which run on loopback only: decide an origin's scope (null: ask DNS as usual),
 * e.g. to play a feed "on the public internet" served from 127.0.0.1.
 */
export function setOriginClassifier(classifier: OriginClassifier | null): void {
  override = classifier;
}

/**
 * The scope what a document at `url` names may use: 'any' when the document itself is on the
 * user's own network (a private or loopback address, or a name resolving to one), else
 * 'public'. A name that cannot be resolved counts as public: the stricter choice.
 */
export async function scopeOf(url: string): Promise<NetworkScope> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'public';
  }
  const decided = override?.(parsed);
  if (decided) return decided;
  if (parsed.protocol === 'file:') return 'any';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return isPrivateAddress(host) ? 'any' : 'public';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'any';
  return scopeOfName(host);
}

/**
 * How long a name's scope is remembered: a refresh asks once per host, not once per feed. Only
 * this answer is remembered; the connect-time check of a 'public' fetch (publicLookup) is not.
 */
const NAME_TTL_MS = 60_000;
const NAME_CACHE_MAX = 512;
const names = new Map<string, { at: number; scope: Promise<NetworkScope> }>();

/** The scope of a host name, from one DNS lookup shared by every caller within NAME_TTL_MS. */
function scopeOfName(host: string): Promise<NetworkScope> {
  const now = Date.now();
  const known = names.get(host);
  if (known && now - known.at < NAME_TTL_MS) return known.scope;
  if (names.size >= NAME_CACHE_MAX) names.clear();
  const scope = dns.promises
    .lookup(host, { all: true })
    .then((addresses) => (addresses.some(({ address }) => isPrivateAddress(address)) ? 'any' : 'public'), () => 'public' as const);
  names.set(host, { at: now, scope });
  return scope;
}
