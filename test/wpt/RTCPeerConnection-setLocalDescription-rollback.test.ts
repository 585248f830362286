/** WPT webrtc/RTCPeerConnection-setLocalDescription-rollback.html, checked against our implementation. */
import { expectRejectsDom, newPc, recvOnlyOffer } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription-rollback', () => {
  test('setLocalDescription(rollback) from have-local-offer state should reset back to stable state', async () => {
    const pc = newPc();
    const states: string[] = [];
    pc.addEventListener('signalingstatechange', () => states.push(pc.signalingState));
    await pc.setLocalDescription(await pc.createOffer());
    expect(pc.signalingState).toBe('have-local-offer');
    expect(pc.localDescription).not.toBeNull();
    expect(pc.pendingLocalDescription).not.toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    await pc.setLocalDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('stable');
    expect(pc.localDescription).toBeNull();
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    expect(states).toEqual(['have-local-offer', 'stable']);
  });

  test('setLocalDescription(rollback) from stable state should reject with InvalidStateError', async () => {
    await expectRejectsDom(newPc().setLocalDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('setLocalDescription(rollback) after setting answer description should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await recvOnlyOffer(pc, 'audio');
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    await expectRejectsDom(pc.setLocalDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('setLocalDescription(rollback) after setting a remote offer should reject with InvalidStateError', async () => {
    const pc = newPc();
    await pc.setRemoteDescription(await recvOnlyOffer(pc, 'audio'));
    // SPEC DIVERGENCE (see README): webrtc-pc §4.4.1.6 step 2 rejects a rollback only in
    // 'stable', 'have-local-pranswer' and 'have-remote-pranswer', and RFC 9429 §5.7 says
    // "The effect of rollback MUST be the same regardless of whether setLocalDescription or
    // setRemoteDescription is called". So a local rollback of a remote offer succeeds.
    await pc.setLocalDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('stable');
    expect(pc.remoteDescription).toBeNull();
  });

  test('setLocalDescription(rollback) should ignore invalid sdp content and succeed', async () => {
    const pc = newPc();
    await pc.setLocalDescription(await pc.createOffer());
    await pc.setLocalDescription({ type: 'rollback', sdp: '!<Invalid SDP Content>;' });
    expect(pc.signalingState).toBe('stable');
  });

  test('setLocalDescription(rollback) should update internal state with a queued tassk, in the right order', async () => {
    const pc = newPc();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const sldPromise = pc.setLocalDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('have-local-offer');
    expect(pc.pendingLocalDescription).not.toBeNull();
    expect(pc.pendingLocalDescription!.type).toBe('offer');
    expect(pc.pendingLocalDescription!.sdp).toBe(pc.localDescription!.sdp);
    expect(pc.pendingRemoteDescription).toBeNull();
    const stablePromise = new Promise((resolve) => {
      pc.onsignalingstatechange = () => resolve(pc.signalingState);
    });
    const raceValue = await Promise.race([stablePromise, sldPromise]);
    expect(raceValue).toBe('stable');
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    await sldPromise;
  });
});
