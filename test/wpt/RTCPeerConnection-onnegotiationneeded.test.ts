/** WPT webrtc/RTCPeerConnection-onnegotiationneeded.html, checked against our implementation. */
import { MediaStream, type RTCPeerConnection } from '@purertc/peerconnection';
import { answerFrom, flushTasks, newPc, track } from './helpers.js';

/** Resolves at the next negotiationneeded event (through the on-handler, as WPT does). */
const nextNegotiation = (pc: RTCPeerConnection) => new Promise<Event>((resolve) => (pc.onnegotiationneeded = resolve));

/** True if no negotiationneeded event fires while queued tasks run (bounded version of WPT's never-resolve). */
async function noNegotiation(pc: RTCPeerConnection): Promise<boolean> {
  let fired = false;
  pc.onnegotiationneeded = () => (fired = true);
  await new Promise((r) => setTimeout(r, 30));
  return !fired;
}

/** A connection in have-local-offer whose offer (legacy offerToReceiveAudio) queued no negotiationneeded. */
async function offerer(): Promise<RTCPeerConnection> {
  const pc = newPc();
  await pc.setLocalDescription(await pc.createOffer({ offerToReceiveAudio: true }));
  return pc;
}

/** addTransceiver('audio', sendrecv) + negotiate with a fresh answerer. */
async function negotiatedAudio() {
  const pc = newPc();
  const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  await pc.setRemoteDescription(await answerFrom(offer));
  return { pc, transceiver };
}

describe('RTCPeerConnection-onnegotiationneeded', () => {
  test('Creating first data channel should fire negotiationneeded event', async () => {
    const pc = newPc();
    const negotiated = nextNegotiation(pc);
    pc.createDataChannel('test');
    expect((await negotiated).type).toBe('negotiationneeded');
  });

  test('calling createDataChannel twice should fire negotiationneeded event once', async () => {
    const pc = newPc();
    const negotiated = nextNegotiation(pc);
    pc.createDataChannel('foo');
    await negotiated;
    pc.createDataChannel('bar');
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('addTransceiver() should fire negotiationneeded event', async () => {
    const pc = newPc();
    const negotiated = nextNegotiation(pc);
    pc.addTransceiver('audio');
    await negotiated;
  });

  test('Calling addTransceiver() twice should fire negotiationneeded event once', async () => {
    const pc = newPc();
    const negotiated = nextNegotiation(pc);
    pc.addTransceiver('audio');
    await negotiated;
    pc.addTransceiver('video');
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('Calling both addTransceiver() and createDataChannel() should fire negotiationneeded event once', async () => {
    const pc = newPc();
    const negotiated = nextNegotiation(pc);
    pc.createDataChannel('test');
    await negotiated;
    pc.addTransceiver('video');
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('negotiationneeded event should not fire if signaling state is not stable', async () => {
    const pc = await offerer();
    expect(pc.signalingState).toBe('have-local-offer');
    pc.createDataChannel('test');
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('negotiationneeded event should fire only after signaling state goes back to stable after setRemoteDescription', async () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    await nextNegotiation(pc);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    let fired = false;
    pc.onnegotiationneeded = () => (fired = true);
    pc.createDataChannel('test');
    await pc.setRemoteDescription(await answerFrom(offer));
    await undefined;
    expect(fired).toBe(false);
    await nextNegotiation(pc);
  });

  test('negotiationneeded event should fire only after signaling state goes back to stable after setLocalDescription', async () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    await nextNegotiation(pc);
    let fired = false;
    pc.onnegotiationneeded = () => (fired = true);
    const other = newPc();
    await pc.setRemoteDescription(await other.createOffer());
    pc.createDataChannel('test');
    await pc.setLocalDescription(await pc.createAnswer());
    await undefined;
    expect(fired).toBe(false);
    await nextNegotiation(pc);
  });

  test('negotiationneeded event should fire only after signalingstatechange event fires from setRemoteDescription', async () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    await nextNegotiation(pc);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    let fired = false;
    pc.onnegotiationneeded = () => (fired = true);
    pc.createDataChannel('test');
    const p = pc.setRemoteDescription(await answerFrom(offer));
    await new Promise((r) => (pc.onsignalingstatechange = r));
    expect(fired).toBe(false);
    await nextNegotiation(pc);
    await p;
  });

  test('negotiationneeded event should fire only after signalingstatechange event fires from setLocalDescription', async () => {
    const pc = newPc();
    pc.addTransceiver('audio');
    await nextNegotiation(pc);
    let fired = false;
    pc.onnegotiationneeded = () => (fired = true);
    const other = newPc();
    await pc.setRemoteDescription(await other.createOffer());
    pc.createDataChannel('test');
    const p = pc.setLocalDescription(await pc.createAnswer());
    await new Promise((r) => (pc.onsignalingstatechange = r));
    expect(fired).toBe(false);
    await nextNegotiation(pc);
    await p;
  });

  test('addTrack should cause negotiationneeded to fire', async () => {
    const pc = newPc();
    const t = track('audio');
    pc.addTrack(t, new MediaStream([t]));
    await nextNegotiation(pc);
  });

  test('removeTrack should cause negotiationneeded to fire on the caller', async () => {
    const pc = newPc();
    const t = track('audio');
    const sender = pc.addTrack(t, new MediaStream([t]));
    await nextNegotiation(pc);
    let misfired = 0;
    pc.onnegotiationneeded = () => misfired++;
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await pc.setRemoteDescription(await answerFrom(offer));
    expect(misfired).toBe(0);
    pc.removeTrack(sender);
    await nextNegotiation(pc);
  });

  test('removeTrack should cause negotiationneeded to fire on the callee', async () => {
    const caller = newPc();
    caller.addTransceiver('audio', { direction: 'recvonly' });
    const offer = await caller.createOffer();
    const callee = newPc();
    const t = track('audio');
    const sender = callee.addTrack(t, new MediaStream([t]));
    await nextNegotiation(callee);
    let misfired = 0;
    callee.onnegotiationneeded = () => misfired++;
    await callee.setRemoteDescription(offer);
    const answer = await callee.createAnswer();
    void callee.setLocalDescription(answer);
    callee.removeTrack(sender);
    expect(misfired).toBe(0);
    await nextNegotiation(callee);
  });

  test('Updating the direction of the transceiver should cause negotiationneeded to fire', async () => {
    const { pc, transceiver } = await negotiatedAudio();
    transceiver.direction = 'recvonly';
    await nextNegotiation(pc);
  });

  test('Calling setStreams should cause negotiationneeded to fire', async () => {
    const { pc, transceiver } = await negotiatedAudio();
    transceiver.sender.setStreams(new MediaStream());
    await nextNegotiation(pc);
  });

  /** addTransceiver + setStreams(initial...) + negotiate; returns for the second setStreams. */
  async function withStreams(...initial: MediaStream[]) {
    const pc = newPc();
    const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
    transceiver.sender.setStreams(...initial);
    await nextNegotiation(pc);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await pc.setRemoteDescription(await answerFrom(offer));
    return { pc, transceiver };
  }

  test('Calling setStreams with a different stream as before should cause negotiationneeded to fire', async () => {
    const { pc, transceiver } = await withStreams(new MediaStream());
    transceiver.sender.setStreams(new MediaStream());
    await nextNegotiation(pc);
  });

  test('Calling setStreams with an additional stream should cause negotiationneeded to fire', async () => {
    const stream = new MediaStream();
    const { pc, transceiver } = await withStreams(stream);
    transceiver.sender.setStreams(stream, new MediaStream());
    await nextNegotiation(pc);
  });

  test('Calling setStreams with a stream removed should cause negotiationneeded to fire', async () => {
    const stream1 = new MediaStream();
    const stream2 = new MediaStream();
    const { pc, transceiver } = await withStreams(stream1, stream2);
    transceiver.sender.setStreams(stream2);
    await nextNegotiation(pc);
  });

  test('Calling setStreams with all streams removed should cause negotiationneeded to fire', async () => {
    const { pc, transceiver } = await withStreams(new MediaStream(), new MediaStream());
    transceiver.sender.setStreams();
    await nextNegotiation(pc);
  });

  test('Calling setStreams with the same stream as before should not cause negotiationneeded to fire', async () => {
    const stream = new MediaStream();
    const { pc, transceiver } = await withStreams(stream);
    transceiver.sender.setStreams(stream);
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('Calling setStreams with duplicates of the same stream as before should not cause negotiationneeded to fire', async () => {
    const stream = new MediaStream();
    const { pc, transceiver } = await withStreams(stream);
    transceiver.sender.setStreams(stream, stream);
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('Calling setStreams with the same streams as before in a different order should not cause negotiationneeded to fire', async () => {
    const stream1 = new MediaStream();
    const stream2 = new MediaStream();
    const { pc, transceiver } = await withStreams(stream1, stream2);
    transceiver.sender.setStreams(stream2, stream1);
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('Calling setStreams with duplicates of the same streams as before should not cause negotiationneeded to fire', async () => {
    const stream1 = new MediaStream();
    const stream2 = new MediaStream();
    const { pc, transceiver } = await withStreams(stream1, stream2);
    transceiver.sender.setStreams(stream1, stream2, stream1);
    expect(await noNegotiation(pc)).toBe(true);
  });

  test('Adding two transceivers, one at a time, results in the expected number of negotiationneeded events', async () => {
    const pc1 = newPc();
    const pc2 = newPc();
    let negotiationCount = 0;
    pc1.onnegotiationneeded = async () => {
      negotiationCount++;
      await pc1.setLocalDescription(await pc1.createOffer());
      await pc2.setRemoteDescription(pc1.localDescription!);
      await pc2.setLocalDescription(await pc2.createAnswer());
      await pc1.setRemoteDescription(pc2.localDescription!);
    };
    const stable = () => new Promise<void>((r) => (pc1.onsignalingstatechange = () => pc1.signalingState === 'stable' && r()));
    pc1.addTransceiver('video');
    await stable();
    pc1.addTransceiver('audio');
    await stable();
    expect(negotiationCount).toBe(2);
    await flushTasks();
  });
});
