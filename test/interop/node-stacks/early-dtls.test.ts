/**
 * Regression: purertc offers, node-datachannel answers (non-trickle). libdatachannel validates its
 * pair and sends its DTLS ClientHello a few ms before purertc has the answer and a selected pair.
 * purertc's HelloVerifyRequest used to be dropped for want of a selected pair, and libdatachannel
 * waited its 1 s DTLS retransmission timer. PeerTransport now holds outbound datagrams (bounded)
 * until a pair is selected. The bound below is generous for a loopback open (about 30 ms here).
 */
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection as Ndc } from 'node-datachannel/polyfill';
import { RTCPeerConnection } from '@purertc/peerconnection';
import { loopbackOnly, until } from './peers.js';

afterAll(() => cleanup());

it('purertc offers to node-datachannel: the channel opens without waiting for a DTLS retransmission', async () => {
  const pc = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
  const ndc = new Ndc({ iceServers: [], bindAddress: '127.0.0.1' } as RTCConfiguration);
  try {
    const ch = pc.createDataChannel('x');
    await pc.setLocalDescription();
    await until(() => pc.iceGatheringState === 'complete', 5000, 'purertc gathering');
    await ndc.setRemoteDescription({ type: 'offer', sdp: pc.localDescription!.sdp });
    await ndc.setLocalDescription(await ndc.createAnswer());
    await until(() => ndc.iceGatheringState === 'complete', 5000, 'node-datachannel gathering');
    const t0 = performance.now();
    await pc.setRemoteDescription({ type: 'answer', sdp: loopbackOnly(ndc.localDescription!.sdp) });
    await until(() => ch.readyState === 'open', 5000, 'open');
    expect(performance.now() - t0).toBeLessThan(500);
  } finally {
    pc.close();
    ndc.close();
  }
});
