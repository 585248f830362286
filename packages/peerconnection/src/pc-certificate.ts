/**
 * The certificate fingerprints a connection writes into its offers and
 * answers (RFC 8122 §5 a=fingerprint, sha-256, upper-case hex).
 */
import { RTCCertificate, sdpFingerprint } from './RTCCertificate.js';

/** One a=fingerprint value. */
export interface CertificateFingerprint {
  algorithm: string;
  value: string;
}

/** The SDP fingerprints of `certificate` (an RTCCertificate). */
export async function localCertificateFingerprints(certificate: unknown): Promise<CertificateFingerprint[]> {
  if (!(certificate instanceof RTCCertificate)) throw new TypeError('not an RTCCertificate');
  return [sdpFingerprint(certificate)];
}
