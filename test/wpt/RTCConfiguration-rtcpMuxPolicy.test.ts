/** WPT webrtc/RTCConfiguration-rtcpMuxPolicy.html, checked against our implementation. */
import { configTest } from './config-helper.js';
import { expectRejectsDom, expectThrowsDom, expectThrowsJs, newPc, recvOnlyOffer } from './helpers.js';
import type { RTCPeerConnection } from '@purertc/peerconnection';

/** 'negotiate' may be refused with NotSupportedError (webrtc-pc §4.4.1.1 step 7); returns null then. */
function negotiatePc(): RTCPeerConnection | null {
  try {
    return newPc({ rtcpMuxPolicy: 'negotiate' });
  } catch (err) {
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('NotSupportedError');
    expect((err as DOMException).code).toBe(9);
    return null;
  }
}

const FINGERPRINT_SHA256 = Array.from({ length: 32 }, () => '00').join(':');
const head = 'v=0\r\no=- 166855176514521964 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const audioNoMux = (setup: string, mid: boolean) =>
  head +
  'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n' +
  'a=ice-ufrag:someufrag\r\na=ice-pwd:somelongpwdwithenoughrandomness\r\n' +
  `a=fingerprint:sha-256 ${FINGERPRINT_SHA256}\r\na=setup:${setup}\r\n` +
  (mid ? 'a=mid:audio1\r\n' : '') +
  'a=sendonly\r\na=rtcp-rsize\r\na=rtpmap:111 opus/48000/2\r\n';

describe('RTCConfiguration-rtcpMuxPolicy', () => {
  test('new RTCPeerConnection() should have default rtcpMuxPolicy require', () => {
    expect(newPc().getConfiguration().rtcpMuxPolicy).toBe('require');
  });
  test('new RTCPeerConnection({ rtcpMuxPolicy: undefined }) should have default rtcpMuxPolicy require', () => {
    expect(newPc({ rtcpMuxPolicy: undefined }).getConfiguration().rtcpMuxPolicy).toBe('require');
  });
  test("new RTCPeerConnection({ rtcpMuxPolicy: 'require' }) should succeed", () => {
    expect(newPc({ rtcpMuxPolicy: 'require' }).getConfiguration().rtcpMuxPolicy).toBe('require');
  });
  test("new RTCPeerConnection({ rtcpMuxPolicy: 'negotiate' }) may succeed or throw NotSupportedError", () => {
    const pc = negotiatePc();
    if (pc) expect(pc.getConfiguration().rtcpMuxPolicy).toBe('negotiate');
  });
  configTest((makePc) => expectThrowsJs(() => makePc({ rtcpMuxPolicy: null }), TypeError), 'with { rtcpMuxPolicy: null } should throw TypeError');
  configTest((makePc) => expectThrowsJs(() => makePc({ rtcpMuxPolicy: 'invalid' }), TypeError), "with { rtcpMuxPolicy: 'invalid' } should throw TypeError");

  test("setConfiguration({ rtcpMuxPolicy: 'negotiate' }) with initial rtcpMuxPolicy require should throw InvalidModificationError", () => {
    const pc = newPc({ rtcpMuxPolicy: 'require' });
    expectThrowsDom(() => pc.setConfiguration({ rtcpMuxPolicy: 'negotiate' }), 'InvalidModificationError');
  });
  test("setConfiguration({ rtcpMuxPolicy: 'require' }) with initial rtcpMuxPolicy negotiate should throw InvalidModificationError", () => {
    const pc = negotiatePc();
    if (pc) expectThrowsDom(() => pc.setConfiguration({ rtcpMuxPolicy: 'require' }), 'InvalidModificationError');
  });
  test('setConfiguration({}) with initial rtcpMuxPolicy require should leave rtcpMuxPolicy to require', () => {
    const pc = newPc({ rtcpMuxPolicy: 'require' });
    pc.setConfiguration({});
    expect(pc.getConfiguration().rtcpMuxPolicy).toBe('require');
  });
  test('setConfiguration({}) with initial rtcpMuxPolicy negotiate should throw InvalidModificationError', () => {
    const pc = negotiatePc();
    if (pc) expectThrowsDom(() => pc.setConfiguration({}), 'InvalidModificationError');
  });

  test('setRemoteDescription throws InvalidAccessError when called with an offer without rtcp-mux and rtcpMuxPolicy is set to require', async () => {
    const pc = newPc({ rtcpMuxPolicy: 'require' });
    await expectRejectsDom(pc.setRemoteDescription({ type: 'offer', sdp: audioNoMux('actpass', true) }), 'InvalidAccessError');
  });
  test('setRemoteDescription throws InvalidAccessError when called with an answer without rtcp-mux and rtcpMuxPolicy is set to require', async () => {
    const pc = newPc({ rtcpMuxPolicy: 'require' });
    await pc.setLocalDescription(await recvOnlyOffer(pc, 'audio'));
    await expectRejectsDom(pc.setRemoteDescription({ type: 'answer', sdp: audioNoMux('active', false) }), 'InvalidAccessError');
  });
});
