/** WPT webrtc/RTCRtpTransceiver-stopping.https.html, checked against our implementation (track() stands in for getUserMedia). */
import type { RTCPeerConnection } from '@purertc/peerconnection';
import { newPc, track } from './helpers.js';

async function negotiateParameterless(pc1: RTCPeerConnection, pc2: RTCPeerConnection) {
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
}

describe('RTCRtpTransceiver-stopping', () => {
  for (const kind of ['audio', 'video'] as const) {
    test(`[${kind}] Rollback when transceiver is not removed does not end track`, async () => {
      const pc = newPc();
      const transceiver = pc.addTransceiver(kind);
      await pc.setLocalDescription();
      await pc.setLocalDescription({ type: 'rollback' });
      expect(transceiver.receiver.track.readyState).toBe('live');
    });

    test(`[${kind}] Rollback when removing transceiver makes it stopped`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver(kind);
      await pc1.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription!);
      const [pc2Transceiver] = pc2.getTransceivers();
      await pc2.setRemoteDescription({ type: 'rollback' });
      expect(pc2.getTransceivers().length).toBe(0);
      expect(pc2Transceiver!.currentDirection).toBe('stopped');
      expect(pc2Transceiver!.direction).toBe('stopped');
      expect(pc2Transceiver!.mid).toBeNull();
    });

    test(`[${kind}] Glare when transceiver is not removed does not end track`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      const t = track(kind);
      pc1.addTrack(t);
      pc2.addTrack(t);
      const transceiver = pc2.getTransceivers()[0]!;
      const ontrackEvent = new Promise<{ readyState: string }>((r) => {
        pc2.ontrack = (e: Event) => r((e as unknown as { track: { readyState: string } }).track);
      });
      await pc1.setLocalDescription();
      await pc2.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription!);
      expect(transceiver.receiver.track.readyState).toBe('live');
      expect((await ontrackEvent).readyState).toBe('live');
    });

    test(`[${kind}] Locally stopped transceiver goes from stopping to stopped`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      const transceiver = pc1.addTransceiver(kind);
      await negotiateParameterless(pc1, pc2);
      expect(transceiver.mid).not.toBeNull();
      expect(transceiver.direction).not.toBe('stopped');
      expect(transceiver.currentDirection).not.toBe('stopped');
      transceiver.stop();
      expect(transceiver.mid).not.toBeNull();
      expect(transceiver.direction).toBe('stopped');
      expect(transceiver.currentDirection).not.toBe('stopped');
      await negotiateParameterless(pc1, pc2);
      expect(transceiver.mid).toBeNull();
      expect(transceiver.direction).toBe('stopped');
      expect(transceiver.currentDirection).toBe('stopped');
    });

    test(`[${kind}] Locally stopping a transceiver ends the track`, async () => {
      const pc = newPc();
      const transceiver = pc.addTransceiver(kind);
      const trackEnded = new Promise((r) => (transceiver.receiver.track.onended = r));
      expect(transceiver.receiver.track.readyState).toBe('live');
      transceiver.stop();
      expect(transceiver.receiver.track.readyState).toBe('live');
      await trackEnded;
      expect(transceiver.receiver.track.readyState).toBe('ended');
    });

    test(`[${kind}] Remotely stopping a transceiver ends the track`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      const pc1Transceiver = pc1.addTransceiver(kind);
      await negotiateParameterless(pc1, pc2);
      const [pc2Transceiver] = pc2.getTransceivers();
      pc1Transceiver.stop();
      await pc1.setLocalDescription();
      expect(pc2Transceiver!.receiver.track.readyState).toBe('live');
      await pc2.setRemoteDescription(pc1.localDescription!);
      expect(pc2Transceiver!.receiver.track.readyState).toBe('live');
      await new Promise((r) => (pc2Transceiver!.receiver.track.onended = r));
      expect(pc2Transceiver!.receiver.track.readyState).toBe('ended');
    });

    test(`[${kind}] Remotely stopped transceiver goes directly to stopped`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      const pc1Transceiver = pc1.addTransceiver(kind);
      await negotiateParameterless(pc1, pc2);
      const [pc2Transceiver] = pc2.getTransceivers();
      expect(pc2Transceiver!.mid).not.toBeNull();
      expect(pc2Transceiver!.direction).not.toBe('stopped');
      expect(pc2Transceiver!.currentDirection).not.toBe('stopped');
      pc1Transceiver.stop();
      expect(pc2.getTransceivers().length).toBe(1);
      await pc1.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription!);
      expect(pc2.getTransceivers().length).toBe(1);
      expect(pc2Transceiver!.mid).not.toBeNull();
      expect(pc2Transceiver!.direction).toBe('stopped');
      expect(pc2Transceiver!.currentDirection).toBe('stopped');
      await pc2.setLocalDescription();
      expect(pc2.getTransceivers().length).toBe(0);
      expect(pc2Transceiver!.mid).toBeNull();
      expect(pc2Transceiver!.direction).toBe('stopped');
      expect(pc2Transceiver!.currentDirection).toBe('stopped');
    });

    test(`[${kind}] Rollback when removing transceiver does end the track`, async () => {
      const pc1 = newPc();
      const pc2 = newPc();
      pc1.addTransceiver(kind);
      await pc1.setLocalDescription();
      await pc2.setRemoteDescription(pc1.localDescription!);
      const [pc2Transceiver] = pc2.getTransceivers();
      await pc2.setRemoteDescription({ type: 'rollback' });
      expect(pc2.getTransceivers().length).toBe(0);
      expect(pc2Transceiver!.receiver.track.readyState).toBe('live');
      await new Promise((r) => (pc2Transceiver!.receiver.track.onended = r));
      expect(pc2Transceiver!.receiver.track.readyState).toBe('ended');
    });
  }
});
