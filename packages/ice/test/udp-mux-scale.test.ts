/**
 * The UDP mux at server scale (issue 5, point 3): 1000 ICE agents behind
 * one simulated socket, 1000 clients on their own hosts. Proves that every
 * client reaches its own agent, that the mux's tables hold one entry per
 * agent (and stay within their bounds under floods), that forgetting agents
 * leaves nothing behind, and that a lookup costs the same with 1000 agents
 * as with one.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Attr, IceAgent, IceUdpMux, StunClass, StunMessageBuilder, StunMethod } from '@purertc/ice';
import { SimNetwork, Simulation } from '../../../test/sim/network';
import type { Participant } from '../../../test/sim/network';
import { SimIcePeer } from '../../../test/sim/ice-peer';

const SERVER = { address: '203.0.113.10', port: 3478 };
const N = 1000;

/** All server agents as one participant: the mux owns the socket. */
class MuxServer implements Participant {
  readonly agents: IceAgent[] = [];
  readonly echoed = new Map<IceAgent, number>();
  constructor(readonly net: SimNetwork, readonly mux: IceUdpMux) {
    net.addHost(SERVER.address, (now, d) => {
      const agent = mux.handle(now, d.data, d.from);
      if (agent) this.drain(agent, now);
    });
  }
  drain(agent: IceAgent, now: number): void {
    for (let e = agent.pollEvent(); e; e = agent.pollEvent()) {
      if (e.type === 'data') {
        agent.send(now, e.data); // echo
        this.echoed.set(agent, (this.echoed.get(agent) ?? 0) + 1);
      }
    }
    this.mux.drain(agent, (t) => this.net.send(SERVER, { address: t.to!.address, port: t.to!.port }, t.data));
  }
  pollTimeout(): number | undefined {
    let t: number | undefined;
    for (const a of this.agents) {
      const d = a.pollTimeout();
      if (d !== undefined && (t === undefined || d < t)) t = d;
    }
    return t;
  }
  handleTimeout(now: number): void {
    for (const a of this.agents) {
      const d = a.pollTimeout();
      if (d !== undefined && d <= now) {
        a.handleTimeout(now);
        this.drain(a, now);
      }
    }
  }
  flush(now: number): void {
    for (const a of this.agents) this.drain(a, now);
  }
}

function request(ufrag: string, i: number): Uint8Array {
  const tid = new Uint8Array(12);
  new DataView(tid.buffer).setUint32(0, i);
  return new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid).addString(Attr.Username, `${ufrag}:peer`).build();
}

/** Best-of-rounds ns per lookup of `lookups` through `mux.route`. */
function lookupCost(mux: IceUdpMux, lookups: { data: Uint8Array; from: { address: string; port: number } }[]): number {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    let hits = 0;
    for (let rep = 0; rep < 20; rep++) for (const l of lookups) if (mux.route(l.data, l.from)) hits++;
    const ns = ((performance.now() - t0) * 1e6) / (20 * lookups.length);
    expect(hits).toBe(20 * lookups.length);
    best = Math.min(best, ns);
  }
  return best;
}

describe('UDP mux with 1000 agents on one socket (simulated network)', () => {
  it('connects 1000 clients each to its own agent; tables hold one entry per agent; lookups do not slow down; unregister frees all', () => {
    const net = new SimNetwork(77);
    net.conditions = { delay: 10 };
    const sim = new Simulation(net);
    const mux = new IceUdpMux(SERVER, { maxAddresses: 4 * N });
    const server = new MuxServer(net, mux);
    sim.add(server);
    const clients: SimIcePeer[] = [];
    for (let i = 0; i < N; i++) {
      const agent = new IceAgent({
        components: { crypto: nodeCrypto, random: seededRandom(10_000 + i) },
        controlling: false,
        interfaces: () => [{ name: 'eth0', address: SERVER.address, family: 'IPv4', internal: false }],
        bind: mux.bind,
      });
      mux.register(agent);
      server.agents.push(agent);
      const ip = `10.${(i >> 8) & 255}.${i & 255}.2`;
      const client = new SimIcePeer(net, `c${i}`, ip, { controlling: true }, undefined, 20_000 + i);
      client.forwardCandidates = false; // the server learns each client as peer-reflexive
      clients.push(client);
      sim.add(client);
      const cc = client.agent.localCredentials;
      const sc = agent.localCredentials;
      agent.setRemoteCredentials(0, cc.ufrag, cc.pwd);
      client.agent.setRemoteCredentials(0, sc.ufrag, sc.pwd);
      agent.gather(0);
      client.agent.gather(0);
      for (const c of agent.getLocalCandidates()) client.agent.addRemoteCandidate(0, c);
    }
    expect(server.agents.every((a) => a.getLocalCandidates()[0]?.port === SERVER.port)).toBe(true);
    const up = (a: IceAgent) => a.state === 'connected' || a.state === 'completed';
    expect(sim.runUntil(() => clients.every((c) => up(c.agent)) && server.agents.every(up), 5000)).toBe(true);

    // Every client's data comes back from its own agent, and only from it.
    for (let i = 0; i < N; i++) clients[i]!.agent.send(net.now, Uint8Array.of(i & 255, i >> 8));
    sim.runFor(100);
    for (let i = 0; i < N; i++) expect(Array.from(clients[i]!.received.at(-1) ?? [])).toEqual([i & 255, i >> 8]);
    expect(server.agents.every((a) => server.echoed.get(a) === 1)).toBe(true);
    expect(mux.unrouted).toBe(0);

    // Memory: one ufrag and one remote address per agent.
    expect(mux.size).toBe(N);
    expect(mux.addressCount).toBe(N);
    expect(mux.agentCount).toBe(N);

    // A flood of requests with a valid ufrag from 100 000 addresses: the address table stays within its bound.
    const victim = server.agents[0]!;
    const ufrag = victim.localCredentials.ufrag;
    for (let i = 0; i < 100_000; i++) mux.route(request(ufrag, i), { address: `198.18.${(i >> 8) & 255}.${i & 255}`, port: 1024 + (i >> 16) });
    expect(mux.addressCount).toBe(4 * N);
    // Unknown ufrags and unknown addresses are not remembered at all.
    for (let i = 0; i < 10_000; i++) expect(mux.handle(net.now, request(`nobody${i}`, i), { address: '198.51.100.7', port: i + 1 })).toBeUndefined();
    expect(mux.unrouted).toBe(10_000);
    expect(mux.addressCount).toBe(4 * N);

    // Lookup cost: the same with 1000 agents as with one (hash lookups, no scan).
    const lookups = clients.slice(0, 200).map((c, i) => ({ data: request(server.agents[i]!.localCredentials.ufrag, i), from: { address: c.ip, port: 5000 } }));
    const big = lookupCost(mux, lookups);
    const small = new IceUdpMux(SERVER);
    const one = server.agents[0]!;
    small.register(one);
    const smallLookups = lookups.map((l) => ({ data: request(one.localCredentials.ufrag, 0), from: l.from }));
    const tiny = lookupCost(small, smallLookups);
    expect(big).toBeLessThan(tiny * 4 + 500);

    // Restarts: at most the current and the previous ufrag stay routed per agent.
    for (let r = 0; r < 5; r++) {
      victim.restart(net.now);
      mux.register(victim);
    }
    expect(mux.size).toBe(N + 1);

    // Forgetting every agent leaves nothing behind.
    for (const a of server.agents) mux.unregister(a);
    expect(mux.size).toBe(0);
    expect(mux.addressCount).toBe(0);
    expect(mux.agentCount).toBe(0);
  });
});
