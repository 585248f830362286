/** Pending (see /tmp/wpt-failures.md): WPT webrtc/RTCPeerConnection-constructor.html subtests that fail today. */
import { RTCPeerConnection } from '@purertc/peerconnection';

describe('RTCPeerConnection-constructor (pending)', () => {
  test('RTCPeerConnection.length', () => {
    expect(RTCPeerConnection.length).toBe(0);
  });
});
