/**
 * The run loop of one connection: the only place with sockets and timers.
 * It owns a {@link Clock}, one UDP socket per host address, and the
 * {@link PeerTransport}; it feeds every received datagram into the composite,
 * drains it after every input (datagrams to the sockets, events to the
 * listener, until both are empty), and keeps one timer armed for the earliest
 * deadline.
 *
 * Timer policy: the armed timer is kept when the new deadline is later (it
 * fires early, `handleTimeout` finds nothing due, and the timer is re-armed
 * for the real deadline), and replaced only when the deadline moves earlier.
 * So a stream of datagrams, each moving SCTP's timers a little, costs no
 * timer churn.
 *
 * Lifetime: the sockets keep the process alive while the connection is open;
 * the timer is unref'd (see `systemClock`). `close()` closes the transport
 * (SCTP ABORT, DTLS close_notify), sends what that produced, then closes
 * every socket and clears the timer: a script that closes its connections
 * exits on its own. {@link PeerTransportDriver.activeHandles} counts the
 * sockets and timers of every driver in the process, for tests.
 */
import type { Address, Components, Transmit } from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { PeerTransport, type PeerTransportEvent, type PeerTransportOptions } from './peer-transport.js';
import { hostAddresses, UdpSocket, type HostAddressOptions } from './udp-transport.js';

/** Options of {@link PeerTransportDriver.create}. */
export interface PeerTransportDriverOptions extends Omit<PeerTransportOptions, 'components' | 'ice'>, HostAddressOptions {
  /** Default: node:crypto and its CSPRNG. */
  components?: Components;
  /** ICE options; `interfaces` and `bind` are the driver's. */
  ice?: Omit<NonNullable<PeerTransportOptions['ice']>, 'interfaces' | 'bind' | 'includeLoopback' | 'ipv6' | 'onWake'>;
  /** Default: {@link systemClock}. */
  clock?: Clock;
  /** Events, as they are drained (the W3C layer dispatches them). */
  onEvent?: (e: PeerTransportEvent, driver: PeerTransportDriver) => void;
}

/** Watches the datagrams of a driver (`local` is our socket's address, `remote` the peer's). */
export interface DatagramObserver {
  sent(now: number, data: Uint8Array, local: Address, remote: Address): void;
  received(now: number, data: Uint8Array, local: Address, remote: Address): void;
}

let liveHandles = 0;

/** Drives one {@link PeerTransport} over UDP sockets and a clock. */
export class PeerTransportDriver {
  readonly transport: PeerTransport;
  readonly clock: Clock;
  readonly sockets: readonly UdpSocket[];
  onEvent: ((e: PeerTransportEvent, driver: PeerTransportDriver) => void) | undefined;
  private readonly byLocal = new Map<string, UdpSocket>();
  private lastSocket: UdpSocket | undefined;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private flushing = false;
  private again = false;
  private flushQueued = false;
  private closing: Promise<void> | undefined;
  private openSockets: number;
  /** Transmits whose `from` matched no socket (cannot happen with the driver's own bind). */
  unroutable = 0;
  /** Sees every datagram sent and received (per candidate pair statistics); optional. */
  observer: DatagramObserver | undefined;

  private constructor(transport: PeerTransport, clock: Clock, sockets: UdpSocket[], onEvent: PeerTransportDriverOptions['onEvent']) {
    this.transport = transport;
    this.clock = clock;
    this.sockets = sockets;
    this.onEvent = onEvent;
    this.openSockets = sockets.length;
    for (const s of sockets) {
      this.byLocal.set(`${s.local.address}|${s.local.port}`, s);
      const local = s.local;
      s.onMessage = (data, from) => {
        if (this.closing) return;
        const now = this.clock.now();
        this.observer?.received(now, data, local, from);
        this.transport.handle(now, data, from, local);
        this.flush();
      };
    }
  }

  /**
   * Binds one UDP socket per usable host address (loopback only when
   * `includeLoopback`, or when PURERTC_HOST_ADDRESSES names loopback
   * addresses), then builds the transport with those sockets as its host
   * candidates' bases.
   */
  static async create(options: PeerTransportDriverOptions): Promise<PeerTransportDriver> {
    const addrs = hostAddresses(options);
    const sockets: UdpSocket[] = [];
    for (const a of addrs) {
      try {
        sockets.push(await UdpSocket.bind(a.address));
        liveHandles++;
      } catch {
        // An address that cannot be bound (gone, EADDRNOTAVAIL) gives no candidate.
      }
    }
    const clock = options.clock ?? systemClock;
    let driver: PeerTransportDriver | undefined;
    const ports = new Map(sockets.map((s) => [s.local.address, s.local.port]));
    const { components, ice, clock: _c, onEvent, includeLoopback, ipv6, addresses, ...rest } = options;
    const transport = new PeerTransport({
      ...rest,
      components: components ?? { crypto: nodeCrypto, random: nodeRandom },
      ice: {
        ...ice,
        // The addresses were chosen above (hostAddresses: the options, or PURERTC_HOST_ADDRESSES,
        // which may name loopback ones): the agent must not filter loopback out of them again.
        includeLoopback: includeLoopback === true || addrs.some((a) => a.internal),
        ...(ipv6 === false ? { ipv6: false } : {}),
        interfaces: () => addrs.filter((a) => ports.has(a.address)),
        bind: (address) => ports.get(address),
        // Asynchronous resolutions (DNS, mDNS) settled: run the agent's timeout path.
        onWake: () => driver?.wake(),
      },
    });
    driver = new PeerTransportDriver(transport, clock, sockets, onEvent);
    return driver;
  }

  /** Open sockets and armed timers of every driver in this process. */
  static get activeHandles(): number {
    return liveHandles;
  }

  /** Current time of the clock. */
  now(): number {
    return this.clock.now();
  }

  /** Runs a user call on the transport (`fn(now)`), then drains. */
  act<T>(fn: (transport: PeerTransport, now: number) => T): T {
    const r = fn(this.transport, this.clock.now());
    this.flush();
    return r;
  }

  /**
   * Drains once at the end of the current task (microtask), coalescing the
   * calls of one turn: used after `sendData`, so that a loop of sends
   * becomes full packets.
   */
  scheduleFlush(): void {
    if (this.flushQueued || this.closing) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      if (!this.closing) this.flush();
    });
  }

  /** Runs the transport's timeout path now, then drains (asynchronous wake-ups). */
  wake(): void {
    if (this.closing) return;
    queueMicrotask(() => {
      if (this.closing) return;
      this.transport.handleTimeout(this.clock.now());
      this.flush();
    });
  }

  /**
   * Drains the transport: datagrams to their sockets, events to the
   * listener, until both are empty (a listener's call may produce more),
   * then arms the timer. Re-entrant calls (a listener calling `act`) only
   * request another round.
   */
  flush(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.again = false;
        for (let t = this.transport.pollTransmit(); t; t = this.transport.pollTransmit()) this.send(t);
        for (let e = this.transport.pollEvent(); e; e = this.transport.pollEvent()) {
          this.again = true;
          this.onEvent?.(e, this);
        }
      } while (this.again);
    } finally {
      this.flushing = false;
    }
    this.arm();
  }

  private send(t: Transmit): void {
    const s = t.from ? this.socketFor(t.from) : this.sockets[0];
    if (!s || !t.to) {
      this.unroutable++;
      return;
    }
    this.observer?.sent(this.clock.now(), t.data, s.local, t.to);
    s.send(t.data, t.to);
  }

  /** The socket bound to `from` (the last one is remembered: a connection sends from one socket). */
  private socketFor(from: Address): UdpSocket | undefined {
    const last = this.lastSocket;
    if (last !== undefined && last.local.port === from.port && last.local.address === from.address) return last;
    const s = this.byLocal.get(`${from.address}|${from.port}`);
    if (s) this.lastSocket = s;
    return s;
  }

  private arm(): void {
    if (this.closing) return;
    const at = this.transport.pollTimeout();
    if (at === undefined) {
      this.clearTimer();
      return;
    }
    if (this.timer !== undefined && this.timerAt <= at) return; // fires early, re-armed then
    this.clearTimer();
    this.timerAt = at;
    liveHandles++;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      liveHandles--;
      if (this.closing) return;
      this.transport.handleTimeout(this.clock.now());
      this.flush();
    }, Math.max(0, at - this.clock.now()));
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    liveHandles--;
  }

  /**
   * Closes the connection: the transport's close (ABORT, close_notify),
   * whose datagrams are still sent, then every socket and the timer.
   * Resolves when the sockets are closed. Idempotent.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.transport.close(this.clock.now());
    this.flush();
    this.clearTimer();
    this.closing = Promise.all(
      this.sockets.map((s) =>
        s.close().then(() => {
          this.openSockets--;
          liveHandles--;
        }),
      ),
    ).then(() => undefined);
    return this.closing;
  }

  /** Whether the sockets keep the process alive (they do from creation; see UdpSocket.keepAlive). */
  keepAlive(on: boolean): void {
    for (const s of this.sockets) s.keepAlive(on);
  }

  /** Sockets and timers this driver still holds. */
  get openHandles(): number {
    return this.openSockets + (this.timer !== undefined ? 1 : 0);
  }
}
