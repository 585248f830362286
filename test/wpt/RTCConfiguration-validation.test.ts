/** WPT webrtc/RTCConfiguration-validation.html, checked against our implementation. */
import { expectThrowsDom, newPc } from './helpers.js';

describe('RTCConfiguration-validation', () => {
  test('setConfiguration only applies if the entire configuration is valid', () => {
    const pc = newPc();
    expect(pc.getConfiguration().iceTransportPolicy).toBe('all');
    expectThrowsDom(() => pc.setConfiguration({ iceTransportPolicy: 'relay', iceServers: [{ urls: '' }] }), 'SyntaxError');
    expect(pc.getConfiguration().iceTransportPolicy).toBe('all');
  });
});
