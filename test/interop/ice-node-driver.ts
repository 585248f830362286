/**
 * A minimal Node driver for the sans-IO IceAgent (tests only): real UDP
 * sockets (node:dgram) on loopback, real TCP/TLS connections (node:net,
 * node:tls) for TURN over TCP/TLS, DNS through node:dns, interfaces from
 * os.networkInterfaces(), real timers, the drain-then-arm loop of the
 * architecture notes.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { IceAgent, ipFamily } from '@purertc/ice';
import type { IceAgentEvent, IceAgentOptions, IceResolver, NetworkInterfaceAddress } from '@purertc/ice';
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

/**
 * The default interface listing: every address of os.networkInterfaces(),
 * flattened (the agent filters loopback, link-local and IPv6 per its options).
 */
export function nodeInterfaces(list: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): NetworkInterfaceAddress[] {
  const out: NetworkInterfaceAddress[] = [];
  for (const [name, addrs] of Object.entries(list)) {
    for (const a of addrs ?? []) {
      // Node 18.0-18.3 reported the family as a number.
      const fam = (a.family as unknown) === 4 ? 'IPv4' : (a.family as unknown) === 6 ? 'IPv6' : a.family;
      if (fam !== 'IPv4' && fam !== 'IPv6') continue;
      // IPv6 link-local addresses need their zone to be bound; keep it in the literal.
      const address = fam === 'IPv6' && a.scopeid && a.address.toLowerCase().startsWith('fe80') ? `${a.address}%${name}` : a.address;
      out.push({ name, address, family: fam, internal: a.internal });
    }
  }
  return out;
}

/** The resolver a Node driver injects: getaddrinfo through dns.lookup, every address. */
export const nodeResolver: IceResolver = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true }).then((r) => r.map((x) => x.address));

/** Options of the test driver beyond the agent's. */
export interface NodeDriverOptions {
  /** TLS options for `turns:` streams (e.g. the `ca` of a test server); the servername comes from the URL. */
  tls?: tls.ConnectionOptions;
}

/** Drives one agent over one UDP socket (plus the TCP/TLS streams it asks for). */
export class NodeIceDriver {
  readonly agent: IceAgent;
  readonly events: IceAgentEvent[] = [];
  /** Stream commands seen (diagnostics). */
  readonly streamLog: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: ((e: IceAgentEvent) => void)[] = [];
  private readonly streams = new Map<number, net.Socket>();
  private closed = false;

  constructor(readonly socket: dgram.Socket, opts: Partial<IceAgentOptions> = {}, seed?: number, private readonly driverOpts: NodeDriverOptions = {}) {
    const local = socket.address();
    this.agent = new IceAgent({
      components: { crypto: nodeCrypto, random: seed === undefined ? nodeRandom : seededRandom(seed) },
      interfaces: () => [{ name: 'lo', address: local.address, family: local.family === 'IPv6' ? 'IPv6' : 'IPv4', internal: true }],
      includeLoopback: true,
      bind: (address) => (address === local.address ? local.port : undefined),
      onWake: () => setImmediate(() => {
        if (this.closed) return;
        this.agent.handleTimeout(performance.now());
        this.pump();
      }),
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
      const t = setTimeout(() => reject(new Error(`timeout; state ${this.agent.state}; streams ${this.streamLog.join(' ')}`)), ms);
      this.on((e) => {
        if (pred(e)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
  }

  /** Opens, writes and closes the TCP/TLS streams the agent asks for. */
  private pumpStreams(): void {
    for (let c = this.agent.pollStreamCommand(); c; c = this.agent.pollStreamCommand()) {
      if (c.type === 'open') {
        const id = c.id;
        this.streamLog.push(`open:${c.transport}:${c.servername}`);
        const sock = c.transport === 'tcp'
          ? net.connect({ host: c.to.address, port: c.to.port })
          : tls.connect({ host: c.to.address, port: c.to.port, ...(ipFamily(c.servername) ? {} : { servername: c.servername }), ...this.driverOpts.tls });
        let reason: string | undefined;
        this.streams.set(id, sock);
        sock.once(c.transport === 'tcp' ? 'connect' : 'secureConnect', () => {
          this.streamLog.push(`connected:${id}`);
          this.agent.handleStreamOpen(performance.now(), id, { address: sock.localAddress ?? '', port: sock.localPort ?? 0 });
          this.pump();
        });
        sock.on('data', (d) => {
          this.agent.handleStreamData(performance.now(), id, d);
          this.pump();
        });
        sock.on('error', (e) => { reason = e.message; });
        sock.on('close', () => {
          this.streams.delete(id);
          if (this.closed) return;
          this.agent.handleStreamClosed(performance.now(), id, reason);
          this.pump();
        });
      } else if (c.type === 'write') this.streams.get(c.id)?.write(c.data);
      else this.streams.get(c.id)?.end();
    }
  }

  /** Drain transmits and events, then arm one timer for pollTimeout(). */
  pump(): void {
    if (this.closed) return;
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) this.socket.send(t.data, t.to!.port, t.to!.address);
    this.pumpStreams();
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

  /** Closes the agent, flushes its last datagrams and stream writes, then the socket and streams. */
  async close(): Promise<void> {
    this.agent.close(performance.now());
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) this.socket.send(t.data, t.to!.port, t.to!.address);
    this.pumpStreams();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await new Promise<void>((r) => setTimeout(r, 20));
    for (const s of this.streams.values()) s.destroy();
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
