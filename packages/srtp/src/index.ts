/**
 * @purertc/srtp: SRTP and SRTCP (RFC 3711, RFC 7714) for the four WebRTC
 * profiles, sans-IO, with crypto through the injected CryptoProvider.
 *
 * On Node, `@purertc/srtp/node` exports the same `SrtpContext` with the
 * node:crypto provider filled in.
 */
export { SrtpContext, type SrtpContextOptions, type SrtpStats } from './context.js';
export { SRTP_PROFILES, srtpProfileFromId, srtpKeyingMaterialLength, type SrtpProfile, type SrtpProfileParams } from './profiles.js';
export { deriveSessionKeys, deriveSessionBytes, KDF_LABEL, type SessionKeys } from './kdf.js';
export { estimateIndex, MAX_SRTP_INDEX, MAX_SRTCP_INDEX } from './packet-index.js';
export { ReplayWindow } from './replay-window.js';
export { HmacSha1, sha1Compress } from './hmac-sha1.js';
