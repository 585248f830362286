/** WPT webrtc/RTCRtpTransceiver-stop.html, checked against our implementation. */
import { exchangeOfferAnswer, newPc, requireSdp } from './helpers.js';

describe('RTCRtpTransceiver-stop', () => {
  test('A transceiver added and stopped before the initial offer generation should not trigger an offer m-section generation', async () => {
    const pc1 = newPc();
    pc1.addTransceiver('audio', { direction: 'sendonly' });
    pc1.addTransceiver('video');
    pc1.getTransceivers()[0]!.stop();
    const offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).includes('m=audio')).toBe(false);
    expect(requireSdp(offer.sdp).includes('m=video')).toBe(true);
  });

  test("A transceiver added and stopped should not crash when getting receiver's transport", () => {
    const pc1 = newPc();
    pc1.addTransceiver('audio', { direction: 'sendonly' });
    pc1.addTransceiver('video');
    expect(pc1.getTransceivers()[1]!.receiver.transport).toBeNull();
    pc1.getTransceivers()[1]!.stop();
    expect(pc1.getTransceivers()[1]!.receiver.transport).toBeNull();
  });

  test('During renegotiation, adding and stopping a transceiver should not trigger a renegotiated offer m-section generation', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    pc1.addTransceiver('video');
    pc1.getTransceivers()[0]!.stop();
    pc1.getTransceivers()[1]!.stop();
    const offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).includes('m=audio')).toBe(true);
    expect(requireSdp(offer.sdp).includes('m=audio 0')).toBe(true);
    expect(requireSdp(offer.sdp).includes('m=video')).toBe(false);
  });

  test('A stopped sendonly transceiver should generate an inactive m-section in the offer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    pc1.getTransceivers()[0]!.direction = 'sendonly';
    pc1.getTransceivers()[0]!.stop();
    const offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).includes('a=inactive')).toBe(true);
  });

  test('A stopped inactive transceiver should generate an inactive m-section in the offer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    pc1.getTransceivers()[0]!.direction = 'inactive';
    pc1.getTransceivers()[0]!.stop();
    const offer = await pc1.createOffer();
    expect(requireSdp(offer.sdp).includes('a=inactive')).toBe(true);
  });

  test('If a transceiver is stopped locally, setting a locally generated answer should still work', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    pc1.getTransceivers()[0]!.stop();
    await exchangeOfferAnswer(pc1, pc2);
    await pc1.setLocalDescription(await pc1.createOffer());
    expect(pc1.signalingState).toBe('have-local-offer');
  });

  test('If a transceiver is stopped remotely, setting a locally generated answer should still work', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    pc2.getTransceivers()[0]!.stop();
    await exchangeOfferAnswer(pc2, pc1);
    await pc1.setLocalDescription(await pc1.createOffer());
    expect(pc1.signalingState).toBe('have-local-offer');
  });

  test('If a transceiver is stopped, transceivers, senders and receivers should disappear after offer/answer', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    expect(pc1.getTransceivers().length).toBe(1);
    expect(pc2.getTransceivers().length).toBe(1);
    pc1.getTransceivers()[0]!.stop();
    await exchangeOfferAnswer(pc1, pc2);
    expect(pc1.getTransceivers().length).toBe(0);
    expect(pc2.getTransceivers().length).toBe(0);
    expect(pc1.getSenders().length).toBe(0);
    expect(pc1.getReceivers().length).toBe(0);
    expect(pc2.getSenders().length).toBe(0);
    expect(pc2.getReceivers().length).toBe(0);
  });

  test('If a transceiver is stopped, transceivers should end up in state stopped', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    pc1.addTransceiver('audio');
    await exchangeOfferAnswer(pc1, pc2);
    const pc1Transceiver = pc1.getTransceivers()[0]!;
    const pc2Transceiver = pc2.getTransceivers()[0]!;
    pc1Transceiver.stop();
    await exchangeOfferAnswer(pc1, pc2);
    expect(pc1Transceiver.direction).toBe('stopped');
    expect(pc2Transceiver.direction).toBe('stopped');
  });
});
