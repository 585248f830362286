/**
 * Many ICE agents on one UDP socket (servers with thousands of connections),
 * sans-IO: received datagrams are demultiplexed by the local ufrag of STUN
 * requests (USERNAME = "ourUfrag:theirUfrag", RFC 8445 §7.2.2) and, for
 * everything else, by the remote address each agent has talked to.
 *
 * ```
 *  socket ──▶ mux.handle(now, bytes, from) ──▶ agent.handle(…)
 *  agent.pollTransmit() ──▶ mux.drain(agent, send) ──▶ socket   (learns the destination)
 * ```
 */
import type { Address, Transmit } from '@purertc/common';
import { Attr, StunClass } from './stun-constants.js';
import { decodeStun, getAttribute, isStun } from './stun-message.js';
import { decodeText } from './stun-attributes.js';
import type { IceAgent } from './agent.js';
import { canonicalIp } from './ip.js';

/** Options of {@link IceUdpMux}. */
export interface IceUdpMuxOptions {
  /** Bound on remembered remote addresses (oldest forgotten first; default 65536). */
  maxAddresses?: number;
}

/** What the mux remembers of one agent, so forgetting it costs O(its own entries). */
interface AgentKeys {
  /** Its ufrags, oldest first: the current generation and the previous one (RFC 8445 §9: the old pair lives until a new one is selected). */
  ufrags: string[];
  /** Remote address keys routed to it. */
  addresses: Set<string>;
}

/**
 * The demultiplexer. Every lookup is one hash-map probe (ufrag, else
 * remote address): the cost per datagram does not grow with the number of
 * agents. Memory is bounded: two ufrags per agent and at most
 * `maxAddresses` remote addresses in all (oldest forgotten first).
 */
export class IceUdpMux {
  /** The shared socket's address (every agent's host candidate uses it). */
  readonly local: Address;
  private readonly byUfrag = new Map<string, IceAgent>();
  private readonly byAddress = new Map<string, IceAgent>();
  private readonly keys = new Map<IceAgent, AgentKeys>();
  private readonly maxAddresses: number;
  /** Datagrams nobody claimed. */
  unrouted = 0;

  constructor(local: Address, opts: IceUdpMuxOptions = {}) {
    this.local = local;
    this.maxAddresses = opts.maxAddresses ?? 65536;
  }

  /** Pass as the agent's `bind` option: every host candidate is the shared socket. */
  readonly bind = (address: string): number | undefined => (canonicalIp(address) === canonicalIp(this.local.address) ? this.local.port : undefined);

  private keysOf(agent: IceAgent): AgentKeys {
    let k = this.keys.get(agent);
    if (k === undefined) {
      k = { ufrags: [], addresses: new Set() };
      this.keys.set(agent, k);
    }
    return k;
  }

  /**
   * Routes STUN requests for the agent's current local ufrag to it (call
   * again after an ICE restart). The previous ufrag stays routed (the old
   * selected pair answers consent checks until a new pair is selected);
   * older ones are forgotten.
   */
  register(agent: IceAgent): void {
    const ufrag = agent.localCredentials.ufrag;
    const k = this.keysOf(agent);
    if (k.ufrags.includes(ufrag)) return;
    const other = this.byUfrag.get(ufrag);
    if (other !== undefined && other !== agent) {
      const ok = this.keys.get(other);
      if (ok) ok.ufrags = ok.ufrags.filter((u) => u !== ufrag);
    }
    this.byUfrag.set(ufrag, agent);
    k.ufrags.push(ufrag);
    while (k.ufrags.length > 2) {
      const old = k.ufrags.shift()!;
      if (this.byUfrag.get(old) === agent) this.byUfrag.delete(old);
    }
  }

  /** Forgets an agent (all its ufrags and addresses), in time proportional to its own entries. */
  unregister(agent: IceAgent): void {
    const k = this.keys.get(agent);
    if (k === undefined) return;
    for (const u of k.ufrags) if (this.byUfrag.get(u) === agent) this.byUfrag.delete(u);
    for (const a of k.addresses) if (this.byAddress.get(a) === agent) this.byAddress.delete(a);
    this.keys.delete(agent);
  }

  /** Number of registered ufrags. */
  get size(): number {
    return this.byUfrag.size;
  }

  /** Number of remembered remote addresses (at most `maxAddresses`). */
  get addressCount(): number {
    return this.byAddress.size;
  }

  /** Number of agents the mux holds any state for. */
  get agentCount(): number {
    return this.keys.size;
  }

  private remember(key: string, agent: IceAgent): void {
    const prev = this.byAddress.get(key);
    if (prev === agent) return;
    if (prev !== undefined) this.keys.get(prev)?.addresses.delete(key);
    this.byAddress.delete(key);
    this.byAddress.set(key, agent);
    this.keysOf(agent).addresses.add(key);
    if (this.byAddress.size > this.maxAddresses) {
      const oldest = this.byAddress.keys().next().value!;
      const owner = this.byAddress.get(oldest)!;
      this.byAddress.delete(oldest);
      this.keys.get(owner)?.addresses.delete(oldest);
    }
  }

  /** Finds the agent a datagram belongs to, without delivering it. */
  route(data: Uint8Array, from: Address): IceAgent | undefined {
    const key = `${canonicalIp(from.address)}|${from.port}`;
    if (isStun(data)) {
      const msg = decodeStun(data);
      if (msg && msg.class === StunClass.Request) {
        const u = getAttribute(msg, Attr.Username);
        if (u) {
          const text = decodeText(u.value);
          const colon = text.indexOf(':');
          const agent = colon > 0 ? this.byUfrag.get(text.slice(0, colon)) : undefined;
          if (agent) {
            this.remember(key, agent);
            return agent;
          }
        }
      }
    }
    return this.byAddress.get(key);
  }

  /** Delivers a datagram to its agent; returns that agent (drain it next) or undefined if unclaimed. */
  handle(now: number, data: Uint8Array, from: Address): IceAgent | undefined {
    const agent = this.route(data, from);
    if (!agent) {
      this.unrouted++;
      return undefined;
    }
    agent.handle(now, data, from, this.local);
    return agent;
  }

  /** Drains an agent's transmissions into `send`, learning each destination. */
  drain(agent: IceAgent, send: (t: Transmit) => void): void {
    for (let t = agent.pollTransmit(); t; t = agent.pollTransmit()) {
      if (t.to) this.remember(`${canonicalIp(t.to.address)}|${t.to.port}`, agent);
      send(t);
    }
  }
}
