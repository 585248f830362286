/**
 * A minimal Node driver for the sans-IO IceAgent (tests only): real UDP
 * sockets (node:dgram) on loopback, real timers, the drain-then-arm loop of
 * the architecture notes.
 */
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { IceAgent } from '@purertc/ice';
import type { IceAgentEvent, IceAgentOptions } from '@purertc/ice';
import { seededRandom } from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';

/** Binds a UDP socket on `address` (port chosen by the OS). */
export function bindUdp(address: string): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

/** Drives one agent over one UDP socket. */
export class NodeIceDriver {
  readonly agent: IceAgent;
  readonly events: IceAgentEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: ((e: IceAgentEvent) => void)[] = [];
  private closed = false;

  constructor(readonly socket: dgram.Socket, opts: Partial<IceAgentOptions> = {}, seed?: number) {
    const local = socket.address();
    this.agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seed === undefined ? nodeRandom : seededRandom(seed) },
      interfaces: () => [{ name: 'lo', address: local.address, family: local.family === 'IPv6' ? 'IPv6' : 'IPv4', internal: true }],
      includeLoopback: true,
      bind: (address) => (address === local.address ? local.port : undefined),
      ...opts,
    });
    socket.on('message', (msg, rinfo) => {
      this.agent.handle(performance.now(), msg, { address: rinfo.address, port: rinfo.port }, { address: local.address, port: local.port });
      this.pump();
    });
  }

  /** Subscribes to agent events. */
  on(fn: (e: IceAgentEvent) => void): void {
    this.listeners.push(fn);
  }

  /** Resolves when `pred` holds for an event (or immediately when `now()` holds). */
  until(pred: (e: IceAgentEvent | undefined) => boolean, ms = 10000): Promise<void> {
    if (pred(undefined)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout; state ${this.agent.state}`)), ms);
      this.on((e) => {
        if (pred(e)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
  }

  /** Drain transmits and events, then arm one timer for pollTimeout(). */
  pump(): void {
    if (this.closed) return;
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) this.socket.send(t.data, t.to!.port, t.to!.address);
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      this.events.push(e);
      for (const l of this.listeners) l(e);
    }
    if (this.timer) clearTimeout(this.timer);
    const next = this.agent.pollTimeout();
    if (next !== undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.agent.handleTimeout(performance.now());
        this.pump();
      }, Math.max(0, next - performance.now()));
    }
  }

  /** Closes the agent, flushes its last datagrams and the socket. */
  async close(): Promise<void> {
    this.agent.close(performance.now());
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) this.socket.send(t.data, t.to!.port, t.to!.address);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await new Promise<void>((r) => setTimeout(r, 20));
    await new Promise<void>((r) => this.socket.close(() => r()));
  }
}

/** Wires trickle between two drivers and starts both. */
export function signal(a: NodeIceDriver, b: NodeIceDriver): void {
  const now = performance.now();
  a.on((e) => {
    if (e.type === 'candidate') b.agent.addRemoteCandidate(performance.now(), e.candidate);
    if (e.type === 'end-of-candidates') b.agent.addRemoteEndOfCandidates(performance.now());
    queueMicrotask(() => b.pump());
  });
  b.on((e) => {
    if (e.type === 'candidate') a.agent.addRemoteCandidate(performance.now(), e.candidate);
    if (e.type === 'end-of-candidates') a.agent.addRemoteEndOfCandidates(performance.now());
    queueMicrotask(() => a.pump());
  });
  const ca = a.agent.localCredentials;
  const cb = b.agent.localCredentials;
  a.agent.setRemoteCredentials(now, cb.ufrag, cb.pwd);
  b.agent.setRemoteCredentials(now, ca.ufrag, ca.pwd);
  a.agent.gather(now);
  b.agent.gather(now);
  a.pump();
  b.pump();
}
