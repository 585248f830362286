/**
 * Certificate (RFC 5246 §7.4.2, §7.4.6):
 *
 *   opaque ASN.1Cert<1..2^24-1>;
 *   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 *
 * The sender's certificate comes first. An empty list is how a client
 * declines a CertificateRequest.
 */
import { ByteReader, ByteWriter } from '@purertc/common';

/** A Certificate message: DER certificates, end-entity first. */
export interface CertificateMessage {
  certificates: Uint8Array[];
}

/** Encodes a Certificate body. */
export function encodeCertificate(m: CertificateMessage): Uint8Array {
  let n = 0;
  for (const c of m.certificates) n += 3 + c.length;
  const out = new Uint8Array(3 + n);
  const w = new ByteWriter(out).u24(n);
  for (const c of m.certificates) w.u24(c.length).write(c);
  return out;
}

/** Decodes a Certificate body; undefined if malformed. Certificates are copied. */
export function decodeCertificate(body: Uint8Array): CertificateMessage | undefined {
  const r = new ByteReader(body);
  const total = r.u24();
  if (total !== r.remaining) return undefined;
  const certificates: Uint8Array[] = [];
  while (r.remaining > 0) {
    const len = r.u24();
    if (len === 0) return undefined;
    const c = r.bytesView(len);
    if (r.overflow) return undefined;
    certificates.push(c.slice());
  }
  return r.overflow ? undefined : { certificates };
}
