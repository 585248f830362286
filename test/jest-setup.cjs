// Every test run stays on loopback: connections created without an explicit
// `network` option gather host candidates on these addresses only
// (see environmentHostAddresses in packages/peerconnection/src/transport/udp-transport.ts).
// Child processes spawned by tests inherit it.
process.env.PURERTC_HOST_ADDRESSES = process.env.PURERTC_HOST_ADDRESSES || '127.0.0.1,::1';
