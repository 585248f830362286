// Two RTCPeerConnections negotiate in memory: no network, no transports yet.
// Run `npx tsc -b` once, then `node examples/signaling-demo.mjs` (or `npm start`).
import { RTCPeerConnection, createMediaStreamTrack, MediaStream } from '@purertc/peerconnection';

const alice = new RTCPeerConnection();
const bob = new RTCPeerConnection();

// Log every signaling state change and the remote tracks Bob receives.
for (const [name, pc] of [['alice', alice], ['bob', bob]]) {
  pc.onsignalingstatechange = () => console.log(`${name}: signalingState -> ${pc.signalingState}`);
}
bob.ontrack = (e) => console.log(`bob: track event, kind=${e.track.kind}, streams=[${e.streams.map((s) => s.id).join(', ')}]`);

// Alice sends a microphone-like audio track and wants to receive video; she also opens a data channel.
const mic = createMediaStreamTrack('audio', { label: 'demo microphone' });
alice.addTrack(mic, new MediaStream([mic]));
alice.addTransceiver('video', { direction: 'recvonly' });
const channel = alice.createDataChannel('chat', { ordered: true });
console.log(`alice: data channel "${channel.label}" is ${channel.readyState} (transports come later)`);

// negotiationneeded tells Alice to start an offer/answer exchange.
alice.onnegotiationneeded = async () => {
  console.log('alice: negotiationneeded');
  await alice.setLocalDescription(); // implicit createOffer()
  console.log('\n--- offer (alice -> bob) ---\n' + alice.localDescription.sdp);

  await bob.setRemoteDescription(alice.localDescription);
  await bob.setLocalDescription(); // implicit createAnswer()
  console.log('--- answer (bob -> alice) ---\n' + bob.localDescription.sdp);

  await alice.setRemoteDescription(bob.localDescription);

  for (const [name, pc] of [['alice', alice], ['bob', bob]]) {
    const summary = pc.getTransceivers().map((t) => `mid=${t.mid} ${t.receiver.track.kind} direction=${t.direction} current=${t.currentDirection}`);
    console.log(`${name}: ${pc.signalingState}; transceivers: ${summary.join(' | ')}`);
  }
  alice.close();
  bob.close();
  console.log(`closed: alice ${alice.signalingState}, bob ${bob.signalingState}`);
};
