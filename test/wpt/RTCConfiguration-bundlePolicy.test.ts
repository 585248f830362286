/** WPT webrtc/RTCConfiguration-bundlePolicy.html, checked against our implementation. */
import { expectThrowsDom, expectThrowsJs, newPc } from './helpers.js';

describe('RTCConfiguration-bundlePolicy', () => {
  test('Default bundlePolicy should be balanced', () => {
    expect(newPc().getConfiguration().bundlePolicy).toBe('balanced');
  });
  test('new RTCPeerConnection({ bundlePolicy: undefined }) should have bundlePolicy balanced', () => {
    expect(newPc({ bundlePolicy: undefined }).getConfiguration().bundlePolicy).toBe('balanced');
  });
  for (const policy of ['balanced', 'max-compat', 'max-bundle']) {
    test(`new RTCPeerConnection({ bundlePolicy: '${policy}' }) should succeed`, () => {
      expect(newPc({ bundlePolicy: policy }).getConfiguration().bundlePolicy).toBe(policy);
    });
  }
  test('setConfiguration({}) with initial default bundlePolicy balanced should succeed', () => {
    const pc = newPc();
    pc.setConfiguration({});
    expect(pc.getConfiguration().bundlePolicy).toBe('balanced');
  });
  test('setConfiguration({}) with initial bundlePolicy balanced should succeed', () => {
    const pc = newPc({ bundlePolicy: 'balanced' });
    pc.setConfiguration({});
    expect(pc.getConfiguration().bundlePolicy).toBe('balanced');
  });
  test('setConfiguration({ bundlePolicy: balanced }) with initial default bundlePolicy balanced should succeed', () => {
    const pc = newPc();
    pc.setConfiguration({ bundlePolicy: 'balanced' });
    expect(pc.getConfiguration().bundlePolicy).toBe('balanced');
  });
  for (const policy of ['balanced', 'max-compat', 'max-bundle'] as const) {
    test(`setConfiguration({ bundlePolicy: '${policy}' }) with initial bundlePolicy ${policy} should succeed`, () => {
      const pc = newPc({ bundlePolicy: policy });
      pc.setConfiguration({ bundlePolicy: policy });
      expect(pc.getConfiguration().bundlePolicy).toBe(policy);
    });
  }
  test('new RTCPeerConnection({ bundlePolicy: null }) should throw TypeError', () => {
    expectThrowsJs(() => newPc({ bundlePolicy: null }), TypeError);
  });
  test("new RTCPeerConnection({ bundlePolicy: 'invalid' }) should throw TypeError", () => {
    expectThrowsJs(() => newPc({ bundlePolicy: 'invalid' }), TypeError);
  });
  test("setConfiguration({ bundlePolicy: 'max-compat' }) with initial bundlePolicy max-bundle should throw InvalidModificationError", () => {
    const pc = newPc({ bundlePolicy: 'max-bundle' });
    expectThrowsDom(() => pc.setConfiguration({ bundlePolicy: 'max-compat' }), 'InvalidModificationError');
  });
  test('setConfiguration({}) with initial bundlePolicy max-bundle should throw InvalidModificationError', () => {
    const pc = newPc({ bundlePolicy: 'max-bundle' });
    expectThrowsDom(() => pc.setConfiguration({}), 'InvalidModificationError');
  });
});
