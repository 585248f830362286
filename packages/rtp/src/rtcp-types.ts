/**
 * The RTCP packet model: one discriminated union over every packet type this
 * package decodes, plus the codec shape each packet-type file implements.
 */

/** A reception report block (RFC 3550 §6.4.1). */
export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the last report, in 1/256 units (0-255). */
  fractionLost: number;
  /** Cumulative number of packets lost: 24-bit signed. */
  cumulativeLost: number;
  extendedHighestSequence: number;
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received. */
  lastSr: number;
  /** Delay since last SR, in 1/65536 seconds. */
  delaySinceLastSr: number;
}

/** Sender report, PT 200 (RFC 3550 §6.4.1). */
export interface SenderReport {
  type: 'sr';
  ssrc: number;
  /** 64-bit NTP timestamp. */
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
  /** Profile-specific extension (length a multiple of 4), usually empty. */
  extension: Uint8Array;
}

/** Receiver report, PT 201 (RFC 3550 §6.4.2). */
export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
  extension: Uint8Array;
}

/** One SDES item (RFC 3550 §6.5): type 1 CNAME ... 8 PRIV. */
export interface SdesItem {
  itemType: number;
  /** Item text (UTF-8 on the wire, at most 255 bytes). */
  text: string;
}
/** One SDES chunk: a source and its items. */
export interface SdesChunk {
  source: number;
  items: SdesItem[];
}
/** Source description, PT 202 (RFC 3550 §6.5). */
export interface SourceDescription {
  type: 'sdes';
  chunks: SdesChunk[];
}

/** Goodbye, PT 203 (RFC 3550 §6.6). */
export interface Goodbye {
  type: 'bye';
  sources: number[];
  /** Reason for leaving, when present. */
  reason?: string | undefined;
}

/** Application-defined, PT 204 (RFC 3550 §6.7). */
export interface ApplicationDefined {
  type: 'app';
  subtype: number;
  ssrc: number;
  /** Four ASCII characters. */
  name: string;
  /** Application data, length a multiple of 4. */
  data: Uint8Array;
}

/** One generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet and a bitmask of the 16 after it. */
export interface NackItem {
  pid: number;
  blp: number;
}
/** Generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1). */
export interface GenericNack {
  type: 'nack';
  senderSsrc: number;
  mediaSsrc: number;
  items: NackItem[];
}

/** Picture loss indication, PSFB FMT 1 (RFC 4585 §6.3.1). */
export interface PictureLossIndication {
  type: 'pli';
  senderSsrc: number;
  mediaSsrc: number;
}

/** One FIR FCI entry (RFC 5104 §4.3.1.1). */
export interface FirEntry {
  ssrc: number;
  /** 8-bit command sequence number. */
  sequenceNumber: number;
}
/** Full intra request, PSFB FMT 4 (RFC 5104 §4.3.1). */
export interface FullIntraRequest {
  type: 'fir';
  senderSsrc: number;
  /** Unused by FIR: SHOULD be 0 (RFC 5104 §4.3.1.2). */
  mediaSsrc: number;
  entries: FirEntry[];
}

/** Receiver estimated maximum bitrate, PSFB FMT 15 "REMB" (draft-alvestrand-rmcat-remb-03). */
export interface Remb {
  type: 'remb';
  senderSsrc: number;
  /** Always 0 on the wire. */
  mediaSsrc: number;
  /** Bits per second, as mantissa × 2^exponent (18-bit mantissa, 6-bit exponent). */
  bitrate: number;
  ssrcs: number[];
}

/** Packet status symbols of transport-wide feedback (draft-holmer-...-01 §3.1.1). */
export const TwccStatus = {
  NotReceived: 0,
  SmallDelta: 1,
  LargeDelta: 2,
} as const;

/** Transport-wide congestion control feedback, RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
export interface TransportWideFeedback {
  type: 'twcc';
  senderSsrc: number;
  mediaSsrc: number;
  baseSequenceNumber: number;
  /** 24-bit signed reference time, in multiples of 64 ms. */
  referenceTime: number;
  /** 8-bit feedback packet count. */
  feedbackPacketCount: number;
  /** One status per packet from the base sequence number ({@link TwccStatus}). */
  statuses: number[];
  /** One receive delta per received packet, in 250 µs ticks (small: 0-255, large: -32768..32767). */
  deltas: number[];
}

/** Any packet type this package does not model (or an unknown FMT), kept raw. */
export interface UnknownRtcp {
  type: 'unknown';
  packetType: number;
  /** The 5-bit count / FMT field. */
  count: number;
  /** Body after the 4-byte header, padding removed; length a multiple of 4. */
  body: Uint8Array;
}

/** Any RTCP packet. */
export type RtcpPacket =
  | SenderReport
  | ReceiverReport
  | SourceDescription
  | Goodbye
  | ApplicationDefined
  | GenericNack
  | PictureLossIndication
  | FullIntraRequest
  | Remb
  | TransportWideFeedback
  | UnknownRtcp;

/** RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1). */
export const RtcpPacketType = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
  RTPFB: 205,
  PSFB: 206,
} as const;

/**
 * What each packet-type file implements. `body` is everything after the
 * 4-byte common header, padding removed. Decoders return undefined on
 * malformed input, never throw.
 */
export interface RtcpBodyCodec<T extends RtcpPacket> {
  packetType(p: T): number;
  /** The 5-bit count / FMT field to write. */
  count(p: T): number;
  /** Body length in bytes, a multiple of 4. */
  bodyLength(p: T): number;
  /** Writes the body at `o`; returns the offset after it. */
  encodeBody(p: T, dst: Uint8Array, o: number): number;
}

/** Reads a big-endian uint32. */
export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
/** Writes a big-endian uint32. */
export function w32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}
/** Writes a big-endian uint16. */
export function w16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}
