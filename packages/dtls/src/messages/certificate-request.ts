/**
 * CertificateRequest (RFC 5246 §7.4.4):
 *
 *   struct {
 *     ClientCertificateType certificate_types<1..2^8-1>;
 *     SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;
 *     DistinguishedName certificate_authorities<0..2^16-1>;
 *   } CertificateRequest;
 */
import { ByteReader, ByteWriter } from '@purertc/common';

/** A CertificateRequest. */
export interface CertificateRequest {
  certificateTypes: number[];
  signatureAlgorithms: number[];
  /** DER DistinguishedNames (WebRTC sends none). */
  authorities: Uint8Array[];
}

/** Encodes a CertificateRequest body. */
export function encodeCertificateRequest(m: CertificateRequest): Uint8Array {
  let caLen = 0;
  for (const a of m.authorities) caLen += 2 + a.length;
  const out = new Uint8Array(1 + m.certificateTypes.length + 2 + m.signatureAlgorithms.length * 2 + 2 + caLen);
  const w = new ByteWriter(out).u8(m.certificateTypes.length);
  for (const t of m.certificateTypes) w.u8(t);
  w.u16(m.signatureAlgorithms.length * 2);
  for (const s of m.signatureAlgorithms) w.u16(s);
  w.u16(caLen);
  for (const a of m.authorities) w.u16(a.length).write(a);
  return out;
}

/** Decodes a CertificateRequest body; undefined if malformed. */
export function decodeCertificateRequest(body: Uint8Array): CertificateRequest | undefined {
  const r = new ByteReader(body);
  const nt = r.u8();
  if (nt < 1) return undefined;
  const certificateTypes = Array.from(r.bytesView(nt));
  const sl = r.u16();
  if (sl % 2 !== 0 || sl > r.remaining) return undefined;
  const signatureAlgorithms: number[] = [];
  for (let i = 0; i < sl; i += 2) signatureAlgorithms.push(r.u16());
  const cl = r.u16();
  if (cl !== r.remaining) return undefined;
  const authorities: Uint8Array[] = [];
  while (r.remaining > 0 && !r.overflow) authorities.push(r.bytesView(r.u16()).slice());
  if (r.overflow) return undefined;
  return { certificateTypes, signatureAlgorithms, authorities };
}
