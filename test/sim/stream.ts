/**
 * Simulated reliable byte streams (TCP-ish) over a {@link SimNetwork}, for
 * TURN over TCP/TLS (RFC 8656 §3.1) in virtual time.
 *
 * - `connect(from, to, handlers)`: after one round trip `onOpen` fires (or
 *   `onClose('refused')` when nothing listens or a host is blocked).
 * - Bytes arrive in order, after the one-way delay, split into chunks of
 *   random size (seeded): the receiver must reassemble messages itself.
 * - A blocked host resets its streams; `close()` ends a stream for both sides.
 * - Through a NAT the server sees the NAT's public address (its mapping).
 * TLS is not simulated (a `tls` stream is a plain stream here); the real TLS
 * path is covered by the coturn interop tests.
 */
import type { SimAddress, SimNetwork } from './network';

/** Callbacks of one stream end. */
export interface SimStreamHandlers {
  onOpen?(now: number): void;
  onData?(now: number, bytes: Uint8Array): void;
  onClose?(now: number, reason: string): void;
}

/** One end of a stream. */
export interface SimStreamEnd {
  /** Our address as the peer sees it. */
  readonly remote: SimAddress;
  write(data: Uint8Array): void;
  close(): void;
  readonly closed: boolean;
  handlers: SimStreamHandlers;
}

/** Options of {@link SimStreams}. */
export interface SimStreamOptions {
  /** One-way delay in ms (default: the network's default delay, else 10). */
  delay?: number;
  /** Largest chunk a write is split into (default 7 bytes: every message arrives split). */
  maxChunk?: number;
}

class End implements SimStreamEnd {
  peer!: End;
  closed = false;
  handlers: SimStreamHandlers = {};
  lastAt = 0;
  constructor(readonly owner: SimStreams, readonly ip: string, readonly remote: SimAddress) {}

  write(data: Uint8Array): void {
    if (this.closed) return;
    this.owner.transfer(this, data.slice());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.finish(this, 'closed by peer');
  }
}

/** The stream layer of one network. */
export class SimStreams {
  private readonly listeners = new Map<string, (now: number, end: SimStreamEnd) => void>();
  private readonly delay: number;
  private readonly maxChunk: number;
  readonly stats = { connects: 0, refused: 0, bytes: 0, chunks: 0, resets: 0, closes: 0 };

  constructor(readonly net: SimNetwork, opts: SimStreamOptions = {}) {
    this.delay = opts.delay ?? net.conditions.delay ?? 10;
    this.maxChunk = opts.maxChunk ?? 7;
  }

  /** Accepts streams to `at` (an ip:port of a public host). */
  listen(at: SimAddress, accept: (now: number, end: SimStreamEnd) => void): void {
    this.listeners.set(`${at.address}:${at.port}`, accept);
  }

  /** Opens a stream from `from` (a host's own address) to `to`. */
  connect(from: SimAddress, to: SimAddress, handlers: SimStreamHandlers): SimStreamEnd {
    this.stats.connects++;
    const nat = this.net.natOf(from.address);
    const seenFrom = nat ? nat.outbound(from, to) : from;
    const client = new End(this, from.address, to);
    client.handlers = handlers;
    const server = new End(this, to.address, seenFrom);
    client.peer = server;
    server.peer = client;
    const accept = this.listeners.get(`${to.address}:${to.port}`);
    const t0 = this.net.now;
    if (!accept || this.net.isBlocked(from.address) || this.net.isBlocked(to.address)) {
      this.stats.refused++;
      client.closed = true;
      server.closed = true;
      this.net.schedule(t0 + 2 * this.delay, (now) => client.handlers.onClose?.(now, 'connection refused'));
      return client;
    }
    // SYN / SYN-ACK: the server accepts after one way, the client is open after the round trip.
    this.net.schedule(t0 + this.delay, (now) => accept(now, server));
    this.net.schedule(t0 + 2 * this.delay, (now) => {
      if (!client.closed) client.handlers.onOpen?.(now);
    });
    client.lastAt = t0 + 2 * this.delay;
    server.lastAt = t0 + this.delay;
    return client;
  }

  /** @internal Schedules ordered, chunked delivery of `data` from `from` to its peer. */
  transfer(from: End, data: Uint8Array): void {
    const to = from.peer;
    let off = 0;
    while (off < data.length) {
      const n = Math.min(data.length - off, 1 + Math.floor(this.net.random() * this.maxChunk));
      const chunk = data.subarray(off, off + n);
      off += n;
      const at = Math.max(from.lastAt, this.net.now + this.delay);
      from.lastAt = at;
      this.stats.chunks++;
      this.stats.bytes += n;
      this.net.schedule(at, (now) => {
        if (to.closed) return;
        if (this.net.isBlocked(from.ip) || this.net.isBlocked(to.ip)) {
          this.reset(from, to, now);
          return;
        }
        to.handlers.onData?.(now, chunk);
      });
    }
  }

  /** @internal The peer learns about a close after the pending bytes. */
  finish(from: End, reason: string): void {
    this.stats.closes++;
    const to = from.peer;
    const at = Math.max(from.lastAt, this.net.now + this.delay);
    this.net.schedule(at, (now) => {
      if (to.closed) return;
      to.closed = true;
      to.handlers.onClose?.(now, reason);
    });
  }

  private reset(a: End, b: End, now: number): void {
    this.stats.resets++;
    for (const e of [a, b]) {
      if (e.closed) continue;
      e.closed = true;
      e.handlers.onClose?.(now, 'connection reset');
    }
  }
}
