/**
 * HelloVerifyRequest (RFC 6347 §4.2.1):
 *
 *   struct {
 *     ProtocolVersion server_version;
 *     opaque cookie<0..2^8-1>;
 *   } HelloVerifyRequest;
 */
import { ByteReader, ByteWriter } from '@purertc/common';

/** A HelloVerifyRequest. */
export interface HelloVerifyRequest {
  serverVersion: number;
  cookie: Uint8Array;
}

/** Encodes a HelloVerifyRequest body. */
export function encodeHelloVerifyRequest(m: HelloVerifyRequest): Uint8Array {
  const out = new Uint8Array(3 + m.cookie.length);
  new ByteWriter(out).u16(m.serverVersion).u8(m.cookie.length).write(m.cookie);
  return out;
}

/** Decodes a HelloVerifyRequest body; undefined if malformed (RFC 6347: cookie at most 255 bytes). */
export function decodeHelloVerifyRequest(body: Uint8Array): HelloVerifyRequest | undefined {
  const r = new ByteReader(body);
  const serverVersion = r.u16();
  const cookie = r.bytesView(r.u8()).slice();
  if (r.overflow || r.remaining !== 0) return undefined;
  return { serverVersion, cookie };
}
