/**
 * SRTP protection profiles: the four WebRTC uses, with their key, salt and tag
 * lengths.
 *
 * RFC 5764 §4.1.2 (DTLS-SRTP profiles SRTP_AES128_CM_HMAC_SHA1_80/_32),
 * RFC 7714 §14.2 (SRTP_AEAD_AES_128_GCM / _256_GCM).
 */

/** The protection profile names, as RFC 5764 §4.1.2 and RFC 7714 §14.2 spell them. */
export type SrtpProfile =
  | 'SRTP_AES128_CM_HMAC_SHA1_80'
  | 'SRTP_AES128_CM_HMAC_SHA1_32'
  | 'SRTP_AEAD_AES_128_GCM'
  | 'SRTP_AEAD_AES_256_GCM';

/** Parameters of one protection profile. */
export interface SrtpProfileParams {
  readonly name: SrtpProfile;
  /** The DTLS-SRTP protection profile identifier (the use_srtp extension's uint16). */
  readonly id: number;
  /** 'aes-cm': AES counter mode + HMAC-SHA1 (RFC 3711); 'aead': AES-GCM (RFC 7714). */
  readonly kind: 'aes-cm' | 'aead';
  /** Master (and session) encryption key length in bytes. */
  readonly keyLength: number;
  /** Master (and session) salt length in bytes. */
  readonly saltLength: number;
  /** Session authentication key length in bytes (HMAC-SHA1; 0 for AEAD). */
  readonly authKeyLength: number;
  /** Authentication tag length of SRTP packets in bytes. */
  readonly rtpTagLength: number;
  /** Authentication tag length of SRTCP packets in bytes. */
  readonly rtcpTagLength: number;
}

/**
 * The profile table. Note the _32 profile: RFC 5764 §4.1.2 keeps an 80-bit
 * tag on SRTCP ("SRTCP auth tag length: 80 bits"), only SRTP uses 32 bits.
 */
export const SRTP_PROFILES: Readonly<Record<SrtpProfile, SrtpProfileParams>> = {
  SRTP_AES128_CM_HMAC_SHA1_80: {
    name: 'SRTP_AES128_CM_HMAC_SHA1_80',
    id: 0x0001,
    kind: 'aes-cm',
    keyLength: 16,
    saltLength: 14,
    authKeyLength: 20,
    rtpTagLength: 10,
    rtcpTagLength: 10,
  },
  SRTP_AES128_CM_HMAC_SHA1_32: {
    name: 'SRTP_AES128_CM_HMAC_SHA1_32',
    id: 0x0002,
    kind: 'aes-cm',
    keyLength: 16,
    saltLength: 14,
    authKeyLength: 20,
    rtpTagLength: 4,
    rtcpTagLength: 10,
  },
  SRTP_AEAD_AES_128_GCM: {
    name: 'SRTP_AEAD_AES_128_GCM',
    id: 0x0007,
    kind: 'aead',
    keyLength: 16,
    saltLength: 12,
    authKeyLength: 0,
    rtpTagLength: 16,
    rtcpTagLength: 16,
  },
  SRTP_AEAD_AES_256_GCM: {
    name: 'SRTP_AEAD_AES_256_GCM',
    id: 0x0008,
    kind: 'aead',
    keyLength: 32,
    saltLength: 12,
    authKeyLength: 0,
    rtpTagLength: 16,
    rtcpTagLength: 16,
  },
};

/** The profile with DTLS-SRTP identifier `id`, or `undefined` if we do not implement it. */
export function srtpProfileFromId(id: number): SrtpProfileParams | undefined {
  for (const p of Object.values(SRTP_PROFILES)) if (p.id === id) return p;
  return undefined;
}

/**
 * Bytes of keying material one side needs from the DTLS exporter
 * (RFC 5764 §4.2: client key, server key, client salt, server salt).
 */
export function srtpKeyingMaterialLength(profile: SrtpProfile): number {
  const p = SRTP_PROFILES[profile];
  return 2 * (p.keyLength + p.saltLength);
}
