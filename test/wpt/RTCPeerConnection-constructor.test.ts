/** WPT webrtc/RTCPeerConnection-constructor.html, checked against our implementation. */
import { RTCPeerConnection } from '@purertc/peerconnection';
import { expectThrowsJs } from './helpers.js';

const made: RTCPeerConnection[] = [];
afterAll(() => made.forEach((pc) => pc.close()));
const ctor = (...args: unknown[]) => {
  const pc = new (RTCPeerConnection as unknown as new (...a: unknown[]) => RTCPeerConnection)(...args);
  made.push(pc);
  return pc;
};

describe('RTCPeerConnection-constructor', () => {
  test('RTCPeerConnection.length', () => {
    expect(RTCPeerConnection.length).toBe(0);
  });

  // Arguments accepted without an exception.
  const ok: Array<[string, unknown[]]> = [
    ['new RTCPeerConnection()', []],
    ['new RTCPeerConnection(null)', [null]],
    ['new RTCPeerConnection(undefined)', [undefined]],
    ['new RTCPeerConnection({})', [{}]],
    ['new RTCPeerConnection({ certificates: undefined })', [{ certificates: undefined }]],
    ['new RTCPeerConnection({ certificates: [] })', [{ certificates: [] }]],
  ];
  for (const [title, args] of ok) {
    test(title, () => {
      expect(ctor(...args)).toBeInstanceOf(RTCPeerConnection);
    });
  }

  // Arguments rejected with a TypeError.
  const bad: Array<[string, unknown[]]> = [
    ['new RTCPeerConnection({ certificates: null })', [{ certificates: null }]],
    ['new RTCPeerConnection({ certificates: [null] })', [{ certificates: [null] }]],
    ['new RTCPeerConnection({ certificates: [undefined] })', [{ certificates: [undefined] }]],
    ['new RTCPeerConnection({ iceCandidatePoolSize: toNumberThrows })', [{ iceCandidatePoolSize: Symbol() }]],
  ];
  for (const [title, args] of bad) {
    test(title, () => {
      expectThrowsJs(() => ctor(...args), TypeError);
    });
  }

  const initialState: Record<string, unknown> = {
    localDescription: null,
    currentLocalDescription: null,
    pendingLocalDescription: null,
    remoteDescription: null,
    currentRemoteDescription: null,
    pendingRemoteDescription: null,
    signalingState: 'stable',
    iceGatheringState: 'new',
    iceConnectionState: 'new',
    connectionState: 'new',
    canTrickleIceCandidates: null,
  };
  let shared: RTCPeerConnection | undefined;
  for (const [attr, value] of Object.entries(initialState)) {
    test(`${attr} initial value`, () => {
      shared ??= ctor();
      expect((shared as unknown as Record<string, unknown>)[attr]).toBe(value);
    });
  }
});
