/** WPT webrtc/RTCConfiguration-certificates.html, checked against our implementation. */
import { newPc } from './helpers.js';

describe('RTCConfiguration-certificates', () => {
  test('getConfiguration returns default empty certificates', () => {
    expect((newPc({}).getConfiguration() as { certificates: unknown[] }).certificates).toEqual([]);
  });
});
