/**
 * TURN over TCP and TLS inside the agent (RFC 8656 §3.1, §12.5 framing):
 * the agent asks its driver for stream connections (pollStreamCommand) and
 * gathers relayed candidates through them. Simulated streams deliver every
 * message split into small random chunks.
 */
import { SimNetwork, Simulation } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';
import { SimStreams } from '../../../test/sim/stream';
import { SimIcePeer, connectPeers } from '../../../test/sim/ice-peer';
import type { IceAgentOptions, IceStreamCommand } from '@purertc/ice';
import { IceAgent } from '@purertc/ice';
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import fc from 'fast-check';

const connected = (p: SimIcePeer) => p.agent.state === 'connected' || p.agent.state === 'completed';
const SERVER = '203.0.113.1';

function world(seed: number) {
  const net = new SimNetwork(seed);
  net.conditions = { delay: 10, jitter: 4 };
  const sim = new Simulation(net);
  const server = new SimTurnServer({ ip: SERVER });
  server.attach(net);
  const streams = new SimStreams(net, { delay: 12 });
  server.listenStreams(streams);
  const peer = (name: string, ip: string, opts: Partial<IceAgentOptions>, s: number, natType?: Parameters<SimNetwork['addNat']>[1], natIp?: string) => {
    const p = new SimIcePeer(net, name, ip, opts, natType ? net.addNat(natIp!, natType) : undefined, s);
    p.streams = streams;
    sim.add(p);
    return p;
  };
  return { net, sim, server, streams, peer };
}

describe('TURN over TCP/TLS inside the agent (simulated streams)', () => {
  it.each([
    ['tcp', `turn:${SERVER}:3478?transport=tcp`],
    ['tls', `turns:${SERVER}`],
  ])('relay-only over %s: one stream, a relayed candidate, a selected relay pair, data both ways, no UDP from the client', (proto, url) => {
    const { net, sim, server, streams, peer } = world(51);
    const a = peer('a', '10.0.0.2', { controlling: true, iceServers: [{ urls: url, username: 'user', credential: 'pass' }], iceTransportPolicy: 'relay' }, 61, 'symmetric', '198.51.100.1');
    // B has no NAT (a public host): A's relay holds a permission for B's host address.
    const b = peer('b', '198.51.100.20', { controlling: false }, 62);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 10000)).toBe(true);
    expect(a.events('candidate').map((x) => x.e.candidate.type)).toEqual(['relay']);
    expect(a.events('candidate-error')).toEqual([]);
    const pa = a.agent.getSelectedPair()!;
    expect(pa.local.type).toBe('relay');
    expect(pa.local.address).toBe(SERVER);
    expect(server.stats.streamAllocations).toBe(1);
    expect(server.stats.allocate).toBe(1);
    // Framing was exercised: messages arrived in many small chunks.
    expect(streams.stats.chunks).toBeGreaterThan(streams.stats.connects * 20);
    sim.runFor(200); // the channel binding of the selected pair completes
    a.agent.send(net.now, Uint8Array.of(1, 2, 3, 4, 5));
    b.agent.send(net.now, Uint8Array.of(9, 8, 7));
    sim.runFor(300);
    expect(b.received.map((d) => Array.from(d))).toContainEqual([1, 2, 3, 4, 5]);
    expect(a.received.map((d) => Array.from(d))).toContainEqual([9, 8, 7]);
    // The selected relayed pair got a channel: data rides ChannelData (padded on the stream) both ways.
    expect(server.stats.channelBind).toBe(1);
    expect(server.stats.channelData).toBeGreaterThan(0);
    // Everything A sent went over the stream: not one UDP datagram left A's host.
    expect(net.log.filter((l) => l.event === 'send' && l.from.startsWith('10.0.0.2:'))).toEqual([]);
    // Closing deallocates (Refresh lifetime 0 on the stream, then the stream ends).
    a.agent.close(net.now);
    a.flush(net.now);
    sim.runFor(500);
    expect(server.allocationCount).toBe(0);
    expect(server.stats.refresh).toBeGreaterThanOrEqual(1);
    expect(proto).toMatch(/tcp|tls/);
  });

  it('connects through TCP when every UDP datagram from the client is dropped (a TCP-only firewall)', () => {
    const { net, sim, peer } = world(52);
    const iceServers = [
      { urls: `turn:${SERVER}?transport=udp`, username: 'user', credential: 'pass' },
      { urls: `turn:${SERVER}?transport=tcp`, username: 'user', credential: 'pass' },
    ];
    const a = peer('a', '10.0.0.2', { controlling: true, iceServers }, 71, 'port-restricted', '198.51.100.1');
    const b = peer('b', '10.1.0.2', { controlling: false, iceServers }, 72, 'symmetric', '198.51.100.2');
    net.setConditions('10.0.0.2', { delay: 10, dropIf: () => true });
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 20000)).toBe(true);
    const pa = a.agent.getSelectedPair()!;
    expect(pa.local.type).toBe('relay');
    a.agent.send(net.now, Uint8Array.of(77));
    sim.runFor(300);
    expect(b.received.map((d) => d[0])).toContain(77);
    // The UDP allocation never answered: a 701 for that URL once its transaction gives up.
    sim.runUntil(() => a.agent.gatheringState === 'complete', net.now + 60000);
    expect(a.events('candidate-error').map((x) => [x.e.error.url, x.e.error.errorCode])).toEqual([[`turn:${SERVER}?transport=udp`, 701]]);
  });

  it('ranks relays by how the server is reached: UDP above TCP above TLS; foundations differ', () => {
    const { sim, peer } = world(53);
    const cred = { username: 'user', credential: 'pass' };
    const a = peer('a', '192.168.1.10', {
      iceServers: [{ urls: [`turns:${SERVER}:5349`, `turn:${SERVER}?transport=tcp`, `turn:${SERVER}`], ...cred }],
    }, 81);
    a.agent.gather(0);
    a.flush(0);
    expect(sim.runUntil(() => a.agent.gatheringState === 'complete', 5000)).toBe(true);
    const relays = a.agent.getLocalCandidates().filter((c) => c.type === 'relay');
    expect(relays).toHaveLength(3);
    const sorted = [...relays].sort((x, y) => y.priority - x.priority);
    expect(sorted.map((c) => c.relayProtocol)).toEqual(['udp', 'tcp', 'tls']);
    expect(new Set(relays.map((c) => c.foundation)).size).toBe(3);
    expect(sorted[0]!.priority).toBeGreaterThan(sorted[1]!.priority);
    expect(sorted[1]!.priority).toBeGreaterThan(sorted[2]!.priority);
    // Only the UDP allocation yields a server-reflexive candidate.
    expect(a.agent.getLocalCandidates().filter((c) => c.type === 'srflx')).toHaveLength(1);
  });

  it('a refused stream is a 701 candidate-error with the URL, and gathering completes', () => {
    const { sim, peer } = world(54);
    const url = `turn:${SERVER}:4000?transport=tcp`;
    const a = peer('a', '192.168.1.10', { iceServers: [{ urls: url, username: 'user', credential: 'pass' }] }, 82);
    a.agent.gather(0);
    a.flush(0);
    expect(sim.runUntil(() => a.agent.gatheringState === 'complete', 5000)).toBe(true);
    expect(a.events('candidate-error').map((x) => x.e.error)).toEqual([{ url, errorCode: 701, errorText: 'connection refused', address: null, port: null }]);
  });

  it('wrong credentials over TCP: 401 candidate-error, stream closed', () => {
    const { sim, peer, server, streams } = world(55);
    const url = `turn:${SERVER}?transport=tcp`;
    const a = peer('a', '192.168.1.10', { iceServers: [{ urls: url, username: 'user', credential: 'nope' }] }, 83);
    a.agent.gather(0);
    a.flush(0);
    expect(sim.runUntil(() => a.agent.gatheringState === 'complete', 5000)).toBe(true);
    // The error names the local end of the connection, as RTCPeerConnectionIceErrorEvent's address/port.
    expect(a.events('candidate-error').map((x) => [x.e.error.url, x.e.error.errorCode, x.e.error.address, x.e.error.port])).toEqual([[url, 401, '192.168.1.10', 6000]]);
    expect(server.stats.rejected401).toBeGreaterThanOrEqual(2);
    expect(streams.stats.closes).toBe(1);
  });

  it('losing the stream after allocation fails the relayed pairs', () => {
    const { net, sim, peer } = world(56);
    const a = peer('a', '10.0.0.2', { controlling: true, iceServers: [{ urls: `turn:${SERVER}?transport=tcp`, username: 'user', credential: 'pass' }], iceTransportPolicy: 'relay' }, 84, 'symmetric', '198.51.100.1');
    const b = peer('b', '198.51.100.20', { controlling: false }, 85);
    connectPeers(0, a, b);
    expect(sim.runUntil(() => connected(a) && connected(b), 10000)).toBe(true);
    net.setBlocked('10.0.0.2', true);
    expect(sim.runUntil(() => a.agent.state === 'failed' || a.agent.state === 'disconnected', net.now + 40000)).toBe(true);
    // The consent check rides the dead stream's allocation: the pair is failed at once, no 30 s wait.
    expect(a.agent.getPairs().every((p) => p.state === 'failed')).toBe(true);
  });
});

describe('stream commands (sans-IO contract)', () => {
  it('open carries transport, resolved address and the TLS servername; writes wait for the open; stray input is dropped', () => {
    const agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seededRandom(3) },
      interfaces: () => [{ name: 'eth0', address: '192.168.1.10', family: 'IPv4', internal: false }],
      bind: () => 5000,
      iceServers: [{ urls: 'turns:turn.example.test:443?transport=tcp', username: 'u', credential: 'p' }],
      resolver: (name) => (name === 'turn.example.test' ? ['2001:db8::1', '203.0.113.9'] : []),
    });
    agent.gather(0);
    const cmds: IceStreamCommand[] = [];
    for (let c = agent.pollStreamCommand(); c; c = agent.pollStreamCommand()) cmds.push(c);
    // The host is IPv4, so the IPv4 answer is used.
    expect(cmds).toEqual([{ type: 'open', id: 1, transport: 'tls', to: { address: '203.0.113.9', port: 443 }, servername: 'turn.example.test' }]);
    expect(agent.pollTransmit()).toBeUndefined();
    agent.handleStreamData(1, 1, Uint8Array.of(1, 2, 3)); // before open: dropped
    agent.handleStreamData(1, 99, Uint8Array.of(1, 2, 3)); // unknown stream: dropped
    expect(agent.stats.dropped).toBe(2);
    agent.handleStreamOpen(2, 1);
    const w = agent.pollStreamCommand();
    expect(w?.type).toBe('write');
    // An Allocate request (STUN, method 0x003) framed as-is on the stream.
    expect(w?.type === 'write' && [w.data[0], w.data[1]]).toEqual([0x00, 0x03]);
    // Garbage from the server breaks the framing: the allocation fails, the stream is closed, no throw.
    agent.handleStreamData(3, 1, new Uint8Array(64).fill(0xff));
    const rest: IceStreamCommand[] = [];
    for (let c = agent.pollStreamCommand(); c; c = agent.pollStreamCommand()) rest.push(c);
    expect(rest).toContainEqual({ type: 'close', id: 1 });
    const errs = [];
    for (let e = agent.pollEvent(); e; e = agent.pollEvent()) if (e.type === 'candidate-error') errs.push(e.error);
    expect(errs).toEqual([expect.objectContaining({ url: 'turns:turn.example.test:443?transport=tcp', errorCode: 700 })]);
    expect(agent.gatheringState).toBe('complete');
  });
});

describe('stream robustness', () => {
  const mk = () => {
    const agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seededRandom(4) },
      interfaces: () => [{ name: 'eth0', address: '192.168.1.10', family: 'IPv4', internal: false }],
      bind: () => 5000,
      iceServers: [{ urls: 'turn:203.0.113.1?transport=tcp', username: 'u', credential: 'p' }],
    });
    agent.gather(0);
    return agent;
  };

  it('a stream the driver never opens is given up after streamOpenTimeout: 701, close command, gathering completes', () => {
    const agent = mk();
    expect(agent.pollStreamCommand()?.type).toBe('open');
    agent.handleTimeout(0); // (no pairs to check yet)
    expect(agent.pollTimeout()).toBe(10_000);
    agent.handleTimeout(10_000);
    expect(agent.pollStreamCommand()).toEqual({ type: 'close', id: 1 });
    const errs = [];
    for (let e = agent.pollEvent(); e; e = agent.pollEvent()) if (e.type === 'candidate-error') errs.push([e.error.errorCode, e.error.errorText]);
    expect(errs).toEqual([[701, 'TURN server connection timed out']]);
    expect(agent.gatheringState).toBe('complete');
    agent.handleStreamOpen(10_001, 1); // too late: ignored
    expect(agent.pollStreamCommand()).toBeUndefined();
  });

  it('arbitrary bytes on an open stream never throw and never produce a relayed candidate', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
      const agent = mk();
      agent.handleStreamOpen(1, 1);
      let t = 2;
      for (const c of chunks) agent.handleStreamData(t++, 1, c);
      agent.handleTimeout(t + 60_000);
      for (let c = agent.pollStreamCommand(); c; c = agent.pollStreamCommand()) { /* drain */ }
      for (let e = agent.pollEvent(); e; e = agent.pollEvent()) { /* drain */ }
      return agent.getLocalCandidates().every((c) => c.type === 'host');
    }), { numRuns: 150 });
  });

  it('a stream that never completes a message is cut at the framer bound (memory stays bounded)', () => {
    const agent = mk();
    agent.handleStreamOpen(1, 1);
    while (agent.pollStreamCommand()) { /* the Allocate write */ }
    // A STUN header announcing 65532 bytes, then trickling bytes that never finish it… and more.
    agent.handleStreamData(2, 1, Uint8Array.of(0x01, 0x01, 0xff, 0xfc, 0x21, 0x12, 0xa4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    for (let i = 0; i < 80; i++) agent.handleStreamData(3, 1, new Uint8Array(1000));
    const cmds = [];
    for (let c = agent.pollStreamCommand(); c; c = agent.pollStreamCommand()) cmds.push(c);
    expect(cmds).toContainEqual({ type: 'close', id: 1 });
    const before = agent.stats.dropped;
    agent.handleStreamData(4, 1, new Uint8Array(1000));
    expect(agent.stats.dropped).toBe(before + 1);
  });
});
