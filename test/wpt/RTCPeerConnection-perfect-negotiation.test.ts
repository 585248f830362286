/**
 * WPT webrtc/RTCPeerConnection-perfect-negotiation.https.html (with its
 * -helper.js), checked against our implementation: the perfect-negotiation
 * peer logic written for two connections in one realm, talking over an
 * asynchronous in-memory channel instead of postMessage between frames.
 */
import type { RTCPeerConnection } from '@purertc/peerconnection';
import { newPc } from './helpers.js';

interface Message {
  description?: { type: string; sdp: string };
  candidate?: unknown;
}

interface Peer {
  pc: RTCPeerConnection;
  errors: string[];
  deliver(msg: Message): void;
  addTransceiver(): Promise<number>;
  getNumTransceivers(): number;
}

/** One side of the perfect negotiation pattern (the WPT helper's peer(), in our words). */
function peer(polite: boolean, send: (msg: Message) => void): Peer {
  const pc = newPc();
  const errors: string[] = [];
  const check = (cond: boolean, what: string) => {
    if (!cond) errors.push(what);
  };
  let makingOffer = false;
  let ignoreIceCandidateFailures = false;
  let srdAnswerPending = false;

  pc.addEventListener('icecandidate', (e: Event) => send({ candidate: (e as unknown as { candidate: unknown }).candidate }));
  pc.addEventListener('negotiationneeded', async () => {
    try {
      check(pc.signalingState === 'stable', 'negotiationneeded always fires in stable state');
      check(!makingOffer, 'negotiationneeded not already in progress');
      makingOffer = true;
      await pc.setLocalDescription();
      check(pc.signalingState === 'have-local-offer', 'negotiationneeded not racing with onmessage');
      check(pc.localDescription!.type === 'offer', 'negotiationneeded SLD worked');
      send({ description: JSON.parse(JSON.stringify(pc.localDescription)) });
    } catch (e) {
      errors.push(`${(e as Error).name}: ${(e as Error).message}`);
    } finally {
      makingOffer = false;
    }
  });

  async function onMessage({ description, candidate }: Message) {
    try {
      if (description) {
        const isStable = pc.signalingState === 'stable' || (pc.signalingState === 'have-local-offer' && srdAnswerPending);
        const ignoreOffer = description.type === 'offer' && !polite && (makingOffer || !isStable);
        if (ignoreOffer) {
          ignoreIceCandidateFailures = true;
          return;
        }
        if (description.type === 'answer') srdAnswerPending = true;
        await pc.setRemoteDescription(description as never);
        ignoreIceCandidateFailures = false;
        srdAnswerPending = false;
        if (description.type === 'offer') {
          check(pc.signalingState === 'have-remote-offer', 'Remote offer');
          check(pc.remoteDescription!.type === 'offer', 'SRD worked');
          await pc.setLocalDescription();
          check(pc.signalingState === 'stable', 'onmessage not racing with negotiationneeded');
          check(pc.localDescription!.type === 'answer', 'onmessage SLD worked');
          send({ description: JSON.parse(JSON.stringify(pc.localDescription)) });
        } else {
          check(pc.remoteDescription!.type === 'answer', 'Answer was set');
          check(pc.signalingState === 'stable', 'answered');
          pc.dispatchEvent(new Event('negotiated'));
        }
      } else if (candidate !== undefined) {
        try {
          await pc.addIceCandidate(candidate as never);
        } catch (e) {
          if (!ignoreIceCandidateFailures) throw e;
        }
      }
    } catch (e) {
      errors.push(`${(e as Error).name}: ${(e as Error).message}`);
    }
  }

  const negotiated = () => new Promise((r) => pc.addEventListener('negotiated', r, { once: true }));
  return {
    pc,
    errors,
    // postMessage delivers in a later task, in order.
    deliver: (msg) => void setTimeout(() => void onMessage(msg), 0),
    async addTransceiver() {
      const transceiver = pc.addTransceiver('video');
      await negotiated();
      if (!transceiver.currentDirection) await negotiated();
      check(transceiver.currentDirection === 'sendonly', 'have direction');
      return pc.getTransceivers().length;
    },
    getNumTransceivers: () => pc.getTransceivers().length,
  };
}

/** Two peers wired to each other; A's politeness given, B the opposite. */
function setupAB(politeA: boolean): [Peer, Peer] {
  let a: Peer | undefined;
  let b: Peer | undefined;
  a = peer(politeA, (m) => b!.deliver(m));
  b = peer(!politeA, (m) => a!.deliver(m));
  return [a, b];
}

describe('RTCPeerConnection-perfect-negotiation', () => {
  for (const [suffix, politeA] of [['', true], [' with roles reversed', false]] as const) {
    test(`Perfect negotiation glare${suffix}`, async () => {
      const [a, b] = setupAB(politeA);
      await Promise.all([a.addTransceiver(), b.addTransceiver()]);
      const [numA, numB] = [a.getNumTransceivers(), b.getNumTransceivers()];
      expect(numA).toBe(2);
      expect(numB).toBe(2);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
    });
  }
});
