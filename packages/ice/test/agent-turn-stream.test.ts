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
    a.agent.send(net.now, Uint8Array.of(1, 2, 3, 4, 5));
    b.agent.send(net.now, Uint8Array.of(9, 8, 7));
    sim.runFor(300);
    expect(b.received.map((d) => Array.from(d))).toContainEqual([1, 2, 3, 4, 5]);
    expect(a.received.map((d) => Array.from(d))).toContainEqual([9, 8, 7]);
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
    const { sim, peer, server } = world(55);
    const url = `turn:${SERVER}?transport=tcp`;
    const a = peer('a', '192.168.1.10', { iceServers: [{ urls: url, username: 'user', credential: 'nope' }] }, 83);
    a.agent.gather(0);
    a.flush(0);
    expect(sim.runUntil(() => a.agent.gatheringState === 'complete', 5000)).toBe(true);
    expect(a.events('candidate-error').map((x) => [x.e.error.url, x.e.error.errorCode])).toEqual([[url, 401]]);
    expect(server.stats.rejected401).toBeGreaterThanOrEqual(2);
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
