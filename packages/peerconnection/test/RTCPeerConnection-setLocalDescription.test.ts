import { RTCPeerConnection, RTCSessionDescription } from '@purertc/peerconnection';
import { editLine, nextTask, record, rejectsWithName, remoteOffer } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

describe('setLocalDescription (webrtc-pc §4.4.1.5)', () => {
  test('setting the created offer moves to have-local-offer with a pending local description', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const offer = (await p.createOffer())!;
    await p.setLocalDescription(offer);
    expect(p.signalingState).toBe('have-local-offer');
    expect(p.pendingLocalDescription).toBeInstanceOf(RTCSessionDescription);
    expect(p.pendingLocalDescription!.sdp).toBe(offer.sdp);
    expect(p.localDescription).toBe(p.pendingLocalDescription);
    expect(p.currentLocalDescription).toBeNull();
  });

  test('setting a local offer sets transceiver.mid', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    await p.setLocalDescription((await p.createOffer())!);
    expect(t.mid).toBe('0');
  });

  test('signalingstatechange fires before the promise resolves', async () => {
    const p = pc();
    const log: string[] = [];
    p.onsignalingstatechange = () => log.push(`event:${p.signalingState}`);
    const offer = (await p.createOffer())!;
    await p.setLocalDescription(offer).then(() => log.push('resolved'));
    expect(log).toEqual(['event:have-local-offer', 'resolved']);
  });

  test('parameterless setLocalDescription() creates and sets an offer in stable', async () => {
    const p = pc();
    p.addTransceiver('video');
    await p.setLocalDescription();
    expect(p.signalingState).toBe('have-local-offer');
    expect(p.localDescription!.type).toBe('offer');
    expect(p.localDescription!.sdp).toContain('m=video');
  });

  test('parameterless setLocalDescription() creates and sets an answer in have-remote-offer', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    await p.setLocalDescription();
    expect(p.signalingState).toBe('stable');
    expect(p.currentLocalDescription!.type).toBe('answer');
  });

  test('{type: "offer"} without sdp uses the last created offer', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const offer = (await p.createOffer())!;
    await p.setLocalDescription({ type: 'offer' });
    expect(p.localDescription!.sdp).toBe(offer.sdp);
  });

  test('an offer differing from the last created one rejects with InvalidModificationError', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const offer = (await p.createOffer())!;
    const modified = editLine(offer.sdp, /^a=ice-ufrag:/, 'a=ice-ufrag:abcd');
    await rejectsWithName(p.setLocalDescription({ type: 'offer', sdp: modified }), 'InvalidModificationError');
    expect(p.signalingState).toBe('stable');
  });

  test('an earlier created offer (not the last one) rejects with InvalidModificationError', async () => {
    const p = pc();
    p.addTransceiver('audio');
    const first = (await p.createOffer())!;
    await p.createOffer();
    await rejectsWithName(p.setLocalDescription(first), 'InvalidModificationError');
  });

  test('creating and setting offers repeatedly in have-local-offer succeeds', async () => {
    const p = pc();
    p.addTransceiver('audio');
    await p.setLocalDescription((await p.createOffer())!);
    const second = (await p.createOffer())!;
    await p.setLocalDescription(second);
    expect(p.pendingLocalDescription!.sdp).toBe(second.sdp);
    expect(p.signalingState).toBe('have-local-offer');
  });

  test('an offer from another connection rejects with InvalidModificationError', async () => {
    const p = pc();
    await p.createOffer();
    await rejectsWithName(p.setLocalDescription(await remoteOffer()), 'InvalidModificationError');
  });

  test('an answer in stable (never created) rejects with InvalidModificationError', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    await rejectsWithName(p.setLocalDescription({ type: 'answer', sdp: offer.sdp }), 'InvalidModificationError');
  });

  test('the last created answer set in stable (after rollback) rejects with InvalidStateError', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const answer = (await p.createAnswer())!;
    await p.setRemoteDescription({ type: 'rollback' });
    await rejectsWithName(p.setLocalDescription(answer as never), 'InvalidStateError');
  });

  test('a created offer set after a remote offer arrived rejects with InvalidStateError', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    await p.setRemoteDescription(await remoteOffer());
    await rejectsWithName(p.setLocalDescription(offer), 'InvalidStateError');
  });

  test('setting the created answer completes the negotiation', async () => {
    const p = pc();
    const offer = await remoteOffer();
    await p.setRemoteDescription(offer);
    const answer = (await p.createAnswer())!;
    await p.setLocalDescription(answer);
    expect(p.signalingState).toBe('stable');
    expect(p.currentLocalDescription!.sdp).toBe(answer.sdp);
    expect(p.currentRemoteDescription!.sdp).toBe(offer.sdp);
    expect(p.pendingLocalDescription).toBeNull();
    expect(p.pendingRemoteDescription).toBeNull();
  });

  test('a local pranswer moves to have-local-pranswer, then the answer to stable', async () => {
    const p = pc();
    await p.setRemoteDescription(await remoteOffer());
    const answer = (await p.createAnswer())!;
    const states = record(p, ['signalingstatechange']);
    await p.setLocalDescription({ type: 'pranswer', sdp: answer.sdp });
    expect(p.signalingState).toBe('have-local-pranswer');
    expect(p.pendingLocalDescription!.type).toBe('pranswer');
    await p.setLocalDescription(answer);
    expect(p.signalingState).toBe('stable');
    expect(states).toHaveLength(2);
  });

  test('a local pranswer in stable rejects with InvalidModificationError (no created answer)', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    await rejectsWithName(p.setLocalDescription({ type: 'pranswer', sdp: offer.sdp }), 'InvalidModificationError');
  });

  test('local rollback from have-local-offer returns to stable and clears the pending description', async () => {
    const p = pc();
    const t = p.addTransceiver('audio');
    await p.setLocalDescription((await p.createOffer())!);
    await p.setLocalDescription({ type: 'rollback' });
    expect(p.signalingState).toBe('stable');
    expect(p.localDescription).toBeNull();
    expect(t.mid).toBeNull();
  });

  test('local rollback in stable rejects with InvalidStateError', async () => {
    await rejectsWithName(pc().setLocalDescription({ type: 'rollback' }), 'InvalidStateError');
  });

  test('an invalid type rejects with TypeError', async () => {
    await expect(pc().setLocalDescription({ type: 'bogus' } as never)).rejects.toThrow(TypeError);
  });

  test('setLocalDescription on a closed connection rejects with InvalidStateError', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    p.close();
    await rejectsWithName(p.setLocalDescription(offer), 'InvalidStateError');
  });

  test('closing while setLocalDescription is in progress: the promise never settles and no event fires', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    const log = record(p, ['signalingstatechange']);
    let settled = false;
    p.setLocalDescription(offer).then(
      () => (settled = true),
      () => (settled = true),
    );
    p.close();
    await nextTask();
    await nextTask();
    expect(settled).toBe(false);
    expect(log).toEqual([]);
  });

  test('the legacy setLocalDescription(desc, success, failure) calls success', async () => {
    const p = pc();
    const offer = (await p.createOffer())!;
    const result = await new Promise((resolve) => void p.setLocalDescription(offer, () => resolve('success'), (e: unknown) => resolve(e)));
    expect(result).toBe('success');
  });

  test('the legacy setLocalDescription calls failure with the error', async () => {
    const p = pc();
    const result = await new Promise<Error>((resolve) => void p.setLocalDescription({ type: 'rollback' }, () => resolve(new Error('success')), (e: Error) => resolve(e)));
    expect(result.name).toBe('InvalidStateError');
  });
});
