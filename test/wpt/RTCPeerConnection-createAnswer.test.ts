/** WPT webrtc/RTCPeerConnection-createAnswer.html, checked against our implementation. */
import { RTCSessionDescription } from '@purertc/peerconnection';
import { dataChannelOffer, expectRejectsDom, newPc } from './helpers.js';

describe('RTCPeerConnection-createAnswer', () => {
  test('createAnswer() with null remoteDescription should reject with InvalidStateError', async () => {
    const pc = newPc();
    await expectRejectsDom(pc.createAnswer(), 'InvalidStateError');
  });

  test('createAnswer() returns RTCSessionDescriptionInit', async () => {
    const pc = newPc();
    const offer = await pc.createOffer();
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    expect(typeof answer).toBe('object');
    expect(answer).not.toBeInstanceOf(RTCSessionDescription);
    expect(answer.type).toBe('answer');
  });

  test('createAnswer() when connection is closed should reject with InvalidStateError', async () => {
    const pc = newPc();
    const offer = await dataChannelOffer(pc);
    await pc.setRemoteDescription(offer);
    pc.close();
    await expectRejectsDom(pc.createAnswer(), 'InvalidStateError');
  });
});
