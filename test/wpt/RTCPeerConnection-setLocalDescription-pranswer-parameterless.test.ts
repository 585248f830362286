/** WPT webrtc/RTCPeerConnection-setLocalDescription-pranswer-parameterless.html, checked against our implementation. */
import { expectRejectsDom, newPc } from './helpers.js';

async function haveRemoteOffer() {
  const offerer = newPc();
  const answerer = newPc();
  offerer.addTransceiver('audio');
  await offerer.setLocalDescription();
  await answerer.setRemoteDescription(offerer.localDescription!);
  return [offerer, answerer] as const;
}

describe('RTCPeerConnection-setLocalDescription-pranswer-parameterless', () => {
  test('setLocalDescription({type: "pranswer", sdp: ""}) uses [[LastCreatedAnswer]]', async () => {
    const [, answerer] = await haveRemoteOffer();
    const answer = await answerer.createAnswer();
    await answerer.setLocalDescription({ type: 'pranswer', sdp: '' });
    expect(answerer.signalingState).toBe('have-local-pranswer');
    expect(answerer.pendingLocalDescription!.type).toBe('pranswer');
    expect(answerer.pendingLocalDescription!.sdp === answer.sdp).toBe(true);
  });

  test('setLocalDescription({type: "pranswer"}) creates an answer to use', async () => {
    const [, answerer] = await haveRemoteOffer();
    await answerer.setLocalDescription({ type: 'pranswer' });
    expect(answerer.signalingState).toBe('have-local-pranswer');
    expect(answerer.pendingLocalDescription!.type).toBe('pranswer');
    expect(answerer.pendingLocalDescription!.sdp).not.toBe('');
  });

  test('setLocalDescription without sdp works for repeated pranswers and the final answer', async () => {
    const [, answerer] = await haveRemoteOffer();
    await answerer.setLocalDescription({ type: 'pranswer', sdp: '' });
    await answerer.setLocalDescription({ type: 'pranswer', sdp: '' });
    expect(answerer.signalingState).toBe('have-local-pranswer');
    await answerer.setLocalDescription({ type: 'answer', sdp: '' });
    expect(answerer.signalingState).toBe('stable');
    expect(answerer.currentLocalDescription!.type).toBe('answer');
    expect(answerer.pendingLocalDescription).toBeNull();
  });

  test('Parameterless setLocalDescription() in "have-local-pranswer" is a final answer', async () => {
    const [, answerer] = await haveRemoteOffer();
    await answerer.setLocalDescription({ type: 'pranswer' });
    await answerer.setLocalDescription();
    expect(answerer.signalingState).toBe('stable');
    expect(answerer.currentLocalDescription!.type).toBe('answer');
  });

  test('Parameterless setLocalDescription() in "have-remote-pranswer" rejects with InvalidStateError', async () => {
    const [offerer, answerer] = await haveRemoteOffer();
    const { sdp } = await answerer.createAnswer();
    await offerer.setRemoteDescription({ type: 'pranswer', sdp });
    expect(offerer.signalingState).toBe('have-remote-pranswer');
    await expectRejectsDom(offerer.setLocalDescription(), 'InvalidStateError');
    expect(offerer.signalingState).toBe('have-remote-pranswer');
  });
});
