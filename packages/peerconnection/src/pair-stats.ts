/**
 * Per candidate pair counters for the RTCIceCandidatePairStats dictionary
 * of webrtc-stats, observed on the datagrams the driver
 * sends and receives, keyed by (local socket address, remote address), the
 * 5-tuple a host pair is made of.
 *
 * STUN is recognised by its fixed header (RFC 8489 §5):
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 *
 * Binding requests (0x0001) we send count as `requestsSent` (a transaction
 * id seen before is a retransmission and is not counted again), or as
 * `consentRequestsSent` on the selected pair (RFC 7675 consent freshness);
 * a success response (0x0101) to one of them gives the round-trip time
 * (`currentRoundTripTime`, `totalRoundTripTime`, in seconds). Everything
 * that is not STUN is application data (DTLS, SRTP): `packetsSent`,
 * `bytesSent` and their received twins. Pairs through a TURN relay are
 * wrapped in TURN framing on the wire and are not measured here: their data
 * counters come from the ICE agent's per-pair counters (stats.ts).
 *
 * Memory is bounded: at most {@link MAX_PENDING} outstanding transaction
 * ids and {@link MAX_PAIRS} pairs are kept (oldest dropped first).
 */
import type { Address } from '@purertc/common';

/** Outstanding binding requests remembered for RTT (oldest forgotten first). */
export const MAX_PENDING = 256;
/** Pairs tracked at most. */
export const MAX_PAIRS = 256;

const MAGIC = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;

/** The counters of one pair (RTCIceCandidatePairStats members). Times are ms on the driver's clock. */
export interface PairCounters {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  requestsSent: number;
  requestsReceived: number;
  responsesSent: number;
  responsesReceived: number;
  consentRequestsSent: number;
  /** Seconds; 0 until a response arrived. */
  totalRoundTripTime: number;
  /** Seconds; undefined until a response arrived. */
  currentRoundTripTime: number | undefined;
  /** Driver clock (ms) of the last data packet sent / received, or undefined. */
  lastPacketSentAt: number | undefined;
  lastPacketReceivedAt: number | undefined;
}

/** The map key of a 5-tuple. */
export function pairKey(local: Address, remote: Address): string {
  return `${local.address}|${local.port}|${remote.address}|${remote.port}`;
}

function newCounters(): PairCounters {
  return {
    packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0,
    requestsSent: 0, requestsReceived: 0, responsesSent: 0, responsesReceived: 0, consentRequestsSent: 0,
    totalRoundTripTime: 0, currentRoundTripTime: undefined, lastPacketSentAt: undefined, lastPacketReceivedAt: undefined,
  };
}

/** STUN message type of `d`, or -1 when `d` is not a STUN message (RFC 8489 §5 / RFC 7983 first byte 0-3). */
function stunType(d: Uint8Array): number {
  if (d.length < 20 || d[0]! > 3) return -1;
  const cookie = ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0;
  if (cookie !== MAGIC) return -1;
  return (d[0]! << 8) | d[1]!;
}

/** The 96-bit transaction id as a map key. */
function txKey(d: Uint8Array): string {
  let s = '';
  for (let i = 8; i < 20; i++) s += String.fromCharCode(d[i]!);
  return s;
}

/** Observes a connection's datagrams and keeps {@link PairCounters} per 5-tuple. */
export class PairStatsRecorder {
  private readonly pairs = new Map<string, PairCounters>();
  /** The last 5-tuple seen and its key: a connection's datagrams nearly all share one (no string per datagram). */
  private lastLocal: Address | undefined;
  private lastRemoteAddress = '';
  private lastRemotePort = -1;
  private lastKey = '';
  private readonly pending = new Map<string, { key: string; at: number }>();
  /** The 5-tuple of the selected pair (requests on it count as consent requests). */
  selectedKey: string | undefined;

  /** A datagram we sent from `local` to `remote` at `now` (ms). */
  sent(now: number, data: Uint8Array, local: Address, remote: Address): void {
    const key = this.keyOf(local, remote);
    const c = this.counters(key);
    const type = stunType(data);
    if (type === -1) {
      c.packetsSent++;
      c.bytesSent += data.length;
      c.lastPacketSentAt = now;
      return;
    }
    if (type === BINDING_REQUEST) {
      const tx = txKey(data);
      if (this.pending.has(tx)) return; // a retransmission (RFC 8489 §6.2.1): same transaction
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      this.pending.set(tx, { key, at: now });
      if (key === this.selectedKey) c.consentRequestsSent++;
      else c.requestsSent++;
    } else if (type === BINDING_SUCCESS) c.responsesSent++;
  }

  /** A datagram received on `local` from `remote` at `now` (ms). */
  received(now: number, data: Uint8Array, local: Address, remote: Address): void {
    const key = this.keyOf(local, remote);
    const type = stunType(data);
    if (type === -1) {
      const c = this.counters(key);
      c.packetsReceived++;
      c.bytesReceived += data.length;
      c.lastPacketReceivedAt = now;
      return;
    }
    if (type === BINDING_REQUEST) this.counters(key).requestsReceived++;
    else if (type === BINDING_SUCCESS) {
      const tx = txKey(data);
      const p = this.pending.get(tx);
      // Only a response to our own request on this same 5-tuple (symmetric, RFC 8445 §7.2.5.2.1).
      if (!p || p.key !== key) return;
      this.pending.delete(tx);
      const c = this.counters(key);
      c.responsesReceived++;
      const rtt = Math.max(0, now - p.at) / 1000;
      c.currentRoundTripTime = rtt;
      c.totalRoundTripTime += rtt;
    }
  }

  /** {@link pairKey}, remembered for the last 5-tuple (compared field by field; `local` is the socket's own object). */
  private keyOf(local: Address, remote: Address): string {
    const l = this.lastLocal;
    if (l !== undefined && remote.port === this.lastRemotePort && remote.address === this.lastRemoteAddress && local.port === l.port && local.address === l.address) {
      return this.lastKey;
    }
    this.lastLocal = local;
    this.lastRemoteAddress = remote.address;
    this.lastRemotePort = remote.port;
    return (this.lastKey = pairKey(local, remote));
  }

  /** The counters of a 5-tuple, if anything was seen on it. */
  get(local: Address, remote: Address): PairCounters | undefined {
    return this.pairs.get(pairKey(local, remote));
  }

  /** Totals over every pair (RTCTransportStats packets/bytes). */
  totals(): { packetsSent: number; packetsReceived: number; bytesSent: number; bytesReceived: number } {
    const t = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0 };
    for (const c of this.pairs.values()) {
      t.packetsSent += c.packetsSent;
      t.packetsReceived += c.packetsReceived;
      t.bytesSent += c.bytesSent;
      t.bytesReceived += c.bytesReceived;
    }
    return t;
  }

  private counters(key: string): PairCounters {
    let c = this.pairs.get(key);
    if (!c) {
      if (this.pairs.size >= MAX_PAIRS) {
        const oldest = this.pairs.keys().next().value!;
        if (oldest !== this.selectedKey) this.pairs.delete(oldest);
      }
      c = newCounters();
      this.pairs.set(key, c);
    }
    return c;
  }
}
