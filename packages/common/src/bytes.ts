/**
 * Byte reading and writing over `Uint8Array` + `DataView`.
 *
 * Parsers use {@link ByteReader}, which never throws: every read past the end
 * sets {@link ByteReader.overflow} and returns 0 / an empty view, so a decoder
 * checks one flag at the end instead of wrapping every read in try/catch.
 * Encoders use {@link ByteWriter} over a caller-provided buffer.
 */

/** A `DataView` over exactly the bytes of `u8` (never over the bare `.buffer`). */
export function viewOf(u8: Uint8Array): DataView {
  return new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** Sequential big-endian reader. Returned byte ranges are `subarray` views. */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Current read position, relative to the start of {@link bytes}. */
  offset = 0;
  /** Set once any read ran past the end; the read returned 0 or an empty view. */
  overflow = false;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.view = viewOf(bytes);
    this.offset = offset;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.bytes.length) {
      this.overflow = true;
      this.offset = this.bytes.length;
      return -1;
    }
    this.offset = at + n;
    return at;
  }

  u8(): number {
    const at = this.take(1);
    return at < 0 ? 0 : this.bytes[at]!;
  }
  u16(): number {
    const at = this.take(2);
    return at < 0 ? 0 : this.view.getUint16(at);
  }
  u24(): number {
    const at = this.take(3);
    return at < 0 ? 0 : (this.bytes[at]! << 16) | this.view.getUint16(at + 1);
  }
  u32(): number {
    const at = this.take(4);
    return at < 0 ? 0 : this.view.getUint32(at);
  }
  /** 48-bit unsigned integer (exact in a JS number). */
  u48(): number {
    const at = this.take(6);
    return at < 0 ? 0 : this.view.getUint16(at) * 0x1_0000_0000 + this.view.getUint32(at + 2);
  }
  u64(): bigint {
    const at = this.take(8);
    return at < 0 ? 0n : this.view.getBigUint64(at);
  }
  /** A view of the next `n` bytes (borrowed: valid while the input is). */
  bytesView(n: number): Uint8Array {
    const at = this.take(n);
    return at < 0 ? new Uint8Array(0) : this.bytes.subarray(at, at + n);
  }
  /** The rest of the input as a view. */
  rest(): Uint8Array {
    const at = this.offset;
    this.offset = this.bytes.length;
    return this.bytes.subarray(at);
  }
  skip(n: number): void {
    this.take(n);
  }
}

/**
 * Sequential big-endian writer into a caller-provided buffer. Writing past the
 * end is a programming error (the caller sized the buffer with
 * `encodedLength`), so it throws a RangeError.
 */
export class ByteWriter {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.view = viewOf(bytes);
    this.offset = offset;
  }

  private advance(n: number): number {
    const at = this.offset;
    if (at + n > this.bytes.length) {
      throw new RangeError(`ByteWriter: writing ${n} bytes at ${at} overflows a ${this.bytes.length}-byte buffer`);
    }
    this.offset = at + n;
    return at;
  }

  u8(v: number): this {
    this.bytes[this.advance(1)] = v;
    return this;
  }
  u16(v: number): this {
    this.view.setUint16(this.advance(2), v);
    return this;
  }
  u24(v: number): this {
    const at = this.advance(3);
    this.bytes[at] = (v >>> 16) & 0xff;
    this.view.setUint16(at + 1, v & 0xffff);
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.advance(4), v >>> 0);
    return this;
  }
  u48(v: number): this {
    const at = this.advance(6);
    this.view.setUint16(at, Math.floor(v / 0x1_0000_0000) & 0xffff);
    this.view.setUint32(at + 2, v >>> 0);
    return this;
  }
  u64(v: bigint): this {
    this.view.setBigUint64(this.advance(8), v);
    return this;
  }
  write(src: Uint8Array): this {
    this.bytes.set(src, this.advance(src.length));
    return this;
  }
  /** Writes `n` zero bytes. */
  zeros(n: number): this {
    const at = this.advance(n);
    this.bytes.fill(0, at, at + n);
    return this;
  }
}

/** Joins byte arrays once (for non-hot paths and reassembly: collect, then join). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time comparison of two byte arrays (for MACs and tags). */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Plain byte equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
