/**
 * ICE candidates: the SDP `candidate-attribute` grammar (RFC 8839 §5.1),
 * priorities (RFC 8445 §5.1.2) and foundations (RFC 8445 §5.1.1.3).
 *
 * ```
 * candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP
 *                       priority SP connection-address SP port SP cand-type
 *                       [SP rel-addr] [SP rel-port] *(SP cand-extension)
 * ```
 */
import { crc32 } from './crc32.js';

/** RTCIceCandidateType. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** A candidate as ICE and SDP describe it (mirrors RTCIceCandidate's fields). */
export interface IceCandidate {
  foundation: string;
  component: number;
  protocol: 'udp' | 'tcp';
  priority: number;
  /** IP literal or an mDNS `.local` name. */
  address: string;
  port: number;
  type: CandidateType;
  relatedAddress?: string;
  relatedPort?: number;
  tcpType?: 'active' | 'passive' | 'so';
  usernameFragment?: string;
  /** Local relayed candidates only: how the TURN server is reached (RTCIceCandidate.relayProtocol; not in SDP). */
  relayProtocol?: 'udp' | 'tcp' | 'tls';
  /** Extensions kept verbatim (name, value), e.g. generation, network-id. */
  extensions?: [string, string][];
}

/** Type preferences recommended by RFC 8445 §5.1.2.2. */
export const TYPE_PREFERENCE: Readonly<Record<CandidateType, number>> = { host: 126, prflx: 110, srflx: 100, relay: 0 };

/** RFC 8445 §5.1.2.1: priority = 2^24·type-pref + 2^8·local-pref + (256 − component). */
export function candidatePriority(type: CandidateType, localPreference: number, component = 1): number {
  return (TYPE_PREFERENCE[type] * 0x1000000 + (localPreference & 0xffff) * 0x100 + (256 - component)) >>> 0;
}

/**
 * A foundation: equal for candidates of the same type, base IP, server and
 * transport (RFC 8445 §5.1.1.3). A short decimal string of a CRC-32 of those facts.
 */
export function computeFoundation(type: CandidateType, baseAddress: string, protocol: string, server = ''): string {
  return String(crc32(new TextEncoder().encode(`${type}|${baseAddress}|${protocol}|${server}`)));
}

/** RFC 6763-ish mDNS hostname used for candidate obfuscation (draft-ietf-mmusic-mdns-ice-candidates). */
export function isMdnsName(address: string): boolean {
  return address.toLowerCase().endsWith('.local');
}

const TOKEN = /^[A-Za-z0-9+/]{1,32}$/;

/**
 * Parses `candidate:…` (with or without the `a=` / `candidate:` prefix).
 * Returns undefined on any grammar violation (never throws).
 */
export function parseCandidate(text: string): IceCandidate | undefined {
  if (typeof text !== 'string') return undefined;
  let s = text.trim();
  if (s.startsWith('a=')) s = s.slice(2);
  if (s.startsWith('candidate:')) s = s.slice(10);
  const f = s.split(/\s+/);
  if (f.length < 8) return undefined;
  const [foundation, comp, transport, prio, address, port, typ, type] = f as [string, string, string, string, string, string, string, string];
  if (!TOKEN.test(foundation)) return undefined;
  const component = Number(comp);
  const priority = Number(prio);
  const portNum = Number(port);
  const protocol = transport.toLowerCase();
  if (!Number.isInteger(component) || component < 1 || component > 256) return undefined;
  if (!/^\d{1,10}$/.test(prio) || priority > 0xffffffff) return undefined;
  if (!/^\d{1,5}$/.test(port) || portNum > 65535) return undefined;
  if (protocol !== 'udp' && protocol !== 'tcp') return undefined;
  if (typ !== 'typ' || !['host', 'srflx', 'prflx', 'relay'].includes(type)) return undefined;
  if (address.length === 0 || address.length > 255) return undefined;
  const c: IceCandidate = { foundation, component, protocol, priority, address, port: portNum, type: type as CandidateType };
  for (let i = 8; i + 1 < f.length; i += 2) {
    const k = f[i]!;
    const v = f[i + 1]!;
    if (k === 'raddr') c.relatedAddress = v;
    else if (k === 'rport') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
      c.relatedPort = n;
    } else if (k === 'tcptype') {
      if (v !== 'active' && v !== 'passive' && v !== 'so') return undefined;
      c.tcpType = v;
    } else if (k === 'ufrag') {
      c.usernameFragment = v;
    } else (c.extensions ??= []).push([k, v]);
  }
  return c;
}

/** Serializes to the `candidate:…` form used in SDP and RTCIceCandidate.candidate. */
export function serializeCandidate(c: IceCandidate): string {
  let s = `candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority >>> 0} ${c.address} ${c.port} typ ${c.type}`;
  if (c.relatedAddress !== undefined) s += ` raddr ${c.relatedAddress} rport ${c.relatedPort ?? 0}`;
  if (c.tcpType !== undefined) s += ` tcptype ${c.tcpType}`;
  if (c.usernameFragment !== undefined) s += ` ufrag ${c.usernameFragment}`;
  for (const [k, v] of c.extensions ?? []) s += ` ${k} ${v}`;
  return s;
}

/**
 * Pair priority (RFC 8445 §6.1.2.3): 2^32·MIN(G,D) + 2·MAX(G,D) + (G>D?1:0),
 * as a bigint because it exceeds 2^53.
 */
export function pairPriority(controllingPriority: number, controlledPriority: number): bigint {
  const g = BigInt(controllingPriority >>> 0);
  const d = BigInt(controlledPriority >>> 0);
  const min = g < d ? g : d;
  const max = g < d ? d : g;
  return (min << 32n) + 2n * max + (g > d ? 1n : 0n);
}
