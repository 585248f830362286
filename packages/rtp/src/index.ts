/**
 * @purertc/rtp: RTP and RTCP codecs, header extensions, packetizers and
 * depacketizers. Sans-IO: no sockets, timers or clocks.
 */
export * from './rtp-header.js';
export * from './extensions.js';
export * from './rtcp-types.js';
export * from './rtcp.js';
export * from './rtcp-report.js';
export * from './rtcp-sdes.js';
export * from './rtcp-bye.js';
export * from './rtcp-app.js';
export * from './rtcp-nack.js';
export * from './rtcp-pli.js';
export * from './rtcp-fir.js';
export * from './rtcp-remb.js';
export * from './rtcp-twcc.js';
export * from './payload-format.js';
export * from './frame-assembler.js';
export * from './h264.js';
export * from './vp8.js';
export * from './opus.js';
export * from './g711.js';
export * from './vp9.js';
export * from './av1.js';
