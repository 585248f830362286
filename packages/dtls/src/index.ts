/** @purertc/dtls: DTLS 1.2 (RFC 6347) client and server, sans-IO. */
export * from './certificate.js';
export { DtlsEndpoint, type DtlsEndpointOptions, type DtlsEvent, type DtlsState, type DtlsCounters, type SrtpKeyingMaterial } from './endpoint.js';
export { DtlsError } from './errors.js';
export { CIPHER_SUITES, DEFAULT_CIPHER_SUITES, type CipherSuite, type CipherSuiteName } from './cipher-suites.js';
export {
  SRTP_PROFILES,
  DEFAULT_SRTP_PROFILES,
  DTLS_SRTP_EXPORTER_LABEL,
  srtpKeyingMaterialLength,
  type SrtpProfile,
  type SrtpProfileName,
} from './srtp-profiles.js';
export { DEFAULT_GROUPS, DEFAULT_SIGNATURE_SCHEMES } from './algorithms.js';
export { prf, exportKeyingMaterial } from './prf.js';
export { RecordLayer, type RecordLayerCounters } from './record-layer.js';
export { RecordProtection } from './record-protection.js';
export { ReplayWindow } from './replay-window.js';
export { DEFAULT_REASSEMBLY_LIMITS, type ReassemblyLimits } from './handshake.js';
