/**
 * The runtime side of the transport stack (Node, Deno and Bun: node:dgram,
 * node:os): the UDP sockets, the host interface listing and the driver.
 * Kept apart from `index.ts` so that the sans-IO composite can be imported
 * where no UDP socket exists.
 */
export * from './index.js';
export * from './udp-transport.js';
export * from './driver.js';
