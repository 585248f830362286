/**
 * The candidate pool (iceCandidatePoolSize semantics): pre-gathering before
 * first use, pooled candidates handed to the first use, size changes adding
 * or dropping pooled gatherers, sealed after first use.
 */
import { SimNetwork, Simulation } from '../../../test/sim/network';
import type { Participant } from '../../../test/sim/network';
import { SimTurnServer } from '../../../test/sim/stun-turn-server';
import { SimIcePeer } from '../../../test/sim/ice-peer';
import { IceAgent, IceCandidatePool } from '@purertc/ice';
import type { IceAgentEvent, IceAgentOptions } from '@purertc/ice';
import { isErrorNamed, seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';

const SERVER = '203.0.113.1';

/** Several agents on one simulated host, told apart by their port; "held" agents keep their events queued. */
class SimHost implements Participant {
  readonly agents = new Map<number, IceAgent>();
  readonly held = new Set<IceAgent>();
  readonly log: { t: number; agent: IceAgent; e: IceAgentEvent }[] = [];
  partner: SimIcePeer | undefined;
  private nextPort = 5000;
  private seed = 300;

  constructor(private readonly net: SimNetwork, readonly ip: string, private readonly opts: Partial<IceAgentOptions>, nat?: ReturnType<SimNetwork['addNat']>) {
    net.addHost(ip, (now, d) => {
      const a = this.agents.get(d.to.port);
      if (!a) return;
      a.handle(now, d.data, d.from, d.to);
      this.flush(now);
    }, nat);
  }

  /** The pool's factory: an agent with its own socket (port). */
  readonly create = (): IceAgent => {
    const port = this.nextPort++;
    const agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seededRandom(this.seed++) },
      interfaces: () => [{ name: 'eth0', address: this.ip, family: 'IPv4', internal: false }],
      bind: () => port,
      ...this.opts,
    });
    this.agents.set(port, agent);
    this.held.add(agent);
    return agent;
  };

  pollTimeout(): number | undefined {
    let t: number | undefined;
    for (const a of this.agents.values()) {
      const x = a.pollTimeout();
      if (x !== undefined && (t === undefined || x < t)) t = x;
    }
    return t;
  }

  handleTimeout(now: number): void {
    for (const a of this.agents.values()) if ((a.pollTimeout() ?? Infinity) <= now) a.handleTimeout(now);
    this.flush(now);
  }

  flush(now: number): void {
    for (const a of this.agents.values()) {
      for (let t = a.pollTransmit(); t; t = a.pollTransmit()) this.net.send({ address: t.from!.address, port: t.from!.port }, { address: t.to!.address, port: t.to!.port }, t.data);
      if (this.held.has(a)) continue;
      for (let e = a.pollEvent(); e; e = a.pollEvent()) {
        this.log.push({ t: now, agent: a, e });
        if (this.partner && e.type === 'candidate') this.partner.agent.addRemoteCandidate(now, e.candidate);
        if (this.partner && e.type === 'end-of-candidates') this.partner.agent.addRemoteEndOfCandidates(now);
      }
    }
  }
}

function world(seed: number) {
  const net = new SimNetwork(seed);
  net.conditions = { delay: 25 };
  const sim = new Simulation(net);
  const server = new SimTurnServer({ ip: SERVER });
  server.attach(net);
  const iceServers = [{ urls: `stun:${SERVER}` }, { urls: `turn:${SERVER}`, username: 'user', credential: 'pass' }];
  const host = new SimHost(net, '10.0.0.2', { iceServers }, net.addNat('198.51.100.1', 'port-restricted'));
  sim.add(host);
  return { net, sim, server, host, iceServers };
}

describe('IceCandidatePool', () => {
  it('pre-gathers before use; the first use gets the pooled candidates at once and connects', () => {
    const { net, sim, server, host } = world(111);
    const pool = new IceCandidatePool(host.create);
    expect(pool.setSize(0, 1)).toEqual([]);
    expect(pool.size).toBe(1);
    const pooled = pool.agents[0]!;
    expect(pooled.gatheringState).toBe('gathering');
    host.flush(0);
    // Time passes before the application creates its offer: gathering completes in the pool.
    sim.runFor(2000);
    expect(pooled.gatheringState).toBe('complete');
    expect(server.stats.allocate).toBe(1);
    const t0 = net.now;
    const { agents, pooled: n, discarded } = pool.take(t0);
    expect([agents.length, n, discarded]).toEqual([1, 1, []]);
    const agent = agents[0]!;
    expect(agent).toBe(pooled);
    agent.setRole('controlling');
    // The pooled candidates are handed over as queued events, in order, ending with end-of-candidates.
    host.held.delete(agent);
    const b = new SimIcePeer(net, 'b', '198.51.100.20', { controlling: false }, undefined, 5);
    sim.add(b);
    b.partner = undefined;
    host.partner = b;
    agent.setRemoteCredentials(t0, b.agent.localCredentials.ufrag, b.agent.localCredentials.pwd);
    b.agent.setRemoteCredentials(t0, agent.localCredentials.ufrag, agent.localCredentials.pwd);
    host.flush(t0);
    const handed = host.log.filter((x) => x.agent === agent && x.t === t0).map((x) => (x.e.type === 'candidate' ? x.e.candidate.type : x.e.type));
    expect(handed).toEqual(['gathering-state', 'host', 'srflx', 'relay', 'end-of-candidates', 'gathering-state']);
    // Gathering again is a no-op: the candidates were already there.
    agent.gather(t0);
    expect(agent.pollTransmit()).toBeUndefined();
    b.agent.gather(t0);
    for (const c of b.agent.getLocalCandidates()) agent.addRemoteCandidate(t0, c);
    expect(sim.runUntil(() => agent.state === 'connected' && (b.agent.state === 'connected' || b.agent.state === 'completed'), t0 + 5000)).toBe(true);
    expect(server.stats.allocate).toBe(1);
  });

  it('size changes add or drop pooled gatherers (dropped ones release their TURN allocations); sealed after first use', () => {
    const { sim, server, host } = world(112);
    const pool = new IceCandidatePool(host.create);
    pool.setSize(0, 3);
    host.flush(0);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(3);
    const [first, second, third] = pool.agents;
    const dropped = pool.setSize(1000, 1);
    expect(dropped).toEqual([third, second]);
    expect(dropped.every((a) => a.state === 'closed')).toBe(true);
    host.flush(1000);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(1);
    expect(pool.agents).toEqual([first]);
    pool.setSize(2000, 2);
    expect(pool.size).toBe(2);
    expect(pool.agents[1]!.gatheringState).toBe('gathering');
    host.flush(2000);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(2);
    // First use takes one and discards the other.
    const took = pool.take(3000);
    expect(took.agents).toEqual([first]);
    expect(took.discarded.map((a) => a.state)).toEqual(['closed']);
    host.flush(3000);
    sim.runFor(1000);
    expect(server.allocationCount).toBe(1);
    expect(pool.sealed).toBe(true);
    expect(pool.size).toBe(0);
    let err: unknown;
    try {
      pool.setSize(4000, 2);
    } catch (e) {
      err = e;
    }
    expect(isErrorNamed(err, 'StateError')).toBe(true);
    expect(() => pool.take(4000)).toThrow();
  });

  it('an empty pool hands out fresh agents; more than pooled are topped up with fresh ones; bad sizes are RangeErrors', () => {
    const { host } = world(113);
    const empty = new IceCandidatePool(host.create);
    const t = empty.take(0);
    expect([t.pooled, t.agents[0]!.gatheringState]).toEqual([0, 'new']);
    const pool = new IceCandidatePool(host.create);
    pool.setSize(0, 1);
    const t2 = pool.take(0, 2);
    expect([t2.pooled, t2.agents.map((a) => a.gatheringState)]).toEqual([1, ['gathering', 'new']]);
    const p3 = new IceCandidatePool(host.create);
    expect(() => p3.setSize(0, -1)).toThrow(RangeError);
    expect(() => p3.setSize(0, 1.5)).toThrow(RangeError);
    expect(() => p3.setSize(0, 256)).toThrow(RangeError);
  });
});
