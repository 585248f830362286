/**
 * A deterministic simulated IP network with virtual time, for tests that
 * connect sans-IO cores (ICE, DTLS, SCTP, whole PeerConnections).
 *
 * - Hosts are IP addresses with a receive handler; each may sit behind a NAT.
 * - Links impose loss, delay, jitter, duplication and reordering, drawn from a
 *   seeded PRNG, so every run with the same seed is identical.
 * - NATs (RFC 4787 terms): full cone (endpoint-independent mapping and
 *   filtering), address-restricted (EIM, address-dependent filtering),
 *   port-restricted (EIM, address-and-port-dependent filtering) and symmetric
 *   (address-and-port-dependent mapping and filtering).
 * - Nothing here knows about ICE or STUN.
 *
 * Drive it with {@link Simulation}, which advances virtual time to the next
 * delivery or the earliest participant deadline.
 */
import { seededFloats } from '@purertc/common';

/** An IP transport address. */
export interface SimAddress {
  address: string;
  port: number;
}

/** A datagram in flight. */
export interface Datagram {
  from: SimAddress;
  to: SimAddress;
  data: Uint8Array;
}

/** Impairments of a path; probabilities in [0, 1], times in ms. */
export interface LinkConditions {
  loss?: number;
  delay?: number;
  jitter?: number;
  duplicate?: number;
  /** Probability that a datagram is held back by an extra `delay` (reordering). */
  reorder?: number;
  /** Optional predicate: drop matching datagrams (e.g. only STUN checks). */
  dropIf?: (d: Datagram) => boolean;
}

/** NAT behaviours (RFC 4787 mapping/filtering combinations). */
export type NatType = 'full-cone' | 'address-restricted' | 'port-restricted' | 'symmetric';

/** What a host receives. */
export type ReceiveHandler = (now: number, d: Datagram) => void;

/** A log line of the network (bounded ring). */
export interface NetLogEntry {
  t: number;
  event: 'send' | 'deliver' | 'loss' | 'filtered' | 'unroutable' | 'duplicate';
  from: string;
  to: string;
  size: number;
}

/** Deterministic PRNG (mulberry32): `seededFloats` of @purertc/common. */
export const prng = seededFloats;

const key = (a: SimAddress) => `${a.address}:${a.port}`;

/** A NAT box with one public IP. */
export class SimNat {
  readonly publicIp: string;
  readonly type: NatType;
  private nextPort = 40000;
  /** internal "ip:port" (+ "|dest" for symmetric) → public port */
  private readonly mappings = new Map<string, number>();
  /** public port → internal address and who it was opened towards */
  private readonly reverse = new Map<number, { internal: SimAddress; sentTo: Set<string>; sentToIp: Set<string> }>();

  constructor(publicIp: string, type: NatType) {
    this.publicIp = publicIp;
    this.type = type;
  }

  /** Translates an outbound datagram source; records the filter state. */
  outbound(from: SimAddress, to: SimAddress): SimAddress {
    const mk = this.type === 'symmetric' ? `${key(from)}|${key(to)}` : key(from);
    let port = this.mappings.get(mk);
    if (port === undefined) {
      port = this.nextPort++;
      this.mappings.set(mk, port);
      this.reverse.set(port, { internal: { ...from }, sentTo: new Set(), sentToIp: new Set() });
    }
    const r = this.reverse.get(port)!;
    r.sentTo.add(key(to));
    r.sentToIp.add(to.address);
    return { address: this.publicIp, port };
  }

  /** Translates an inbound datagram destination, or undefined if filtered. */
  inbound(from: SimAddress, to: SimAddress): SimAddress | undefined {
    const r = this.reverse.get(to.port);
    if (!r) return undefined;
    switch (this.type) {
      case 'full-cone':
        return r.internal;
      case 'address-restricted':
        return r.sentToIp.has(from.address) ? r.internal : undefined;
      default:
        return r.sentTo.has(key(from)) ? r.internal : undefined;
    }
  }

  /** Number of live mappings. */
  get mappingCount(): number {
    return this.mappings.size;
  }
}

interface Host {
  ip: string;
  handler: ReceiveHandler;
  nat: SimNat | undefined;
}

interface InFlight {
  at: number;
  seq: number;
  d?: Datagram;
  host?: Host;
  /** A scheduled callback instead of a datagram (streams, see stream.ts). */
  fn?: (now: number) => void;
}

/** The network. */
export class SimNetwork {
  now = 0;
  readonly random: () => number;
  /** Default conditions for every datagram. */
  conditions: LinkConditions = {};
  private readonly perSource = new Map<string, LinkConditions>();
  private readonly hosts = new Map<string, Host>();
  private readonly nats = new Map<string, SimNat>();
  private readonly blocked = new Set<string>();
  private queue: InFlight[] = [];
  private seq = 0;
  readonly log: NetLogEntry[] = [];
  logLimit = 10000;
  readonly stats = { sent: 0, delivered: 0, lost: 0, filtered: 0, unroutable: 0, duplicated: 0 };

  constructor(seed = 1) {
    this.random = prng(seed);
  }

  /** Adds a NAT with a public IP. */
  addNat(publicIp: string, type: NatType): SimNat {
    const nat = new SimNat(publicIp, type);
    this.nats.set(publicIp, nat);
    return nat;
  }

  /** Adds a host at `ip`, optionally behind `nat`. */
  addHost(ip: string, handler: ReceiveHandler, nat?: SimNat): void {
    this.hosts.set(ip, { ip, handler, nat });
  }

  /** Replaces a host's receive handler. */
  setHandler(ip: string, handler: ReceiveHandler): void {
    const h = this.hosts.get(ip);
    if (h) h.handler = handler;
  }

  /** Conditions for datagrams sent by `ip` (overrides the default). */
  setConditions(ip: string, c: LinkConditions): void {
    this.perSource.set(ip, c);
  }

  /** Cuts (or restores) all traffic to and from `ip`. */
  setBlocked(ip: string, blocked: boolean): void {
    if (blocked) this.blocked.add(ip);
    else this.blocked.delete(ip);
  }

  private record(event: NetLogEntry['event'], from: SimAddress, to: SimAddress, size: number): void {
    if (this.log.length >= this.logLimit) this.log.shift();
    this.log.push({ t: this.now, event, from: key(from), to: key(to), size });
  }

  /** Sends a datagram from a host's own address (before NAT). The data is copied. */
  send(from: SimAddress, to: SimAddress, data: Uint8Array): void {
    this.stats.sent++;
    const src = this.hosts.get(from.address);
    this.record('send', from, to, data.length);
    if (!src || this.blocked.has(from.address) || this.blocked.has(to.address)) {
      this.stats.unroutable++;
      this.record('unroutable', from, to, data.length);
      return;
    }
    // Same private host or same NAT: deliver directly (no hairpin).
    let wireFrom = from;
    const dstHost = this.hosts.get(to.address);
    const sameRealm = dstHost !== undefined && dstHost.nat === src.nat;
    if (src.nat && !sameRealm) wireFrom = src.nat.outbound(from, to);
    let target: Host | undefined;
    let wireTo = to;
    if (sameRealm || (dstHost && !dstHost.nat)) {
      target = dstHost;
    } else {
      const nat = this.nats.get(to.address);
      if (nat) {
        const inner = nat.inbound(wireFrom, to);
        if (!inner) {
          this.stats.filtered++;
          this.record('filtered', wireFrom, to, data.length);
          return;
        }
        wireTo = inner;
        target = this.hosts.get(inner.address);
      }
    }
    if (!target) {
      this.stats.unroutable++;
      this.record('unroutable', wireFrom, to, data.length);
      return;
    }
    const d: Datagram = { from: { ...wireFrom }, to: { ...wireTo }, data: data.slice() };
    const c = this.perSource.get(from.address) ?? this.conditions;
    if (c.dropIf?.(d) || (c.loss && this.random() < c.loss)) {
      this.stats.lost++;
      this.record('loss', d.from, d.to, data.length);
      return;
    }
    const copies = c.duplicate && this.random() < c.duplicate ? 2 : 1;
    if (copies === 2) {
      this.stats.duplicated++;
      this.record('duplicate', d.from, d.to, data.length);
    }
    for (let i = 0; i < copies; i++) {
      let delay = (c.delay ?? 0) + (c.jitter ? this.random() * c.jitter : 0);
      if (c.reorder && this.random() < c.reorder) delay += c.delay ?? 1;
      this.push({ at: this.now + delay, seq: this.seq++, d, host: target });
    }
  }

  /** True if a host (or a NAT's public IP) exists at `ip`. */
  hasHost(ip: string): boolean {
    return this.hosts.has(ip) || this.nats.has(ip);
  }

  /** The NAT a host sits behind, if any. */
  natOf(ip: string): SimNat | undefined {
    return this.hosts.get(ip)?.nat;
  }

  /** True while `ip` is cut off with {@link setBlocked}. */
  isBlocked(ip: string): boolean {
    return this.blocked.has(ip);
  }

  /** Runs `fn` at virtual time `at`, in order with deliveries (used by simulated streams). */
  schedule(at: number, fn: (now: number) => void): void {
    this.push({ at: Math.max(at, this.now), seq: this.seq++, fn });
  }

  private push(f: InFlight): void {
    // Sorted insert (queues are short in tests).
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1]!.at > f.at || (this.queue[i - 1]!.at === f.at && this.queue[i - 1]!.seq > f.seq))) i--;
    this.queue.splice(i, 0, f);
  }

  /** Time of the next delivery, or undefined. */
  nextDelivery(): number | undefined {
    return this.queue[0]?.at;
  }

  /** Delivers everything due at or before `now` (advancing the clock). */
  deliver(now: number): number {
    if (now > this.now) this.now = now;
    let n = 0;
    while (this.queue.length > 0 && this.queue[0]!.at <= this.now) {
      const f = this.queue.shift()!;
      if (f.fn) {
        f.fn(this.now);
        n++;
        continue;
      }
      if (!f.d || !f.host) continue;
      if (this.blocked.has(f.d.to.address) || this.blocked.has(f.host.ip)) {
        this.stats.unroutable++;
        continue;
      }
      this.stats.delivered++;
      this.record('deliver', f.d.from, f.d.to, f.d.data.length);
      f.host.handler(this.now, f.d);
      n++;
    }
    return n;
  }

  /** Datagrams in flight. */
  get inFlight(): number {
    return this.queue.length;
  }
}

/** Something the simulation drives: a sans-IO core plus its glue. */
export interface Participant {
  /** Absolute time of the next deadline, or undefined. */
  pollTimeout(): number | undefined;
  /** Called when the deadline passes. */
  handleTimeout(now: number): void;
  /** Moves pending transmissions into the network (called after every step). */
  flush(now: number): void;
}

/**
 * Advances virtual time step by step: to the earliest of the next delivery
 * and every participant's deadline; delivers, fires timeouts, flushes.
 */
export class Simulation {
  readonly net: SimNetwork;
  readonly participants: Participant[] = [];
  steps = 0;

  constructor(net: SimNetwork) {
    this.net = net;
  }

  add(p: Participant): void {
    this.participants.push(p);
  }

  /** One step; returns false when nothing is scheduled. */
  step(limit: number): boolean {
    for (const p of this.participants) p.flush(this.net.now);
    let t = this.net.nextDelivery();
    for (const p of this.participants) {
      const d = p.pollTimeout();
      if (d !== undefined && (t === undefined || d < t)) t = d;
    }
    if (t === undefined || t > limit) {
      this.net.now = Math.max(this.net.now, limit);
      return false;
    }
    const now = Math.max(t, this.net.now);
    this.net.deliver(now);
    for (const p of this.participants) {
      const d = p.pollTimeout();
      if (d !== undefined && d <= now) p.handleTimeout(now);
    }
    for (const p of this.participants) p.flush(now);
    this.steps++;
    return true;
  }

  /** Runs until `done()` or virtual time passes `until` (absolute); returns whether done. */
  runUntil(done: () => boolean, until: number, maxSteps = 1_000_000): boolean {
    while (!done()) {
      if (this.net.now >= until || this.steps > maxSteps) return false;
      if (!this.step(until)) return done();
    }
    return true;
  }

  /** Runs for `ms` of virtual time. */
  runFor(ms: number): void {
    const until = this.net.now + ms;
    while (this.step(until)) {
      /* keep stepping */
    }
  }
}
