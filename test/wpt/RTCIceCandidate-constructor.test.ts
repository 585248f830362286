/** WPT webrtc/RTCIceCandidate-constructor.html, checked against our implementation. */
import { RTCIceCandidate } from '@purertc/peerconnection';
import { expectThrowsJs } from './helpers.js';

const Ctor = RTCIceCandidate as unknown as new (...args: unknown[]) => RTCIceCandidate & Record<string, unknown>;
const candidateString = 'candidate:1905690388 1 udp 2113937151 192.168.0.1 58041 typ host generation 0 ufrag thC8 network-cost 50';
const candidateString2 = 'candidate:435653019 2 tcp 1845501695 192.168.0.196 4444 typ srflx raddr www.example.com rport 22222 tcptype active';
const arbitraryString = '<arbitrary string[0] content>;';

function expectBasics(c: Record<string, unknown>, candidate: string, sdpMid: string | null, sdpMLineIndex: number | null, ufrag: string | null) {
  expect(c.candidate).toBe(candidate);
  expect(c.sdpMid).toBe(sdpMid);
  expect(c.sdpMLineIndex).toBe(sdpMLineIndex);
  expect(c.usernameFragment).toBe(ufrag);
}

describe('RTCIceCandidate-constructor', () => {
  test('new RTCIceCandidate()', () => expectThrowsJs(() => new Ctor(), TypeError));
  test('new RTCIceCandidate({})', () => expectThrowsJs(() => new Ctor({}), TypeError));
  test('new RTCIceCandidate({ ... }) with manually filled default values', () =>
    expectThrowsJs(() => new Ctor({ candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: undefined }), TypeError));
  test('new RTCIceCandidate({ sdpMid: null, sdpMLineIndex: null })', () =>
    expectThrowsJs(() => new Ctor({ sdpMid: null, sdpMLineIndex: null }), TypeError));
  test("new RTCIceCandidate({ candidate: '' })", () => expectThrowsJs(() => new Ctor({ candidate: '' }), TypeError));
  test('new RTCIceCandidate({ candidate: null })', () => expectThrowsJs(() => new Ctor({ candidate: null }), TypeError));
  test('new RTCIceCandidate({ ... }) with valid candidate string only', () =>
    expectThrowsJs(() => new Ctor({ candidate: candidateString }), TypeError));

  test("new RTCIceCandidate({ sdpMid: 'audio' })", () => expectBasics(new Ctor({ sdpMid: 'audio' }), '', 'audio', null, null));
  test('new RTCIceCandidate({ sdpMLineIndex: 0 })', () => expectBasics(new Ctor({ sdpMLineIndex: 0 }), '', null, 0, null));
  test("new RTCIceCandidate({ sdpMid: 'audio', sdpMLineIndex: 0 })", () =>
    expectBasics(new Ctor({ sdpMid: 'audio', sdpMLineIndex: 0 }), '', 'audio', 0, null));
  test("new RTCIceCandidate({ candidate: '', sdpMid: 'audio' }", () =>
    expectBasics(new Ctor({ candidate: '', sdpMid: 'audio' }), '', 'audio', null, null));
  test('new RTCIceCandidate({ candidate: null, sdpMLineIndex: 0 }', () =>
    // DOMString conversion of null gives the string "null".
    expectBasics(new Ctor({ candidate: null, sdpMLineIndex: 0 }), 'null', null, 0, null));
  test('new RTCIceCandidate({ ... }) with valid candidate string and sdpMid', () =>
    expectBasics(new Ctor({ candidate: candidateString, sdpMid: 'audio' }), candidateString, 'audio', null, null));
  test('new RTCIceCandidate({ ... }) with invalid candidate string and sdpMid', () =>
    expectBasics(new Ctor({ candidate: arbitraryString, sdpMid: 'audio' }), arbitraryString, 'audio', null, null));

  for (const howMany of ['most', 'all']) {
    test(`new RTCIceCandidate({ ... }) with nondefault values for ${howMany} fields`, () => {
      const c = new Ctor({
        candidate: candidateString,
        sdpMid: 'video',
        sdpMLineIndex: 1,
        usernameFragment: 'test',
        relayProtocol: 'udp',
        url: 'stun:stun.example.org',
      });
      expectBasics(c, candidateString, 'video', 1, 'test');
      expect(c.foundation).toBe('1905690388');
      expect(c.component).toBe('rtp');
      expect(c.priority).toBe(2113937151);
      expect(c.address).toBe('192.168.0.1');
      expect(c.protocol).toBe('udp');
      expect(c.port).toBe(58041);
      expect(c.type).toBe('host');
      expect(c.tcpType).toBeNull();
      expect(c.relatedAddress).toBeNull();
      expect(c.relatedPort).toBeNull();
      if (howMany !== 'most') {
        expect(c.relayProtocol).toBe('udp');
        expect(c.url).toBe('stun:stun.example.org');
      }
    });

    test(`new RTCIceCandidate({ ... }) with nondefault values for ${howMany} fields, tcp candidate`, () => {
      const c = new Ctor({
        candidate: candidateString2,
        sdpMid: 'video',
        sdpMLineIndex: 1,
        usernameFragment: 'user1',
        relayProtocol: 'tcp',
        url: 'turn:turn.example.net',
      });
      expectBasics(c, candidateString2, 'video', 1, 'user1');
      expect(c.foundation).toBe('435653019');
      expect(c.component).toBe('rtcp');
      expect(c.priority).toBe(1845501695);
      expect(c.address).toBe('192.168.0.196');
      expect(c.protocol).toBe('tcp');
      expect(c.port).toBe(4444);
      expect(c.type).toBe('srflx');
      expect(c.tcpType).toBe('active');
      expect(c.relatedAddress).toBe('www.example.com');
      expect(c.relatedPort).toBe(22222);
      if (howMany !== 'most') {
        expect(c.url).toBe('turn:turn.example.net');
        expect(c.relayProtocol).toBe('tcp');
      }
    });
  }

  test('new RTCIceCandidate({ relayProtocol, url }) cloned vs signaled', () => {
    let c = new Ctor(new Ctor({ sdpMid: 'video', relayProtocol: 'tls', url: 'turn:turn.example.net' }));
    expect(c.relayProtocol).toBe('tls');
    expect(c.url).toBe('turn:turn.example.net');
    c = new Ctor(JSON.parse(JSON.stringify(c)));
    expect(c.relayProtocol).toBeNull();
    expect(c.url).toBeNull();
  });

  test('new RTCIceCandidate({ ... }) with invalid sdpMid', () =>
    expectBasics(new Ctor({ sdpMid: arbitraryString }), '', arbitraryString, null, null));
  test('new RTCIceCandidate({ ... }) with invalid sdpMLineIndex', () =>
    expectBasics(new Ctor({ sdpMLineIndex: 65535 }), '', null, 65535, null));
});
