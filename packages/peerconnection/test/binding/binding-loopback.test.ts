/**
 * The transport binding over real UDP on 127.0.0.1, driven by a fake
 * RTCPeerConnection: W3C event order (gathering, candidates, ICE, DTLS,
 * connection, SCTP), channels both ways, bufferedAmount, stats, close.
 */
import type { DtlsCertificate } from '@purertc/dtls';
import { PeerTransportDriver } from '@purertc/peerconnection/transport/node';
import { FakeHost, makeCertificate, until, type FakeChannel } from './fake-host.js';

let certA: DtlsCertificate;
let certB: DtlsCertificate;
beforeAll(async () => {
  [certA, certB] = await Promise.all([makeCertificate(), makeCertificate()]);
});

/** Offer/answer with trickle: A offers, B answers (B is the DTLS client). */
async function connect(a: FakeHost, b: FakeHost): Promise<void> {
  a.addEventListener('icecandidate', (e) => {
    const c = (e as unknown as { candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null } | null }).candidate;
    if (c) b.binding.addRemoteCandidate({ candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment });
  });
  b.addEventListener('icecandidate', (e) => {
    const c = (e as unknown as { candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null } | null }).candidate;
    if (c) a.binding.addRemoteCandidate({ candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment });
  });
  await a.binding.applyLocalDescription('offer', a.description('actpass'));
  await b.binding.applyRemoteDescription('offer', a.description('actpass'));
  await b.binding.applyLocalDescription('answer', b.description('active'));
  await a.binding.applyRemoteDescription('answer', b.description('active'));
}

describe('TransportBinding over loopback UDP', () => {
  it('fires the W3C events in order, opens channels both ways, reports stats and closes cleanly', async () => {
    const before = PeerTransportDriver.activeHandles;
    const a = new FakeHost(certA, 'A');
    const b = new FakeHost(certB, 'B');
    const iceLog: string[] = [];
    const dtlsLog: string[] = [];
    try {
      const chA = a.createChannel('chat'); // before the transport exists: attached when it is created
      await connect(a, b);
      const it = a.binding.iceTransport;
      it.addEventListener('statechange', () => iceLog.push(`ice:${it.state}`));
      it.addEventListener('gatheringstatechange', () => iceLog.push(`gathering:${it.gatheringState}`));
      it.addEventListener('selectedcandidatepairchange', () => iceLog.push('pair'));
      a.binding.dtlsTransport.addEventListener('statechange', () => dtlsLog.push(a.binding.dtlsTransport.state));
      await until(() => chA.readyState === "open" && b.remoteChannels.length === 1, 10_000, "open").catch((e) => { console.log(a.log, b.log, a.binding.transport?.iceState, a.binding.transport?.dtlsState, a.binding.transport?.sctpState, chA, a.candidates, b.candidates); throw e; });
      expect(chA.id).toBe(1); // A is the DTLS server: odd ids
      expect(a.binding.connectionState).toBe('connected');
      expect(a.binding.sctpTransport?.state).toBe('connected');
      expect(a.binding.sctpTransport?.maxMessageSize).toBe(262144);
      expect(a.binding.sctpTransport?.maxChannels).toBeGreaterThan(0);
      // Gathering, then the end-of-candidates ('' then null), in the spec's order.
      const gather = a.log.filter((x) => x.startsWith('icegathering') || x.startsWith('icecandidate'));
      expect(gather[0]).toBe('icegatheringstatechange:gathering');
      expect(gather.slice(-3)).toEqual(['icecandidate:end', 'icegatheringstatechange:complete', 'icecandidate:null']);
      expect(a.candidates.filter((c) => c !== '').every((c) => c.includes('127.0.0.1') && c.includes(`ufrag ${a.ufrag}`))).toBe(true);
      // ICE, then DTLS, then the connection: connectionstatechange follows iceconnectionstatechange.
      const states = a.log.filter((x) => x.startsWith('iceconn') || x.startsWith('connection'));
      expect(states).toEqual([
        'iceconnectionstatechange:checking',
        'connectionstatechange:connecting',
        'iceconnectionstatechange:connected',
        'iceconnectionstatechange:completed', // the controlling side, once the peer signalled end-of-candidates
        'connectionstatechange:connected', // after DTLS connected
      ]);
      const pair = it.getSelectedCandidatePair();
      expect(pair?.local.address).toBe('127.0.0.1');
      expect(pair?.remote.port).toBe(b.binding.transport!.ice.getLocalCandidates()[0]!.port);
      expect(it.role).toBe('controlling');
      expect(b.binding.iceTransport.role).toBe('controlled');
      expect(it.getLocalParameters()).toEqual({ usernameFragment: a.ufrag, password: a.pwd });
      expect(it.getRemoteParameters()).toEqual({ usernameFragment: b.ufrag, password: b.pwd });
      expect(it.getRemoteCandidates().length).toBeGreaterThan(0);
      expect(it.getLocalCandidates().length).toBeGreaterThan(0);
      // The peer's certificate, as an ArrayBuffer.
      const certs = a.binding.dtlsTransport.getRemoteCertificates();
      expect(certs).toHaveLength(1);
      expect(new Uint8Array(certs[0]!)).toEqual(certB.certificateDer);

      // Messages both ways; the remote channel got a datachannel event then open.
      const chB = b.remoteChannels[0]!;
      expect(chB.label).toBe('chat');
      expect(chB.log[0]).toBe('open');
      expect(b.log).toContain('datachannel:chat');
      const gotB: unknown[] = [];
      const gotA: unknown[] = [];
      chB.addEventListener('message', (e) => {
        gotB.push((e as MessageEvent).data);
        chB.send(typeof (e as MessageEvent).data === 'string' ? (e as MessageEvent).data : new Uint8Array((e as MessageEvent).data));
      });
      chA.addEventListener('message', (e) => gotA.push((e as MessageEvent).data));
      chA.bufferedAmountLowThreshold = 10;
      chA.send('hello');
      chA.send(Uint8Array.of(1, 2, 3));
      expect(chA.bufferedAmount).toBe(8); // grows synchronously
      await until(() => gotA.length === 2, 5000, 'echo');
      expect(gotB[0]).toBe('hello');
      expect(gotA[0]).toBe('hello');
      expect(new Uint8Array(gotA[1] as ArrayBuffer)).toEqual(Uint8Array.of(1, 2, 3));
      expect(chA.bufferedAmount).toBe(0);
      // A large message (within max-message-size) and bufferedamountlow after it left.
      const big = new Uint8Array(200_000).map((_, i) => i & 0xff);
      chA.send(big);
      expect(chA.bufferedAmount).toBe(200_000);
      await until(() => gotA.length === 3, 10_000, 'big echo');
      expect(new Uint8Array(gotA[2] as ArrayBuffer)).toEqual(big);
      expect(chA.log).toContain('bufferedamountlow');
      expect(chA.bufferedAmount).toBe(0);

      // A Blob is read asynchronously but keeps its place; sizes and states are checked synchronously.
      chA.send(new Blob([Uint8Array.of(7, 7)]));
      chA.send('after-blob');
      expect(chA.bufferedAmount).toBe(12);
      expect(() => chA.send(new Uint8Array(262145))).toThrow(TypeError); // above the peer's max-message-size
      expect(() => chA.send({} as never)).toThrow(TypeError);
      await until(() => gotA.length === 5, 5000, 'blob echo');
      expect(new Uint8Array(gotA[3] as ArrayBuffer)).toEqual(Uint8Array.of(7, 7));
      expect(gotA[4]).toBe('after-blob');
      // Bytes are copied at send(): changing the buffer afterwards changes nothing.
      const mutable = Uint8Array.of(1, 1, 1);
      chA.send(mutable.subarray(1));
      mutable.fill(9);
      await until(() => gotA.length === 6, 5000, 'copy echo');
      expect(new Uint8Array(gotA[5] as ArrayBuffer)).toEqual(Uint8Array.of(1, 1));

      // getStats: the objects reference each other; RTT measured from STUN.
      const report = a.binding.getStats();
      const byType = (t: string) => [...report.values()].filter((s) => s.type === t) as unknown as Record<string, unknown>[];
      const transport = byType('transport')[0]!;
      expect(transport.dtlsState).toBe('connected');
      expect(transport.iceState).toBe(it.state);
      expect(transport.dtlsRole).toBe('server');
      expect(transport.iceRole).toBe('controlling');
      const selected = report.get(transport.selectedCandidatePairId as string) as unknown as Record<string, number | string>;
      expect(selected.type).toBe('candidate-pair');
      expect(report.get(selected.localCandidateId as string)?.type).toBe('local-candidate');
      expect(report.get(selected.remoteCandidateId as string)?.type).toBe('remote-candidate');
      expect(selected.state).toBe('succeeded');
      expect(selected.requestsSent).toBeGreaterThan(0);
      expect(selected.responsesReceived).toBeGreaterThan(0);
      expect(selected.requestsReceived).toBeGreaterThan(0);
      expect(selected.responsesSent).toBeGreaterThan(0);
      expect(selected.totalRoundTripTime).toBeGreaterThan(0);
      expect(selected.currentRoundTripTime).toBeGreaterThan(0);
      expect(selected.currentRoundTripTime).toBeLessThan(1);
      expect(selected.bytesSent).toBeGreaterThan(200_000);
      expect(selected.bytesReceived).toBeGreaterThan(200_000);
      expect(selected.lastPacketReceivedTimestamp).toBeLessThanOrEqual(report.get('P')!.timestamp);
      expect(Math.abs(report.get('P')!.timestamp - Date.now())).toBeLessThan(1000);
      expect(report.get(transport.localCertificateId as string)?.type).toBe('certificate');
      const remoteCert = report.get(transport.remoteCertificateId as string) as unknown as Record<string, string>;
      expect(remoteCert.fingerprint).toBe(b.fingerprint.value);
      expect(Buffer.from(remoteCert.base64Certificate!, 'base64')).toEqual(Buffer.from(certB.certificateDer));
      const dc = byType('data-channel')[0]!;
      expect(dc).toMatchObject({ label: 'chat', state: 'open', dataChannelIdentifier: 1, messagesSent: 6, messagesReceived: 6, bytesSent: 200_022, bytesReceived: 200_022 });
      expect(report.get('P')).toMatchObject({ type: 'peer-connection', dataChannelsOpened: 1, dataChannelsClosed: 0 });
      expect(new Set([...report.values()].map((s) => s.timestamp)).size).toBe(1);

      // Close from B's side: A sees closing (the peer's stream reset), then close.
      chB.readyState = 'closing';
      expect(() => chB.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
      b.binding.closeChannel(chB);
      await until(() => chA.readyState === 'closed' && chB.readyState === 'closed', 5000, 'channel closed');
      expect(chA.log.slice(-2)).toEqual(['closing', 'close']);
      expect(chB.log.at(-1)).toBe('close');
      expect(a.binding.getStats().get('P')).toMatchObject({ dataChannelsOpened: 1, dataChannelsClosed: 1 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(PeerTransportDriver.activeHandles).toBe(before);
    expect(a.binding.iceTransport.state).toBe('closed');
    expect(a.binding.dtlsTransport.state).toBe('closed');
    expect(iceLog.length + dtlsLog.length).toBeGreaterThanOrEqual(0);
  }, 30_000);
});
