/** WPT webrtc/RTCPeerConnection-setLocalDescription.html, checked against our implementation. */
import { MediaStream } from '@purertc/peerconnection';
import { answerFrom, countMLines, expectSimilar, newPc, recvOnlyOffer, track } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription', () => {
  test('Calling createOffer() and setLocalDescription() again after one round of local-offer/remote-answer should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer1 = await recvOnlyOffer(pc, 'audio');
    await pc.setLocalDescription(offer1);
    await pc.setRemoteDescription(await answerFrom(offer1));
    pc.createDataChannel('test');
    const offer2 = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer2);
    expect(pc.signalingState).toBe('have-local-offer');
    // not similar: offer2 has more m= lines
    expect(countMLines(offer2.sdp, 'video') + countMLines(offer2.sdp, 'application')).toBeGreaterThan(
      countMLines(offer1.sdp, 'video') + countMLines(offer1.sdp, 'application'),
    );
    expectSimilar(pc.localDescription, offer2);
    expectSimilar(pc.currentLocalDescription, offer1);
    expectSimilar(pc.pendingLocalDescription, offer2);
    expect(states).toEqual(['have-local-offer', 'stable', 'have-local-offer']);
  });

  test('Switching role from answerer to offerer after going back to stable state should succeed', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    expect(pc1.localDescription).toBeNull();
    expect(pc1.currentLocalDescription).toBeNull();
    expect(pc1.pendingLocalDescription).toBeNull();
    pc1.createDataChannel('test');
    const offer = await pc1.createOffer();
    expect(pc1.localDescription).toBeNull();
    expect(pc1.currentLocalDescription).toBeNull();
    expect(pc1.pendingLocalDescription).toBeNull();
    await pc1.setLocalDescription(offer);
    expectSimilar(pc1.localDescription, offer);
    expect(pc1.currentLocalDescription).toBeNull();
    expectSimilar(pc1.pendingLocalDescription, offer);
    await pc2.setRemoteDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    expect(pc1.signalingState).toBe('stable');
    expectSimilar(pc1.localDescription, offer);
    expectSimilar(pc1.currentLocalDescription, offer);
    expect(pc1.pendingLocalDescription).toBeNull();

    const t = track('audio');
    pc2.addTrack(t, new MediaStream([t]));
    const reoffer = await pc2.createOffer();
    await pc2.setLocalDescription(reoffer);
    await pc1.setRemoteDescription(reoffer);
    const reanswer = await pc1.createAnswer();
    await pc1.setLocalDescription(reanswer);
    expectSimilar(pc1.localDescription, reanswer);
    expectSimilar(pc1.currentLocalDescription, reanswer);
    expect(pc1.pendingLocalDescription).toBeNull();
  });

  test('onsignalingstatechange fires before setLocalDescription resolves', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    let eventSequence = '';
    let fired!: () => void;
    const signalingstatechange = new Promise<void>((r) => (fired = r));
    pc.onsignalingstatechange = () => {
      eventSequence += 'onsignalingstatechange;';
      fired();
    };
    await pc.setLocalDescription(offer);
    eventSequence += 'setLocalDescription;';
    await signalingstatechange;
    expect(eventSequence).toBe('onsignalingstatechange;setLocalDescription;');
  });
});
