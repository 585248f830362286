/** WPT webrtc/RTCRtpTransceiver-direction.html, checked against our implementation. */
import { answerFrom, newPc } from './helpers.js';

describe('RTCRtpTransceiver-direction', () => {
  test('setting direction should change transceiver.direction', () => {
    const transceiver = newPc().addTransceiver('audio');
    expect(transceiver.direction).toBe('sendrecv');
    expect(transceiver.currentDirection).toBeNull();
    transceiver.direction = 'recvonly';
    expect(transceiver.direction).toBe('recvonly');
    expect(transceiver.currentDirection).toBeNull();
  });

  test('setting direction with same direction should have no effect', () => {
    const transceiver = newPc().addTransceiver('audio', { direction: 'sendonly' });
    expect(transceiver.direction).toBe('sendonly');
    transceiver.direction = 'sendonly';
    expect(transceiver.direction).toBe('sendonly');
  });

  test('setting direction should change transceiver.direction independent of transceiver.currentDirection', async () => {
    const pc = newPc();
    const transceiver = pc.addTransceiver('audio', { direction: 'recvonly' });
    expect(transceiver.direction).toBe('recvonly');
    expect(transceiver.currentDirection).toBeNull();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await pc.setRemoteDescription(await answerFrom(offer));
    expect(transceiver.currentDirection).toBe('inactive');
    transceiver.direction = 'sendrecv';
    expect(transceiver.direction).toBe('sendrecv');
    expect(transceiver.currentDirection).toBe('inactive');
  });
});
