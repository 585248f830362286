/**
 * AV1 RTP payload format (AOM "RTP Payload Format For AV1", v1.0.0).
 *
 * Aggregation header (§4.4), then OBU elements (§4.3):
 * ```
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|
 * +-+-+-+-+-+-+-+-+
 * ```
 * Z: the first OBU element continues an OBU fragment of the previous packet.
 * Y: the last OBU element continues in the next packet.
 * W: number of OBU elements; 0 = each element is preceded by its LEB128
 *    length, 1-3 = every element but the last has a length field.
 * N: first packet of a coded video sequence (a key frame with a sequence header).
 *
 * Frames are temporal units in the low-overhead bitstream format (AV1 spec
 * §5.2: OBUs with `obu_has_size_field` = 1). The packetizer drops temporal
 * delimiter and tile list OBUs (§5: not transmitted) and clears
 * `obu_has_size_field` (the element length carries it); the depacketizer
 * puts both back, so a temporal unit round-trips byte for byte.
 *
 * OBU header (AV1 spec §5.3.2):
 * `|0|type(4)|X|S|0|` and, when X, `|temporal_id(3)|spatial_id(2)|0(3)|`
 */
import { checkMaxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE, type Depacketizer, type Packetizer } from './payload-format.js';

/** OBU types (AV1 spec §6.2.2). */
export const Av1ObuType = { SequenceHeader: 1, TemporalDelimiter: 2, FrameHeader: 3, TileGroup: 4, Metadata: 5, Frame: 6, RedundantFrameHeader: 7, TileList: 8, Padding: 15 } as const;

/** Bytes LEB128 needs for `v`. */
export function leb128Length(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes `v` as LEB128 at `o`; returns the offset after it. */
export function writeLeb128(dst: Uint8Array, o: number, v: number): number {
  while (v >= 0x80) {
    dst[o++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  dst[o++] = v;
  return o;
}

/**
 * Reads LEB128 at `o` (AV1 spec §4.10.5: at most 8 bytes, value < 2^32).
 * Returns the value, with the bytes used in `leb.length`; -1 when malformed.
 */
export function readLeb128(src: Uint8Array, o: number, end: number): number {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    if (o + i >= end) return -1;
    const b = src[o + i]!;
    v += (b & 0x7f) * 2 ** (7 * i);
    if (!(b & 0x80)) {
      leb.length = i + 1;
      return v > 0xffffffff ? -1 : v;
    }
  }
  return -1;
}
/** Side channel of {@link readLeb128}: bytes consumed by the last successful read. */
export const leb = { length: 0 };

/** One OBU of a temporal unit: where its header and payload are. */
interface Obu {
  /** Header byte with obu_has_size_field cleared. */
  header: number;
  /** Extension byte, or -1. */
  ext: number;
  payload: Uint8Array;
  /** Element length: header (1-2) + payload. */
  length: number;
}

/**
 * Parses a temporal unit (low-overhead format) into OBUs; undefined when
 * malformed. An OBU without a size field runs to the end.
 */
export function parseAv1TemporalUnit(tu: Uint8Array): { type: number; header: Uint8Array; payload: Uint8Array }[] | undefined {
  const out: { type: number; header: Uint8Array; payload: Uint8Array }[] = [];
  let o = 0;
  while (o < tu.length) {
    const h = tu[o]!;
    if (h & 0x80) return undefined; // obu_forbidden_bit
    const hl = h & 0x04 ? 2 : 1;
    if (o + hl > tu.length) return undefined;
    let p = o + hl;
    let size: number;
    if (h & 0x02) {
      size = readLeb128(tu, p, tu.length);
      if (size < 0) return undefined;
      p += leb.length;
    } else {
      size = tu.length - p;
    }
    if (p + size > tu.length) return undefined;
    out.push({ type: (h >> 3) & 0x0f, header: tu.subarray(o, o + hl), payload: tu.subarray(p, p + size) });
    o = p + size;
  }
  return out;
}

/** Options of {@link Av1Packetizer}. */
export interface Av1PacketizerOptions {
  /** Default 1200. */
  maxPayloadSize?: number;
}

/** AV1 packetizer: aggregates small OBUs, fragments large ones. */
export class Av1Packetizer implements Packetizer {
  private readonly max: number;
  constructor(options: Av1PacketizerOptions = {}) {
    this.max = checkMaxPayloadSize(options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE, 8);
  }

  /** Packetizes one temporal unit; throws a RangeError when it is not a valid OBU sequence (caller's input). */
  packetize(tu: Uint8Array): Uint8Array[] {
    const parsed = parseAv1TemporalUnit(tu);
    if (!parsed) throw new RangeError('AV1: the temporal unit is not a valid OBU sequence');
    const obus: Obu[] = [];
    let newSequence = false;
    for (const x of parsed) {
      // §5: temporal delimiters and tile lists are not transmitted.
      if (x.type === Av1ObuType.TemporalDelimiter || x.type === Av1ObuType.TileList) continue;
      if (x.type === Av1ObuType.SequenceHeader) newSequence = true;
      const hl = x.header.length;
      obus.push({ header: x.header[0]! & ~0x02, ext: hl === 2 ? x.header[1]! : -1, payload: x.payload, length: hl + x.payload.length });
    }
    // Plan segments: [obu index, offset in element, length] per packet.
    const packets: number[][] = [];
    let cur: number[] = [];
    let size = 1;
    const max = this.max;
    for (let i = 0; i < obus.length; i++) {
      const L = obus[i]!.length;
      let off = 0;
      while (off < L) {
        const room = max - size;
        const rem = L - off;
        if (leb128Length(rem) + rem <= room) {
          cur.push(i, off, rem);
          size += leb128Length(rem) + rem;
          off = L;
        } else if (room >= 4) {
          // Fill the packet with a fragment; it is the last element of the packet (Y=1).
          let f = room - leb128Length(room);
          while (leb128Length(f) + f > room) f--;
          cur.push(i, off, f);
          off += f;
          packets.push(cur);
          cur = [];
          size = 1;
        } else {
          packets.push(cur);
          cur = [];
          size = 1;
        }
      }
    }
    if (cur.length > 0 || packets.length === 0) packets.push(cur);
    const out: Uint8Array[] = [];
    for (let k = 0; k < packets.length; k++) {
      const segs = packets[k]!;
      const n = segs.length / 3;
      const w = n <= 3 ? n : 0;
      let len = 1;
      for (let s = 0; s < n; s++) {
        const l = segs[s * 3 + 2]!;
        len += l + (w !== 0 && s === n - 1 ? 0 : leb128Length(l));
      }
      const p = new Uint8Array(len);
      const z = n > 0 && segs[1]! > 0;
      const lastObu = n > 0 ? obus[segs[(n - 1) * 3]!]! : undefined;
      const y = n > 0 && segs[(n - 1) * 3 + 1]! + segs[(n - 1) * 3 + 2]! < lastObu!.length;
      p[0] = (z ? 0x80 : 0) | (y ? 0x40 : 0) | (w << 4) | (k === 0 && newSequence ? 0x08 : 0);
      let o = 1;
      for (let s = 0; s < n; s++) {
        const obu = obus[segs[s * 3]!]!;
        const off = segs[s * 3 + 1]!;
        const l = segs[s * 3 + 2]!;
        if (!(w !== 0 && s === n - 1)) o = writeLeb128(p, o, l);
        o = writeElementBytes(obu, off, l, p, o);
      }
      out.push(p);
    }
    return out;
  }
}

/** Copies bytes [off, off+len) of an OBU element (header, extension, payload) to dst. */
function writeElementBytes(obu: Obu, off: number, len: number, dst: Uint8Array, o: number): number {
  const hl = obu.ext >= 0 ? 2 : 1;
  let i = off;
  const end = off + len;
  while (i < end && i < hl) {
    dst[o++] = i === 0 ? obu.header : obu.ext;
    i++;
  }
  if (i < end) {
    dst.set(obu.payload.subarray(i - hl, end - hl), o);
    o += end - i;
  }
  return o;
}

/** True when the payload starts a coded video sequence (N=1) or opens with a sequence header OBU. */
export function isAv1Keyframe(payload: Uint8Array): boolean {
  if (payload.length < 2) return false;
  const a = payload[0]!;
  if (a & 0x08) return true;
  if (a & 0x80) return false;
  // first element: with a length field unless W = 1
  let o = 1;
  if (((a >> 4) & 3) !== 1) {
    if (readLeb128(payload, 1, payload.length) < 0) return false;
    o += leb.length;
  }
  return o < payload.length && ((payload[o]! >> 3) & 0x0f) === Av1ObuType.SequenceHeader;
}

const TEMPORAL_DELIMITER = [0x12, 0x00];

/** AV1 depacketizer: RTP payloads → temporal unit (TD + OBUs with size fields). */
export class Av1Depacketizer implements Depacketizer {
  /** Z=1 continues a fragment: not a start; N=1 starts a coded video sequence; otherwise unknown. */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    if (payload.length < 1) return undefined;
    if (payload[0]! & 0x80) return false;
    if (payload[0]! & 0x08) return true;
    return undefined;
  }
  isFrameEnd(): boolean {
    return false;
  }
  isKeyframe(payload: Uint8Array): boolean {
    return isAv1Keyframe(payload);
  }

  /**
   * Two passes: the first lists the element segments and OBU sizes and checks
   * the Z/Y chain, the second writes each OBU once with its size field.
   */
  depacketize(payloads: readonly Uint8Array[]): Uint8Array | undefined {
    // segs: packet index, start, length (flat); obus: first segment, segment count, total length (flat)
    const segs: number[] = [];
    const obus: number[] = [];
    let open = false; // an OBU fragment continues into the next packet
    for (let k = 0; k < payloads.length; k++) {
      const p = payloads[k]!;
      if (p.length < 1) return undefined;
      const a = p[0]!;
      const z = (a & 0x80) !== 0;
      const y = (a & 0x40) !== 0;
      const w = (a >> 4) & 3;
      if (z !== open) return undefined;
      let o = 1;
      let e = 0;
      while (o < p.length || (w !== 0 && e < w)) {
        let len: number;
        if (w !== 0 && e === w - 1) {
          len = p.length - o;
        } else {
          len = readLeb128(p, o, p.length);
          if (len < 0) return undefined;
          o += leb.length;
        }
        if (o + len > p.length) return undefined;
        const continuation = e === 0 && z;
        if (len === 0 && !continuation) return undefined;
        if (continuation) {
          obus[obus.length - 2]!++;
          obus[obus.length - 1]! += len;
        } else {
          obus.push(segs.length / 3, 1, len);
        }
        segs.push(k, o, len);
        o += len;
        e++;
        if (w !== 0 && e === w) break;
      }
      if (o !== p.length || (w !== 0 && e !== w)) return undefined;
      if (e === 0 && (z || y)) return undefined;
      open = y;
    }
    if (open) return undefined;
    // Size the output: TD + per OBU header + size field + payload.
    let total = TEMPORAL_DELIMITER.length;
    const nObu = obus.length / 3;
    for (let i = 0; i < nObu; i++) {
      const first = obus[i * 3]!;
      const h = payloads[segs[first * 3]!]![segs[first * 3 + 1]!]!;
      const all = obus[i * 3 + 2]!;
      if (h & 0x80) return undefined;
      if (h & 0x02) {
        total += all; // already carries its size field: copy as is
        continue;
      }
      const hl = h & 0x04 ? 2 : 1;
      if (all < hl) return undefined;
      total += hl + leb128Length(all - hl) + (all - hl);
    }
    const out = new Uint8Array(total);
    out[0] = TEMPORAL_DELIMITER[0]!;
    out[1] = TEMPORAL_DELIMITER[1]!;
    let o = 2;
    for (let i = 0; i < nObu; i++) {
      const first = obus[i * 3]!;
      const count = obus[i * 3 + 1]!;
      const all = obus[i * 3 + 2]!;
      const h = payloads[segs[first * 3]!]![segs[first * 3 + 1]!]!;
      const keepAsIs = (h & 0x02) !== 0;
      const hl = h & 0x04 ? 2 : 1;
      let skip = 0; // element bytes already written (the header)
      if (!keepAsIs) {
        // Header (and extension, possibly in the next segment) with obu_has_size_field set.
        out[o++] = h | 0x02;
        if (hl === 2) out[o++] = byteAt(payloads, segs, first, count, 1);
        o = writeLeb128(out, o, all - hl);
        skip = hl;
      }
      for (let s = first; s < first + count; s++) {
        const p = payloads[segs[s * 3]!]!;
        let st = segs[s * 3 + 1]!;
        let len = segs[s * 3 + 2]!;
        const drop = Math.min(skip, len);
        st += drop;
        len -= drop;
        skip -= drop;
        if (len > 0) {
          out.set(p.subarray(st, st + len), o);
          o += len;
        }
      }
    }
    return out;
  }
}

/** Byte `i` of an OBU spread over segments. */
function byteAt(payloads: readonly Uint8Array[], segs: number[], first: number, count: number, i: number): number {
  for (let s = first; s < first + count; s++) {
    const len = segs[s * 3 + 2]!;
    if (i < len) return payloads[segs[s * 3]!]![segs[s * 3 + 1]! + i]!;
    i -= len;
  }
  return 0;
}
