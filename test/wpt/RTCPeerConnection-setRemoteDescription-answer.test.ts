/** WPT webrtc/RTCPeerConnection-setRemoteDescription-answer.html, checked against our implementation. */
import { answerFrom, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setRemoteDescription-answer', () => {
  test('setRemoteDescription() with valid state and answer should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer);
    const answer = await answerFrom(offer);
    await pc.setRemoteDescription(answer);
    expect(pc.signalingState).toBe('stable');
    expectSimilar(pc.localDescription, offer);
    expectSimilar(pc.remoteDescription, answer);
    expectSimilar(pc.currentLocalDescription, offer);
    expectSimilar(pc.currentRemoteDescription, answer);
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(states).toEqual(['have-local-offer', 'stable']);
  });

  test('Calling setRemoteDescription(answer) from stable state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await expectRejectsDom(pc.setRemoteDescription({ type: 'answer', sdp: offer.sdp }), 'InvalidStateError');
  });

  test('Calling setRemoteDescription(answer) from have-remote-offer state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await pc.setRemoteDescription(offer);
    const answer = await answerFrom(offer);
    await expectRejectsDom(pc.setRemoteDescription(answer), 'InvalidStateError');
  });
});
