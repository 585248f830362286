/**
 * @purertc/common: bytes, hex, CRC32c, serial-number math, typed errors, the
 * injected environment and the CryptoProvider interface. No `node:*` here:
 * the node:crypto provider lives at `@purertc/common/node-crypto`.
 */
export * from './bytes.js';
export * from './hex.js';
export * from './errors.js';
export * from './serial.js';
export * from './crc32c.js';
export * from './env.js';
export * from './crypto.js';
