/**
 * RE-CONFIG (RFC 6525 §3.1) and its parameters (§4).
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type = 130    |  Chunk Flags  |      Chunk Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                  Re-configuration Parameter                   \
 * \             Re-configuration Parameter (optional)             \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Outgoing SSN Reset Request (type 13, §4.1):
 *   Re-configuration Request Sequence Number (32)
 *   Re-configuration Response Sequence Number (32)
 *   Sender's Last Assigned TSN (32)
 *   Stream Number 1..N (16 each, optional)
 * Incoming SSN Reset Request (type 14, §4.2): Request Seq (32), Streams (16 each)
 * SSN/TSN Reset Request (type 15, §4.3): Request Seq (32)
 * Re-configuration Response (type 16, §4.4):
 *   Response Seq (32), Result (32), [Sender's Next TSN (32), Receiver's Next TSN (32)]
 * Add Outgoing / Incoming Streams Request (17 / 18, §4.5-4.6):
 *   Request Seq (32), Number of New Streams (16), Reserved (16)
 * ```
 */
import { ChunkType, ParamType } from './constants.js';
import { type Param, paramsLength, readParams, writeParams } from './params.js';

/** Outgoing SSN Reset Request (§4.1). Empty `streams` means all streams. */
export interface OutgoingResetRequest {
  type: typeof ParamType.OUTGOING_SSN_RESET_REQUEST;
  requestSeq: number;
  responseSeq: number;
  lastTsn: number;
  streams: number[];
}
/** Incoming SSN Reset Request (§4.2). */
export interface IncomingResetRequest {
  type: typeof ParamType.INCOMING_SSN_RESET_REQUEST;
  requestSeq: number;
  streams: number[];
}
/** SSN/TSN Reset Request (§4.3). */
export interface SsnTsnResetRequest {
  type: typeof ParamType.SSN_TSN_RESET_REQUEST;
  requestSeq: number;
}
/** Re-configuration Response (§4.4). */
export interface ReconfigResponse {
  type: typeof ParamType.RECONFIG_RESPONSE;
  responseSeq: number;
  result: number;
  senderNextTsn?: number;
  receiverNextTsn?: number;
}
/** Add Outgoing / Incoming Streams Request (§4.5, §4.6). */
export interface AddStreamsRequest {
  type: typeof ParamType.ADD_OUTGOING_STREAMS_REQUEST | typeof ParamType.ADD_INCOMING_STREAMS_REQUEST;
  requestSeq: number;
  count: number;
}
/** A parameter type this codec does not know, kept raw. */
export interface UnknownReconfigParam {
  type: 'unknown';
  raw: Param;
}
/** Any RE-CONFIG parameter. */
export type ReconfigParam =
  | OutgoingResetRequest
  | IncomingResetRequest
  | SsnTsnResetRequest
  | ReconfigResponse
  | AddStreamsRequest
  | UnknownReconfigParam;

/** A decoded RE-CONFIG chunk. */
export interface ReconfigChunk {
  type: typeof ChunkType.RE_CONFIG;
  params: ReconfigParam[];
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
}

/** The raw TLV form of a typed parameter. */
export function reconfigParamToRaw(p: ReconfigParam): Param {
  switch (p.type) {
    case ParamType.OUTGOING_SSN_RESET_REQUEST: {
      const v = new Uint8Array(12 + p.streams.length * 2);
      const dv = new DataView(v.buffer);
      dv.setUint32(0, p.requestSeq >>> 0);
      dv.setUint32(4, p.responseSeq >>> 0);
      dv.setUint32(8, p.lastTsn >>> 0);
      p.streams.forEach((s, i) => dv.setUint16(12 + i * 2, s));
      return { type: p.type, value: v };
    }
    case ParamType.INCOMING_SSN_RESET_REQUEST: {
      const v = new Uint8Array(4 + p.streams.length * 2);
      const dv = new DataView(v.buffer);
      dv.setUint32(0, p.requestSeq >>> 0);
      p.streams.forEach((s, i) => dv.setUint16(4 + i * 2, s));
      return { type: p.type, value: v };
    }
    case ParamType.SSN_TSN_RESET_REQUEST:
      return { type: p.type, value: u32(p.requestSeq) };
    case ParamType.RECONFIG_RESPONSE: {
      const withTsns = p.senderNextTsn !== undefined && p.receiverNextTsn !== undefined;
      const v = new Uint8Array(withTsns ? 16 : 8);
      const dv = new DataView(v.buffer);
      dv.setUint32(0, p.responseSeq >>> 0);
      dv.setUint32(4, p.result >>> 0);
      if (withTsns) {
        dv.setUint32(8, p.senderNextTsn! >>> 0);
        dv.setUint32(12, p.receiverNextTsn! >>> 0);
      }
      return { type: p.type, value: v };
    }
    case ParamType.ADD_OUTGOING_STREAMS_REQUEST:
    case ParamType.ADD_INCOMING_STREAMS_REQUEST: {
      const v = new Uint8Array(8);
      const dv = new DataView(v.buffer);
      dv.setUint32(0, p.requestSeq >>> 0);
      dv.setUint16(4, p.count);
      return { type: p.type, value: v };
    }
    case 'unknown':
      return p.raw;
  }
}

/** Typed view of a raw RE-CONFIG parameter; undefined when a known type is malformed. */
export function reconfigParamFromRaw(p: Param): ReconfigParam | undefined {
  const v = p.value;
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  switch (p.type) {
    case ParamType.OUTGOING_SSN_RESET_REQUEST: {
      if (v.length < 12 || (v.length - 12) % 2 !== 0) return undefined;
      const streams: number[] = [];
      for (let o = 12; o < v.length; o += 2) streams.push(dv.getUint16(o));
      return { type: p.type, requestSeq: dv.getUint32(0), responseSeq: dv.getUint32(4), lastTsn: dv.getUint32(8), streams };
    }
    case ParamType.INCOMING_SSN_RESET_REQUEST: {
      if (v.length < 4 || (v.length - 4) % 2 !== 0) return undefined;
      const streams: number[] = [];
      for (let o = 4; o < v.length; o += 2) streams.push(dv.getUint16(o));
      return { type: p.type, requestSeq: dv.getUint32(0), streams };
    }
    case ParamType.SSN_TSN_RESET_REQUEST:
      if (v.length !== 4) return undefined;
      return { type: p.type, requestSeq: dv.getUint32(0) };
    case ParamType.RECONFIG_RESPONSE:
      if (v.length === 8) return { type: p.type, responseSeq: dv.getUint32(0), result: dv.getUint32(4) };
      if (v.length === 16) {
        return {
          type: p.type,
          responseSeq: dv.getUint32(0),
          result: dv.getUint32(4),
          senderNextTsn: dv.getUint32(8),
          receiverNextTsn: dv.getUint32(12),
        };
      }
      return undefined;
    case ParamType.ADD_OUTGOING_STREAMS_REQUEST:
    case ParamType.ADD_INCOMING_STREAMS_REQUEST:
      if (v.length !== 8) return undefined;
      return { type: p.type, requestSeq: dv.getUint32(0), count: dv.getUint16(4) };
    default:
      return { type: 'unknown', raw: p };
  }
}

/** Length of the chunk value in bytes (after the 4-byte chunk header, before padding). */
export function reconfigValueLength(c: ReconfigChunk): number {
  return paramsLength(c.params.map(reconfigParamToRaw));
}

/** Writes the chunk value at `off` of `dst` (`dv` views exactly `dst`). */
export function writeReconfigValue(c: ReconfigChunk, dst: Uint8Array, _dv: DataView, off: number): void {
  writeParams(c.params.map(reconfigParamToRaw), dst, off);
}

/** Decodes the chunk value in `b[start, end)`; undefined when malformed. Views point into `b`. */
export function readReconfig(b: Uint8Array, start: number, end: number): ReconfigChunk | undefined {
  const raw = readParams(b, start, end);
  if (!raw || raw.length === 0 || raw.length > 2) return undefined;
  const params: ReconfigParam[] = [];
  for (const r of raw) {
    const p = reconfigParamFromRaw(r);
    if (!p) return undefined;
    params.push(p);
  }
  return { type: ChunkType.RE_CONFIG, params };
}
