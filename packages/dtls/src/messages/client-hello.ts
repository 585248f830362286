/**
 * ClientHello (RFC 6347 §4.2.1 adds the cookie to RFC 5246 §7.4.1.2):
 *
 *   struct {
 *     ProtocolVersion client_version;
 *     Random random;                              // 32 bytes
 *     SessionID session_id;                       // <0..32>
 *     opaque cookie<0..2^8-1>;
 *     CipherSuite cipher_suites<2..2^16-2>;
 *     CompressionMethod compression_methods<1..2^8-1>;
 *     select (extensions_present) { case true: Extension extensions<0..2^16-1>; };
 *   } ClientHello;
 */
import { ByteReader, ByteWriter, concatBytes } from '@purertc/common';
import { decodeExtensions, encodeExtensions, type HelloExtensions } from './extensions.js';

/** A ClientHello. */
export interface ClientHello {
  clientVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cookie: Uint8Array;
  cipherSuites: number[];
  compressionMethods: number[];
  extensions: HelloExtensions;
}

/** Encodes a ClientHello body. */
export function encodeClientHello(m: ClientHello): Uint8Array {
  const head = new Uint8Array(2 + 32 + 1 + m.sessionId.length + 1 + m.cookie.length + 2 + m.cipherSuites.length * 2 + 1 + m.compressionMethods.length);
  const w = new ByteWriter(head);
  w.u16(m.clientVersion).write(m.random).u8(m.sessionId.length).write(m.sessionId).u8(m.cookie.length).write(m.cookie);
  w.u16(m.cipherSuites.length * 2);
  for (const s of m.cipherSuites) w.u16(s);
  w.u8(m.compressionMethods.length);
  for (const c of m.compressionMethods) w.u8(c);
  return concatBytes([head, encodeExtensions(m.extensions)]);
}

/** Decodes a ClientHello body; undefined if malformed. Views are copied. */
export function decodeClientHello(body: Uint8Array): ClientHello | undefined {
  const r = new ByteReader(body);
  const clientVersion = r.u16();
  const random = r.bytesView(32).slice();
  const sidLen = r.u8();
  if (sidLen > 32) return undefined;
  const sessionId = r.bytesView(sidLen).slice();
  const cookie = r.bytesView(r.u8()).slice();
  const csLen = r.u16();
  if (csLen < 2 || csLen % 2 !== 0 || csLen > r.remaining) return undefined;
  const cipherSuites: number[] = [];
  for (let i = 0; i < csLen; i += 2) cipherSuites.push(r.u16());
  const cmLen = r.u8();
  if (cmLen < 1) return undefined;
  const compressionMethods = Array.from(r.bytesView(cmLen));
  if (r.overflow) return undefined;
  const extensions = decodeExtensions(r);
  if (!extensions || r.overflow) return undefined;
  return { clientVersion, random, sessionId, cookie, cipherSuites, compressionMethods, extensions };
}
