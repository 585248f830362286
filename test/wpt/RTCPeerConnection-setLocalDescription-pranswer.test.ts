/** WPT webrtc/RTCPeerConnection-setLocalDescription-pranswer.html, checked against our implementation. */
import { expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription-pranswer', () => {
  test('setLocalDescription(pranswer) from stable state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    // SPEC DIVERGENCE (see README): sdp differs from [[LastCreatedAnswer]] (''), which the
    // current spec (§4.4.1.5 setLocalDescription) rejects with InvalidModificationError first.
    await expectRejectsDom(pc.setLocalDescription({ type: 'pranswer', sdp: offer.sdp }), 'InvalidModificationError');
    // The state check (what WPT exercises): a pranswer in 'stable' is InvalidStateError.
    await expectRejectsDom(pc.setLocalDescription({ type: 'pranswer' }), 'InvalidStateError');
    expect(pc.signalingState).toBe('stable');
  });

  test('setLocalDescription(pranswer) should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    const pranswer = { type: 'pranswer' as const, sdp: answer.sdp };
    await pc.setLocalDescription(pranswer);
    expect(pc.signalingState).toBe('have-local-pranswer');
    expectSimilar(pc.remoteDescription, offer);
    expectSimilar(pc.pendingRemoteDescription, offer);
    expect(pc.currentRemoteDescription).toBeNull();
    expectSimilar(pc.localDescription, pranswer);
    expectSimilar(pc.pendingLocalDescription, pranswer);
    expect(pc.currentLocalDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer', 'have-local-pranswer']);
  });

  test('setLocalDescription(pranswer) can be applied multiple times while still in have-local-pranswer', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    const pranswer = { type: 'pranswer' as const, sdp: answer.sdp };
    await pc.setLocalDescription(pranswer);
    await pc.setLocalDescription(pranswer);
    expect(states).toEqual(['have-remote-offer', 'have-local-pranswer']);
  });

  test('setLocalDescription(answer) from have-local-pranswer state should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription({ type: 'pranswer', sdp: answer.sdp });
    await pc.setLocalDescription(answer);
    expect(pc.signalingState).toBe('stable');
    expectSimilar(pc.localDescription, answer);
    expectSimilar(pc.remoteDescription, offer);
    expectSimilar(pc.currentLocalDescription, answer);
    expectSimilar(pc.currentRemoteDescription, offer);
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer', 'have-local-pranswer', 'stable']);
  });
});
