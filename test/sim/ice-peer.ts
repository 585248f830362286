/**
 * Glue between {@link IceAgent} and the simulated network: one agent on one
 * simulated host, plus trickle signalling between two peers. ICE-specific
 * (network.ts itself knows nothing about ICE).
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { IceAgent } from '@purertc/ice';
import type { IceAgentEvent, IceAgentOptions } from '@purertc/ice';
import type { Participant, SimNat, SimNetwork } from './network';
import type { SimStreamEnd, SimStreams } from './stream';

/** One agent on a simulated host. */
export class SimIcePeer implements Participant {
  readonly agent: IceAgent;
  readonly log: { t: number; e: IceAgentEvent }[] = [];
  readonly received: Uint8Array[] = [];
  /** Signalling partner: candidates and end-of-candidates are forwarded to it. */
  partner: SimIcePeer | undefined;
  /** Drop trickled candidates instead of forwarding them (for prflx-only tests). */
  forwardCandidates = true;
  /** Simulated TCP/TLS for the agent's stream requests (TURN over TCP/TLS); without it they are refused. */
  streams: SimStreams | undefined;
  private readonly openStreams = new Map<number, SimStreamEnd>();
  private nextStreamPort = 6000;
  private readonly net: SimNetwork;

  constructor(net: SimNetwork, readonly name: string, readonly ip: string, opts: Partial<IceAgentOptions> = {}, nat?: SimNat, seed = 1) {
    this.net = net;
    this.agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seededRandom(seed) },
      interfaces: () => [{ name: 'eth0', address: ip, family: ip.includes(':') ? 'IPv6' : 'IPv4', internal: false }],
      bind: () => 5000,
      ...opts,
    });
    net.addHost(ip, (now, d) => {
      this.agent.handle(now, d.data, d.from, d.to);
      this.drain(now);
    }, nat);
  }

  /** Events of one type, with times. */
  events<T extends IceAgentEvent['type']>(type: T): { t: number; e: Extract<IceAgentEvent, { type: T }> }[] {
    return this.log.filter((x) => x.e.type === type) as { t: number; e: Extract<IceAgentEvent, { type: T }> }[];
  }

  /** States in order. */
  get states(): string[] {
    return this.events('state').map((x) => x.e.state);
  }

  pollTimeout(): number | undefined {
    return this.agent.pollTimeout();
  }

  handleTimeout(now: number): void {
    this.agent.handleTimeout(now);
    this.drain(now);
  }

  flush(now: number): void {
    this.drain(now);
  }

  private drain(now: number): void {
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      this.net.send({ address: t.from!.address, port: t.from!.port }, { address: t.to!.address, port: t.to!.port }, t.data);
    }
    for (let c = this.agent.pollStreamCommand(); c; c = this.agent.pollStreamCommand()) {
      if (c.type === 'open') {
        const id = c.id;
        if (!this.streams) {
          this.agent.handleStreamClosed(now, id, 'no stream support');
          continue;
        }
        const localPort = this.nextStreamPort++;
        const end = this.streams.connect({ address: this.ip, port: localPort }, c.to, {
          onOpen: (t) => { this.agent.handleStreamOpen(t, id, { address: this.ip, port: localPort }); this.drain(t); },
          onData: (t, bytes) => { this.agent.handleStreamData(t, id, bytes); this.drain(t); },
          onClose: (t, reason) => { this.openStreams.delete(id); this.agent.handleStreamClosed(t, id, reason); this.drain(t); },
        });
        this.openStreams.set(id, end);
      } else if (c.type === 'write') this.openStreams.get(c.id)?.write(c.data);
      else {
        this.openStreams.get(c.id)?.close();
        this.openStreams.delete(c.id);
      }
    }
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      this.log.push({ t: now, e });
      if (e.type === 'data') this.received.push(e.data);
      if (this.partner && this.forwardCandidates && e.type === 'candidate') this.partner.agent.addRemoteCandidate(now, e.candidate);
      if (this.partner && this.forwardCandidates && e.type === 'end-of-candidates') this.partner.agent.addRemoteEndOfCandidates(now);
    }
  }
}

/** Exchanges credentials and wires trickle between two peers, then starts gathering on both. */
export function connectPeers(now: number, a: SimIcePeer, b: SimIcePeer): void {
  a.partner = b;
  b.partner = a;
  const ca = a.agent.localCredentials;
  const cb = b.agent.localCredentials;
  a.agent.setRemoteCredentials(now, cb.ufrag, cb.pwd);
  b.agent.setRemoteCredentials(now, ca.ufrag, ca.pwd);
  a.agent.gather(now);
  b.agent.gather(now);
  a.flush(now);
  b.flush(now);
}
