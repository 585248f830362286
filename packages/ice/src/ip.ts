/**
 * IP address text <-> bytes, through ipaddr.js (a pure-JS runtime dependency).
 * Never throws: invalid text yields `undefined`.
 */
import ipaddr from 'ipaddr.js';

/** 4 or 16 bytes for an IPv4 / IPv6 literal (a zone suffix `%eth0` is dropped), else undefined. */
export function ipToBytes(address: string): Uint8Array | undefined {
  const text = strict(address);
  if (text === undefined) return undefined;
  try {
    return Uint8Array.from(ipaddr.parse(text).toByteArray());
  } catch {
    return undefined;
  }
}

/** Canonical text of a 4- or 16-byte address (RFC 5952 form for IPv6), else undefined. */
export function bytesToIp(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 4 && bytes.length !== 16) return undefined;
  return ipaddr.fromByteArray(Array.from(bytes)).toString();
}

/** 'IPv4' or 'IPv6' for an address literal, else undefined. */
export function ipFamily(address: string): 'IPv4' | 'IPv6' | undefined {
  if (typeof address !== 'string') return undefined;
  if (DOTTED_QUAD.test(address)) return 'IPv4';
  const c = canonicalIp(address);
  return c === address && ipToBytes(address) === undefined ? undefined : c.includes(':') ? 'IPv6' : 'IPv4';
}

/** The ipaddr.js range name ('private', 'loopback', 'linkLocal', 'unicast', …) of an address, else undefined. */
export function ipRange(address: string): string | undefined {
  const text = strict(address);
  if (text === undefined) return undefined;
  return ipaddr.parse(text).range();
}

const DOTTED_QUAD = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const canonicalCache = new Map<string, string>();

/**
 * Canonical form of an IP literal (lower-case, compressed IPv6), or the input
 * unchanged if it is not one. On the per-datagram path: plain dotted quads
 * return at once, other results are cached (bounded).
 */
export function canonicalIp(address: string): string {
  if (DOTTED_QUAD.test(address)) return address;
  const hit = canonicalCache.get(address);
  if (hit !== undefined) return hit;
  const b = ipToBytes(address);
  const out = b === undefined ? address : bytesToIp(b)!;
  if (canonicalCache.size >= 4096) canonicalCache.clear();
  canonicalCache.set(address, out);
  return out;
}

/** The literal without zone, if it is a strict dotted-quad IPv4 or a valid IPv6 literal. */
function strict(address: string): string | undefined {
  if (typeof address !== 'string') return undefined;
  const pct = address.indexOf('%');
  const text = pct >= 0 ? address.slice(0, pct) : address;
  if (text.includes(':')) return ipaddr.IPv6.isValid(text) ? text : undefined;
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? text : undefined;
}
