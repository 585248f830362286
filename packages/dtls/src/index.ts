/** @purertc/dtls: DTLS 1.2 (RFC 6347) client and server, sans-IO. */
export * from './certificate.js';
