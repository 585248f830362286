/**
 * The transport binding over loopback UDP: an ICE restart in the middle of
 * a transfer on a reliable channel (nothing lost or reordered), the answerer
 * first signalling order (remote offer before any local description), and a
 * fingerprint mismatch surfacing as RTCErrorEvent 'fingerprint-failure'.
 */
import type { DtlsCertificate } from '@purertc/dtls';
import { PeerTransportDriver } from '@purertc/peerconnection/transport/node';
import type { RTCErrorEvent } from '../../src/events.js';
import { FakeHost, makeCertificate, until } from './fake-host.js';

let certA: DtlsCertificate;
let certB: DtlsCertificate;
beforeAll(async () => {
  [certA, certB] = await Promise.all([makeCertificate(), makeCertificate()]);
});

type Cand = { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null } | null;
function trickle(from: FakeHost, to: FakeHost): void {
  from.addEventListener('icecandidate', (e) => {
    const c = (e as unknown as { candidate: Cand }).candidate;
    if (c) to.binding.addRemoteCandidate(c);
  });
}

describe('TransportBinding: restart, signaling orders, failures', () => {
  it('restarts ICE mid-transfer without losing or reordering a message', async () => {
    const before = PeerTransportDriver.activeHandles;
    const a = new FakeHost(certA, 'A');
    const b = new FakeHost(certB, 'B');
    try {
      trickle(a, b);
      trickle(b, a);
      const ch = a.createChannel('reliable');
      await a.binding.applyLocalDescription('offer', a.description('actpass'));
      await b.binding.applyRemoteDescription('offer', a.description('actpass'));
      await b.binding.applyLocalDescription('answer', b.description('active'));
      await a.binding.applyRemoteDescription('answer', b.description('active'));
      await until(() => ch.readyState === 'open' && b.remoteChannels.length === 1, 10_000, 'open');
      const got: number[] = [];
      b.remoteChannels[0]!.addEventListener('message', (e) => got.push(Number((e as MessageEvent).data)));
      const firstPair = a.binding.iceTransport.getSelectedCandidatePair();
      let sent = 0;
      const pump = setInterval(() => {
        // Flow control: keep at most 64 KiB queued.
        for (let i = 0; i < 50 && ch.bufferedAmount < 65536; i++) ch.send(String(sent++));
      }, 1);
      try {
        await until(() => got.length > 200, 5000, 'first messages');
        // Restart from A (offerer): new credentials on both sides.
        a.restart();
        await a.binding.applyLocalDescription('offer', a.description('actpass'));
        await b.binding.applyRemoteDescription('offer', a.description('actpass'));
        b.restart();
        await b.binding.applyLocalDescription('answer', b.description('active'));
        await a.binding.applyRemoteDescription('answer', b.description('active'));
        await until(() => a.binding.transport!.ice.localCredentials.ufrag === a.ufrag && a.binding.iceTransport.getSelectedCandidatePair() !== firstPair && got.length > 2000, 10_000, 'new pair');
      } finally {
        clearInterval(pump);
      }
      await until(() => got.length === sent, 10_000, 'all messages');
      expect(got).toEqual(Array.from({ length: sent }, (_, i) => i));
      expect(a.binding.iceTransport.getLocalParameters()?.usernameFragment).toBe(a.ufrag);
      expect(a.binding.iceTransport.getRemoteParameters()?.usernameFragment).toBe(b.ufrag);
      // New candidates were surfaced for the new generation.
      expect(a.candidates.some((c) => c.includes(`ufrag ${a.ufrag}`))).toBe(true);
      expect(a.binding.connectionState).toBe('connected');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(PeerTransportDriver.activeHandles).toBe(before);
  }, 30_000);

  it('non-trickle: candidates carried in the descriptions; B creates the channel', async () => {
    const a = new FakeHost(certA, 'A');
    const b = new FakeHost(certB, 'B');
    try {
      await a.binding.applyLocalDescription('offer', a.description('actpass'));
      await until(() => a.binding.iceGatheringState === 'complete', 5000, 'A gathered');
      const offer = a.description('actpass', a.candidates.filter((c) => c !== ''), true);
      await b.binding.applyRemoteDescription('offer', offer);
      const chB = b.createChannel('from-b');
      await b.binding.applyLocalDescription('answer', b.description('passive'));
      await until(() => b.binding.iceGatheringState === 'complete', 5000, 'B gathered');
      await a.binding.applyRemoteDescription('answer', b.description('passive', b.candidates.filter((c) => c !== ''), true));
      await until(() => chB.readyState === 'open' && a.remoteChannels.length === 1, 10_000, 'open');
      expect(chB.id).toBe(1); // B answered passive: B is the DTLS server, odd ids
      expect(a.binding.transport!.role).toBe('client');
      expect(a.remoteChannels[0]!.label).toBe('from-b');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);

  it('a fingerprint mismatch fails DTLS with fingerprint-failure and fails the connection', async () => {
    const a = new FakeHost(certA, 'A');
    const b = new FakeHost(certB, 'B');
    try {
      trickle(a, b);
      trickle(b, a);
      const errors: RTCErrorEvent[] = [];
      a.binding.dtlsTransport.addEventListener('error', (e) => errors.push(e as RTCErrorEvent));
      const dtlsStates: string[] = [];
      a.binding.dtlsTransport.addEventListener('statechange', () => dtlsStates.push(a.binding.dtlsTransport.state));
      const ch = a.createChannel('x');
      await a.binding.applyLocalDescription('offer', a.description('actpass'));
      await b.binding.applyRemoteDescription('offer', a.description('actpass'));
      await b.binding.applyLocalDescription('answer', b.description('active'));
      // A is told a wrong fingerprint for B.
      b.fingerprint = { algorithm: 'sha-256', value: b.fingerprint.value.replace(/^../, b.fingerprint.value.startsWith('00') ? '11' : '00') };
      await a.binding.applyRemoteDescription('answer', b.description('active'));
      await until(() => a.binding.connectionState === 'failed' && ch.readyState === 'closed', 10_000, 'failed').catch((e) => { console.log(a.log, dtlsStates, errors, ch.log, ch.readyState, a.binding.transport?.dtlsState, a.binding.transport?.sctpState, b.binding.transport?.dtlsState); throw e; });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.error.errorDetail).toBe('fingerprint-failure');
      expect(errors[0]!.error.name).toBe('OperationError');
      expect(dtlsStates.at(-1)).toBe('failed');
      expect(a.log.at(-1)).toBe('connectionstatechange:failed');
      expect(ch.log).toEqual(['error', 'close']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);
});
