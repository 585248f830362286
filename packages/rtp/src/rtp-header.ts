/**
 * RTP fixed header (RFC 3550 §5.1) with CSRCs, padding and RFC 8285 header
 * extensions (one-byte and two-byte forms).
 *
 * Two ways in:
 * - {@link RtpView}: lazy. `parse()` records offsets only (no allocation when
 *   the view is reused); fields are read from the bytes on demand; an
 *   extension is found by id without allocating; seq/timestamp/SSRC/PT/marker
 *   are rewritten in place. This is the forwarding hot path.
 * - {@link decodeRtp} / {@link encodeRtp}: a plain {@link RtpPacket} object,
 *   for building packets and for tests.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |   (X=1, RFC 3550 §5.3.1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */

/** "defined by profile" value of the RFC 8285 §4.2 one-byte header form. */
export const RTP_EXTENSION_ONE_BYTE = 0xbede;
/** "defined by profile" value of the RFC 8285 §4.3 two-byte form (low 4 bits: appbits). */
export const RTP_EXTENSION_TWO_BYTE = 0x1000;

/** Size of the fixed RTP header. */
export const RTP_FIXED_HEADER_LENGTH = 12;

/** True when `profile` is the RFC 8285 two-byte form (0x100 followed by 4 appbits). */
export function isTwoByteProfile(profile: number): boolean {
  return (profile & 0xfff0) === RTP_EXTENSION_TWO_BYTE;
}

/** One RFC 8285 header extension element. */
export interface RtpExtension {
  /** Local identifier: 1-14 in the one-byte form, 1-255 in the two-byte form. */
  id: number;
  /** Element data (1-16 bytes one-byte form, 0-255 two-byte form). A view when decoded. */
  value: Uint8Array;
}

/** An RTP header as a plain object. */
export interface RtpHeader {
  marker: boolean;
  /** 7-bit payload type. */
  payloadType: number;
  /** 16-bit sequence number. */
  sequenceNumber: number;
  /** 32-bit media timestamp. */
  timestamp: number;
  /** 32-bit synchronization source. */
  ssrc: number;
  /** Contributing sources (at most 15). */
  csrcs: number[];
  /**
   * The 16-bit "defined by profile" field when X=1; undefined when there is no
   * header extension. When encoding with `undefined` and non-empty
   * `extensions`, the one-byte form is used when every element fits it,
   * the two-byte form otherwise.
   */
  extensionProfile?: number | undefined;
  /** RFC 8285 elements (one-byte and two-byte forms), in wire order. */
  extensions: RtpExtension[];
  /** Raw extension data for any other profile (length a multiple of 4). */
  extensionData?: Uint8Array | undefined;
  /** Padding octets at the end of the packet, including the count octet (0: none; RFC 3550 §5.1 P bit). */
  paddingLength: number;
}

/** An RTP packet as a plain object. */
export interface RtpPacket {
  header: RtpHeader;
  payload: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * A lazy, reusable view over one RTP packet. `parse()` validates the layout
 * (version, lengths, padding) and records offsets; nothing else is decoded
 * until asked. The bytes are borrowed: setters write into them.
 */
export class RtpView {
  /** The packet bytes (borrowed). */
  bytes: Uint8Array = EMPTY;
  /** Offset of the 4-byte extension header ("defined by profile" + length), or -1. */
  extensionOffset = -1;
  /** Length of the extension data in bytes, after the 4-byte extension header. */
  extensionLength = 0;
  /** Offset of the payload. */
  payloadOffset = 0;
  /** Payload length in bytes (padding excluded). */
  payloadLength = 0;
  /** Padding length in bytes including the count octet (0 when P=0). */
  paddingLength = 0;
  /** Length of the value found by the last successful {@link findExtension}. */
  foundLength = 0;

  /** Parses `bytes` into a new view; undefined when it is not a valid RTP packet. */
  static from(bytes: Uint8Array): RtpView | undefined {
    const v = new RtpView();
    return v.parse(bytes) ? v : undefined;
  }

  /**
   * Points this view at `bytes`. Returns false (and leaves the view unusable)
   * when the bytes are not a valid RTP packet (RFC 3550 Appendix A.1 checks).
   */
  parse(bytes: Uint8Array): boolean {
    const n = bytes.length;
    if (n < 12) return false;
    const b0 = bytes[0]!;
    if (b0 >> 6 !== 2) return false;
    let off = 12 + (b0 & 0x0f) * 4;
    let extOff = -1;
    let extLen = 0;
    if (b0 & 0x10) {
      if (off + 4 > n) return false;
      extOff = off;
      extLen = ((bytes[off + 2]! << 8) | bytes[off + 3]!) * 4;
      off += 4 + extLen;
    }
    if (off > n) return false;
    let pad = 0;
    if (b0 & 0x20) {
      pad = bytes[n - 1]!;
      // The count includes itself, so it is at least 1, and cannot reach into the header.
      if (pad === 0 || off + pad > n) return false;
    }
    this.bytes = bytes;
    this.extensionOffset = extOff;
    this.extensionLength = extLen;
    this.payloadOffset = off;
    this.payloadLength = n - off - pad;
    this.paddingLength = pad;
    return true;
  }

  get version(): number {
    return this.bytes[0]! >> 6;
  }
  get padding(): boolean {
    return (this.bytes[0]! & 0x20) !== 0;
  }
  get hasExtension(): boolean {
    return this.extensionOffset >= 0;
  }
  get csrcCount(): number {
    return this.bytes[0]! & 0x0f;
  }
  get marker(): boolean {
    return (this.bytes[1]! & 0x80) !== 0;
  }
  get payloadType(): number {
    return this.bytes[1]! & 0x7f;
  }
  get sequenceNumber(): number {
    const b = this.bytes;
    return (b[2]! << 8) | b[3]!;
  }
  get timestamp(): number {
    const b = this.bytes;
    return ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
  }
  get ssrc(): number {
    const b = this.bytes;
    return ((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0;
  }
  /** The i-th CSRC. */
  csrc(i: number): number {
    const b = this.bytes;
    const o = 12 + i * 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }
  /** The "defined by profile" field of the extension header (0 without one). */
  get extensionProfile(): number {
    const o = this.extensionOffset;
    return o < 0 ? 0 : (this.bytes[o]! << 8) | this.bytes[o + 1]!;
  }
  /** Length of the header (fixed part, CSRCs and extension). */
  get headerLength(): number {
    return this.payloadOffset;
  }
  /** The payload as a view (allocates the view object). */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.payloadOffset, this.payloadOffset + this.payloadLength);
  }

  /**
   * Finds header extension `id` (RFC 8285 one-byte or two-byte form) and
   * returns the offset of its value in {@link bytes}, or -1. The value's
   * length is left in {@link foundLength}. Allocates nothing.
   */
  findExtension(id: number): number {
    const o = this.extensionOffset;
    if (o < 0) return -1;
    const b = this.bytes;
    const profile = (b[o]! << 8) | b[o + 1]!;
    let i = o + 4;
    const end = i + this.extensionLength;
    if (profile === RTP_EXTENSION_ONE_BYTE) {
      // RFC 8285 §4.2: ID(4) L(4), L+1 data bytes; ID 0 is a padding byte; ID 15 stops processing.
      while (i < end) {
        const h = b[i]!;
        const eid = h >> 4;
        if (h === 0) {
          i++;
          continue;
        }
        // ID 15 stops processing; ID 0 with a length is not valid padding.
        if (eid === 15 || eid === 0) return -1;
        const len = (h & 0x0f) + 1;
        if (i + 1 + len > end) return -1;
        if (eid === id) {
          this.foundLength = len;
          return i + 1;
        }
        i += 1 + len;
      }
      return -1;
    }
    if ((profile & 0xfff0) === RTP_EXTENSION_TWO_BYTE) {
      // RFC 8285 §4.3: ID(8) L(8), L data bytes; a zero byte is padding.
      while (i < end) {
        const eid = b[i]!;
        if (eid === 0) {
          i++;
          continue;
        }
        if (i + 2 > end) return -1;
        const len = b[i + 1]!;
        if (i + 2 + len > end) return -1;
        if (eid === id) {
          this.foundLength = len;
          return i + 2;
        }
        i += 2 + len;
      }
    }
    return -1;
  }

  /** Header extension `id` as a view, or undefined. */
  extension(id: number): Uint8Array | undefined {
    const at = this.findExtension(id);
    return at < 0 ? undefined : this.bytes.subarray(at, at + this.foundLength);
  }

  /** Rewrites the marker bit in place. */
  setMarker(m: boolean): void {
    this.bytes[1] = (this.bytes[1]! & 0x7f) | (m ? 0x80 : 0);
  }
  /** Rewrites the payload type in place. */
  setPayloadType(pt: number): void {
    this.bytes[1] = (this.bytes[1]! & 0x80) | (pt & 0x7f);
  }
  /** Rewrites the sequence number in place. */
  setSequenceNumber(seq: number): void {
    this.bytes[2] = (seq >> 8) & 0xff;
    this.bytes[3] = seq & 0xff;
  }
  /** Rewrites the timestamp in place. */
  setTimestamp(ts: number): void {
    writeU32(this.bytes, 4, ts);
  }
  /** Rewrites the SSRC in place. */
  setSsrc(ssrc: number): void {
    writeU32(this.bytes, 8, ssrc);
  }

  /** Decodes everything into a plain {@link RtpPacket} (values are views); undefined if the extension block is malformed. */
  toPacket(): RtpPacket | undefined {
    const b = this.bytes;
    const cc = b[0]! & 0x0f;
    const csrcs: number[] = [];
    for (let i = 0; i < cc; i++) csrcs.push(this.csrc(i));
    const header: RtpHeader = {
      marker: this.marker,
      payloadType: this.payloadType,
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      csrcs,
      extensionProfile: undefined,
      extensions: [],
      extensionData: undefined,
      paddingLength: this.paddingLength,
    };
    if (this.extensionOffset >= 0) {
      const profile = this.extensionProfile;
      header.extensionProfile = profile;
      const data = b.subarray(this.extensionOffset + 4, this.extensionOffset + 4 + this.extensionLength);
      if (profile === RTP_EXTENSION_ONE_BYTE || isTwoByteProfile(profile)) {
        if (!decodeExtensionElements(data, profile === RTP_EXTENSION_ONE_BYTE, header.extensions)) return undefined;
      } else {
        header.extensionData = data;
      }
    }
    return { header, payload: this.payload };
  }
}

/** Parses the RFC 8285 elements of `data` into `out`; false when malformed. */
function decodeExtensionElements(data: Uint8Array, oneByte: boolean, out: RtpExtension[]): boolean {
  let i = 0;
  const end = data.length;
  while (i < end) {
    const h = data[i]!;
    if (h === 0) {
      i++;
      continue;
    }
    if (oneByte) {
      const id = h >> 4;
      // RFC 8285 §4.2: ID 15 means "stop processing"; the rest is ignored.
      if (id === 15) return true;
      const len = (h & 0x0f) + 1;
      if (id === 0) {
        // ID 0 with a non-zero length is not valid padding.
        return false;
      }
      if (i + 1 + len > end) return false;
      out.push({ id, value: data.subarray(i + 1, i + 1 + len) });
      i += 1 + len;
    } else {
      if (i + 2 > end) return false;
      const len = data[i + 1]!;
      if (i + 2 + len > end) return false;
      out.push({ id: h, value: data.subarray(i + 2, i + 2 + len) });
      i += 2 + len;
    }
  }
  return true;
}

function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** Decodes an RTP packet into a plain object whose byte fields are views of `bytes`; undefined when invalid. */
export function decodeRtp(bytes: Uint8Array): RtpPacket | undefined {
  const v = new RtpView();
  return v.parse(bytes) ? v.toPacket() : undefined;
}

/** The extension profile {@link encodeRtpInto} writes for `h` (undefined: no extension). */
export function chooseExtensionProfile(h: RtpHeader): number | undefined {
  if (h.extensionProfile !== undefined) return h.extensionProfile;
  if (h.extensions.length === 0) return undefined;
  for (const e of h.extensions) {
    if (e.id < 1 || e.id > 14 || e.value.length < 1 || e.value.length > 16) return RTP_EXTENSION_TWO_BYTE;
  }
  return RTP_EXTENSION_ONE_BYTE;
}

function extensionBodyLength(h: RtpHeader, profile: number): number {
  if (profile === RTP_EXTENSION_ONE_BYTE || isTwoByteProfile(profile)) {
    const per = profile === RTP_EXTENSION_ONE_BYTE ? 1 : 2;
    let n = 0;
    for (const e of h.extensions) n += per + e.value.length;
    return (n + 3) & ~3;
  }
  const d = h.extensionData ?? EMPTY;
  return (d.length + 3) & ~3;
}

/** Header length {@link encodeRtpInto} writes for `h`. */
export function rtpHeaderEncodedLength(h: RtpHeader): number {
  let n = 12 + h.csrcs.length * 4;
  const profile = chooseExtensionProfile(h);
  if (profile !== undefined) n += 4 + extensionBodyLength(h, profile);
  return n;
}

/** Total encoded length of `p` (header, payload, padding). */
export function rtpEncodedLength(p: RtpPacket): number {
  return rtpHeaderEncodedLength(p.header) + p.payload.length + p.header.paddingLength;
}

/**
 * Writes `p` into `dst` at `offset` and returns the number of bytes written.
 * Throws a RangeError on values the wire format cannot carry (a programming
 * error of the caller, not network input).
 */
export function encodeRtpInto(p: RtpPacket, dst: Uint8Array, offset = 0): number {
  const h = p.header;
  const cc = h.csrcs.length;
  if (cc > 15) throw new RangeError('RTP: at most 15 CSRCs');
  if (h.paddingLength < 0 || h.paddingLength > 255) throw new RangeError('RTP: padding length must be 0-255');
  const profile = chooseExtensionProfile(h);
  let o = offset;
  dst[o] = 0x80 | (h.paddingLength > 0 ? 0x20 : 0) | (profile !== undefined ? 0x10 : 0) | cc;
  dst[o + 1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  dst[o + 2] = (h.sequenceNumber >> 8) & 0xff;
  dst[o + 3] = h.sequenceNumber & 0xff;
  writeU32(dst, o + 4, h.timestamp);
  writeU32(dst, o + 8, h.ssrc);
  o += 12;
  for (let i = 0; i < cc; i++, o += 4) writeU32(dst, o, h.csrcs[i]!);
  if (profile !== undefined) {
    const body = extensionBodyLength(h, profile);
    dst[o] = (profile >> 8) & 0xff;
    dst[o + 1] = profile & 0xff;
    dst[o + 2] = (body >> 10) & 0xff;
    dst[o + 3] = (body >> 2) & 0xff;
    o += 4;
    const start = o;
    if (profile === RTP_EXTENSION_ONE_BYTE) {
      for (const e of h.extensions) {
        const len = e.value.length;
        if (e.id < 1 || e.id > 14 || len < 1 || len > 16) throw new RangeError(`RTP: extension ${e.id} (${len} bytes) does not fit the one-byte form`);
        dst[o++] = (e.id << 4) | (len - 1);
        dst.set(e.value, o);
        o += len;
      }
    } else if (isTwoByteProfile(profile)) {
      for (const e of h.extensions) {
        const len = e.value.length;
        if (e.id < 1 || e.id > 255 || len > 255) throw new RangeError(`RTP: extension ${e.id} (${len} bytes) does not fit the two-byte form`);
        dst[o++] = e.id;
        dst[o++] = len;
        dst.set(e.value, o);
        o += len;
      }
    } else if (h.extensionData) {
      dst.set(h.extensionData, o);
      o += h.extensionData.length;
    }
    const end = start + body;
    // RFC 8285 §4.1: padding to a 32-bit boundary with zero bytes.
    while (o < end) dst[o++] = 0;
  }
  dst.set(p.payload, o);
  o += p.payload.length;
  const pad = h.paddingLength;
  if (pad > 0) {
    // RFC 3550 §5.1: the last padding octet counts the padding octets, itself included.
    dst.fill(0, o, o + pad - 1);
    dst[o + pad - 1] = pad;
    o += pad;
  }
  return o - offset;
}

/** Encodes `p` into a new array. */
export function encodeRtp(p: RtpPacket): Uint8Array {
  const out = new Uint8Array(rtpEncodedLength(p));
  encodeRtpInto(p, out, 0);
  return out;
}

/**
 * RFC 5761 §4 / RFC 7983: true when a datagram in the 128-191 first-byte
 * range is RTCP (packet type 192-223 in the second byte) rather than RTP.
 */
export function isRtcpPacket(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const pt = bytes[1]!;
  return pt >= 192 && pt <= 223;
}
