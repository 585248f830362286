/**
 * DTLS-SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2) and the
 * length of keying material each needs from the exporter (RFC 5764 §4.2:
 * 2 * (master key + master salt)).
 */

/** Names of the supported SRTP protection profiles. */
export type SrtpProfileName =
  | 'SRTP_AEAD_AES_128_GCM'
  | 'SRTP_AEAD_AES_256_GCM'
  | 'SRTP_AES128_CM_HMAC_SHA1_80'
  | 'SRTP_AES128_CM_HMAC_SHA1_32';

/** One profile. */
export interface SrtpProfile {
  readonly name: SrtpProfileName;
  readonly id: number;
  readonly masterKeyLength: number;
  readonly masterSaltLength: number;
}

const table: SrtpProfile[] = [
  { name: 'SRTP_AEAD_AES_128_GCM', id: 0x0007, masterKeyLength: 16, masterSaltLength: 12 },
  { name: 'SRTP_AEAD_AES_256_GCM', id: 0x0008, masterKeyLength: 32, masterSaltLength: 12 },
  { name: 'SRTP_AES128_CM_HMAC_SHA1_80', id: 0x0001, masterKeyLength: 16, masterSaltLength: 14 },
  { name: 'SRTP_AES128_CM_HMAC_SHA1_32', id: 0x0002, masterKeyLength: 16, masterSaltLength: 14 },
];

/** Profiles by name. */
export const SRTP_PROFILES: Readonly<Record<SrtpProfileName, SrtpProfile>> = Object.fromEntries(
  table.map((p) => [p.name, p]),
) as Record<SrtpProfileName, SrtpProfile>;

/** Default order (configurable): the AEAD profiles first, as browsers offer them. */
export const DEFAULT_SRTP_PROFILES: readonly SrtpProfileName[] = table.map((p) => p.name);

/** A profile by code point. */
export function srtpProfileById(id: number): SrtpProfile | undefined {
  for (const p of table) if (p.id === id) return p;
  return undefined;
}

/** Bytes of exporter output the profile needs: 2 * (key + salt) (RFC 5764 §4.2). */
export function srtpKeyingMaterialLength(p: SrtpProfile): number {
  return 2 * (p.masterKeyLength + p.masterSaltLength);
}

/** The exporter label for DTLS-SRTP (RFC 5764 §4.2). */
export const DTLS_SRTP_EXPORTER_LABEL = 'EXTRACTOR-dtls_srtp';
