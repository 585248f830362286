/**
 * The Data Channel Establishment Protocol (RFC 8832) messages and the WebRTC
 * Payload Protocol Identifiers (RFC 8831 §8, RFC 8832 §8.1).
 *
 * DATA_CHANNEL_OPEN (RFC 8832 §5.1):
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message Type |  Channel Type |            Priority           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Reliability Parameter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Label Length          |       Protocol Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                             Label                             \
 * \                            Protocol                           \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * DATA_CHANNEL_ACK (§5.2) is the single byte 0x02.
 */

/** Payload Protocol Identifiers used by WebRTC. */
export const Ppid = {
  DCEP: 50,
  STRING: 51,
  /** Deprecated (RFC 8831 §8): a partial binary message; the rest follows. */
  BINARY_PARTIAL: 52,
  BINARY: 53,
  /** Deprecated (RFC 8831 §8): a partial string message; the rest follows. */
  STRING_PARTIAL: 54,
  STRING_EMPTY: 56,
  BINARY_EMPTY: 57,
} as const;

/** DCEP message types (RFC 8832 §8.2.1). */
export const DcepType = { ACK: 0x02, OPEN: 0x03 } as const;

/** Channel types (RFC 8832 §5.1). Bit 0x80 is "unordered". */
export const ChannelType = {
  RELIABLE: 0x00,
  RELIABLE_UNORDERED: 0x80,
  PARTIAL_RELIABLE_REXMIT: 0x01,
  PARTIAL_RELIABLE_REXMIT_UNORDERED: 0x81,
  PARTIAL_RELIABLE_TIMED: 0x02,
  PARTIAL_RELIABLE_TIMED_UNORDERED: 0x82,
} as const;

/** Priorities (RFC 8831 §6.4 / W3C RTCPriorityType): very-low, low, medium, high. */
export const DcepPriority = { VERY_LOW: 128, LOW: 256, MEDIUM: 512, HIGH: 1024 } as const;

/** A decoded DATA_CHANNEL_OPEN. `label` and `protocol` are decoded UTF-8. */
export interface DataChannelOpen {
  channelType: number;
  priority: number;
  reliability: number;
  label: string;
  protocol: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

/** Encodes a DATA_CHANNEL_OPEN; lengths are UTF-8 byte lengths (RFC 8832 §5.1). */
export function encodeOpen(m: DataChannelOpen): Uint8Array {
  const label = enc.encode(m.label);
  const protocol = enc.encode(m.protocol);
  if (label.length > 0xffff || protocol.length > 0xffff) throw new RangeError('label/protocol longer than 65535 bytes');
  const out = new Uint8Array(12 + label.length + protocol.length);
  const dv = new DataView(out.buffer);
  out[0] = DcepType.OPEN;
  out[1] = m.channelType;
  dv.setUint16(2, m.priority);
  dv.setUint32(4, m.reliability >>> 0);
  dv.setUint16(8, label.length);
  dv.setUint16(10, protocol.length);
  out.set(label, 12);
  out.set(protocol, 12 + label.length);
  return out;
}

/** Decodes a DATA_CHANNEL_OPEN; undefined when malformed (lengths, UTF-8, type). */
export function decodeOpen(b: Uint8Array): DataChannelOpen | undefined {
  if (b.length < 12 || b[0] !== DcepType.OPEN) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ll = dv.getUint16(8);
  const pl = dv.getUint16(10);
  if (12 + ll + pl > b.length) return undefined;
  const ct = b[1]!;
  if ((ct & 0x7f) > 2) return undefined;
  try {
    return {
      channelType: ct,
      priority: dv.getUint16(2),
      reliability: dv.getUint32(4),
      label: dec.decode(b.subarray(12, 12 + ll)),
      protocol: dec.decode(b.subarray(12 + ll, 12 + ll + pl)),
    };
  } catch {
    return undefined;
  }
}

/** The DATA_CHANNEL_ACK message. */
export function encodeAck(): Uint8Array {
  return Uint8Array.of(DcepType.ACK);
}

/** Channel type for the given options (RFC 8832 §5.1). */
export function channelTypeOf(ordered: boolean, maxRetransmits: number | undefined, maxPacketLifeTime: number | undefined): number {
  const base = maxRetransmits !== undefined ? ChannelType.PARTIAL_RELIABLE_REXMIT : maxPacketLifeTime !== undefined ? ChannelType.PARTIAL_RELIABLE_TIMED : ChannelType.RELIABLE;
  return ordered ? base : base | 0x80;
}
