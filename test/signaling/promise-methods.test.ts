/**
 * Issue 2, Deliver 4: "Promise methods reject; they never throw
 * synchronously" (WebIDL §3.7 "operations returning a promise": an exception
 * during argument conversion or the steps becomes a rejected promise). Every
 * promise-returning method of the signaling surface, with hostile arguments,
 * on an open and on a closed connection.
 */
import { RTCPeerConnection } from '@purertc/peerconnection';

const hostile: unknown[] = [
  Symbol('x'),
  { get type() { throw new Error('getter throws'); } },
  { type: 'offer', get sdp() { throw new Error('getter throws'); } },
  { candidate: Symbol('c') },
  'not a dictionary',
  42,
];

/** What a rejection may be: WebIDL conversion errors, the spec's DOMExceptions, or the exception a hostile getter threw (propagated). */
const ALLOWED = ['TypeError', 'InvalidStateError', 'InvalidAccessError', 'NotSupportedError', 'OperationError', 'InvalidModificationError', 'RangeError', 'Error'];

type Call = [string, (pc: RTCPeerConnection, arg: unknown) => Promise<unknown>];
const calls: Call[] = [
  ['createOffer', (pc, a) => pc.createOffer(a as never)],
  ['createAnswer', (pc, a) => pc.createAnswer(a as never)],
  ['setLocalDescription', (pc, a) => pc.setLocalDescription(a as never)],
  ['setRemoteDescription', (pc, a) => pc.setRemoteDescription(a as never)],
  ['addIceCandidate', (pc, a) => pc.addIceCandidate(a as never)],
  ['getStats', (pc, a) => pc.getStats(a as never)],
  ['generateCertificate', (_pc, a) => RTCPeerConnection.generateCertificate(a as never)],
  ['sender.replaceTrack', (pc, a) => pc.addTransceiver('audio').sender.replaceTrack(a as never)],
  ['sender.setParameters', (pc, a) => pc.addTransceiver('audio').sender.setParameters(a as never)],
];

describe.each(calls)('%s', (_name, call) => {
  test.each(hostile.map((h, i) => [i, h]))('hostile argument #%i: a rejected promise, no synchronous throw', async (_i, arg) => {
    const pc = new RTCPeerConnection();
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = call(pc, arg))).not.toThrow();
    expect(promise).toBeInstanceOf(Promise);
    // Some hostile values are legal for some methods (e.g. 42 as createOffer options is ignored): only the form is checked.
    await promise!.then(
      () => undefined,
      (e: unknown) => expect(ALLOWED).toContain((e as { name?: unknown })?.name),
    );
    pc.close();
  });
});

describe('on a closed connection', () => {
  test.each([
    ['createOffer', (pc: RTCPeerConnection) => pc.createOffer()],
    ['createAnswer', (pc: RTCPeerConnection) => pc.createAnswer()],
    ['setLocalDescription', (pc: RTCPeerConnection) => pc.setLocalDescription()],
    ['setRemoteDescription', (pc: RTCPeerConnection) => pc.setRemoteDescription({ type: 'offer', sdp: '' })],
    ['addIceCandidate', (pc: RTCPeerConnection) => pc.addIceCandidate({ candidate: '', sdpMid: '0' })],
  ])('%s rejects with InvalidStateError without throwing', async (_name, call) => {
    const pc = new RTCPeerConnection();
    pc.close();
    let promise!: Promise<unknown>;
    expect(() => (promise = call(pc))).not.toThrow();
    await expect(promise).rejects.toMatchObject({ name: 'InvalidStateError' });
  });
});
