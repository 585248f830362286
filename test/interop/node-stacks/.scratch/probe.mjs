import ndc from 'node-datachannel/polyfill';
import wrtc from '@roamhq/wrtc';
import { RTCPeerConnection as W } from 'werift';
async function probe(name, pc, gathered) {
  const cands = [];
  pc.onicecandidate = (e) => { if (e.candidate) cands.push(e.candidate.candidate); };
  pc.createDataChannel('x');
  const o = await pc.createOffer(); await pc.setLocalDescription(o);
  await new Promise(r => setTimeout(r, 1500));
  console.log(name, 'gathering', pc.iceGatheringState, cands, (pc.localDescription.sdp.match(/a=candidate.*/g)||[]));
  pc.close();
}
const which = process.argv[2];
if (which==='ndc') await probe('ndc', new ndc.RTCPeerConnection({ iceServers: [], bindAddress: '127.0.0.1' }));
if (which==='ndc0') await probe('ndc0', new ndc.RTCPeerConnection({ iceServers: [] }));
if (which==='wrtc') await probe('wrtc', new wrtc.RTCPeerConnection({ iceServers: [] }));
if (which==='werift2') await probe('werift2', new W({ iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' } }));
if (which==='werift') await probe('werift', new W({ iceUseIpv6: false, iceInterfaceAddresses: { udp4: '127.0.0.1' }, iceAdditionalHostAddresses: ['127.0.0.1'] }));
setTimeout(()=>process.exit(0), 500);
