/**
 * Issue 2, Deliver 4: the deprecated callback forms (webrtc-pc §4.4.3.1
 * "Legacy Interface Extensions"). Each method: let p be the promise-based
 * call; return the result of reacting to p with "invoke successCallback"
 * on fulfillment and "invoke failureCallback" on rejection. So: the success
 * callback gets the value (or nothing), the failure callback gets the error,
 * the callbacks run asynchronously, and the returned promise is "a promise
 * resolved with undefined" (step 7) in both cases: it does not reject
 * because the operation failed.
 */
import { RTCPeerConnection } from '@purertc/peerconnection';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

type Outcome = { via: 'success' | 'failure'; arg: unknown; sync: boolean; returned: unknown };

/**
 * Calls a legacy form; records which callback ran, with what, whether it ran
 * during the call (it must not), and what the returned promise gave.
 */
async function legacy(call: (ok: (v?: unknown) => void, fail: (e: unknown) => void) => Promise<unknown>): Promise<Outcome> {
  let sync = true;
  let done!: (o: { via: 'success' | 'failure'; arg: unknown; sync: boolean }) => void;
  const seen = new Promise<{ via: 'success' | 'failure'; arg: unknown; sync: boolean }>((r) => (done = r));
  const promise = call(
    (v) => done({ via: 'success', arg: v, sync }),
    (e) => done({ via: 'failure', arg: e, sync }),
  );
  sync = false;
  const returned = await promise;
  return { ...(await seen), returned };
}

async function remoteOffer(): Promise<{ type: 'offer'; sdp: string }> {
  const o = pc();
  o.addTransceiver('audio');
  const offer = await o.createOffer();
  if (offer.sdp === undefined) throw new Error('createOffer resolved without sdp');
  return { type: 'offer', sdp: offer.sdp };
}

describe('success paths', () => {
  test('createOffer(success, failure) passes the offer to success; the promise resolves undefined', async () => {
    const p = pc();
    const r = await legacy((ok, fail) => p.createOffer(ok, fail));
    expect([r.via, (r.arg as { type: string }).type, r.returned, r.sync]).toEqual(['success', 'offer', undefined, false]);
  });

  test('createOffer(success, failure, options) honours the options (offerToReceiveAudio)', async () => {
    const p = pc();
    const r = await legacy((ok, fail) => p.createOffer(ok, fail, { offerToReceiveAudio: true }));
    expect((r.arg as { sdp: string }).sdp).toMatch(/^m=audio .*\r\n[\s\S]*a=recvonly/m);
  });

  test('createAnswer(success, failure) passes the answer to success', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const r = await legacy((ok, fail) => p.createAnswer(ok, fail));
    expect([r.via, (r.arg as { type: string }).type, r.returned]).toEqual(['success', 'answer', undefined]);
  });

  test('setLocalDescription(desc, success, failure) calls success with no argument and applies the description', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const offer = await p.createOffer();
    const r = await legacy((ok, fail) => p.setLocalDescription(offer, ok, fail));
    expect([r.via, r.arg, r.returned, p.signalingState]).toEqual(['success', undefined, undefined, 'have-local-offer']);
  });

  test('setRemoteDescription(desc, success, failure) calls success and applies the description', async () => {
    const p = pc();
    const offer = await remoteOffer();
    const r = await legacy((ok, fail) => p.setRemoteDescription(offer, ok, fail));
    expect([r.via, r.arg, r.returned, p.signalingState]).toEqual(['success', undefined, undefined, 'have-remote-offer']);
  });

  test('addIceCandidate(candidate, success, failure) calls success', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const r = await legacy((ok, fail) => p.addIceCandidate({ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' }, ok, fail));
    expect([r.via, r.returned]).toEqual(['success', undefined]);
  });
});

describe('failure paths: the failure callback gets the error, the returned promise still resolves undefined', () => {
  test('createOffer on a closed connection → InvalidStateError', async () => {
    const p = pc();
    p.close();
    const r = await legacy((ok, fail) => p.createOffer(ok, fail));
    expect([r.via, (r.arg as Error).name, r.returned, r.sync]).toEqual(['failure', 'InvalidStateError', undefined, false]);
  });

  test('createAnswer in stable → InvalidStateError', async () => {
    const r = await legacy((ok, fail) => pc().createAnswer(ok, fail));
    expect([r.via, (r.arg as Error).name, r.returned]).toEqual(['failure', 'InvalidStateError', undefined]);
  });

  test('setLocalDescription with an answer in stable → InvalidStateError', async () => {
    const p = pc();
    const r = await legacy((ok, fail) => p.setLocalDescription({ type: 'answer' } as never, ok, fail));
    expect([r.via, (r.arg as Error).name, r.returned]).toEqual(['failure', 'InvalidStateError', undefined]);
  });

  test('setRemoteDescription with malformed SDP → RTCError sdp-syntax-error', async () => {
    const r = await legacy((ok, fail) => pc().setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nbogus\r\n' }, ok, fail));
    expect([r.via, (r.arg as Error).name, (r.arg as { errorDetail?: string }).errorDetail, (r.arg as { sdpLineNumber?: number }).sdpLineNumber, r.returned]).toEqual([
      'failure',
      'OperationError',
      'sdp-syntax-error',
      2,
      undefined,
    ]);
  });

  test('addIceCandidate without a remote description → InvalidStateError', async () => {
    const r = await legacy((ok, fail) => pc().addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 1 typ host', sdpMid: '0' }, ok, fail));
    expect([r.via, (r.arg as Error).name, r.returned]).toEqual(['failure', 'InvalidStateError', undefined]);
  });

  test('addIceCandidate with an unknown mid → OperationError', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const r = await legacy((ok, fail) => p.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 1 typ host', sdpMid: 'nope' }, ok, fail));
    expect([r.via, (r.arg as Error).name, r.returned]).toEqual(['failure', 'OperationError', undefined]);
  });
});

describe('argument conversion', () => {
  test('a non-callable failure callback is a TypeError rejection, never a synchronous throw', async () => {
    const p = pc();
    let promise!: Promise<unknown>;
    expect(() => (promise = p.createOffer(() => {}, 42 as never))).not.toThrow();
    await expect(promise).rejects.toThrow(TypeError);
  });
});
