/**
 * Regression test (was pending until @purertc/sdp accepted comma separators).
 * Owner: @purertc/sdp (packages/sdp/src/attributes.ts parseIceOptions, parse.ts).
 * Error: setRemoteDescription of libdatachannel's description rejects with
 *   OperationError "SDP syntax error at line 7: invalid a=ice-options"
 * because libdatachannel writes `a=ice-options:ice2,trickle`. RFC 8839 §5.6 separates
 * ice-option-tags with SP and a tag is 1*ice-char (no comma), so the line is not strictly
 * valid, but browsers ignore ice-options they do not understand instead of rejecting the
 * description (Chromium accepts this SDP). @purertc/sdp now takes commas as separators.
 */
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection as NdcPeerConnection } from 'node-datachannel/polyfill';
import { RTCPeerConnection } from '@purertc/peerconnection';
import { loopbackOnly, until } from './peers.js';

afterAll(() => cleanup());

it("purertc accepts libdatachannel's offer as it is (a=ice-options:ice2,trickle)", async () => {
  const ndc = new NdcPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' } as RTCConfiguration);
  const pc = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
  try {
    ndc.createDataChannel('x');
    await ndc.setLocalDescription(await ndc.createOffer());
    await until(() => ndc.iceGatheringState === 'complete', 5000, 'gathering');
    const sdp = loopbackOnly(ndc.localDescription!.sdp);
    expect(sdp).toContain('a=ice-options:ice2,trickle');
    await pc.setRemoteDescription({ type: 'offer', sdp });
    expect(pc.signalingState).toBe('have-remote-offer');
  } finally {
    ndc.close();
    pc.close();
  }
});
