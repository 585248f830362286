/** WPT webrtc/RTCPeerConnection-setRemoteDescription.html, checked against our implementation. */
import { countMLines, exchangeAnswer, exchangeOffer, expectRejectsDom, expectRejectsJs, expectSimilar, isPending, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setRemoteDescription', () => {
  test('setRemoteDescription with invalid type and invalid SDP should reject with TypeError', async () => {
    const pc = newPc();
    await expectRejectsJs(pc.setRemoteDescription({ type: 'bogus', sdp: 'bogus' } as never), TypeError);
  });

  test('setRemoteDescription() with invalid SDP and stable state should reject with InvalidStateError', async () => {
    const pc = newPc();
    await expectRejectsDom(pc.setRemoteDescription({ type: 'answer', sdp: 'invalid' }), 'InvalidStateError');
  });

  test('Negotiation should fire signalingsstate events', async () => {
    const pc = newPc();
    const pc2 = newPc();
    let eventCount = 0;
    const states = ['stable', 'have-local-offer', 'stable', 'have-remote-offer'];
    const seen: string[] = [];
    pc.onsignalingstatechange = () => {
      seen.push(pc.signalingState);
      eventCount++;
    };
    const assertState = (state: string) => {
      expect(pc.signalingState).toBe(state);
      expect(states[eventCount]).toBe(state);
    };
    const offer = await recvOnlyOffer(pc, 'audio');
    assertState('stable');
    await pc.setLocalDescription(offer);
    assertState('have-local-offer');
    await pc2.setRemoteDescription(offer);
    await exchangeAnswer(pc, pc2);
    assertState('stable');
    await exchangeOffer(pc2, pc);
    assertState('have-remote-offer');
    expect(seen).toEqual(states.slice(1));
  });

  test('Calling setRemoteDescription() again after one round of remote-offer/local-answer should succeed', async () => {
    const pc = newPc();
    const pc2 = newPc();
    const offer1 = await recvOnlyOffer(pc2, 'audio');
    await pc2.setLocalDescription(offer1);
    await pc.setRemoteDescription(offer1);
    await exchangeAnswer(pc2, pc);
    const offer2 = await recvOnlyOffer(pc2, 'video');
    await pc2.setLocalDescription(offer2);
    await pc.setRemoteDescription(offer2);
    expect(countMLines(offer2.sdp, 'video')).not.toBe(countMLines(offer1.sdp, 'video'));
    expectSimilar(pc.remoteDescription, offer2);
    expectSimilar(pc.currentRemoteDescription, offer1);
    expectSimilar(pc.pendingRemoteDescription, offer2);
  });

  test('Switching role from offerer to answerer after going back to stable state should succeed', async () => {
    const pc = newPc();
    const pc2 = newPc();
    const offer = await recvOnlyOffer(pc, 'audio');
    await pc.setLocalDescription(offer);
    await pc2.setRemoteDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc.setRemoteDescription(answer);
    await exchangeOffer(pc2, pc);
    expect(pc.remoteDescription!.sdp).toBe(pc.pendingRemoteDescription!.sdp);
    expectSimilar(pc.remoteDescription, offer);
    expectSimilar(pc.currentRemoteDescription, answer);
  });

  test('Closing on setRemoteDescription() neither resolves nor rejects', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    const p = pc.setRemoteDescription(offer);
    pc.close();
    expect(await isPending(p)).toBe(true);
    expect(pc.signalingState).toBe('closed');
  });

  test('Closing on rollback neither resolves nor rejects', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const p = pc.setRemoteDescription(offer);
    pc.close();
    expect(await isPending(p)).toBe(true);
    expect(pc.signalingState).toBe('closed');
  });
});
