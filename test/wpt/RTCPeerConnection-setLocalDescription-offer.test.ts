/** WPT webrtc/RTCPeerConnection-setLocalDescription-offer.html, checked against our implementation. */
import { countMLines, dataChannelOffer, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription-offer', () => {
  test('setLocalDescription with valid offer should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer = await recvOnlyOffer(pc, 'audio');
    await pc.setLocalDescription(offer);
    expect(pc.signalingState).toBe('have-local-offer');
    expectSimilar(pc.localDescription, offer);
    expect(pc.pendingLocalDescription).toBe(pc.localDescription);
    expect(pc.currentLocalDescription).toBeNull();
    expect(states).toEqual(['have-local-offer']);
  });

  test('setLocalDescription with type offer and null sdp should use lastOffer generated from createOffer', async () => {
    const pc = newPc();
    const offer = await recvOnlyOffer(pc, 'audio');
    await pc.setLocalDescription({ type: 'offer' });
    expect(pc.signalingState).toBe('have-local-offer');
    expectSimilar(pc.localDescription, offer);
    expect(pc.pendingLocalDescription).toBe(pc.localDescription);
    expect(pc.currentLocalDescription).toBeNull();
  });

  test('setLocalDescription() with offer not created by own createOffer() should reject with InvalidModificationError', async () => {
    const pc = newPc();
    const pc2 = newPc();
    const offer = await dataChannelOffer(pc);
    await expectRejectsDom(pc2.setLocalDescription(offer), 'InvalidModificationError');
  });

  test('Set created offer other than last offer should reject with InvalidModificationError', async () => {
    const pc = newPc();
    const offer1 = await recvOnlyOffer(pc, 'audio');
    const offer2 = await recvOnlyOffer(pc, 'video');
    expect(countMLines(offer2.sdp, 'video')).not.toBe(countMLines(offer1.sdp, 'video'));
    await expectRejectsDom(pc.setLocalDescription(offer1), 'InvalidModificationError');
  });

  test('Creating and setting offer multiple times should succeed', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    const offer1 = await recvOnlyOffer(pc, 'audio');
    await pc.setLocalDescription(offer1);
    const offer2 = await recvOnlyOffer(pc, 'video');
    await pc.setLocalDescription(offer2);
    expect(countMLines(offer2.sdp, 'video')).not.toBe(countMLines(offer1.sdp, 'video'));
    expect(pc.signalingState).toBe('have-local-offer');
    expectSimilar(pc.localDescription, offer2);
    expectSimilar(pc.pendingLocalDescription, offer2);
    expect(pc.currentLocalDescription).toBeNull();
    expect(states).toEqual(['have-local-offer']);
  });

  test('Setting previously generated offer after a call to createAnswer should work', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const offer = await pc1.createOffer();
    pc2.addTransceiver('video', { direction: 'recvonly' });
    const offer2 = await pc2.createOffer();
    await pc1.setRemoteDescription(offer2);
    await pc1.createAnswer();
    await pc1.setRemoteDescription({ type: 'rollback' });
    await pc1.setLocalDescription(offer);
    expect(pc1.signalingState).toBe('have-local-offer');
  });

  test('Negotiation works when there has been a repeated setLocalDescription(offer)', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    await pc1.setLocalDescription(await pc1.createOffer());
    const offer = await pc1.createOffer();
    await pc1.setLocalDescription(offer);
    await pc2.setRemoteDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    expect(pc1.getTransceivers().length).toBe(1);
    expect(pc1.getTransceivers()[0]!.receiver.track.kind).toBe('audio');
    expect(pc2.getTransceivers().length).toBe(1);
    expect(pc2.getTransceivers()[0]!.receiver.track.kind).toBe('audio');
  });

  test('setLocalDescription(offer) should update internal state with a queued task, in the right order', async () => {
    const pc = newPc();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const sldPromise = pc.setLocalDescription(await pc.createOffer());
    expect(pc.signalingState).toBe('stable');
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    const statePromise = new Promise((resolve) => {
      pc.onsignalingstatechange = () => resolve(pc.signalingState);
    });
    const raceValue = await Promise.race([statePromise, sldPromise]);
    expect(raceValue).toBe('have-local-offer');
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.pendingLocalDescription).not.toBeNull();
    expect(pc.pendingLocalDescription!.type).toBe('offer');
    expect(pc.pendingLocalDescription).toBe(pc.localDescription);
    expect(pc.currentLocalDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    await sldPromise;
  });
});
