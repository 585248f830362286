/**
 * purertc against node-datachannel (libdatachannel bindings) through its W3C
 * `polyfill` export. `bindAddress: '127.0.0.1'` makes libjuice bind its ICE
 * socket to loopback, so it gathers (and sends from) 127.0.0.1 only.
 */
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection as NdcPeerConnection } from 'node-datachannel/polyfill';
import { describeStack } from './suite.js';
import { candidateAddresses, packageVersion, w3cPeer } from './peers.js';

const version = packageVersion('node-datachannel');

// libdatachannel keeps its own threads and the event loop alive until cleanup().
afterAll(() => cleanup());

describeStack({
  name: `node-datachannel ${version}`,
  create() {
    // The polyfill passes its configuration through to libdatachannel's PeerConnection.
    const pc = new NdcPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' } as RTCConfiguration);
    // Descriptions go to purertc as libdatachannel writes them (a=ice-options:ice2,trickle included).
    return w3cPeer('node-datachannel', pc);
  },
});

it('node-datachannel with bindAddress gathers on 127.0.0.1 only', async () => {
  const pc = new NdcPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' } as RTCConfiguration);
  try {
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    const start = Date.now();
    while (pc.iceGatheringState !== 'complete' && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 5));
    const addrs = candidateAddresses(pc.localDescription!.sdp);
    expect(addrs.length).toBeGreaterThan(0);
    expect(new Set(addrs)).toEqual(new Set(['127.0.0.1']));
  } finally {
    pc.close();
  }
});
