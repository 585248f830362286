/** WPT webrtc/RTCPeerConnection-setRemoteDescription-offer.html (both variants), checked against our implementation. */
import { RTCError } from '@purertc/peerconnection';
import { countMLines, expectRejectsDom, expectSimilar, newPc, recvOnlyOffer, splitSections } from './helpers.js';

describe('RTCPeerConnection-setRemoteDescription-offer', () => {
  test('setRemoteDescription with valid offer should succeed', async () => {
    const pc1 = newPc();
    pc1.createDataChannel('datachannel');
    const pc2 = newPc();
    const states: string[] = [];
    pc2.addEventListener('signalingstatechange', () => states.push(pc2.signalingState));
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    expect(pc2.signalingState).toBe('have-remote-offer');
    expectSimilar(pc2.remoteDescription, offer);
    expectSimilar(pc2.pendingRemoteDescription, offer);
    expect(pc2.currentRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer']);
  });

  test('setRemoteDescription multiple times should succeed', async () => {
    const pc1 = newPc();
    pc1.createDataChannel('datachannel');
    const pc2 = newPc();
    const states: string[] = [];
    pc2.addEventListener('signalingstatechange', () => states.push(pc2.signalingState));
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    await pc2.setRemoteDescription(offer);
    expect(pc2.signalingState).toBe('have-remote-offer');
    expectSimilar(pc2.remoteDescription, offer);
    expectSimilar(pc2.pendingRemoteDescription, offer);
    expect(pc2.currentRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer']);
  });

  test('setRemoteDescription multiple times with different offer should succeed', async () => {
    const pc1 = newPc();
    pc1.createDataChannel('datachannel');
    const pc2 = newPc();
    const states: string[] = [];
    pc2.addEventListener('signalingstatechange', () => states.push(pc2.signalingState));
    const offer1 = await pc1.createOffer();
    await pc1.setLocalDescription(offer1);
    const offer2 = await recvOnlyOffer(pc1, 'audio');
    expect(countMLines(offer2.sdp, 'audio')).not.toBe(countMLines(offer1.sdp, 'audio'));
    await pc2.setRemoteDescription(offer1);
    await pc2.setRemoteDescription(offer2);
    expect(pc2.signalingState).toBe('have-remote-offer');
    expectSimilar(pc2.remoteDescription, offer2);
    expectSimilar(pc2.pendingRemoteDescription, offer2);
    expect(pc2.currentRemoteDescription).toBeNull();
    expect(states).toEqual(['have-remote-offer']);
  });

  test('setRemoteDescription(offer) with invalid SDP should reject with RTCError', async () => {
    const pc = newPc();
    let err: unknown;
    await pc.setRemoteDescription({ type: 'offer', sdp: 'Invalid SDP' }).then(
      () => {
        throw new Error('Expect promise to be rejected');
      },
      (e) => (err = e),
    );
    expect((err as RTCError).errorDetail).toBe('sdp-syntax-error');
    expect(err).toBeInstanceOf(RTCError);
  });

  test('setRemoteDescription(offer) from have-local-offer should roll back and succeed', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    await pc1.setLocalDescription(await pc1.createOffer());
    await pc1.setRemoteDescription(await pc2.createOffer());
    expect(pc1.signalingState).toBe('have-remote-offer');
  });

  test('setRemoteDescription(offer) from have-local-offer fires signalingstatechange twice', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    await pc1.setLocalDescription(await pc1.createOffer());
    const p = pc1.setRemoteDescription(await pc2.createOffer());
    await new Promise((r) => (pc1.onsignalingstatechange = r));
    expect(pc1.signalingState).toBe('stable');
    expect(pc1.pendingLocalDescription).toBeNull();
    expect(pc1.pendingRemoteDescription).toBeNull();
    await new Promise((r) => (pc1.onsignalingstatechange = r));
    expect(pc1.signalingState).toBe('have-remote-offer');
    expect(pc1.pendingLocalDescription).toBeNull();
    expect(pc1.pendingRemoteDescription!.type).toBe('offer');
    await p;
  });

  test('setRemoteDescription(offer) in stable should update internal state with a queued task, in the right order', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const srdPromise = pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.signalingState).toBe('stable');
    expect(pc2.pendingRemoteDescription).toBeNull();
    expect(pc2.currentRemoteDescription).toBeNull();
    const statePromise = new Promise((resolve) => (pc2.onsignalingstatechange = () => resolve(pc2.signalingState)));
    const raceValue = await Promise.race([statePromise, srdPromise]);
    expect(raceValue).toBe('have-remote-offer');
    expect(pc2.pendingRemoteDescription).not.toBeNull();
    expect(pc2.pendingRemoteDescription!.type).toBe('offer');
    expect(pc2.pendingRemoteDescription).toBe(pc2.remoteDescription);
    expect(pc2.currentRemoteDescription).toBeNull();
    await srdPromise;
  });

  test('setRemoteDescription(offer) in have-local-offer should update internal state with a queued task, in the right order', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc2.addTransceiver('audio', { direction: 'recvonly' });
    await pc2.setLocalDescription(await pc2.createOffer());
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const srdPromise = pc2.setRemoteDescription(await pc1.createOffer());
    expect(pc2.signalingState).toBe('have-local-offer');
    expect(pc2.pendingRemoteDescription).toBeNull();
    expect(pc2.pendingLocalDescription).not.toBeNull();
    expect(pc2.pendingLocalDescription!.type).toBe('offer');
    expect(pc2.pendingLocalDescription).toBe(pc2.localDescription);
    const stablePromise = new Promise((resolve) => (pc2.onsignalingstatechange = () => resolve(pc2.signalingState)));
    let raceValue = await Promise.race([stablePromise, srdPromise]);
    expect(raceValue).toBe('stable');
    expect(pc2.pendingLocalDescription).toBeNull();
    expect(pc2.pendingRemoteDescription).toBeNull();
    const haveRemoteOffer = new Promise((resolve) => (pc2.onsignalingstatechange = () => resolve(pc2.signalingState)));
    raceValue = await Promise.race([haveRemoteOffer, srdPromise]);
    expect(raceValue).toBe('have-remote-offer');
    expect(pc2.pendingRemoteDescription).not.toBeNull();
    expect(pc2.pendingRemoteDescription!.type).toBe('offer');
    expect(pc2.pendingRemoteDescription).toBe(pc2.remoteDescription);
    expect(pc2.pendingLocalDescription).toBeNull();
    await srdPromise;
  });

  test('Naive rollback approach is not glare-proof (control)', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    await pc1.setLocalDescription(await pc1.createOffer());
    const offer = await pc2.createOffer();
    const p1 = pc1.setLocalDescription({ type: 'rollback' });
    await new Promise((r) => (pc1.onsignalingstatechange = r));
    expect(pc1.signalingState).toBe('stable');
    const p2 = (pc1.addIceCandidate as () => Promise<undefined>)();
    const p3 = pc1.setRemoteDescription(offer);
    await expectRejectsDom(p2, 'InvalidStateError');
    await p1;
    await p3;
    expect(pc1.signalingState).toBe('have-remote-offer');
  });

  test('setRemoteDescription(offer) from have-local-offer is glare-proof', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    await pc1.setLocalDescription(await pc1.createOffer());
    const p = pc1.setRemoteDescription(await pc2.createOffer());
    await new Promise((r) => (pc1.onsignalingstatechange = r));
    expect(pc1.signalingState).toBe('stable');
    await (pc1.addIceCandidate as () => Promise<undefined>)();
    await p;
    expect(pc1.signalingState).toBe('have-remote-offer');
  });

  test('setRemoteDescription(invalidOffer) from have-local-offer does not undo rollback', async () => {
    const pc1 = newPc();
    await pc1.setLocalDescription(await pc1.createOffer());
    const statePromise = new Promise((r) => (pc1.onsignalingstatechange = r));
    const p = pc1.setRemoteDescription({ type: 'offer', sdp: 'Invalid SDP' });
    p.catch(() => {});
    await statePromise;
    expect(pc1.signalingState).toBe('stable');
    expect(pc1.pendingLocalDescription).toBeNull();
    expect(pc1.pendingRemoteDescription).toBeNull();
    // promise_rejects_dom(t, 'RTCError', p): an RTCError (a DOMException named OperationError).
    let err: unknown;
    await p.catch((e) => (err = e));
    expect(err).toBeInstanceOf(RTCError);
    expect(err).toBeInstanceOf(DOMException);
  });

  test('repeated sRD(offer) works', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video');
    const offer = await pc1.createOffer();
    await pc2.setRemoteDescription(offer);
    expect(pc2.getTransceivers().length).toBe(1);
    await pc2.setRemoteDescription(offer);
    expect(pc2.getTransceivers().length).toBe(1);
    await pc1.setLocalDescription(offer);
    const answer = await pc2.createAnswer();
    await pc2.setLocalDescription(answer);
    await pc1.setRemoteDescription(answer);
    expect(pc1.signalingState).toBe('stable');
  });

  test('Transceivers added by sRD(offer) should not show up until sRD resolves', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video');
    const offer = await pc1.createOffer();
    const srdPromise = pc2.setRemoteDescription(offer);
    expect(pc2.getTransceivers().length).toBe(0);
    await srdPromise;
    expect(pc2.getTransceivers().length).toBe(1);
  });

  test('setRemoteDescription(section with duplicate msid) rejects', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('video');
    const description = await pc1.createOffer();
    const sections = splitSections(description.sdp);
    const sdp = sections[0]! + sections[1]! + sections[1]!.replace('a=mid:', 'a=mid:unique');
    await expectRejectsDom(pc2.setRemoteDescription({ type: 'offer', sdp }), 'OperationError');
  });
});
