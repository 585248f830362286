/**
 * ServerHello (RFC 5246 §7.4.1.3):
 *
 *   struct {
 *     ProtocolVersion server_version;
 *     Random random;
 *     SessionID session_id;
 *     CipherSuite cipher_suite;
 *     CompressionMethod compression_method;
 *     select (extensions_present) { case true: Extension extensions<0..2^16-1>; };
 *   } ServerHello;
 */
import { ByteReader, ByteWriter, concatBytes } from '@purertc/common';
import { decodeExtensions, encodeExtensions, type HelloExtensions } from './extensions.js';

/** A ServerHello. */
export interface ServerHello {
  serverVersion: number;
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuite: number;
  compressionMethod: number;
  extensions: HelloExtensions;
}

/** Encodes a ServerHello body. */
export function encodeServerHello(m: ServerHello): Uint8Array {
  const head = new Uint8Array(2 + 32 + 1 + m.sessionId.length + 3);
  new ByteWriter(head).u16(m.serverVersion).write(m.random).u8(m.sessionId.length).write(m.sessionId).u16(m.cipherSuite).u8(m.compressionMethod);
  return concatBytes([head, encodeExtensions(m.extensions)]);
}

/** Decodes a ServerHello body; undefined if malformed. */
export function decodeServerHello(body: Uint8Array): ServerHello | undefined {
  const r = new ByteReader(body);
  const serverVersion = r.u16();
  const random = r.bytesView(32).slice();
  const sidLen = r.u8();
  if (sidLen > 32) return undefined;
  const sessionId = r.bytesView(sidLen).slice();
  const cipherSuite = r.u16();
  const compressionMethod = r.u8();
  if (r.overflow) return undefined;
  const extensions = decodeExtensions(r);
  if (!extensions || r.overflow) return undefined;
  return { serverVersion, random, sessionId, cipherSuite, compressionMethod, extensions };
}
