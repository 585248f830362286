/** WPT webrtc/RTCPeerConnection-setRemoteDescription-pranswer.html, checked against our implementation. */
import { answerFrom, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setRemoteDescription-pranswer', () => {
  test('setRemoteDescription(pranswer) from stable state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await expectRejectsDom(pc.setRemoteDescription({ type: 'pranswer', sdp: offer.sdp }), 'InvalidStateError');
  });

  test('setRemoteDescription(pranswer) from have-local-offer state should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer);
    const answer = await answerFrom(offer);
    const pranswer = { type: 'pranswer' as const, sdp: answer.sdp };
    await pc.setRemoteDescription(pranswer);
    expect(pc.signalingState).toBe('have-remote-pranswer');
    expectSimilar(pc.localDescription, offer);
    expectSimilar(pc.pendingLocalDescription, offer);
    expect(pc.currentLocalDescription).toBeNull();
    expectSimilar(pc.remoteDescription, pranswer);
    expectSimilar(pc.pendingRemoteDescription, pranswer);
    expect(pc.currentRemoteDescription).toBeNull();
    expect(states).toEqual(['have-local-offer', 'have-remote-pranswer']);
  });

  test('setRemoteDescription(pranswer) multiple times should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer);
    const answer = await answerFrom(offer);
    const pranswer = { type: 'pranswer' as const, sdp: answer.sdp };
    await pc.setRemoteDescription(pranswer);
    await pc.setRemoteDescription(pranswer);
    expect(states).toEqual(['have-local-offer', 'have-remote-pranswer']);
  });

  test('setRemoteDescription(answer) from have-remote-pranswer state should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer);
    const answer = await answerFrom(offer);
    await pc.setRemoteDescription({ type: 'pranswer', sdp: answer.sdp });
    await pc.setRemoteDescription(answer);
    expect(pc.signalingState).toBe('stable');
    expectSimilar(pc.localDescription, offer);
    expectSimilar(pc.currentLocalDescription, offer);
    expect(pc.pendingLocalDescription).toBeNull();
    expectSimilar(pc.remoteDescription, answer);
    expectSimilar(pc.currentRemoteDescription, answer);
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(states).toEqual(['have-local-offer', 'have-remote-pranswer', 'stable']);
  });
});
