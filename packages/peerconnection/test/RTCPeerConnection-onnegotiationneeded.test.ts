import { createMediaStreamTrack, MediaStream, RTCPeerConnection } from '@purertc/peerconnection';
import { negotiate, nextTask, record, remoteOffer } from './helpers/signaling';

const pcs: RTCPeerConnection[] = [];
function pc(): RTCPeerConnection {
  const p = new RTCPeerConnection();
  pcs.push(p);
  return p;
}
afterEach(() => pcs.splice(0).forEach((p) => p.close()));

/** A connection with one negotiated transceiver and no pending need. */
async function negotiated(kind: 'audio' | 'video' = 'audio') {
  const a = pc();
  const b = pc();
  const t = a.addTransceiver(kind);
  await negotiate(a, b);
  await nextTask();
  const log = record(a, ['negotiationneeded']);
  return { a, b, t, log };
}

describe('negotiationneeded (webrtc-pc §4.7.3)', () => {
  test('the first createDataChannel fires negotiationneeded', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.createDataChannel('a');
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('the event is queued as a task: not fired synchronously', () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.addTransceiver('audio');
    expect(log).toEqual([]);
  });

  test('a handler attached after the triggering call still receives the event', async () => {
    const p = pc();
    p.createDataChannel('a');
    const log = record(p, ['negotiationneeded']);
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('a second createDataChannel does not fire again', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.createDataChannel('a');
    await nextTask();
    p.createDataChannel('b');
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('two addTransceiver calls fire once', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.addTransceiver('audio');
    await nextTask();
    p.addTransceiver('video');
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('addTrack fires negotiationneeded', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.addTrack(createMediaStreamTrack('audio'));
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('not fired while not stable; fired once the negotiation completed', async () => {
    const a = pc();
    const b = pc();
    a.addTransceiver('audio');
    await nextTask();
    const log = record(a, ['negotiationneeded']);
    await a.setLocalDescription((await a.createOffer())!);
    a.createDataChannel('late');
    await nextTask();
    expect(log).toEqual([]);
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription((await b.createAnswer())!);
    await a.setRemoteDescription(b.localDescription!);
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('not fired while an operation is chained; re-checked when the chain empties', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    const offer = p.createOffer();
    p.addTransceiver('audio');
    await nextTask();
    expect(log).toEqual([]);
    await offer;
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('a stopping (not yet stopped) never-negotiated transceiver still needs negotiation', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    const t = p.addTransceiver('audio');
    t.stop();
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('a complete negotiation clears the flag: nothing fires afterwards', async () => {
    const { log } = await negotiated();
    await nextTask();
    expect(log).toEqual([]);
  });

  test('a direction change after negotiation fires negotiationneeded', async () => {
    const { t, log } = await negotiated();
    t.direction = 'recvonly';
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('setting the same direction does not fire', async () => {
    const { t, log } = await negotiated();
    t.direction = 'sendrecv';
    await nextTask();
    expect(log).toEqual([]);
  });

  test('changing the direction back before the task runs fires nothing', async () => {
    const { t, log } = await negotiated();
    t.direction = 'inactive';
    t.direction = 'sendrecv';
    await nextTask();
    expect(log).toEqual([]);
  });

  test('transceiver.stop() after negotiation fires negotiationneeded', async () => {
    const { t, log } = await negotiated();
    t.stop();
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('removeTrack after negotiation fires negotiationneeded', async () => {
    const a = pc();
    const b = pc();
    const sender = a.addTrack(createMediaStreamTrack('audio'));
    await negotiate(a, b);
    await nextTask();
    const log = record(a, ['negotiationneeded']);
    a.removeTrack(sender);
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('setStreams after negotiation fires negotiationneeded (msid changed)', async () => {
    const a = pc();
    const b = pc();
    const sender = a.addTrack(createMediaStreamTrack('audio'));
    await negotiate(a, b);
    await nextTask();
    const log = record(a, ['negotiationneeded']);
    sender.setStreams(new MediaStream());
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('restartIce() after negotiation fires negotiationneeded', async () => {
    const { a, log } = await negotiated();
    a.restartIce();
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('restartIce() before any negotiation does not fire', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.restartIce();
    await nextTask();
    expect(log).toEqual([]);
  });

  test('fires again when needed again after a completed negotiation', async () => {
    const { a, b, log } = await negotiated();
    a.addTransceiver('video');
    await nextTask();
    await negotiate(a, b);
    await nextTask();
    a.createDataChannel('x');
    await nextTask();
    expect(log).toEqual(['negotiationneeded', 'negotiationneeded']);
  });

  test('the answerer fires negotiationneeded when the answer could not include its own transceiver', async () => {
    const b = pc();
    b.addTransceiver('video');
    await nextTask();
    const log = record(b, ['negotiationneeded']);
    await b.setRemoteDescription(await remoteOffer());
    await b.setLocalDescription((await b.createAnswer())!);
    await nextTask();
    expect(log).toEqual(['negotiationneeded']);
  });

  test('no negotiationneeded after close()', async () => {
    const p = pc();
    const log = record(p, ['negotiationneeded']);
    p.addTransceiver('audio');
    p.close();
    await nextTask();
    expect(log).toEqual([]);
  });
});
