/**
 * @purertc/ice: STUN codec and transactions, TURN client, ICE agent — all sans-IO.
 */
export * from './stun-constants.js';
export * from './stun-message.js';
export * from './stun-attributes.js';
export * from './stun-integrity.js';
export * from './stun-transaction.js';
export * from './channel-data.js';
export * from './crc32.js';
export * from './md5.js';
export * from './ip.js';
export * from './candidate.js';
export * from './turn-client.js';
export * from './agent-types.js';
export * from './agent.js';
export * from './udp-mux.js';
export * from './candidate-pool.js';
