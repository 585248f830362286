/** WPT webrtc/RTCPeerConnection-restartIce.https.html, checked against our implementation (signaling-only subtests). */
import type { RTCPeerConnection } from '@purertc/peerconnection';
import { newPc, sdpLines } from './helpers.js';

function getLines(sdp: string, prefix: string): string[] {
  const lines = sdpLines(sdp, prefix);
  expect(lines.length).toBeGreaterThan(0);
  return lines;
}
const getUfrags = (d: { sdp: string } | null) => getLines(d!.sdp, 'a=ice-ufrag:');
const getPwds = (d: { sdp: string } | null) => getLines(d!.sdp, 'a=ice-pwd:');

interface Negotiator {
  tag: string;
  setOffer(pc: RTCPeerConnection): Promise<void>;
  setAnswer(pc: RTCPeerConnection): Promise<void>;
}
const negotiators: Negotiator[] = [
  {
    tag: '',
    async setOffer(pc) {
      await pc.setLocalDescription(await pc.createOffer());
    },
    async setAnswer(pc) {
      await pc.setLocalDescription(await pc.createAnswer());
    },
  },
  {
    tag: ' (perfect negotiation)',
    async setOffer(pc) {
      await pc.setLocalDescription();
    },
    async setAnswer(pc) {
      await pc.setLocalDescription();
    },
  },
];

async function endOnFirst(pc1: RTCPeerConnection, pc2: RTCPeerConnection, n: Negotiator) {
  await n.setOffer(pc1);
  await pc2.setRemoteDescription(pc1.localDescription!);
  await n.setAnswer(pc2);
  await pc1.setRemoteDescription(pc2.localDescription!);
}
async function endOnSecond(pc1: RTCPeerConnection, pc2: RTCPeerConnection, n: Negotiator) {
  await n.setOffer(pc1);
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc1.setRemoteDescription(await pc2.createAnswer());
  await pc2.setLocalDescription(pc1.remoteDescription!);
}
async function expectNoNegotiationNeeded(pc: RTCPeerConnection, state = 'stable') {
  expect(pc.signalingState).toBe(state);
  const event = await Promise.race([new Promise((r) => (pc.onnegotiationneeded = r)), new Promise((r) => setTimeout(r, 10))]);
  expect(event).toBeUndefined();
}
const negotiationNeeded = (pc: RTCPeerConnection) => new Promise((r) => (pc.onnegotiationneeded = r));

describe('RTCPeerConnection-restartIce', () => {
  test('restartIce() has no effect on a closed peer connection', async () => {
    const pc = newPc();
    pc.close();
    pc.restartIce();
    await expectNoNegotiationNeeded(pc, 'closed');
  });

  test('restartIce() does not trigger negotiation ahead of initial negotiation', async () => {
    const pc1 = newPc();
    pc1.restartIce();
    await expectNoNegotiationNeeded(pc1);
    pc1.addTransceiver('audio');
    await negotiationNeeded(pc1);
    await expectNoNegotiationNeeded(pc1);
  });

  for (const negotiator of negotiators) {
    const { tag } = negotiator;

    test(`restartIce() has no effect on initial negotiation${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      pc1.restartIce();
      await endOnFirst(pc1, pc2, negotiator);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() fires negotiationneeded after initial negotiation${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      pc1.restartIce();
      await negotiationNeeded(pc1);
    });

    test(`restartIce() causes fresh ufrags${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      await endOnFirst(pc1, pc2, negotiator);
      expect(getUfrags(pc1.localDescription)[0] === oldUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === oldUfrag2).toBe(true);
      pc1.restartIce();
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      const [newUfrag2] = getUfrags(pc2.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      expect(getUfrags(pc1.localDescription)[0] === newUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === newUfrag2).toBe(true);
    });

    test(`restartIce() works in have-local-offer${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      await negotiator.setOffer(pc1);
      pc1.restartIce();
      await pc2.setRemoteDescription(pc1.localDescription!);
      await negotiator.setAnswer(pc2);
      const nn = negotiationNeeded(pc1);
      await pc1.setRemoteDescription(pc2.localDescription!);
      expect(getUfrags(pc1.localDescription)[0] === oldUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === oldUfrag2).toBe(true);
      await nn;
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() works in initial have-local-offer${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await negotiator.setOffer(pc1);
      pc1.restartIce();
      await pc2.setRemoteDescription(pc1.localDescription!);
      await negotiator.setAnswer(pc2);
      const nn = negotiationNeeded(pc1);
      await pc1.setRemoteDescription(pc2.localDescription!);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      await nn;
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() does nothing in initial have-remote-offer${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc2.addTransceiver('audio');
      await negotiator.setOffer(pc2);
      await pc1.setRemoteDescription(pc2.localDescription!);
      pc1.restartIce();
      await pc2.setRemoteDescription(await pc1.createAnswer());
      await pc1.setLocalDescription(pc2.remoteDescription!);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() is satisfied by remote ICE restart${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      pc1.restartIce();
      pc2.restartIce();
      await negotiationNeeded(pc1);
      await endOnSecond(pc2, pc1, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      const [newUfrag2] = getUfrags(pc2.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      expect(getUfrags(pc1.localDescription)[0] === newUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === newUfrag2).toBe(true);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() trumps {iceRestart: false}${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      pc1.restartIce();
      await negotiationNeeded(pc1);
      await pc1.setLocalDescription(await pc1.createOffer({ iceRestart: false }));
      await pc2.setRemoteDescription(pc1.localDescription!);
      await negotiator.setAnswer(pc2);
      await pc1.setRemoteDescription(pc2.localDescription!);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() survives rollback${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      pc1.restartIce();
      await negotiationNeeded(pc1);
      await negotiator.setOffer(pc1);
      const nn = negotiationNeeded(pc1);
      await pc1.setLocalDescription({ type: 'rollback' });
      await nn;
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });


    test(`restartIce() works in have-remote-offer${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      await negotiator.setOffer(pc2);
      await pc1.setRemoteDescription(pc2.localDescription!);
      pc1.restartIce();
      await pc2.setRemoteDescription(await pc1.createAnswer());
      const nn = negotiationNeeded(pc1);
      await pc1.setLocalDescription(pc2.remoteDescription!);
      expect(getUfrags(pc1.localDescription)[0] === oldUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === oldUfrag2).toBe(true);
      await nn;
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag1 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() survives remote offer${tag}`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver('audio');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const [oldUfrag1] = getUfrags(pc1.localDescription);
      const [oldUfrag2] = getUfrags(pc2.localDescription);
      pc1.restartIce();
      await negotiationNeeded(pc1);
      const nn = negotiationNeeded(pc1);
      await endOnSecond(pc2, pc1, negotiator);
      expect(getUfrags(pc1.localDescription)[0] === oldUfrag1).toBe(true);
      expect(getUfrags(pc2.localDescription)[0] === oldUfrag2).toBe(true);
      await nn;
      await endOnFirst(pc1, pc2, negotiator);
      const [newUfrag1] = getUfrags(pc1.localDescription);
      const [newUfrag2] = getUfrags(pc2.localDescription);
      expect(newUfrag1 === oldUfrag1).toBe(false);
      expect(newUfrag2 === oldUfrag2).toBe(false);
      await expectNoNegotiationNeeded(pc1);
    });

    test(`restartIce() survives remote offer containing partial restart${tag}`, async () => {
      const pc1 = newPc({ bundlePolicy: 'max-compat' });
      const pc2 = newPc({ bundlePolicy: 'max-compat' });
      pc1.addTransceiver('audio');
      pc1.addTransceiver('video');
      await negotiationNeeded(pc1);
      await endOnFirst(pc1, pc2, negotiator);
      const oldUfrags1 = getUfrags(pc1.localDescription);
      const oldUfrags2 = getUfrags(pc2.localDescription);
      const oldPwds2 = getPwds(pc2.localDescription);
      pc1.restartIce();
      await negotiationNeeded(pc1);
      pc2.restartIce();
      await negotiator.setOffer(pc2);
      {
        const { type } = pc2.localDescription!;
        let sdp = pc2.localDescription!.sdp;
        sdp = sdp.replace(getUfrags({ sdp })[0]!, oldUfrags2[0]!);
        sdp = sdp.replace(getPwds({ sdp })[0]!, oldPwds2[0]!);
        const newUfrags2 = getUfrags({ sdp });
        const newPwds2 = getPwds({ sdp });
        expect(newUfrags2[0] === oldUfrags2[0]).toBe(true);
        expect(newPwds2[0] === oldPwds2[0]).toBe(true);
        expect(newUfrags2[1] === oldUfrags2[1]).toBe(false);
        expect(newPwds2[1] === oldPwds2[1]).toBe(false);
        await pc1.setRemoteDescription({ type, sdp });
      }
      const nn = negotiationNeeded(pc1);
      await negotiator.setAnswer(pc1);
      const newUfrags1 = getUfrags(pc1.localDescription);
      expect(newUfrags1[0] === oldUfrags1[0]).toBe(true);
      expect(newUfrags1[1] === oldUfrags1[1]).toBe(false);
      await nn;
      await negotiator.setOffer(pc1);
      const newestUfrags1 = getUfrags(pc1.localDescription);
      expect(newestUfrags1[0] === oldUfrags1[0]).toBe(false);
      expect(newestUfrags1[1] === oldUfrags1[1]).toBe(false);
      await expectNoNegotiationNeeded(pc1, 'have-local-offer');
    });
  }
});
