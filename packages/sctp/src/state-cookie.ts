/**
 * The State Cookie (RFC 9260 §5.1.3): everything needed to build the TCB,
 * signed with an HMAC under a secret only this endpoint knows, so no state is
 * kept between INIT ACK and COOKIE ECHO.
 *
 * Layout (our own; the peer treats it as opaque):
 * ```
 *  0  local verification tag        4  peer verification tag
 *  8  local initial TSN            12  peer initial TSN
 * 16  peer a_rwnd                  20  peer OS (16) | peer MIS (16)
 * 24  local tie-tag                28  peer tie-tag
 * 32  creation time (float64 ms)   40  peer capability bits, 3 reserved
 * 44  HMAC-SHA-256 over [0, 44)    76  end
 * ```
 */
import { type HmacKey, equalBytesConstantTime } from '@purertc/common';
import type { Capabilities } from './params.js';

/** The association parameters a State Cookie carries. */
export interface CookieContents {
  localTag: number;
  peerTag: number;
  localInitialTsn: number;
  peerInitialTsn: number;
  peerRwnd: number;
  peerOutboundStreams: number;
  peerInboundStreams: number;
  localTieTag: number;
  peerTieTag: number;
  createdAt: number;
  peerCaps: Capabilities;
}

const BODY = 44;
/** Encoded cookie length. */
export const COOKIE_LENGTH = BODY + 32;

/** Serializes and signs a cookie. */
export function signCookie(c: CookieContents, key: HmacKey): Uint8Array {
  const out = new Uint8Array(COOKIE_LENGTH);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, c.localTag >>> 0);
  dv.setUint32(4, c.peerTag >>> 0);
  dv.setUint32(8, c.localInitialTsn >>> 0);
  dv.setUint32(12, c.peerInitialTsn >>> 0);
  dv.setUint32(16, c.peerRwnd >>> 0);
  dv.setUint16(20, c.peerOutboundStreams);
  dv.setUint16(22, c.peerInboundStreams);
  dv.setUint32(24, c.localTieTag >>> 0);
  dv.setUint32(28, c.peerTieTag >>> 0);
  dv.setFloat64(32, c.createdAt);
  out[40] =
    (c.peerCaps.forwardTsn ? 1 : 0) | (c.peerCaps.reconfig ? 2 : 0) | (c.peerCaps.interleaving ? 4 : 0) | (c.peerCaps.zeroChecksum ? 8 : 0);
  out.set(key.compute(out.subarray(0, BODY)).subarray(0, 32), BODY);
  return out;
}

/** Verifies the HMAC and decodes; undefined when forged, truncated or altered. */
export function openCookie(b: Uint8Array, key: HmacKey): CookieContents | undefined {
  if (b.length !== COOKIE_LENGTH) return undefined;
  const mac = key.compute(b.subarray(0, BODY)).subarray(0, 32);
  if (!equalBytesConstantTime(mac, b.subarray(BODY))) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const bits = b[40]!;
  return {
    localTag: dv.getUint32(0),
    peerTag: dv.getUint32(4),
    localInitialTsn: dv.getUint32(8),
    peerInitialTsn: dv.getUint32(12),
    peerRwnd: dv.getUint32(16),
    peerOutboundStreams: dv.getUint16(20),
    peerInboundStreams: dv.getUint16(22),
    localTieTag: dv.getUint32(24),
    peerTieTag: dv.getUint32(28),
    createdAt: dv.getFloat64(32),
    peerCaps: { forwardTsn: (bits & 1) !== 0, reconfig: (bits & 2) !== 0, interleaving: (bits & 4) !== 0, zeroChecksum: (bits & 8) !== 0 },
  };
}
