/**
 * Injected name resolution: STUN/TURN server hostnames (`resolver`) and remote
 * mDNS `.local` candidates (`mdnsResolver`), synchronous and asynchronous,
 * with fake resolvers (the real one is exercised in test/interop).
 */
import { SimNetwork, Simulation } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';
import { SimIcePeer, connectPeers } from '../../../test/sim/ice-peer';
import { IceAgent } from '@purertc/ice';
import type { IceAgentEvent, IceAgentOptions, IceResolver } from '@purertc/ice';
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';

const connected = (p: SimIcePeer) => p.agent.state === 'connected' || p.agent.state === 'completed';
const SERVER = '203.0.113.1';

function natWorld(seed: number) {
  const net = new SimNetwork(seed);
  net.conditions = { delay: 10, jitter: 2 };
  const sim = new Simulation(net);
  const server = new SimTurnServer({ ip: SERVER });
  server.attach(net);
  return { net, sim, server };
}

function drainEvents(agent: IceAgent): IceAgentEvent[] {
  const out: IceAgentEvent[] = [];
  for (let e = agent.pollEvent(); e; e = agent.pollEvent()) out.push(e);
  return out;
}

function bareAgent(opts: Partial<IceAgentOptions>): IceAgent {
  return new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(7) },
    interfaces: () => [{ name: 'eth0', address: '192.168.1.10', family: 'IPv4', internal: false }],
    bind: () => 5000,
    ...opts,
  });
}

describe('server hostnames through the injected resolver', () => {
  it('a synchronous resolver: srflx and relay gathered from hostnames behind a NAT', () => {
    const { net, sim } = natWorld(91);
    const asked: string[] = [];
    const resolver: IceResolver = (name) => {
      asked.push(name);
      return name === 'stun.sim.test' || name === 'turn.sim.test' ? ['2001:db8::5', SERVER] : [];
    };
    const a = new SimIcePeer(net, 'a', '10.0.0.2', {
      iceServers: [{ urls: 'stun:stun.sim.test' }, { urls: 'turn:turn.sim.test:3478', username: 'user', credential: 'pass' }],
      resolver,
    }, net.addNat('198.51.100.1', 'port-restricted'), 92);
    sim.add(a);
    a.agent.gather(0);
    a.flush(0);
    expect(sim.runUntil(() => a.agent.gatheringState === 'complete', 5000)).toBe(true);
    expect(asked).toEqual(['stun.sim.test', 'turn.sim.test']);
    expect(a.agent.getLocalCandidates().map((c) => c.type).sort()).toEqual(['host', 'relay', 'srflx']);
    expect(a.events('candidate-error')).toEqual([]);
  });

  it.each<[string, IceResolver | undefined]>([
    ['an empty answer', () => []],
    ['answers that are not IP literals', () => ['example.org', '']],
    ['a throwing resolver', () => { throw new Error('boom'); }],
    ['no resolver at all', undefined],
  ])('%s: 701 candidate-error with the URL, gathering completes', (_what, resolver) => {
    const a = bareAgent({ iceServers: [{ urls: ['stun:nowhere.test:3478', 'turn:nowhere.test?transport=tcp'], username: 'u', credential: 'p' }], ...(resolver ? { resolver } : {}) });
    a.gather(0);
    const events = drainEvents(a);
    const errs = events.flatMap((e) => (e.type === 'candidate-error' ? [e.error] : []));
    expect(errs).toEqual([
      { url: 'stun:nowhere.test:3478', errorCode: 701, errorText: 'Could not resolve nowhere.test', address: null, port: null },
      { url: 'turn:nowhere.test?transport=tcp', errorCode: 701, errorText: 'Could not resolve nowhere.test', address: null, port: null },
    ]);
    expect(a.gatheringState).toBe('complete');
    expect(a.pollTransmit()).toBeUndefined();
    expect(a.pollStreamCommand()).toBeUndefined();
  });

  it('a name that resolves only to another family than our hosts: 701 for UDP, while a stream TURN server is still used', () => {
    const a = bareAgent({
      iceServers: [{ urls: ['stun:v6only.test', 'turn:v6only.test?transport=tcp'], username: 'u', credential: 'p' }],
      resolver: () => ['2001:db8::7'],
    });
    a.gather(0);
    const errs = drainEvents(a).flatMap((e) => (e.type === 'candidate-error' ? [[e.error.url, e.error.errorCode, e.error.errorText]] : []));
    expect(errs).toEqual([['stun:v6only.test', 701, 'No local address of the family of v6only.test']]);
    expect(a.pollStreamCommand()).toEqual({ type: 'open', id: 1, transport: 'tcp', to: { address: '2001:db8::7', port: 3478 }, servername: 'v6only.test' });
  });

  it('an asynchronous resolver: answers are applied at the next handleTimeout after onWake; a rejection is a 701', async () => {
    let wakes = 0;
    const a = bareAgent({
      iceServers: [{ urls: 'stun:stun.example.test' }, { urls: 'stun:broken.example.test' }],
      resolver: (name) => (name === 'stun.example.test' ? Promise.resolve([SERVER]) : Promise.reject(new Error('NXDOMAIN'))),
      onWake: () => { wakes++; },
    });
    a.gather(0);
    drainEvents(a);
    expect(a.gatheringState).toBe('gathering');
    expect(a.pollTransmit()).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(wakes).toBe(2);
    // Nothing changed inside the agent until it is given the time.
    expect(a.pollTransmit()).toBeUndefined();
    expect(a.pollTimeout()).toBe(0);
    a.handleTimeout(5);
    const t = a.pollTransmit();
    expect(t?.to).toEqual({ address: SERVER, port: 3478, family: 'IPv4' });
    const errs = drainEvents(a).flatMap((e) => (e.type === 'candidate-error' ? [[e.error.url, e.error.errorCode]] : []));
    expect(errs).toEqual([['stun:broken.example.test', 701]]);
    expect(a.gatheringState).toBe('gathering'); // the STUN transaction is still pending
  });

  it('closing before an asynchronous answer arrives is harmless', async () => {
    let release!: (v: string[]) => void;
    const a = bareAgent({ iceServers: [{ urls: 'stun:slow.example.test' }], resolver: () => new Promise<string[]>((r) => { release = r; }) });
    a.gather(0);
    a.close(1);
    release([SERVER]);
    await new Promise((r) => setImmediate(r));
    a.handleTimeout(2);
    expect(a.pollTransmit()).toBeUndefined();
    expect(a.pollTimeout()).toBeUndefined();
  });
});

describe('remote mDNS candidates through the injected mdnsResolver', () => {
  function lan(seed: number, oa: Partial<IceAgentOptions>) {
    const net = new SimNetwork(seed);
    net.conditions = { delay: 5 };
    const sim = new Simulation(net);
    const a = new SimIcePeer(net, 'a', '192.168.1.10', { controlling: true, ...oa }, undefined, seed);
    const b = new SimIcePeer(net, 'b', '192.168.1.20', { controlling: false }, undefined, seed + 1);
    sim.add(a);
    sim.add(b);
    a.forwardCandidates = false;
    b.forwardCandidates = false;
    connectPeers(0, a, b);
    return { net, sim, a, b };
  }
  const NAME = '0d6c3a8e-1f2b-4c5d-9e8f-a0b1c2d3e4f5.local';

  it('synchronously: resolved at once, no mdns-query event, connects', () => {
    const asked: string[] = [];
    const { sim, a, b } = lan(101, { mdnsResolver: (n) => { asked.push(n); return n === NAME ? ['192.168.1.20'] : []; } });
    const hostB = b.agent.getLocalCandidates()[0]!;
    a.agent.addRemoteCandidate(0, { ...hostB, address: NAME.toUpperCase() });
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(0, c);
    expect(asked).toEqual([NAME]);
    expect(a.agent.getRemoteCandidates().map((c) => c.address)).toEqual(['192.168.1.20']);
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(a.events('mdns-query')).toEqual([]);
  });

  it('asynchronously: one query per name, candidates held until the answer; an unknown name is dropped and counted', async () => {
    const asked: string[] = [];
    const { net, sim, a, b } = lan(102, {
      mdnsResolver: (n) => {
        asked.push(n);
        return Promise.resolve(n === NAME ? ['192.168.1.20'] : []);
      },
    });
    const hostB = b.agent.getLocalCandidates()[0]!;
    a.agent.addRemoteCandidate(0, { ...hostB, address: NAME });
    a.agent.addRemoteCandidate(0, { ...hostB, address: NAME, port: hostB.port + 1, priority: hostB.priority - 1 });
    a.agent.addRemoteCandidate(0, { ...hostB, address: 'gone.local' });
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(0, c);
    expect(asked).toEqual([NAME, 'gone.local']);
    expect(a.agent.getRemoteCandidates()).toEqual([]);
    const dropped = a.agent.stats.dropped;
    await new Promise((r) => setImmediate(r));
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
    expect(a.agent.getRemoteCandidates().map((c) => `${c.address}:${c.port}`).sort()).toEqual([`192.168.1.20:${hostB.port}`, `192.168.1.20:${hostB.port + 1}`].sort());
    expect(a.agent.stats.dropped).toBe(dropped + 1);
    expect(net.now).toBeLessThan(1000);
  });

  it('without a resolver the event form remains: mdns-query answered with resolveMdns', () => {
    const { sim, a, b } = lan(103, {});
    const hostB = b.agent.getLocalCandidates()[0]!;
    a.agent.addRemoteCandidate(0, { ...hostB, address: NAME });
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(0, c);
    const queries = drainEvents(a.agent).flatMap((e) => (e.type === 'mdns-query' ? [e.hostname] : []));
    expect(queries).toEqual([NAME]);
    a.agent.resolveMdns(0, NAME, '192.168.1.20');
    expect(sim.runUntil(() => connected(a) && connected(b), 5000)).toBe(true);
  });
});
