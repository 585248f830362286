/**
 * Type-Length-Value parameters (RFC 9260 §3.2.1), as carried by INIT,
 * INIT ACK, HEARTBEAT and as error-cause bodies.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Parameter Type         |       Parameter Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                        Parameter Value                        /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * Length counts the 4-byte header and the value, not the padding to 4.
 */
import { ChunkType, EDMID_DTLS, ParamType, pad4 } from './constants.js';

/** One raw parameter: its type and a view of its value. */
export interface Param {
  type: number;
  value: Uint8Array;
}

/** Bytes taken by a parameter list (each padded to 4). */
export function paramsLength(params: readonly Param[]): number {
  let n = 0;
  for (const p of params) n += pad4(4 + p.value.length);
  return n;
}

/** Writes a parameter list at `off`; returns the offset after it (padding included). */
export function writeParams(params: readonly Param[], dst: Uint8Array, off: number): number {
  for (const p of params) {
    const len = 4 + p.value.length;
    dst[off] = p.type >>> 8;
    dst[off + 1] = p.type & 0xff;
    dst[off + 2] = len >>> 8;
    dst[off + 3] = len & 0xff;
    dst.set(p.value, off + 4);
    const padded = pad4(len);
    dst.fill(0, off + len, off + padded);
    off += padded;
  }
  return off;
}

/**
 * Reads parameters from `b[start, end)`. Returns `undefined` on a malformed
 * list (a length below 4 or past the end). Missing padding after the last
 * parameter is tolerated. Values are views into `b`.
 */
export function readParams(b: Uint8Array, start: number, end: number): Param[] | undefined {
  const out: Param[] = [];
  let off = start;
  while (off < end) {
    if (off + 4 > end) return undefined;
    const type = (b[off]! << 8) | b[off + 1]!;
    const len = (b[off + 2]! << 8) | b[off + 3]!;
    if (len < 4 || off + len > end) return undefined;
    out.push({ type, value: b.subarray(off + 4, off + len) });
    off += pad4(len);
  }
  return out;
}

/**
 * What to do with an unrecognized parameter, from the two high bits of its
 * type (RFC 9260 §3.2.1): `stop` processing the chunk, or `skip` it, and
 * whether to `report` it.
 */
export function unknownParamAction(type: number): { stop: boolean; report: boolean } {
  const hi = type >>> 14;
  return { stop: (hi & 2) === 0, report: (hi & 1) === 1 };
}

/** The capabilities an endpoint announces in INIT / INIT ACK. */
export interface Capabilities {
  /** RFC 3758 Forward-TSN-Supported. */
  forwardTsn: boolean;
  /** RFC 6525 RE-CONFIG in Supported Extensions. */
  reconfig: boolean;
  /** RFC 8260 I-DATA and I-FORWARD-TSN in Supported Extensions. */
  interleaving: boolean;
  /** RFC 9653 Zero Checksum Acceptable with the DTLS EDMID. */
  zeroChecksum: boolean;
}

/** Builds the capability parameters (RFC 5061 §4.2.7, RFC 3758 §3.1, RFC 9653 §4). */
export function capabilityParams(c: Capabilities): Param[] {
  const ext: number[] = [];
  if (c.forwardTsn) ext.push(ChunkType.FORWARD_TSN);
  if (c.reconfig) ext.push(ChunkType.RE_CONFIG);
  if (c.interleaving) ext.push(ChunkType.I_DATA, ChunkType.I_FORWARD_TSN);
  const out: Param[] = [];
  if (ext.length > 0) out.push({ type: ParamType.SUPPORTED_EXTENSIONS, value: Uint8Array.from(ext) });
  if (c.forwardTsn) out.push({ type: ParamType.FORWARD_TSN_SUPPORTED, value: new Uint8Array(0) });
  if (c.zeroChecksum) {
    const v = new Uint8Array(4);
    v[3] = EDMID_DTLS;
    out.push({ type: ParamType.ZERO_CHECKSUM_ACCEPTABLE, value: v });
  }
  return out;
}

/** Reads the capabilities from a received INIT / INIT ACK parameter list. */
export function readCapabilities(params: readonly Param[]): Capabilities {
  const c: Capabilities = { forwardTsn: false, reconfig: false, interleaving: false, zeroChecksum: false };
  let idata = false;
  let iforward = false;
  for (const p of params) {
    switch (p.type) {
      case ParamType.FORWARD_TSN_SUPPORTED:
        c.forwardTsn = true;
        break;
      case ParamType.SUPPORTED_EXTENSIONS:
        for (const t of p.value) {
          if (t === ChunkType.FORWARD_TSN) c.forwardTsn = true;
          else if (t === ChunkType.RE_CONFIG) c.reconfig = true;
          else if (t === ChunkType.I_DATA) idata = true;
          else if (t === ChunkType.I_FORWARD_TSN) iforward = true;
        }
        break;
      case ParamType.ZERO_CHECKSUM_ACCEPTABLE:
        if (p.value.length === 4 && ((p.value[0]! << 24) | (p.value[1]! << 16) | (p.value[2]! << 8) | p.value[3]!) === EDMID_DTLS) {
          c.zeroChecksum = true;
        }
        break;
    }
  }
  // RFC 8260 §2.3: I-DATA is used only when both chunk types are supported.
  c.interleaving = idata && iforward;
  return c;
}

/** Parameter types this implementation understands inside INIT / INIT ACK. */
export function isKnownInitParam(type: number): boolean {
  switch (type) {
    case ParamType.IPV4_ADDRESS:
    case ParamType.IPV6_ADDRESS:
    case ParamType.STATE_COOKIE:
    case ParamType.UNRECOGNIZED_PARAMETER:
    case ParamType.COOKIE_PRESERVATIVE:
    case ParamType.HOST_NAME_ADDRESS:
    case ParamType.SUPPORTED_ADDRESS_TYPES:
    case ParamType.ECN_CAPABLE:
    case ParamType.ZERO_CHECKSUM_ACCEPTABLE:
    case ParamType.SUPPORTED_EXTENSIONS:
    case ParamType.FORWARD_TSN_SUPPORTED:
      return true;
    default:
      return false;
  }
}
