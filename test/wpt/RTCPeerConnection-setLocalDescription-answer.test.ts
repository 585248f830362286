/** WPT webrtc/RTCPeerConnection-setLocalDescription-answer.html, checked against our implementation. */
import { answerFrom, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription-answer', () => {
  test('setLocalDescription() with valid answer should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    expect(pc.signalingState).toBe('stable');
    expectSimilar(pc.localDescription, answer);
    expectSimilar(pc.remoteDescription, offer);
    expect(pc.currentLocalDescription).toBe(pc.localDescription);
    expect(pc.currentRemoteDescription).toBe(pc.remoteDescription);
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer', 'stable']);
  });

  test('setLocalDescription() with type answer and null sdp should use lastAnswer generated from createAnswer', async () => {
    const pc = newPc();
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription({ type: 'answer' });
    expect(pc.signalingState).toBe('stable');
    expectSimilar(pc.localDescription, answer);
    expectSimilar(pc.remoteDescription, offer);
    expect(pc.currentLocalDescription).toBe(pc.localDescription);
    expect(pc.currentRemoteDescription).toBe(pc.remoteDescription);
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
  });

  test('setLocalDescription() with answer not created by own createAnswer() should reject with InvalidModificationError', async () => {
    const pc = newPc();
    const offer = await recvOnlyOffer(pc, 'video');
    await pc.setRemoteDescription(offer);
    const answer = await answerFrom(offer);
    await expectRejectsDom(pc.setLocalDescription(answer), 'InvalidModificationError');
  });

  test('Calling setLocalDescription(answer) from stable state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    // SPEC DIVERGENCE (see README): webrtc-pc §4.4.1.5 setLocalDescription checks
    // "sdp is not the empty string and not equal to [[LastCreatedAnswer]] ->
    // InvalidModificationError" inside the chained steps, before "set the
    // session description" would check the state. [[LastCreatedAnswer]] is ''
    // here, so the current spec rejects with InvalidModificationError.
    await expectRejectsDom(pc.setLocalDescription({ type: 'answer', sdp: offer.sdp }), 'InvalidModificationError');
    // The state check itself (what WPT wants to exercise) fires for the answer we created ourselves:
    await expectRejectsDom(pc.setLocalDescription({ type: 'answer' }), 'InvalidStateError');
    expect(pc.signalingState).toBe('stable');
  });

  test('Calling setLocalDescription(answer) from have-local-offer state should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const answer = await answerFrom(offer);
    // SPEC DIVERGENCE (see README): the foreign answer is not [[LastCreatedAnswer]],
    // so the current spec rejects with InvalidModificationError before any state check.
    await expectRejectsDom(pc.setLocalDescription(answer), 'InvalidModificationError');
    // An answer type in have-local-offer is InvalidStateError ("set the session description" step 4.2).
    await expectRejectsDom(pc.setLocalDescription({ type: 'answer' }), 'InvalidStateError');
    expect(pc.signalingState).toBe('have-local-offer');
  });

  test('Setting previously generated answer after a call to createOffer should work', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setRemoteDescription({ type: 'rollback' });
    pc2.addTransceiver('video', { direction: 'recvonly' });
    await pc2.createOffer();
    await pc2.setRemoteDescription(offer);
    await pc2.setLocalDescription(answer);
    expect(pc2.signalingState).toBe('stable');
  });

  test('setLocalDescription(answer) should update internal state with a queued task, in the right order', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    await pc2.setRemoteDescription(await pc1.createOffer());
    const answer = await pc2.createAnswer();
    const sldPromise = pc2.setLocalDescription(answer);
    expect(pc2.signalingState).toBe('have-remote-offer');
    expect(pc2.pendingLocalDescription).toBeNull();
    expect(pc2.pendingRemoteDescription).not.toBeNull();
    expect(pc2.pendingRemoteDescription!.type).toBe('offer');
    expect(pc2.remoteDescription).toBe(pc2.pendingRemoteDescription);
    expect(pc2.currentLocalDescription).toBeNull();
    expect(pc2.currentRemoteDescription).toBeNull();
    const stablePromise = new Promise((resolve) => {
      pc2.onsignalingstatechange = () => resolve(pc2.signalingState);
    });
    const raceValue = await Promise.race([stablePromise, sldPromise]);
    expect(raceValue).toBe('stable');
    expect(pc2.pendingLocalDescription).toBeNull();
    expect(pc2.pendingRemoteDescription).toBeNull();
    expect(pc2.currentLocalDescription).not.toBeNull();
    expect(pc2.currentLocalDescription!.type).toBe('answer');
    expect(pc2.currentLocalDescription).toBe(pc2.localDescription);
    expect(pc2.currentRemoteDescription).not.toBeNull();
    expect(pc2.currentRemoteDescription!.type).toBe('offer');
    expect(pc2.currentRemoteDescription).toBe(pc2.remoteDescription);
    await sldPromise;
  });
});
