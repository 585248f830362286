// Two connections over loopback that exchange one message, close, and must
// let the process exit on its own (no socket or timer left). Run by
// node-node-peerconnection.test.ts against the built dist (`npx tsc -b`).
import { RTCPeerConnection } from '../../packages/peerconnection/dist/index.js';

const opts = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };
const a = new RTCPeerConnection({}, opts);
const b = new RTCPeerConnection({}, opts);
a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
const ch = a.createDataChannel('exit-test');
b.ondatachannel = (e) => {
  e.channel.onmessage = (m) => {
    console.log(`message: ${m.data}`);
    a.close();
    b.close();
    console.log('closed');
  };
};
ch.onopen = () => ch.send('ping');
await a.setLocalDescription();
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
