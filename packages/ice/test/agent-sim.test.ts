import { SimNetwork, Simulation } from '../../../test/sim/network';
import type { NatType } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';
import { SimIcePeer, connectPeers } from '../../../test/sim/ice-peer';
import type { IceAgentOptions } from '@purertc/ice';

const connected = (p: SimIcePeer) => p.agent.state === 'connected' || p.agent.state === 'completed';

function setup(seed = 1) {
  const net = new SimNetwork(seed);
  net.conditions = { delay: 10, jitter: 4 };
  const sim = new Simulation(net);
  return { net, sim };
}

function lanPair(seed = 1, oa: Partial<IceAgentOptions> = {}, ob: Partial<IceAgentOptions> = {}) {
  const { net, sim } = setup(seed);
  const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true, ...oa }, undefined, seed * 2);
  const b = new SimIcePeer(net, 'b', '192.168.1.20', { controlling: false, ...ob }, undefined, seed * 2 + 1);
  sim.add(a);
  sim.add(b);
  return { net, sim, a, b };
}

describe('ICE agent on a simulated LAN', () => {
  it('connects host to host, selects the same pair on both sides, carries data, completes', () => {
    const { sim, a, b } = lanPair();
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    const pa = a.agent.getSelectedPair()!;
    const pb = b.agent.getSelectedPair()!;
    expect(pa.local.type).toBe('host');
    expect(`${pa.local.address}:${pa.local.port}`).toBe(`${pb.remote.address}:${pb.remote.port}`);
    expect(a.agent.send(sim.net.now, Uint8Array.of(1, 2, 3))).toBe(true);
    sim.runFor(100);
    expect(b.received.map((d) => Array.from(d))).toEqual([[1, 2, 3]]);
    expect(a.agent.gatheringState).toBe('complete');
    expect(a.states).toEqual(['checking', 'connected', 'completed']);
    expect(b.states).toEqual(['checking', 'connected', 'completed']);
    expect(a.events('gathering-state').map((x) => x.e.state)).toEqual(['gathering', 'complete']);
    // Connected quickly: a few round trips.
    expect(a.events('selected-pair')[0]!.t).toBeLessThan(500);
  });

  it('resolves a role conflict (both controlling) with 487 and still connects', () => {
    const { sim, a, b } = lanPair(3, { controlling: true }, { controlling: true });
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(a.agent.currentRole).not.toBe(b.agent.currentRole);
    expect(a.agent.stats.roleConflicts + b.agent.stats.roleConflicts + a.events('role').length + b.events('role').length).toBeGreaterThan(0);
  });

  it('resolves a role conflict (both controlled)', () => {
    const { sim, a, b } = lanPair(4, { controlling: false }, { controlling: false });
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(a.agent.currentRole).not.toBe(b.agent.currentRole);
  });

  it('connects despite 30 % loss of every datagram', () => {
    for (const seed of [5, 6, 7]) {
      const { net, sim, a, b } = lanPair(seed);
      net.conditions = { delay: 15, jitter: 10, loss: 0.3, duplicate: 0.05, reorder: 0.1 };
      connectPeers(0, a, b);
      expect(sim.runUntil(() => connected(a) && connected(b), 20000)).toBe(true);
      expect(net.stats.lost).toBeGreaterThan(0);
    }
  });

  it('learns peer-reflexive candidates when the peer trickles nothing', () => {
    const { sim, a, b } = lanPair(8);
    b.forwardCandidates = false;
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(b.agent.getSelectedPair()!.remote.type).toBe('host');
    expect(a.agent.getSelectedPair()!.remote.type).toBe('prflx');
  });

  it('takes remote candidates that arrive late (after checks began) and end-of-candidates', () => {
    const { sim, a, b } = lanPair(9);
    a.forwardCandidates = false;
    b.forwardCandidates = false;
    connectPeers(0, a, b);
    sim.runFor(300);
    expect(a.agent.state).toBe('new');
    for (const c of b.agent.getLocalCandidates()) a.agent.addRemoteCandidate(sim.net.now, c);
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(sim.net.now, c);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(a.agent.state).toBe('connected');
    a.agent.addRemoteEndOfCandidates(sim.net.now);
    b.agent.addRemoteEndOfCandidates(sim.net.now);
    sim.runFor(100);
    expect(a.agent.state).toBe('completed');
  });

  it('resolves remote mDNS .local candidates through the injected resolver', () => {
    const { sim, a, b } = lanPair(10);
    a.forwardCandidates = false;
    b.forwardCandidates = false;
    connectPeers(0, a, b);
    const hostB = b.agent.getLocalCandidates()[0]!;
    a.agent.addRemoteCandidate(0, { ...hostB, address: 'f3b0c7e2-1111-2222-3333-444455556666.local' });
    a.agent.addRemoteCandidate(0, { ...hostB, address: 'unknown.local', port: 9 });
    const queries = [];
    for (let e = a.agent.pollEvent(); e; e = a.agent.pollEvent()) if (e.type === 'mdns-query') queries.push(e.hostname);
    expect(queries).toEqual(['f3b0c7e2-1111-2222-3333-444455556666.local', 'unknown.local']);
    a.agent.resolveMdns(0, queries[0]!, hostB.address);
    a.agent.resolveMdns(0, 'unknown.local', undefined);
    expect(a.agent.getRemoteCandidates().map((c) => c.address)).toEqual([hostB.address]);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
  });

  it('consent: disconnected when the link drops, connected again when it returns, failed after 30 s', () => {
    const { net, sim, a, b } = lanPair(11);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    sim.runFor(10000);
    expect(connected(a)).toBe(true);
    const cut = net.now;
    net.setBlocked('192.168.1.20', true);
    expect(sim.runUntil(() => a.agent.state === 'disconnected', cut + 10000)).toBe(true);
    expect(net.now - cut).toBeGreaterThanOrEqual(4000);
    expect(net.now - cut).toBeLessThanOrEqual(8000);
    net.setBlocked('192.168.1.20', false);
    expect(sim.runUntil(() => connected(a), net.now + 5000)).toBe(true);
    const cut2 = net.now;
    net.setBlocked('192.168.1.20', true);
    expect(sim.runUntil(() => a.agent.state === 'failed', cut2 + 40000)).toBe(true);
    expect(net.now - cut2).toBeGreaterThanOrEqual(25000);
    expect(a.agent.send(net.now, Uint8Array.of(1))).toBe(false);
    expect(a.states.slice(-3)).toEqual(['completed', 'disconnected', 'failed']);
  });

  it('data on the selected pair alone brings a disconnected agent back', () => {
    const { net, sim, a, b } = lanPair(13);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    net.setBlocked('192.168.1.20', true);
    expect(sim.runUntil(() => a.agent.state === 'disconnected', net.now + 10000)).toBe(true);
    // A DTLS-looking datagram from b's end of the selected pair, delivered by hand (no STUN at all).
    const pair = a.agent.getSelectedPair()!;
    const base = a.agent.getLocalCandidates().find((c) => c.type === 'host')!;
    a.agent.handle(net.now, Uint8Array.of(23, 0xfe, 0xfd, 1, 2, 3), { address: pair.remote.address, port: pair.remote.port }, { address: base.address, port: base.port });
    expect(connected(a)).toBe(true); // back to 'completed', where it was
  });

  it('data events carry a copy of the datagram by default, a view of it with copyData: false', () => {
    for (const copyData of [true, false]) {
      const { sim, a, b } = lanPair(14, { copyData }, { copyData });
      connectPeers(0, a, b);
      expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
      sim.runFor(100);
      const pair = a.agent.getSelectedPair()!;
      const base = a.agent.getLocalCandidates().find((c) => c.type === 'host')!;
      const datagram = Uint8Array.of(23, 0xfe, 0xfd, 7, 7, 7);
      while (a.agent.pollEvent());
      a.agent.handle(sim.net.now, datagram, { address: pair.remote.address, port: pair.remote.port }, { address: base.address, port: base.port });
      const e = a.agent.pollEvent();
      expect(e?.type).toBe('data');
      const data = (e as { data: Uint8Array }).data;
      expect(Array.from(data)).toEqual([23, 0xfe, 0xfd, 7, 7, 7]);
      expect(data === datagram).toBe(!copyData);
      expect((e as { from: { address: string; port: number } }).from).toEqual({ address: pair.remote.address, port: pair.remote.port });
    }
  });

  it('after a restart moved to another address, data the peer still sends on the previous pair is accepted', () => {
    // b has two addresses. The first generation runs on one of them; after the restart only the
    // other is signalled (as Chromium moves to new ports), so the new pair has another remote.
    const { net, sim } = setup(15);
    const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true }, undefined, 30);
    const b = new SimIcePeer(net, 'b', '192.168.1.20', {
      controlling: false,
      interfaces: () => [
        { name: 'eth0', address: '192.168.1.20', family: 'IPv4', internal: false },
        { name: 'eth1', address: '192.168.1.21', family: 'IPv4', internal: false },
      ],
    }, undefined, 31);
    net.addHost('192.168.1.21', (now, d) => {
      b.agent.handle(now, d.data, d.from, d.to);
      b.flush(now);
    });
    sim.add(a);
    sim.add(b);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    const old = a.agent.getSelectedPair()!;
    const other = old.remote.address === '192.168.1.20' ? '192.168.1.21' : '192.168.1.20';
    // Restart, signalling only b's other address.
    a.forwardCandidates = false;
    b.forwardCandidates = false;
    a.agent.restart(sim.net.now);
    b.agent.restart(sim.net.now);
    const ca = a.agent.localCredentials;
    const cb = b.agent.localCredentials;
    a.agent.setRemoteCredentials(sim.net.now, cb.ufrag, cb.pwd);
    b.agent.setRemoteCredentials(sim.net.now, ca.ufrag, ca.pwd);
    for (const c of b.agent.getLocalCandidates()) if (c.address === other) a.agent.addRemoteCandidate(sim.net.now, c);
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(sim.net.now, c);
    // The old address leaves the network: no check of the new generation comes from it.
    net.setBlocked(old.remote.address, true);
    a.flush(sim.net.now);
    b.flush(sim.net.now);
    expect(sim.runUntil(() => a.agent.getSelectedPair()?.remote.address === other && connected(a), sim.net.now + 5000)).toBe(true);
    // A datagram b sent on the previous pair before switching arrives now: accepted, not dropped.
    const base = a.agent.getLocalCandidates().find((c) => c.type === 'host')!;
    while (a.agent.pollEvent());
    const dropped = a.agent.stats.dropped;
    a.agent.handle(sim.net.now, Uint8Array.of(23, 0xfe, 0xfd, 1), { address: old.remote.address, port: old.remote.port }, { address: base.address, port: base.port });
    expect(a.agent.pollEvent()?.type).toBe('data');
    expect(a.agent.stats.dropped).toBe(dropped);
    // An address that was never a pair's is still dropped.
    a.agent.handle(sim.net.now, Uint8Array.of(23, 0xfe, 0xfd, 2), { address: '192.168.1.99', port: 7000 }, { address: base.address, port: base.port });
    expect(a.agent.pollEvent()).toBeUndefined();
    expect(a.agent.stats.dropped).toBe(dropped + 1);
  });

  it('ICE restart: new credentials, data keeps flowing on the old pair until a new pair is selected', () => {
    const { sim, a, b } = lanPair(12);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    const before = a.events('selected-pair').length;
    const oldUfrag = a.agent.localCredentials.ufrag;
    a.agent.restart(sim.net.now);
    expect(a.agent.localCredentials.ufrag).not.toBe(oldUfrag);
    // Data still goes through while the restart is negotiated.
    expect(a.agent.send(sim.net.now, Uint8Array.of(9))).toBe(true);
    sim.runFor(50);
    expect(b.received.length).toBe(1);
    // Signal the new credentials both ways (the answerer restarts too).
    // The caller may choose the new credentials (the ones it put in its SDP).
    b.agent.restart(sim.net.now, 'Bnew', 'B-new-password-0123456789');
    expect(b.agent.localCredentials).toEqual({ ufrag: 'Bnew', pwd: 'B-new-password-0123456789' });
    const ca = a.agent.localCredentials;
    const cb = b.agent.localCredentials;
    a.agent.setRemoteCredentials(sim.net.now, cb.ufrag, cb.pwd);
    b.agent.setRemoteCredentials(sim.net.now, ca.ufrag, ca.pwd);
    for (const c of b.agent.getLocalCandidates()) a.agent.addRemoteCandidate(sim.net.now, c);
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(sim.net.now, c);
    expect(sim.runUntil(() => a.events('selected-pair').length > before && b.events('selected-pair').length > before, sim.net.now + 5000)).toBe(true);
    expect(connected(a) && connected(b)).toBe(true);
    expect(a.agent.send(sim.net.now, Uint8Array.of(10))).toBe(true);
    sim.runFor(50);
    expect(b.received.map((d) => d[0])).toEqual([9, 10]);
    expect(a.states).not.toContain('disconnected');
    expect(a.states).not.toContain('failed');
  });

  it('fails when every pair fails and the peer signalled end-of-candidates', () => {
    const { net, sim, a, b } = lanPair(13);
    net.setBlocked('192.168.1.20', true);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => a.agent.state === 'failed', 30000)).toBe(true);
    expect(a.states).toEqual(['checking', 'failed']);
  });
});

describe('NAT traversal through a simulated STUN/TURN server', () => {
  const cases: [NatType, NatType, string][] = [
    ['full-cone', 'full-cone', 'direct'],
    ['address-restricted', 'port-restricted', 'direct'],
    ['port-restricted', 'port-restricted', 'direct'],
    ['symmetric', 'full-cone', 'direct'],
    ['symmetric', 'address-restricted', 'direct'],
    ['symmetric', 'port-restricted', 'relay'],
    ['symmetric', 'symmetric', 'relay'],
  ];
  it.each(cases)('%s <-> %s connects %s', (natA, natB, expected) => {
    const { net, sim } = setup(21);
    const server = new SimTurnServer({ ip: '203.0.113.1' });
    server.attach(net);
    const iceServers = [{ urls: 'stun:203.0.113.1:3478' }, { urls: 'turn:203.0.113.1:3478', username: 'user', credential: 'pass' }];
    const a = new SimIcePeer(net, 'a', '10.0.0.2', { controlling: true, iceServers }, net.addNat('198.51.100.1', natA), 31);
    const b = new SimIcePeer(net, 'b', '10.1.0.2', { controlling: false, iceServers }, net.addNat('198.51.100.2', natB), 32);
    sim.add(a);
    sim.add(b);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 15000)).toBe(true);
    const types = a.agent.getLocalCandidates().map((c) => c.type).sort();
    expect(types).toEqual(['host', 'relay', 'srflx']);
    const pa = a.agent.getSelectedPair()!;
    const pb = b.agent.getSelectedPair()!;
    const relayed = pa.local.type === 'relay' || pb.local.type === 'relay';
    expect(relayed ? 'relay' : 'direct').toBe(expected);
    // Per-pair data counters (payload bytes, whatever the TURN framing): what a sends on its
    // selected pair, b counts on its own.
    const selectedData = (p: SimIcePeer) => {
      const s = p.agent.getSelectedPair()!;
      return p.agent.getPairs().find((q) => q.local.address === s.local.address && q.local.port === s.local.port && q.remote.address === s.remote.address && q.remote.port === s.remote.port)!.data;
    };
    const before = { a: { ...selectedData(a) }, b: { ...selectedData(b) } };
    a.agent.send(net.now, Uint8Array.of(42));
    a.agent.send(net.now, Uint8Array.of(42, 42, 42));
    b.agent.send(net.now, Uint8Array.of(43));
    sim.runFor(200);
    expect(b.received.map((d) => d[0])).toContain(42);
    expect(a.received.map((d) => d[0])).toContain(43);
    const da = selectedData(a);
    const db = selectedData(b);
    expect([da.packetsSent - before.a.packetsSent, da.bytesSent - before.a.bytesSent]).toEqual([2, 4]);
    expect([db.packetsReceived - before.b.packetsReceived, db.bytesReceived - before.b.bytesReceived]).toEqual([2, 4]);
    expect([db.packetsSent - before.b.packetsSent, da.packetsReceived - before.a.packetsReceived, da.bytesReceived - before.a.bytesReceived]).toEqual([1, 1, 1]);
    expect(da.lastSentAt).toBeDefined();
    expect(db.lastReceivedAt).toBeGreaterThanOrEqual(da.lastSentAt!);
  });

  it('counts checks, consent requests, responses and round-trip times per pair, relayed pairs included (webrtc-stats §7.10)', () => {
    const { net, sim } = setup(23);
    net.conditions = { delay: 10 }; // every hop 10 ms, no jitter: round trips are exact
    const server = new SimTurnServer({ ip: '203.0.113.1' });
    server.attach(net);
    const iceServers = [{ urls: 'turn:203.0.113.1?transport=udp', username: 'user', credential: 'pass' }];
    const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true, iceServers, iceTransportPolicy: 'relay', consentInterval: 1000 }, undefined, 43);
    const b = new SimIcePeer(net, 'b', '192.168.1.20', { controlling: false, consentInterval: 1000 }, undefined, 44);
    sim.add(a);
    sim.add(b);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 10000)).toBe(true);
    sim.runFor(5000); // a few consent rounds (RFC 7675) on the selected pairs
    const selected = (p: SimIcePeer) => {
      const s = p.agent.getSelectedPair()!;
      return p.agent.getPairs().find((q) => q.local.address === s.local.address && q.local.port === s.local.port && q.remote.address === s.remote.address && q.remote.port === s.remote.port)!;
    };
    const pa = selected(a);
    const pb = selected(b);
    expect(pa.local.type).toBe('relay');
    for (const { checks } of [pa, pb]) {
      expect(checks.requestsSent).toBeGreaterThanOrEqual(1);
      expect(checks.consentRequestsSent).toBeGreaterThanOrEqual(3);
      expect(checks.responsesReceived).toBeGreaterThanOrEqual(checks.consentRequestsSent);
      expect(checks.requestsReceived).toBeGreaterThanOrEqual(1);
      expect(checks.responsesSent).toBe(checks.requestsReceived);
      // Through the relay each way: a → server → b and back, four hops of 10 ms.
      expect(checks.currentRoundTripTimeMs).toBe(40);
      expect(checks.roundTripTimeMeasurements).toBeGreaterThanOrEqual(checks.consentRequestsSent);
      expect(checks.totalRoundTripTimeMs).toBe(40 * checks.roundTripTimeMeasurements);
    }
    // Each side's consent requests are the other side's received requests on its pair.
    expect(pb.checks.requestsReceived).toBe(pa.checks.requestsSent + pa.checks.consentRequestsSent);
  });

  it("iceTransportPolicy 'relay' announces and uses only relayed candidates", () => {
    const { net, sim } = setup(22);
    const server = new SimTurnServer({ ip: '203.0.113.1' });
    server.attach(net);
    const iceServers = [{ urls: 'stun:203.0.113.1' }, { urls: 'turn:203.0.113.1?transport=udp', username: 'user', credential: 'pass' }];
    const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true, iceServers, iceTransportPolicy: 'relay' }, undefined, 41);
    const b = new SimIcePeer(net, 'b', '192.168.1.20', { controlling: false }, undefined, 42);
    sim.add(a);
    sim.add(b);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 10000)).toBe(true);
    expect(a.events('candidate').map((x) => x.e.candidate.type)).toEqual(['relay']);
    expect(a.agent.getSelectedPair()!.local.type).toBe('relay');
    // Nothing ever left A's host address towards B (only towards the TURN server).
    expect(net.log.filter((l) => l.event === 'send' && l.from.startsWith('192.168.1.10') && !l.to.startsWith('203.0.113.1'))).toEqual([]);
    expect(server.stats.allocate).toBe(1);
    a.agent.close(net.now);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(0);
  });

  it('reports candidate errors for wrong TURN credentials and unreachable STUN servers', () => {
    const { net, sim } = setup(23);
    const server = new SimTurnServer({ ip: '203.0.113.1' });
    server.attach(net);
    const a = new SimIcePeer(net, 'a', '192.168.1.10', {
      iceServers: [{ urls: 'turn:203.0.113.1', username: 'user', credential: 'wrong' }, { urls: 'stun:203.0.113.99' }, { urls: 'stun:stun.example.org' }],
    });
    sim.add(a);
    a.agent.gather(0);
    sim.runUntil(() => a.agent.gatheringState === 'complete', 60000);
    expect(a.agent.gatheringState).toBe('complete');
    const errs = a.events('candidate-error').map((x) => [x.e.error.url, x.e.error.errorCode]);
    expect(errs).toEqual(expect.arrayContaining([['turn:203.0.113.1', 401], ['stun:203.0.113.99', 701], ['stun:stun.example.org', 701]]));
    // RTCPeerConnectionIceErrorEvent data: address/port are the local socket that talked to the server (null when none did).
    const byUrl = (url: string) => a.events('candidate-error').find((x) => x.e.error.url === url)!.e.error;
    expect(byUrl('turn:203.0.113.1')).toEqual({ url: 'turn:203.0.113.1', errorCode: 401, errorText: expect.stringMatching(/\S/), address: '192.168.1.10', port: 5000 });
    expect(byUrl('stun:203.0.113.99')).toEqual({ url: 'stun:203.0.113.99', errorCode: 701, errorText: expect.stringMatching(/\S/), address: '192.168.1.10', port: 5000 });
    expect(byUrl('stun:stun.example.org')).toEqual({ url: 'stun:stun.example.org', errorCode: 701, errorText: expect.stringMatching(/stun\.example\.org/), address: null, port: null });
  });
});
