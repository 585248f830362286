/**
 * The UDP transport of the driver, on `node:dgram` (which Node, Deno and Bun
 * provide), and the host interface listing from `os.networkInterfaces()`.
 * The only file of the transport stack, with `driver.ts`, that touches the
 * runtime's I/O.
 */
import dgram from 'node:dgram';
import os from 'node:os';
import type { Address } from '@purertc/common';
import type { NetworkInterfaceAddress } from '@purertc/ice';

/** Which local addresses to gather host candidates on. */
export interface HostAddressOptions {
  /** Include loopback addresses (127.0.0.1, ::1). Default false; tests set it. */
  includeLoopback?: boolean;
  /** Include IPv6 addresses (link-local ones are always left out). Default true. */
  ipv6?: boolean;
  /** Only these addresses (after the filters above), e.g. ['127.0.0.1']. */
  addresses?: readonly string[];
}

/**
 * The addresses named by the `PURERTC_HOST_ADDRESSES` environment variable
 * (comma-separated, e.g. `127.0.0.1,::1`), or undefined when it is unset or
 * empty. It confines gathering, when the caller names no addresses, for test
 * runs and sandboxes that must stay on loopback; the listed addresses are used
 * even if they are loopback ones.
 */
export function environmentHostAddresses(env: Record<string, string | undefined> = process.env): string[] | undefined {
  const list = (env.PURERTC_HOST_ADDRESSES ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  return list.length > 0 ? list : undefined;
}

/**
 * The usable host addresses of this machine: every interface address of
 * `os.networkInterfaces()`, without loopback unless configured, without
 * IPv6 link-local (it needs a zone to bind) and IPv6 when disabled. When
 * `opts.addresses` is not given, {@link environmentHostAddresses} applies.
 */
export function hostAddresses(
  opts: HostAddressOptions = {},
  list: ReturnType<typeof os.networkInterfaces> = os.networkInterfaces(),
  env: Record<string, string | undefined> = process.env,
): NetworkInterfaceAddress[] {
  if (opts.addresses === undefined) {
    const fromEnv = environmentHostAddresses(env);
    if (fromEnv) opts = { ...opts, addresses: fromEnv, includeLoopback: true };
  }
  const out: NetworkInterfaceAddress[] = [];
  for (const [name, addrs] of Object.entries(list)) {
    for (const a of addrs ?? []) {
      const fam = (a.family as unknown) === 4 ? 'IPv4' : (a.family as unknown) === 6 ? 'IPv6' : a.family;
      if (fam !== 'IPv4' && fam !== 'IPv6') continue;
      if (a.internal && !opts.includeLoopback) continue;
      if (fam === 'IPv6' && (opts.ipv6 === false || /^fe[89ab]/i.test(a.address))) continue;
      if (opts.addresses && !opts.addresses.includes(a.address)) continue;
      out.push({ name, address: a.address, family: fam, internal: a.internal });
    }
  }
  return out;
}

/** Counters of one socket. */
export interface UdpCounters {
  sent: number;
  received: number;
  /** Send failures (EHOSTUNREACH, ENETUNREACH...) and socket errors: counted, never thrown. */
  errors: number;
}

/** One bound UDP socket. */
export class UdpSocket {
  /** The bound local address (the ICE base). */
  readonly local: Address;
  readonly counters: UdpCounters = { sent: 0, received: 0, errors: 0 };
  /** Receives every datagram (the buffer is borrowed for the call). */
  onMessage: ((data: Uint8Array, from: Address) => void) | undefined;
  private pendingSends = 0;
  private closing = false;
  private closedFlag = false;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  /** One completion callback for every send (no closure per datagram). */
  private readonly onSent = (err: Error | null): void => {
    this.pendingSends--;
    if (err) this.counters.errors++;
    else this.counters.sent++;
    if (this.closing && this.pendingSends === 0) this.finishClose();
  };

  private constructor(private readonly socket: dgram.Socket) {
    const a = socket.address();
    this.local = { address: a.address, port: a.port, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', protocol: 'udp' };
    this.closedPromise = new Promise((r) => (this.resolveClosed = r));
    socket.on('message', (msg, rinfo) => {
      this.counters.received++;
      this.onMessage?.(msg, { address: rinfo.address, port: rinfo.port });
    });
    socket.on('error', () => {
      this.counters.errors++;
    });
    socket.on('close', () => {
      this.closedFlag = true;
      this.resolveClosed();
    });
  }

  /**
   * Binds a socket on `address` (port 0: chosen by the OS). `bufferSize`
   * asks for larger kernel send/receive buffers (capped by the system, e.g.
   * net.core.rmem_max): a burst of a full SCTP window must not overflow the
   * default ~200 KiB receive buffer, which SCTP would read as congestion.
   */
  static bind(address: string, port = 0, bufferSize = 2 * 1024 * 1024): Promise<UdpSocket> {
    return new Promise((resolve, reject) => {
      const s = dgram.createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
      const onError = (e: Error) => {
        s.close();
        reject(e);
      };
      s.once('error', onError);
      s.bind(port, address, () => {
        s.off('error', onError);
        if (bufferSize > 0) {
          try {
            s.setRecvBufferSize(bufferSize);
            s.setSendBufferSize(bufferSize);
          } catch {
            // Not permitted here: the defaults stay.
          }
        }
        resolve(new UdpSocket(s));
      });
    });
  }

  /** Sends a datagram (owned by the socket from now on). Failures are counted. */
  send(data: Uint8Array, to: Address): void {
    if (this.closing) return;
    this.pendingSends++;
    this.socket.send(data, to.port, to.address, this.onSent);
  }

  /** Closes the socket once the datagrams already handed to it are out; resolves when closed. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (this.pendingSends === 0) this.finishClose();
    }
    return this.closedPromise;
  }

  /**
   * Whether this socket alone keeps the process alive (Node's ref/unref).
   * The W3C layer refs a connection's sockets only while ICE is active, so a
   * connection that never connected does not hold a script open.
   */
  keepAlive(on: boolean): void {
    if (this.closing) return;
    if (on) this.socket.ref();
    else this.socket.unref();
  }

  /** True once the socket is closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  private finishClose(): void {
    try {
      this.socket.close();
    } catch {
      // Already closed: 'close' has fired.
      this.closedFlag = true;
      this.resolveClosed();
    }
  }
}
