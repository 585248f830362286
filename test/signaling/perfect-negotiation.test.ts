/**
 * Glare: two connections follow the perfect-negotiation pattern (webrtc-pc
 * §10.7 example) over an in-memory signaling channel, both changing their
 * media at the same time, and must converge to 'stable' with the same mids.
 */
import { seededRandom } from '@purertc/common';
import { createMediaStreamTrack, RTCPeerConnection } from '@purertc/peerconnection';

type Message = { description?: { type: string; sdp: string } | null; candidate?: unknown };

/** An in-memory, in-order signaling channel with random per-message delays (0-3 ms). */
class Channel {
  #queue: Promise<void> = Promise.resolve();
  inFlight = 0;
  onmessage: ((m: Message) => Promise<void>) | null = null;
  peer!: Channel;
  constructor(private readonly delay: () => number) {}
  send(m: Message): void {
    const peer = this.peer;
    peer.inFlight++;
    const copy = JSON.parse(JSON.stringify(m)) as Message;
    const wait = this.delay();
    // Delivery stays in order: each message waits for the previous one's handler.
    peer.#queue = peer.#queue
      .then(() => new Promise<void>((r) => setTimeout(r, wait)))
      .then(() => peer.onmessage?.(copy))
      .catch((e: unknown) => {
        peer.errors.push(e);
      })
      .finally(() => peer.inFlight--);
  }
  errors: unknown[] = [];
}

function perfectPeer(pc: RTCPeerConnection, channel: Channel, polite: boolean) {
  let makingOffer = false;
  let ignoreOffer = false;
  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      channel.send({ description: pc.localDescription!.toJSON() });
    } catch (e) {
      channel.errors.push(e);
    } finally {
      makingOffer = false;
    }
  };
  channel.onmessage = async ({ description, candidate }) => {
    if (description) {
      const offerCollision = description.type === 'offer' && (makingOffer || pc.signalingState !== 'stable');
      ignoreOffer = !polite && offerCollision;
      if (ignoreOffer) return;
      await pc.setRemoteDescription(description as never);
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        channel.send({ description: pc.localDescription!.toJSON() });
      }
    } else if (candidate !== undefined) {
      try {
        await pc.addIceCandidate(candidate as never);
      } catch (e) {
        if (!ignoreOffer) throw e;
      }
    }
  };
}

async function settle(a: RTCPeerConnection, b: RTCPeerConnection, ca: Channel, cb: Channel): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < 500 && quiet < 5; i++) {
    await new Promise((r) => setTimeout(r, 2));
    // Idle: nothing in flight, both stable, and negotiation has started at all
    // (the first offer waits for certificate generation).
    const started = a.currentLocalDescription !== null && b.currentLocalDescription !== null;
    const idle = started && ca.inFlight === 0 && cb.inFlight === 0 && a.signalingState === 'stable' && b.signalingState === 'stable';
    quiet = idle ? quiet + 1 : 0;
  }
}

function mids(pc: RTCPeerConnection): string[] {
  return pc
    .getTransceivers()
    .map((t) => t.mid)
    .filter((m): m is string => m !== null)
    .sort();
}

async function glare(seed: number) {
  const random = seededRandom(seed);
  const delay = () => {
    const b = new Uint8Array(1);
    random(b);
    return b[0]! % 4;
  };
  const net = { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] };
  const a = new RTCPeerConnection(undefined, { random: seededRandom(seed + 1), network: net });
  const b = new RTCPeerConnection(undefined, { random: seededRandom(seed + 2), network: net });
  const ca = new Channel(delay);
  const cb = new Channel(delay);
  ca.peer = cb;
  cb.peer = ca;
  perfectPeer(a, ca, false);
  perfectPeer(b, cb, true);
  // Both sides change their media at the same time.
  a.addTransceiver('audio');
  a.createDataChannel('from-a');
  b.addTransceiver('video');
  b.addTrack(createMediaStreamTrack('audio'));
  b.createDataChannel('from-b');
  await settle(a, b, ca, cb);
  return { a, b, ca, cb };
}

describe('perfect negotiation under glare', () => {
  test.each([1, 2, 3, 4, 5, 6])('seed %i: both sides converge to stable with matching mids', async (seed) => {
    const { a, b, ca, cb } = await glare(seed);
    try {
      expect(ca.errors).toEqual([]);
      expect(cb.errors).toEqual([]);
      expect(a.signalingState).toBe('stable');
      expect(b.signalingState).toBe('stable');
      expect(mids(a)).toEqual(mids(b));
      // Every transceiver of both sides is negotiated.
      for (const pc of [a, b]) for (const t of pc.getTransceivers()) expect(t.mid).not.toBeNull();
      // a's audio pairs with b's addTrack audio; b's video got its own m= section.
      expect(mids(a)).toHaveLength(2);
      const kindByMid = (pc: RTCPeerConnection) => Object.fromEntries(pc.getTransceivers().map((t) => [t.mid, t.receiver.track.kind]));
      expect(kindByMid(a)).toEqual(kindByMid(b));
      // The data section is in the negotiated descriptions.
      expect(a.currentLocalDescription!.sdp).toContain('m=application');
      expect(b.currentRemoteDescription!.sdp).toContain('m=application');
    } finally {
      a.close();
      b.close();
    }
  });

  test('after converging, neither side needs negotiation again', async () => {
    const { a, b } = await glare(42);
    let fired = 0;
    a.addEventListener('negotiationneeded', () => fired++);
    b.addEventListener('negotiationneeded', () => fired++);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(0);
    a.close();
    b.close();
  });

  test('the impolite peer never rolls back; the polite peer does', async () => {
    const a = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
    const b = new RTCPeerConnection({}, { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } });
    const aStates: string[] = [];
    const bStates: string[] = [];
    a.onsignalingstatechange = () => aStates.push(a.signalingState);
    b.onsignalingstatechange = () => bStates.push(b.signalingState);
    a.addTransceiver('audio');
    b.addTransceiver('audio');
    // Both set local offers at once (glare), then exchange.
    await Promise.all([a.setLocalDescription(), b.setLocalDescription()]);
    const offerA = a.localDescription!;
    // Polite b: implicit rollback, then applies a's offer and answers.
    await b.setRemoteDescription(offerA);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    expect(aStates).toEqual(['have-local-offer', 'stable']);
    expect(bStates).toEqual(['have-local-offer', 'stable', 'have-remote-offer', 'stable']);
    a.close();
    b.close();
  });
});
