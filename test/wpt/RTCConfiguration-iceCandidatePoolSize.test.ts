/** WPT webrtc/RTCConfiguration-iceCandidatePoolSize.html, checked against our implementation. */
import { expectThrowsJs, newPc } from './helpers.js';

const poolSize = (pc: { getConfiguration(): unknown }) => (pc.getConfiguration() as { iceCandidatePoolSize: number }).iceCandidatePoolSize;

describe('RTCConfiguration-iceCandidatePoolSize', () => {
  test('Initialize a new RTCPeerConnection with no iceCandidatePoolSize', () => {
    expect(poolSize(newPc())).toBe(0);
  });
  test('Initialize a new RTCPeerConnection with iceCandidatePoolSize: 0', () => {
    expect(poolSize(newPc({ iceCandidatePoolSize: 0 }))).toBe(0);
  });
  test('Initialize a new RTCPeerConnection with iceCandidatePoolSize: 255', () => {
    expect(poolSize(newPc({ iceCandidatePoolSize: 255 }))).toBe(255);
  });
  test('Initialize a new RTCPeerConnection with iceCandidatePoolSize: -1 (Out Of Range)', () => {
    expectThrowsJs(() => newPc({ iceCandidatePoolSize: -1 }), TypeError);
  });
  test('Initialize a new RTCPeerConnection with iceCandidatePoolSize: 256 (Out Of Range)', () => {
    expectThrowsJs(() => newPc({ iceCandidatePoolSize: 256 }), TypeError);
  });
  test('Reconfigure RTCPeerConnection instance iceCandidatePoolSize to 0', () => {
    const pc = newPc({});
    pc.setConfiguration({ iceCandidatePoolSize: 0 });
    expect(poolSize(pc)).toBe(0);
  });
  test('Reconfigure RTCPeerConnection instance iceCandidatePoolSize to 255', () => {
    const pc = newPc({});
    pc.setConfiguration({ iceCandidatePoolSize: 255 });
    expect(poolSize(pc)).toBe(255);
  });
  test('Reconfigure RTCPeerConnection instance iceCandidatePoolSize to -1 (Out Of Range)', () => {
    const pc = newPc({});
    expect(typeof pc.setConfiguration).toBe('function');
    expectThrowsJs(() => pc.setConfiguration({ iceCandidatePoolSize: -1 }), TypeError);
  });
  test('Reconfigure RTCPeerConnection instance iceCandidatePoolSize to 256 (Out Of Range)', () => {
    const pc = newPc({});
    expect(typeof pc.setConfiguration).toBe('function');
    expectThrowsJs(() => pc.setConfiguration({ iceCandidatePoolSize: 256 }), TypeError);
  });
});
