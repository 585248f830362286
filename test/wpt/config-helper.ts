/**
 * Our version of WPT RTCConfiguration-helper.js config_test(): each check runs
 * twice, once through the constructor and once through setConfiguration().
 */
import { RTCPeerConnection } from '@purertc/peerconnection';
import { newPc } from './helpers.js';

/** Registers `new RTCPeerConnection(config) - desc` and `setConfiguration(config) - desc`. */
export function configTest(fn: (makePc: (config: unknown) => RTCPeerConnection) => void, desc: string): void {
  test(`new RTCPeerConnection(config) - ${desc}`, () => fn((config) => newPc(config)));
  test(`setConfiguration(config) - ${desc}`, () =>
    fn((config) => {
      const pc = newPc();
      expect(typeof pc.setConfiguration).toBe('function');
      pc.setConfiguration(config as never);
      return pc;
    }));
}
