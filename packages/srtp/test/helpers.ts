import { nodeCrypto } from '@purertc/common/node-crypto';
import { SRTP_PROFILES, SrtpContext, type SrtpContextOptions, type SrtpProfile } from '@purertc/srtp';

export const PROFILES = Object.keys(SRTP_PROFILES) as SrtpProfile[];

/** Deterministic key material for a profile. */
export function keysFor(profile: SrtpProfile, seed = 1): { masterKey: Uint8Array; masterSalt: Uint8Array } {
  const p = SRTP_PROFILES[profile];
  const masterKey = new Uint8Array(p.keyLength).map((_, i) => (i * 7 + seed * 13) & 0xff);
  const masterSalt = new Uint8Array(p.saltLength).map((_, i) => (i * 11 + seed * 5 + 3) & 0xff);
  return { masterKey, masterSalt };
}

export function context(profile: SrtpProfile, extra: Partial<SrtpContextOptions> = {}): SrtpContext {
  return new SrtpContext({ profile, ...keysFor(profile), crypto: nodeCrypto, ...extra });
}

export interface RtpOptions {
  seq: number;
  ssrc?: number;
  payload?: number | Uint8Array;
  csrcs?: number;
  /** Extension body length in 32-bit words (adds a 0xBEDE one-byte-header extension). */
  extWords?: number;
  pt?: number;
}

/** Builds an RTP packet. */
export function rtp(o: RtpOptions): Uint8Array {
  const cc = o.csrcs ?? 0;
  const ext = o.extWords === undefined ? 0 : 4 + 4 * o.extWords;
  const payload = typeof o.payload === 'number' || o.payload === undefined ? new Uint8Array(o.payload ?? 20).map((_, i) => (i * 37 + o.seq) & 0xff) : o.payload;
  const p = new Uint8Array(12 + 4 * cc + ext + payload.length);
  p[0] = 0x80 | (o.extWords === undefined ? 0 : 0x10) | cc;
  p[1] = o.pt ?? 96;
  p[2] = (o.seq >> 8) & 0xff;
  p[3] = o.seq & 0xff;
  p[4] = 0x12;
  p[7] = o.seq & 0xff;
  const ssrc = o.ssrc ?? 0x11223344;
  p[8] = ssrc >>> 24;
  p[9] = (ssrc >>> 16) & 0xff;
  p[10] = (ssrc >>> 8) & 0xff;
  p[11] = ssrc & 0xff;
  let at = 12;
  for (let i = 0; i < cc; i++, at += 4) p[at + 3] = i + 1;
  if (o.extWords !== undefined) {
    p[at] = 0xbe;
    p[at + 1] = 0xde;
    p[at + 3] = o.extWords;
    for (let i = 0; i < 4 * o.extWords; i++) p[at + 4 + i] = 0x22;
    at += ext;
  }
  p.set(payload, at);
  return p;
}

/** A minimal RTCP receiver report (+ some payload) from `ssrc`. */
export function rtcp(ssrc = 0x55667788, extra = 24): Uint8Array {
  const p = new Uint8Array(8 + extra);
  p[0] = 0x81;
  p[1] = 201;
  const words = p.length / 4 - 1;
  p[2] = words >> 8;
  p[3] = words & 0xff;
  p[4] = ssrc >>> 24;
  p[5] = (ssrc >>> 16) & 0xff;
  p[6] = (ssrc >>> 8) & 0xff;
  p[7] = ssrc & 0xff;
  for (let i = 8; i < p.length; i++) p[i] = i;
  return p;
}
