/**
 * @purertc/sctp: SCTP (RFC 9260) over DTLS (RFC 8261) and the WebRTC
 * DataChannel protocol (RFC 8831, RFC 8832), as sans-IO cores.
 */
export * from './constants.js';
export * from './params.js';
export * from './chunk-data.js';
export * from './chunk-idata.js';
export * from './chunk-init.js';
export * from './chunk-init-ack.js';
export * from './chunk-sack.js';
export * from './chunk-heartbeat.js';
export * from './pmtu-probe.js';
export * from './chunk-abort.js';
export * from './chunk-error.js';
export * from './chunk-shutdown.js';
export * from './chunk-cookie.js';
export * from './chunk-forward-tsn.js';
export * from './chunk-iforward-tsn.js';
export * from './chunk-reconfig.js';
export * from './chunk-unknown.js';
export * from './chunk.js';
export * from './packet.js';
export * from './deque.js';
export * from './rto.js';
export * from './congestion.js';
export * from './state-cookie.js';
export * from './receive-tracker.js';
export * from './send-queue.js';
export * from './reassembly.js';
export * from './association.js';
export * from './dcep.js';
export * from './datachannel.js';
export * from './checksum.js';
export * from './receive-pool.js';
export * from './retransmission-queue.js';
export * from './partial-reliability.js';
export * from './stream-reconfig.js';
