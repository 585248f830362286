/** WPT webrtc/RTCPeerConnection-createOffer.html, checked against our implementation. */
import { RTCSessionDescription } from '@purertc/peerconnection';
import { countMLines, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-createOffer', () => {
  test('createOffer() with no argument from newly created RTCPeerConnection should succeed', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    expect(typeof offer).toBe('object');
    expect(offer).not.toBeInstanceOf(RTCSessionDescription);
    expect(offer.type).toBe('offer');
    expect(typeof offer.sdp).toBe('string');
  });

  test('createOffer() and then setLocalDescription() should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer);
    expect(pc.signalingState).toBe('have-local-offer');
    expectSimilar(pc.localDescription, offer);
    expect(pc.pendingLocalDescription).toBe(pc.localDescription);
    expect(pc.currentLocalDescription).toBeNull();
    expect(states).toEqual(['have-local-offer']);
  });

  test('createOffer() after connection is closed should reject with InvalidStateError', async () => {
    const pc = newPc();
    pc.close();
    await expectRejectsDom(pc.createOffer(), 'InvalidStateError');
  });

  test('When media stream is added when createOffer() is running in parallel, the result offer should contain the new media stream', async () => {
    const pc = newPc();
    const promise = pc.createOffer();
    pc.addTransceiver('audio');
    const offer = await promise;
    expect(countMLines(offer.sdp, 'audio')).toBe(1);
  });

  test('createOffer() should fail when signaling state is not stable or have-local-offer', async () => {
    const pc = newPc();
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    expect(pc.signalingState).toBe('have-remote-offer');
    await expectRejectsDom(pc.createOffer(), 'InvalidStateError');
  });
});
