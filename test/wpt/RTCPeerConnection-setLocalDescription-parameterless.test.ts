/** WPT webrtc/RTCPeerConnection-setLocalDescription-parameterless.https.html, checked against our implementation. */
import { RTCSessionDescription, type RTCRtpTransceiver } from '@purertc/peerconnection';
import { expectRejectsJs, expectThrowsJs, isPending, newPc, nextEvent } from './helpers.js';

describe('RTCPeerConnection-setLocalDescription-parameterless', () => {
  test("Parameterless SLD() in 'stable' goes to 'have-local-offer'", async () => {
    const offerer = newPc();
    const ev = nextEvent(offerer, 'signalingstatechange');
    await offerer.setLocalDescription();
    await ev;
    expect(offerer.signalingState).toBe('have-local-offer');
  });

  test("Parameterless SLD() in 'stable' sets pendingLocalDescription", async () => {
    const offerer = newPc();
    await offerer.setLocalDescription();
    expect(offerer.pendingLocalDescription).not.toBeNull();
    expect(offerer.pendingLocalDescription).toBe(offerer.pendingLocalDescription);
  });

  test("Parameterless SLD() in 'stable' assigns transceiver.mid", async () => {
    const offerer = newPc();
    const transceiver = offerer.addTransceiver('audio');
    expect(transceiver.mid).toBeNull();
    await offerer.setLocalDescription();
    expect(transceiver.mid).not.toBeNull();
  });

  test("Parameterless SLD() in 'have-remote-offer' goes to 'stable'", async () => {
    const offerer = newPc();
    const answerer = newPc();
    await answerer.setRemoteDescription(await offerer.createOffer());
    const ev = nextEvent(answerer, 'signalingstatechange');
    await answerer.setLocalDescription();
    await ev;
    expect(answerer.signalingState).toBe('stable');
  });

  test("Parameterless SLD() in 'have-remote-offer' sets currentLocalDescription", async () => {
    const offerer = newPc();
    const answerer = newPc();
    await answerer.setRemoteDescription(await offerer.createOffer());
    await answerer.setLocalDescription();
    expect(answerer.currentLocalDescription).not.toBeNull();
    expect(answerer.currentLocalDescription).toBe(answerer.currentLocalDescription);
  });

  test("Parameterless SLD() in 'have-remote-offer' sets transceiver.currentDirection", async () => {
    const offerer = newPc();
    const answerer = newPc();
    offerer.addTransceiver('audio');
    const onTransceiver = new Promise<RTCRtpTransceiver>((resolve) => {
      answerer.ontrack = (e: Event) => resolve((e as unknown as { transceiver: RTCRtpTransceiver }).transceiver);
    });
    await answerer.setRemoteDescription(await offerer.createOffer());
    const transceiver = await onTransceiver;
    await answerer.setLocalDescription();
    expect(transceiver.currentDirection).toBe('recvonly');
  });

  test('Parameterless SLD() uses [[LastCreatedOffer]] if it is still valid', async () => {
    const offerer = newPc();
    const offer = await offerer.createOffer();
    await offerer.setLocalDescription();
    expect(offerer.pendingLocalDescription!.sdp === offer.sdp).toBe(true);
  });

  test('Parameterless SLD() uses [[LastCreatedAnswer]] if it is still valid', async () => {
    const offerer = newPc();
    const answerer = newPc();
    await answerer.setRemoteDescription(await offerer.createOffer());
    const answer = await answerer.createAnswer();
    await answerer.setLocalDescription();
    expect(answerer.currentLocalDescription!.sdp === answer.sdp).toBe(true);
  });

  test('Parameterless SLD() rejects with InvalidStateError if already closed', async () => {
    const offerer = newPc();
    offerer.close();
    let caught: unknown;
    await offerer.setLocalDescription().catch((e) => (caught = e));
    expect((caught as Error).name).toBe('InvalidStateError');
  });

  test('Parameterless SLD() never settles if closed while pending', async () => {
    const offerer = newPc();
    const p = offerer.setLocalDescription();
    offerer.close();
    expect(await isPending(p)).toBe(true);
  });

  test('Parameterless SLD() in a full O/A exchange succeeds', async () => {
    const offerer = newPc();
    const answerer = newPc();
    await offerer.setLocalDescription();
    await answerer.setRemoteDescription(offerer.pendingLocalDescription!);
    await answerer.setLocalDescription();
    await offerer.setRemoteDescription(answerer.currentLocalDescription!);
    expect(offerer.signalingState).toBe('stable');
    expect(answerer.signalingState).toBe('stable');
  });

  test('Parameterless SRD() rejects with TypeError.', async () => {
    const answerer = newPc();
    await expectRejectsJs((answerer.setRemoteDescription as () => Promise<unknown>)(), TypeError);
  });

  test('RTCSessionDescription constructed without type throws TypeError', async () => {
    const offerer = newPc();
    const { sdp } = await offerer.createOffer();
    expect(new RTCSessionDescription({ type: 'offer', sdp }).type).toBe('offer');
    expectThrowsJs(() => new RTCSessionDescription({ sdp } as never), TypeError);
  });
});
