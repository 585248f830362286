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

/** The demultiplexer. */
export class IceUdpMux {
  /** The shared socket's address (every agent's host candidate uses it). */
  readonly local: Address;
  private readonly byUfrag = new Map<string, IceAgent>();
  private readonly byAddress = new Map<string, IceAgent>();
  private readonly maxAddresses: number;
  /** Datagrams nobody claimed. */
  unrouted = 0;

  constructor(local: Address, opts: IceUdpMuxOptions = {}) {
    this.local = local;
    this.maxAddresses = opts.maxAddresses ?? 65536;
  }

  /** Pass as the agent's `bind` option: every host candidate is the shared socket. */
  readonly bind = (address: string): number | undefined => (canonicalIp(address) === canonicalIp(this.local.address) ? this.local.port : undefined);

  /** Routes STUN requests for the agent's current local ufrag to it (call again after an ICE restart). */
  register(agent: IceAgent): void {
    this.byUfrag.set(agent.localCredentials.ufrag, agent);
  }

  /** Forgets an agent (all its ufrags and addresses). */
  unregister(agent: IceAgent): void {
    for (const [k, a] of this.byUfrag) if (a === agent) this.byUfrag.delete(k);
    for (const [k, a] of this.byAddress) if (a === agent) this.byAddress.delete(k);
  }

  /** Number of registered ufrags. */
  get size(): number {
    return this.byUfrag.size;
  }

  private remember(key: string, agent: IceAgent): void {
    if (this.byAddress.get(key) === agent) return;
    this.byAddress.delete(key);
    this.byAddress.set(key, agent);
    if (this.byAddress.size > this.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
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
