/**
 * The chunk union and its dispatcher: every chunk is a 4-byte header (Type,
 * Flags, Length) plus a value padded to a multiple of 4 (RFC 9260 §3.2).
 *
 * ```
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                          Chunk Value                          \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import { ChunkType, pad4 } from './constants.js';
import { type AbortChunk, readAbort } from './chunk-abort.js';
import type { CookieAckChunk, CookieEchoChunk } from './chunk-cookie.js';
import { type DataChunk, dataValueLength, readData, writeDataValue } from './chunk-data.js';
import { type ErrorChunk, errorValueLength, readError, writeErrorValue } from './chunk-error.js';
import { type ForwardTsnChunk, forwardTsnValueLength, readForwardTsn, writeForwardTsnValue } from './chunk-forward-tsn.js';
import { type HeartbeatChunk, heartbeatValueLength, readHeartbeat, writeHeartbeatValue } from './chunk-heartbeat.js';
import { type IDataChunk, idataValueLength, readIData, writeIDataValue } from './chunk-idata.js';
import { type IForwardTsnChunk, iforwardTsnValueLength, readIForwardTsn, writeIForwardTsnValue } from './chunk-iforward-tsn.js';
import { type InitChunk, initValueLength, readInit, writeInitValue } from './chunk-init.js';
import { type InitAckChunk, readInitAck } from './chunk-init-ack.js';
import { type ReconfigChunk, readReconfig, reconfigValueLength, writeReconfigValue } from './chunk-reconfig.js';
import { type SackChunk, readSack, sackValueLength, writeSackValue } from './chunk-sack.js';
import {
  type ShutdownAckChunk,
  type ShutdownChunk,
  type ShutdownCompleteChunk,
  readShutdown,
  writeShutdownValue,
} from './chunk-shutdown.js';
import type { UnknownChunk } from './chunk-unknown.js';

/** Every chunk this package decodes and encodes. */
export type Chunk =
  | DataChunk
  | InitChunk
  | InitAckChunk
  | SackChunk
  | HeartbeatChunk
  | AbortChunk
  | ShutdownChunk
  | ShutdownAckChunk
  | ErrorChunk
  | CookieEchoChunk
  | CookieAckChunk
  | ShutdownCompleteChunk
  | ForwardTsnChunk
  | ReconfigChunk
  | IDataChunk
  | IForwardTsnChunk
  | UnknownChunk;

function valueLength(c: Chunk): number {
  switch (c.type) {
    case ChunkType.DATA:
      return dataValueLength(c);
    case ChunkType.I_DATA:
      return idataValueLength(c);
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      return initValueLength(c);
    case ChunkType.SACK:
      return sackValueLength(c);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return heartbeatValueLength(c);
    case ChunkType.ABORT:
    case ChunkType.ERROR:
      return errorValueLength(c);
    case ChunkType.SHUTDOWN:
      return 4;
    case ChunkType.SHUTDOWN_ACK:
    case ChunkType.COOKIE_ACK:
    case ChunkType.SHUTDOWN_COMPLETE:
      return 0;
    case ChunkType.COOKIE_ECHO:
      return c.cookie.length;
    case ChunkType.FORWARD_TSN:
      return forwardTsnValueLength(c);
    case ChunkType.I_FORWARD_TSN:
      return iforwardTsnValueLength(c);
    case ChunkType.RE_CONFIG:
      return reconfigValueLength(c);
    case 'unknown':
      return c.value.length;
  }
}

/** Bytes a chunk takes on the wire, padding included. */
export function chunkEncodedLength(c: Chunk): number {
  return pad4(4 + valueLength(c));
}

/**
 * Writes a chunk (header, value, zero padding) at `off` of `dst`; `dv` is a
 * DataView over exactly `dst`. Returns the offset after the padded chunk.
 */
export function encodeChunkInto(c: Chunk, dst: Uint8Array, dv: DataView, off: number): number {
  const vlen = valueLength(c);
  let type: number;
  let flags = 0;
  const v = off + 4;
  switch (c.type) {
    case ChunkType.DATA:
      type = c.type;
      flags = c.flags & 0x0f;
      writeDataValue(c, dst, dv, v);
      break;
    case ChunkType.I_DATA:
      type = c.type;
      flags = c.flags & 0x0f;
      writeIDataValue(c, dst, dv, v);
      break;
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      type = c.type;
      writeInitValue(c, dst, dv, v);
      break;
    case ChunkType.SACK:
      type = c.type;
      writeSackValue(c, dst, dv, v);
      break;
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      type = c.type;
      writeHeartbeatValue(c, dst, dv, v);
      break;
    case ChunkType.ABORT:
      type = c.type;
      flags = c.reflected ? 1 : 0;
      writeErrorValue(c, dst, dv, v);
      break;
    case ChunkType.ERROR:
      type = c.type;
      writeErrorValue(c, dst, dv, v);
      break;
    case ChunkType.SHUTDOWN:
      type = c.type;
      writeShutdownValue(c, dst, dv, v);
      break;
    case ChunkType.SHUTDOWN_ACK:
    case ChunkType.COOKIE_ACK:
      type = c.type;
      break;
    case ChunkType.SHUTDOWN_COMPLETE:
      type = c.type;
      flags = c.reflected ? 1 : 0;
      break;
    case ChunkType.COOKIE_ECHO:
      type = c.type;
      dst.set(c.cookie, v);
      break;
    case ChunkType.FORWARD_TSN:
      type = c.type;
      writeForwardTsnValue(c, dst, dv, v);
      break;
    case ChunkType.I_FORWARD_TSN:
      type = c.type;
      writeIForwardTsnValue(c, dst, dv, v);
      break;
    case ChunkType.RE_CONFIG:
      type = c.type;
      writeReconfigValue(c, dst, dv, v);
      break;
    case 'unknown':
      type = c.chunkType;
      flags = c.flags;
      dst.set(c.value, v);
      break;
  }
  const len = 4 + vlen;
  dst[off] = type;
  dst[off + 1] = flags;
  dv.setUint16(off + 2, len);
  const end = off + pad4(len);
  for (let i = off + len; i < end; i++) dst[i] = 0;
  return end;
}

/**
 * Decodes the chunk whose value is `b[start, end)` (header already read).
 * Returns undefined when the value is malformed for its type.
 */
export function decodeChunkValue(type: number, flags: number, b: Uint8Array, dv: DataView, start: number, end: number): Chunk | undefined {
  switch (type) {
    case ChunkType.DATA:
      return readData(b, dv, start, end, flags);
    case ChunkType.I_DATA:
      return readIData(b, dv, start, end, flags);
    case ChunkType.INIT:
      return readInit(b, dv, start, end);
    case ChunkType.INIT_ACK:
      return readInitAck(b, dv, start, end);
    case ChunkType.SACK:
      return readSack(b, dv, start, end);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return readHeartbeat(type, b, start, end);
    case ChunkType.ABORT:
      return readAbort(b, start, end, flags);
    case ChunkType.ERROR:
      return readError(b, start, end);
    case ChunkType.SHUTDOWN:
      return readShutdown(dv, start, end);
    case ChunkType.SHUTDOWN_ACK:
      return end === start ? { type: ChunkType.SHUTDOWN_ACK } : undefined;
    case ChunkType.COOKIE_ACK:
      return end === start ? { type: ChunkType.COOKIE_ACK } : undefined;
    case ChunkType.SHUTDOWN_COMPLETE:
      return end === start ? { type: ChunkType.SHUTDOWN_COMPLETE, reflected: (flags & 1) !== 0 } : undefined;
    case ChunkType.COOKIE_ECHO:
      return { type: ChunkType.COOKIE_ECHO, cookie: b.subarray(start, end) };
    case ChunkType.FORWARD_TSN:
      return readForwardTsn(dv, start, end);
    case ChunkType.I_FORWARD_TSN:
      return readIForwardTsn(dv, start, end);
    case ChunkType.RE_CONFIG:
      return readReconfig(b, start, end);
    default:
      return { type: 'unknown', chunkType: type, flags, value: b.subarray(start, end) };
  }
}

/** Encodes one chunk into a fresh, exactly sized buffer. */
export function encodeChunk(c: Chunk): Uint8Array {
  const out = new Uint8Array(chunkEncodedLength(c));
  encodeChunkInto(c, out, new DataView(out.buffer), 0);
  return out;
}

/** Decodes one chunk from the start of `b`; undefined when malformed. */
export function decodeChunk(b: Uint8Array): Chunk | undefined {
  if (b.length < 4) return undefined;
  const len = (b[2]! << 8) | b[3]!;
  if (len < 4 || len > b.length) return undefined;
  return decodeChunkValue(b[0]!, b[1]!, b, new DataView(b.buffer, b.byteOffset, b.byteLength), 4, len);
}
