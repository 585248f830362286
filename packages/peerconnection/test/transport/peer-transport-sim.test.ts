/**
 * Two PeerTransports through the simulated network (test/sim): ICE → DTLS →
 * SCTP, data channels both ways (ordered reliable, unordered, partially
 * reliable), 0 % and 10 % loss, fingerprint mismatch, close. Virtual time.
 */
import type { DtlsCertificate } from '@purertc/dtls';
import { Simulation, SimNetwork } from '../../../../test/sim/network';
import { SimTurnServer } from '../../../../test/sim/stun-turn-server';
import { makeCertificate, signal, SimTransportPeer } from './sim-peer';

let certA: DtlsCertificate;
let certB: DtlsCertificate;

beforeAll(async () => {
  [certA, certB] = await Promise.all([makeCertificate(), makeCertificate()]);
});

function setup(seed: number, loss: number) {
  const net = new SimNetwork(seed);
  // No jitter: a burst of hundreds of datagrams sent in the same virtual instant with random
  // jitter reorders far beyond any DTLS replay window (64 records), which no real path does.
  net.conditions = { delay: 10, loss };
  const a = new SimTransportPeer(net, 'A', '10.0.0.1', { certificate: certA, controlling: true }, seed * 7 + 1);
  const b = new SimTransportPeer(net, 'B', '10.0.0.2', { certificate: certB, controlling: false }, seed * 7 + 2);
  const sim = new Simulation(net);
  sim.add(a);
  sim.add(b);
  return { net, a, b, sim };
}

function connect(seed: number, loss: number) {
  const s = setup(seed, loss);
  signal(0, s.a, s.b);
  const up = () => s.a.pt.sctpState === 'connected' && s.b.pt.sctpState === 'connected';
  expect(s.sim.runUntil(up, 60_000)).toBe(true);
  return s;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('PeerTransport in the simulated network', () => {
  it('establishes ICE → DTLS → SCTP with the W3C state sequences', () => {
    const { a, b, net } = connect(1, 0);
    for (const p of [a, b]) {
      expect(p.states('ice-state').slice(0, 2)).toEqual(['checking', 'connected']);
      expect(p.states('dtls-state')).toEqual(['connecting', 'connected']);
      expect(p.states('sctp-state')).toEqual(['connecting', 'connected']);
      expect(p.states('connection-state')).toEqual(['connecting', 'connected']);
      expect(p.pt.iceConnectionState === 'connected' || p.pt.iceConnectionState === 'completed').toBe(true);
      expect(p.pt.connectionState).toBe('connected');
      expect(p.events('ice-candidate').length).toBeGreaterThan(0);
      expect(p.pt.maxChannels).toBeGreaterThan(0);
      expect(p.pt.maxMessageSize).toBe(65536);
    }
    // connected came after DTLS connected, never before (webrtc-pc §4.4.3).
    const conn = a.log.findIndex((x) => x.e.type === 'connection-state' && x.e.state === 'connected');
    const dtls = a.log.findIndex((x) => x.e.type === 'dtls-state' && x.e.state === 'connected');
    expect(conn).toBeGreaterThan(dtls);
    expect(a.pt.role).toBe('server');
    expect(b.pt.role).toBe('client');
    // Each side holds the other's certificate.
    expect(a.pt.remoteCertificate).toEqual(certB.certificateDer);
    expect(b.pt.remoteCertificate).toEqual(certA.certificateDer);
    // SRTP keyed from the exporter: what one side protects the other unprotects.
    const rtp = Uint8Array.of(0x80, 96, 0, 1, 0, 0, 0, 10, 0, 0, 0, 42, 1, 2, 3, 4, 5);
    expect(a.pt.sendRtp(net.now, rtp)).toBe(true);
    a.drain(net.now);
    const rtcp = Uint8Array.of(0x80, 201, 0, 1, 0, 0, 0, 42);
    expect(b.pt.sendRtcp(net.now, rtcp)).toBe(true);
    b.drain(net.now);
    net.deliver(net.now + 50);
    a.drain(net.now);
    b.drain(net.now);
    expect(b.events('rtp').map((e) => [...e.packet])).toEqual([[...rtp]]);
    expect(a.events('rtcp').map((e) => [...e.packet])).toEqual([[...rtcp]]);
    expect(a.pt.counters.droppedSrtp + b.pt.counters.droppedSrtp).toBe(0);
  });

  it('fails DTLS (and the connection) on a fingerprint mismatch, releasing no data', () => {
    const { a, b, sim } = setup(2, 0);
    signal(0, a, b, { wrongFingerprintAtB: true });
    sim.runUntil(() => b.pt.dtlsState === 'failed' && a.pt.dtlsState === 'failed', 30_000);
    expect(b.pt.dtlsState).toBe('failed');
    expect(b.pt.dtlsFailure?.code).toBe('fingerprint-mismatch');
    expect(b.states('dtls-state')).toEqual(['connecting', 'failed']);
    expect(b.pt.connectionState).toBe('failed');
    // The server gets the fatal alert.
    expect(a.pt.dtlsState).toBe('failed');
    expect(a.pt.connectionState).toBe('failed');
    for (const p of [a, b]) {
      expect(p.states('dtls-state')).not.toContain('connected');
      expect(p.pt.sctpState).toBe('closed');
      expect(p.pt.srtpOut).toBeUndefined();
    }
  });

  it('queues channels created before the role is known, then opens them with ids of the right parity', () => {
    const s = setup(3, 0);
    const early = s.a.pt.createDataChannel(0, { label: 'early' });
    // The offerer learns its DTLS role from the answer (applied in signal()): no id yet.
    expect(early.id).toBeNull();
    expect(early.state).toBe('connecting');
    signal(0, s.a, s.b);
    s.sim.runUntil(() => early.state === 'open' && s.b.remoteChannels.length === 1, 30_000);
    expect(early.id! % 2).toBe(1); // DTLS server: odd ids (RFC 8832 §6)
    expect(s.b.remoteChannels[0]!.label).toBe('early');
    const fromB = s.b.pt.createDataChannel(s.net.now, { label: 'b-side' });
    expect(fromB.id! % 2).toBe(0); // DTLS client: even
  });

  for (const loss of [0, 0.1]) {
    describe(`with ${loss * 100} % loss`, () => {
      it('carries ordered reliable messages both ways, in order and intact', () => {
        const { a, b, sim, net } = connect(10 + loss * 100, loss);
        const chA = a.pt.createDataChannel(net.now, { label: 'rel' });
        a.drain(net.now);
        expect(sim.runUntil(() => chA.state === 'open' && b.remoteChannels.length === 1 && b.remoteChannels[0]!.state === 'open', net.now + 30_000)).toBe(true);
        const chB = b.remoteChannels[0]!;
        const N = 200;
        for (let i = 0; i < N; i++) {
          a.pt.sendData(net.now, chA, `a${i}`);
          const bin = new Uint8Array(1 + (i * 37) % 3000);
          bin.fill(i & 0xff);
          b.pt.sendData(net.now, chB, bin);
        }
        a.drain(net.now);
        b.drain(net.now);
        const done = () => (b.received.get('rel')?.length ?? 0) === N && (a.received.get('rel')?.length ?? 0) === N;
        expect(sim.runUntil(done, net.now + 120_000)).toBe(true);
        expect(b.received.get('rel')!.map((m) => dec.decode(m.data))).toEqual(Array.from({ length: N }, (_, i) => `a${i}`));
        expect(b.received.get('rel')!.every((m) => !m.binary)).toBe(true);
        const back = a.received.get('rel')!;
        back.forEach((m, i) => {
          expect(m.binary).toBe(true);
          expect(m.data.length).toBe(1 + (i * 37) % 3000);
          expect(m.data.every((x) => x === (i & 0xff))).toBe(true);
        });
        expect(a.pt.bufferedAmount(chA)).toBe(0);
      });

      it('carries unordered messages (all arrive) and partially reliable ones (none duplicated or corrupted)', () => {
        const { a, b, sim, net } = connect(20 + loss * 100, loss);
        const un = a.pt.createDataChannel(net.now, { label: 'unordered', ordered: false });
        const pr = b.pt.createDataChannel(net.now, { label: 'pr', ordered: false, maxRetransmits: 0 });
        a.drain(net.now);
        b.drain(net.now);
        expect(sim.runUntil(() => un.state === 'open' && pr.state === 'open' && a.remoteChannels.length === 1 && b.remoteChannels.length === 1, net.now + 30_000)).toBe(true);
        // The DCEP ACK must come back before unordered delivery applies (RFC 8832 §6); let it.
        sim.runFor(200);
        expect(a.remoteChannels[0]!.maxRetransmits).toBe(0);
        expect(a.remoteChannels[0]!.ordered).toBe(false);
        expect(b.remoteChannels[0]!.ordered).toBe(false);
        const N = 300;
        for (let i = 0; i < N; i++) {
          a.pt.sendData(net.now, un, enc.encode(`u${i}`));
          // ~1000 bytes each, so that every message travels in a packet of its own and loss hits it.
          b.pt.sendData(net.now, pr, enc.encode(`p${i}:${'x'.repeat(990)}`));
        }
        a.drain(net.now);
        b.drain(net.now);
        expect(sim.runUntil(() => (b.received.get('unordered')?.length ?? 0) === N, net.now + 120_000)).toBe(true);
        sim.runFor(5_000);
        const u = b.received.get('unordered')!.map((m) => dec.decode(m.data));
        expect(new Set(u)).toEqual(new Set(Array.from({ length: N }, (_, i) => `u${i}`)));
        const p = (a.received.get('pr') ?? []).map((m) => dec.decode(m.data));
        expect(new Set(p).size).toBe(p.length);
        for (const x of p) expect(x).toMatch(/^p\d+:x{990}$/);
        if (loss === 0) expect(p.length).toBe(N);
        else {
          expect(p.length).toBeLessThan(N);
          expect(p.length).toBeGreaterThan(N / 2);
        }
      });
    });
  }

  it('keeps nothing of a datagram after handle() returns: peers whose receive buffer is reused still connect and carry data intact', () => {
    const { a, b, sim, net } = setup(61, 0.02);
    a.scribble = true;
    b.scribble = true;
    signal(0, a, b);
    expect(sim.runUntil(() => a.pt.sctpState === 'connected' && b.pt.sctpState === 'connected', 60_000)).toBe(true);
    const ch = a.pt.createDataChannel(net.now, { label: 'borrowed' });
    a.drain(net.now);
    const remote = () => b.remoteChannels.find((c) => c.label === 'borrowed');
    expect(sim.runUntil(() => ch.state === 'open' && remote()?.state === 'open', net.now + 10_000)).toBe(true);
    const back = remote()!;
    // Mixed sizes: single-packet messages and messages fragmented over many packets, both ways.
    const sizes = [1, 100, 1199, 1200, 5000, 20_000, 60_000, 3];
    const payload = (n: number, k: number) => new Uint8Array(n).map((_, i) => (i * 13 + k) & 0xff);
    sizes.forEach((n, k) => a.pt.sendData(net.now, ch, payload(n, k)));
    sizes.forEach((n, k) => b.pt.sendData(net.now, back, payload(n, k + 100)));
    a.drain(net.now);
    b.drain(net.now);
    const got = () => [b.received.get('borrowed')?.length ?? 0, a.received.get('borrowed')?.length ?? 0];
    expect(sim.runUntil(() => got()[0] === sizes.length && got()[1] === sizes.length, net.now + 60_000)).toBe(true);
    expect(b.received.get('borrowed')!.map((m) => m.data)).toEqual(sizes.map((n, k) => payload(n, k)));
    expect(a.received.get('borrowed')!.map((m) => m.data)).toEqual(sizes.map((n, k) => payload(n, k + 100)));
  });

  it('restarts ICE mid-transfer without losing or reordering a message, DTLS and SCTP untouched', () => {
    const { a, b, sim, net } = connect(50, 0.05);
    const ch = a.pt.createDataChannel(net.now, { label: 'restart' });
    a.drain(net.now);
    expect(sim.runUntil(() => ch.state === 'open', net.now + 10_000)).toBe(true);
    const N = 400;
    const send = (from: number, to: number) => {
      for (let i = from; i < to; i++) a.pt.sendData(net.now, ch, `m${i}:${'y'.repeat(i % 700)}`);
      a.drain(net.now);
    };
    send(0, 200);
    sim.runFor(15); // some in flight, some delivered
    const pairsBefore = a.events('ice-selected-pair').length;
    const credsBefore = a.pt.localIceParameters.usernameFragment;
    // restartIce() on A, the new offer applied at B, B's answer (new credentials too) back at A.
    a.pt.restartIce(net.now);
    const ai = a.pt.localIceParameters;
    expect(ai.usernameFragment).not.toBe(credsBefore);
    b.pt.setRemoteParameters(net.now, { iceUfrag: ai.usernameFragment, icePwd: ai.password });
    b.pt.restartIce(net.now);
    const bi = b.pt.localIceParameters;
    a.pt.setRemoteParameters(net.now, { iceUfrag: bi.usernameFragment, icePwd: bi.password });
    a.drain(net.now);
    b.drain(net.now);
    send(200, N);
    const done = () => (b.received.get('restart')?.length ?? 0) === N && a.events('ice-selected-pair').length > pairsBefore;
    expect(sim.runUntil(done, net.now + 60_000)).toBe(true);
    expect(b.received.get('restart')!.map((m) => dec.decode(m.data))).toEqual(Array.from({ length: N }, (_, i) => `m${i}:${'y'.repeat(i % 700)}`));
    for (const p of [a, b]) {
      expect(p.states('dtls-state')).toEqual(['connecting', 'connected']);
      expect(p.states('sctp-state')).toEqual(['connecting', 'connected']);
      expect(p.pt.connectionState).toBe('connected');
    }
  });

  it('reports bufferedAmount growing on send and bufferedamountlow as it drains', () => {
    const { a, b, sim, net } = connect(60, 0);
    const ch = a.pt.createDataChannel(net.now, { label: 'flow' });
    a.drain(net.now);
    expect(sim.runUntil(() => ch.state === 'open', net.now + 10_000)).toBe(true);
    a.pt.setBufferedAmountLowThreshold(ch, 16 * 1024);
    const chunk = new Uint8Array(16 * 1024).fill(7);
    for (let i = 0; i < 32; i++) a.pt.sendData(net.now, ch, chunk.slice());
    // Synchronously, before anything went to the network.
    expect(a.pt.bufferedAmount(ch)).toBe(32 * 16 * 1024);
    expect(sim.runUntil(() => a.events('channel-buffered-amount-low').length > 0, net.now + 30_000)).toBe(true);
    expect(a.pt.bufferedAmount(ch)).toBeLessThanOrEqual(16 * 1024);
    expect(sim.runUntil(() => (b.received.get('flow')?.length ?? 0) === 32, net.now + 30_000)).toBe(true);
    expect(b.received.get('flow')!.every((m) => m.binary && m.data.length === 16 * 1024 && m.data[100] === 7)).toBe(true);
    // Above the peer's max-message-size (65536 by default): refused, nothing queued.
    expect(() => a.pt.sendData(net.now, ch, new Uint8Array(65537))).toThrow(expect.objectContaining({ name: 'MessageTooLargeError' }));
  });

  it('connects through a port-restricted NAT (peer-reflexive candidates) and carries data', () => {
    const net = new SimNetwork(70);
    net.conditions = { delay: 15 };
    const nat = net.addNat('198.51.100.1', 'port-restricted');
    const a = new SimTransportPeer(net, 'A', '203.0.113.1', { certificate: certA, controlling: true }, 71);
    const b = new SimTransportPeer(net, 'B', '10.0.0.2', { certificate: certB, controlling: false }, 72, nat);
    const sim = new Simulation(net);
    sim.add(a);
    sim.add(b);
    signal(0, a, b);
    const ch = a.pt.createDataChannel(0, { label: 'nat' });
    expect(sim.runUntil(() => ch.state === 'open' && b.remoteChannels.length === 1, 30_000)).toBe(true);
    // A reaches B only at its NAT mapping, learned as a peer-reflexive candidate.
    const sel = a.events('ice-selected-pair').at(-1)!.pair;
    expect(sel.remote.address).toBe('198.51.100.1');
    expect(sel.remote.type).toBe('prflx');
    a.pt.sendData(net.now, ch, 'through the NAT');
    a.drain(net.now);
    expect(sim.runUntil(() => b.received.get('nat')?.length === 1, net.now + 5_000)).toBe(true);
    expect(dec.decode(b.received.get('nat')![0]!.data)).toBe('through the NAT');
  });

  it('runs DTLS, SCTP and data through a TURN relay (relay-only policy, symmetric NATs)', () => {
    const net = new SimNetwork(80);
    net.conditions = { delay: 10 };
    const server = new SimTurnServer({ ip: '203.0.113.9' });
    server.attach(net);
    const iceServers = [{ urls: 'turn:203.0.113.9:3478', username: 'user', credential: 'pass' }];
    const ice = { iceServers, iceTransportPolicy: 'relay' as const };
    const a = new SimTransportPeer(net, 'A', '10.0.0.1', { certificate: certA, controlling: true, ice }, 81, net.addNat('198.51.100.1', 'symmetric'));
    const b = new SimTransportPeer(net, 'B', '10.1.0.1', { certificate: certB, controlling: false, ice }, 82, net.addNat('198.51.100.2', 'symmetric'));
    const sim = new Simulation(net);
    sim.add(a);
    sim.add(b);
    signal(0, a, b);
    const ch = a.pt.createDataChannel(0, { label: 'relayed' });
    expect(sim.runUntil(() => ch.state === 'open' && b.remoteChannels.length === 1, 30_000)).toBe(true);
    for (const p of [a, b]) {
      expect(p.events('ice-candidate').every((e) => e.candidate.type === 'relay')).toBe(true);
      expect(p.events('ice-selected-pair').at(-1)!.pair.local.type).toBe('relay');
    }
    const relayedBefore = server.stats.relayedToClient;
    for (let i = 0; i < 50; i++) a.pt.sendData(net.now, ch, `r${i}`);
    a.drain(net.now);
    expect(sim.runUntil(() => b.received.get('relayed')?.length === 50, net.now + 10_000)).toBe(true);
    expect(b.received.get('relayed')!.map((m) => dec.decode(m.data))).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
    // The messages (bundled into a few SCTP packets) went through the relay.
    expect(server.stats.relayedToClient).toBeGreaterThan(relayedBefore);
  });

  it('holds DTLS connected until a late fingerprint arrives, and fails if it does not match', () => {
    for (const good of [true, false]) {
      const { a, b, sim, net } = setup(good ? 90 : 91, 0);
      a.partner = b;
      b.partner = a;
      const ai = a.pt.localIceParameters;
      const bi = b.pt.localIceParameters;
      b.pt.setRemoteParameters(0, { iceUfrag: ai.usernameFragment, icePwd: ai.password, fingerprints: [a.pt.localFingerprint], dtlsRole: 'client' });
      // The offerer gets the answer's ICE credentials and role, but the fingerprint comes later.
      a.pt.setRemoteParameters(0, { iceUfrag: bi.usernameFragment, icePwd: bi.password, dtlsRole: 'server' });
      a.pt.startGathering(0);
      b.pt.startGathering(0);
      sim.runUntil(() => b.pt.dtlsState === 'connected', 10_000);
      expect(b.pt.dtlsState).toBe('connected'); // the client verified the server
      sim.runFor(500);
      expect(a.pt.dtlsState).toBe('connecting'); // the server waits: no keys, no SCTP
      expect(a.pt.srtpOut).toBeUndefined();
      const fp = good ? b.pt.localFingerprint : { algorithm: 'sha-256' as const, value: a.pt.localFingerprint.value };
      a.pt.setRemoteParameters(net.now, { fingerprints: [fp] });
      a.drain(net.now);
      if (good) {
        expect(sim.runUntil(() => a.pt.sctpState === 'connected' && b.pt.sctpState === 'connected', net.now + 10_000)).toBe(true);
        expect(a.pt.connectionState).toBe('connected');
      } else {
        expect(a.pt.dtlsState).toBe('failed');
        expect(a.pt.dtlsFailure?.code).toBe('fingerprint-mismatch');
        expect(a.pt.connectionState).toBe('failed');
      }
    }
  });

  it('closes a channel from either side and the whole transport cleanly', () => {
    const { a, b, sim, net } = connect(30, 0);
    const c1 = a.pt.createDataChannel(net.now, { label: 'one' });
    const c2 = a.pt.createDataChannel(net.now, { label: 'two', negotiated: true, id: 7 });
    const c2b = b.pt.createDataChannel(net.now, { label: 'two', negotiated: true, id: 7 });
    a.drain(net.now);
    b.drain(net.now);
    expect(sim.runUntil(() => c1.state === 'open' && c2.state === 'open' && c2b.state === 'open' && b.remoteChannels.length === 1, net.now + 10_000)).toBe(true);
    a.pt.sendData(net.now, c2, 'negotiated');
    a.drain(net.now);
    expect(sim.runUntil(() => b.received.get('two')?.length === 1, net.now + 10_000)).toBe(true);
    // Remote close of an in-band channel.
    const c1b = b.remoteChannels[0]!;
    b.pt.closeDataChannel(net.now, c1b);
    b.drain(net.now);
    expect(sim.runUntil(() => c1.state === 'closed' && c1b.state === 'closed', net.now + 10_000)).toBe(true);
    expect(a.events('channel-closing').map((e) => e.channel)).toContain(c1);
    expect(() => a.pt.sendData(net.now, c1, 'late')).toThrow(expect.objectContaining({ name: 'StateError' }));
    // Whole transport: close_notify reaches the peer, whose DTLS closes.
    a.pt.close(net.now);
    a.drain(net.now);
    expect(a.pt.connectionState).toBe('closed');
    expect(a.pt.iceConnectionState).toBe('closed');
    // Straight from connected to closed, never through `new` while the children shut down.
    expect(a.states('connection-state')).toEqual(['connecting', 'connected', 'closed']);
    expect(a.states('ice-connection-state').slice(-1)).toEqual(['closed']);
    expect(a.states('ice-connection-state')).not.toContain('new');
    expect(a.pt.pollTimeout()).toBeUndefined();
    expect(c2.state).toBe('closed');
    expect(sim.runUntil(() => b.pt.dtlsState === 'closed', net.now + 10_000)).toBe(true);
    expect(b.pt.sctpState).toBe('closed');
    expect(c2b.state).toBe('closed');
  });

  it('drops datagrams outside the RFC 7983 ranges and garbage without throwing', () => {
    const { a, net } = connect(40, 0);
    const from = { address: '10.0.0.2', port: 5000 };
    const before = a.pt.counters.droppedUnknown;
    for (const first of [4, 16, 19, 80, 127, 192, 255]) a.pt.handle(net.now, Uint8Array.of(first, 1, 2, 3), from);
    a.pt.handle(net.now, new Uint8Array(0), from);
    expect(a.pt.counters.droppedUnknown - before).toBe(8);
    // Garbage in every accepted range: dropped by the child, never thrown.
    for (const first of [0, 1, 22, 23, 64, 128, 129, 0xbf]) {
      for (let n = 1; n < 40; n += 7) {
        const junk = new Uint8Array(n).map((_, i) => (i * 97 + first) & 0xff);
        junk[0] = first;
        expect(() => a.pt.handle(net.now, junk, from)).not.toThrow();
      }
    }
    expect(a.pt.connectionState).toBe('connected');
  });
});
