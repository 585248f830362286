/** WPT webrtc/RTCConfiguration-iceTransportPolicy.html, checked against our implementation (signaling-only subtests). */
import { configTest } from './config-helper.js';
import { expectThrowsJs, newPc } from './helpers.js';

describe('RTCConfiguration-iceTransportPolicy', () => {
  test('new RTCPeerConnection() should have default iceTransportPolicy all', () => {
    expect(newPc().getConfiguration().iceTransportPolicy).toBe('all');
  });
  test('new RTCPeerConnection({ iceTransportPolicy: undefined }) should have default iceTransportPolicy all', () => {
    expect(newPc({ iceTransportPolicy: undefined }).getConfiguration().iceTransportPolicy).toBe('all');
  });
  test("new RTCPeerConnection({ iceTransportPolicy: 'all' }) should succeed", () => {
    expect(newPc({ iceTransportPolicy: 'all' }).getConfiguration().iceTransportPolicy).toBe('all');
  });
  test("new RTCPeerConnection({ iceTransportPolicy: 'relay' }) should succeed", () => {
    expect(newPc({ iceTransportPolicy: 'relay' }).getConfiguration().iceTransportPolicy).toBe('relay');
  });
  test("setConfiguration({ iceTransportPolicy: 'relay' }) with initial iceTransportPolicy all should succeed", () => {
    const pc = newPc({ iceTransportPolicy: 'all' });
    expect(pc.getConfiguration().iceTransportPolicy).toBe('all');
    pc.setConfiguration({ iceTransportPolicy: 'relay' });
    expect(pc.getConfiguration().iceTransportPolicy).toBe('relay');
  });
  test("setConfiguration({ iceTransportPolicy: 'all' }) with initial iceTransportPolicy relay should succeed", () => {
    const pc = newPc({ iceTransportPolicy: 'relay' });
    expect(pc.getConfiguration().iceTransportPolicy).toBe('relay');
    pc.setConfiguration({ iceTransportPolicy: 'all' });
    expect(pc.getConfiguration().iceTransportPolicy).toBe('all');
  });
  test('setConfiguration({}) with initial iceTransportPolicy relay should set new value to all', () => {
    const pc = newPc({ iceTransportPolicy: 'relay' });
    pc.setConfiguration({});
    expect(pc.getConfiguration().iceTransportPolicy).toBe('all');
  });
  configTest((makePc) => expectThrowsJs(() => makePc({ iceTransportPolicy: 'invalid' }), TypeError), 'with invalid iceTransportPolicy should throw TypeError');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceTransportPolicy: 'none' }), TypeError), 'with none iceTransportPolicy should throw TypeError');
  configTest((makePc) => expectThrowsJs(() => makePc({ iceTransportPolicy: null }), TypeError), 'with null iceTransportPolicy should throw TypeError');
  for (const [label, value] of [["'relay'", 'relay'], ["'invalid'", 'invalid'], ['null', null]] as const) {
    test(`new RTCPeerConnection({ iceTransports: ${label} }) should have no effect`, () => {
      expect(newPc({ iceTransports: value }).getConfiguration().iceTransportPolicy).toBe('all');
    });
  }
});
