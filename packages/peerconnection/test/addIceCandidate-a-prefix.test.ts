/**
 * Regression (found by test/interop/node-stacks/node-datachannel.test.ts): node-datachannel's
 * polyfill trickles candidates whose `candidate` string keeps the SDP line prefix
 * ("a=candidate:1 1 UDP ..."). The candidate parses, but addIceCandidate used to store it in the
 * remote description as "a=candidate:a=candidate:...", which the next operation that parsed the
 * description could not read ("internal: stored SDP does not parse"), thrown from a task.
 */
import { RTCPeerConnection } from '@purertc/peerconnection';
import { lines, remoteOffer } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

test('a candidate with a leading "a=" is added to the remote description as one a=candidate line', async () => {
  const p = new RTCPeerConnection();
  pcs.push(p);
  const offer = await remoteOffer((o) => o.createDataChannel('x'));
  await p.setRemoteDescription(offer);
  await p.addIceCandidate({ candidate: 'a=candidate:1 1 UDP 2114977791 127.0.0.1 37730 typ host', sdpMid: '0' });
  const added = lines(p.remoteDescription!.sdp, 'a=candidate:').filter((l) => l.includes(' 37730 '));
  expect(added).toEqual(['a=candidate:1 1 UDP 2114977791 127.0.0.1 37730 typ host']);
  // The stored description still parses: the answer can be created and applied.
  await p.setLocalDescription();
  expect(p.signalingState).toBe('stable');
  // Adding the same candidate again (with or without the prefix) does not duplicate it.
  await p.addIceCandidate({ candidate: 'candidate:1 1 UDP 2114977791 127.0.0.1 37730 typ host', sdpMid: '0' });
  expect(lines(p.remoteDescription!.sdp, 'a=candidate:').filter((l) => l.includes(' 37730 '))).toHaveLength(1);
});
