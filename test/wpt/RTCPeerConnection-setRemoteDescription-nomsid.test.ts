/** WPT webrtc/RTCPeerConnection-setRemoteDescription-nomsid.html, checked against our implementation. */
import { newPc } from './helpers.js';

const FINGERPRINT_SHA256 = Array.from({ length: 32 }, () => '00').join(':');
const SDP =
  'v=0\r\no=- 166855176514521964 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' +
  'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n' +
  'a=ice-ufrag:someufrag\r\na=ice-pwd:somelongpwdwithenoughrandomness\r\n' +
  `a=fingerprint:sha-256 ${FINGERPRINT_SHA256}\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\n` +
  'a=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:111 opus/48000/2\r\n';

describe('RTCPeerConnection-setRemoteDescription-nomsid', () => {
  test('setRemoteDescription with an SDP without a=msid lines triggers ontrack with a default stream.', async () => {
    const pc = newPc();
    const haveOntrack = new Promise<Event>((r) => (pc.ontrack = r));
    await pc.setRemoteDescription({ type: 'offer', sdp: SDP });
    expect(((await haveOntrack) as unknown as { streams: unknown[] }).streams.length).toBe(1);
  });
});
