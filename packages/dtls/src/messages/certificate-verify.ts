/**
 * CertificateVerify (RFC 5246 §7.4.8):
 *
 *   struct {
 *     digitally-signed struct { opaque handshake_messages[handshake_messages_length]; }
 *   } CertificateVerify;
 *
 * handshake_messages: every handshake message sent or received from the
 * ClientHello up to (not including) this one, with DTLS headers as if
 * unfragmented (RFC 6347 §4.2.6).
 */
import { ByteReader, ByteWriter } from '@purertc/common';

/** A CertificateVerify. */
export interface CertificateVerify {
  signatureAlgorithm: number;
  signature: Uint8Array;
}

/** Encodes a CertificateVerify body. */
export function encodeCertificateVerify(m: CertificateVerify): Uint8Array {
  const out = new Uint8Array(4 + m.signature.length);
  new ByteWriter(out).u16(m.signatureAlgorithm).u16(m.signature.length).write(m.signature);
  return out;
}

/** Decodes a CertificateVerify body; undefined if malformed. */
export function decodeCertificateVerify(body: Uint8Array): CertificateVerify | undefined {
  const r = new ByteReader(body);
  const signatureAlgorithm = r.u16();
  const signature = r.bytesView(r.u16()).slice();
  if (r.overflow || r.remaining !== 0) return undefined;
  return { signatureAlgorithm, signature };
}
