/**
 * The transport stack below the W3C API: the sans-IO composite
 * ({@link PeerTransport}), the RFC 7983 demultiplexer, the W3C state
 * aggregation, and (in `driver.ts`, Node/Deno/Bun only) the run loop over
 * node:dgram.
 */
export * from './demux.js';
export * from './states.js';
export * from './dtls-role.js';
export * from './transport-channel.js';
export * from './peer-transport.js';
export * from './clock.js';
export * from './path-mtu.js';
