/**
 * A sans-IO TURN client (RFC 8656): Allocate with long-term credentials
 * (the 401 / 438 nonce dance of RFC 8489 §9.2), Refresh, CreatePermission,
 * ChannelBind, ChannelData, Send and Data indications, timely refreshes and
 * deallocation on close. Over TCP/TLS it frames the byte stream
 * (RFC 8656 §12.5) and pads ChannelData to 4 bytes.
 *
 * Drive it like every core: `handle(now, bytesFromServer)`,
 * `handleTimeout(now)`, then drain `pollTransmit()` (all to the server),
 * `pollEvent()`, and arm a timer for `pollTimeout()`.
 */
import type { Address, Components, Transmit } from '@purertc/common';
import { Attr, StunClass, StunMethod } from './stun-constants.js';
import { StunMessageBuilder, decodeStun, getAttribute, isStun } from './stun-message.js';
import type { StunMessage } from './stun-message.js';
import {
  decodePasswordAlgorithms, encodeAddressFamily, encodeRequestedTransport, encodeXorAddress, getErrorCode, getText, getUint32, getXorAddress,
} from './stun-attributes.js';
import type { StunAddress } from './stun-attributes.js';
import { PasswordAlgorithm, StunCredential, longTermKey } from './stun-integrity.js';
import { StunTransactions } from './stun-transaction.js';
import { MAX_CHANNEL, MIN_CHANNEL, StunStreamFramer, decodeChannelData, encodeChannelData, isChannelData } from './channel-data.js';
import { canonicalIp, ipFamily } from './ip.js';

/** Transport to the TURN server (`?transport=` and `turns:`). */
export type TurnTransport = 'udp' | 'tcp' | 'tls';

/** Options of a {@link TurnClient}. */
export interface TurnClientOptions {
  components: Components;
  /** The server's resolved transport address. */
  server: Address;
  /** The URL as configured (for error reports). */
  url?: string;
  username: string;
  password: string;
  transport?: TurnTransport;
  /** Requested allocation lifetime in seconds (default 600). */
  lifetime?: number;
  /** Address family of the relayed address (default: the server's). */
  family?: 'IPv4' | 'IPv6';
  software?: string;
  /** Initial STUN RTO over UDP (default 500 ms). */
  rto?: number;
}

/** Error data in the shape of RTCPeerConnectionIceErrorEvent. */
export interface IceCandidateErrorData {
  url: string;
  errorCode: number;
  errorText: string;
  address: string | null;
  port: number | null;
}

/** Events of a {@link TurnClient}. */
export type TurnEvent =
  | { type: 'allocated'; relayed: StunAddress; mapped: StunAddress | undefined; lifetime: number }
  | { type: 'refreshed'; lifetime: number }
  | { type: 'permission'; peer: string }
  | { type: 'channel'; peer: StunAddress; channel: number }
  | { type: 'data'; peer: StunAddress; data: Uint8Array; viaChannel: boolean }
  | { type: 'error'; error: IceCandidateErrorData; fatal: boolean }
  | { type: 'closed' };

/** Allocation states. */
export type TurnState = 'new' | 'allocating' | 'allocated' | 'failed' | 'closing' | 'closed';

type Kind = 'allocate' | 'refresh' | 'permission' | 'channel' | 'close';
interface Ctx {
  kind: Kind;
  peerIp?: string;
  peer?: Address;
  channel?: number;
  attempts: number;
}

/** RFC 8656 §9: permissions last 300 s, refreshed here after 240 s. */
const PERMISSION_REFRESH_MS = 240_000;
/** RFC 8656 §12: channel bindings last 600 s, refreshed here after 540 s. */
const CHANNEL_REFRESH_MS = 540_000;
const MAX_PERMISSIONS = 1024;

/** RFC 8489 §9.2: the nonce cookie announcing STUN Security Features. */
const NONCE_COOKIE = 'obMatJos2';

/**
 * RFC 8489 §9.2.1/§18.1: does a nonce carry the cookie with the "Password
 * algorithms" feature bit? The 24 feature bits follow the cookie as 4 base64
 * characters. The RFC's figure numbers bit 0 from the left, its erratum 6290
 * from the right; servers exist both ways, so either position counts.
 */
function announcesPasswordAlgorithms(nonce: string): boolean {
  if (!nonce.startsWith(NONCE_COOKIE) || nonce.length < NONCE_COOKIE.length + 4) return false;
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  for (let i = 0; i < 4; i++) {
    const v = B64.indexOf(nonce[NONCE_COOKIE.length + i]!);
    if (v < 0) return false;
    bits = (bits << 6) | v;
  }
  return (bits & 0x800000) !== 0 || (bits & 0x000001) !== 0;
}

/** The TURN client. */
export class TurnClient {
  private readonly opts: TurnClientOptions;
  private readonly transport: TurnTransport;
  private readonly tx = new StunTransactions<Ctx>();
  private readonly transmits: Transmit[] = [];
  private readonly events: TurnEvent[] = [];
  private readonly framer: StunStreamFramer | undefined;
  private realm: string | undefined;
  private nonce: string | undefined;
  private credential: StunCredential | undefined;
  /** RFC 8489 §9.2.4: the server's PASSWORD-ALGORITHMS, echoed verbatim, and our choice from it. */
  private passwordAlgorithms: Uint8Array | undefined;
  private passwordAlgorithm: number = PasswordAlgorithm.MD5;
  private now = 0;
  private refreshAt = Infinity;
  private readonly permissions = new Map<string, { refreshAt: number; installed: boolean; pending: boolean }>();
  private readonly channels = new Map<string, { channel: number; peer: Address; bound: boolean; pending: boolean; refreshAt: number }>();
  private readonly channelPeers = new Map<number, StunAddress>();
  private nextChannel = MIN_CHANNEL;
  /** Current state. */
  state: TurnState = 'new';
  /** The relayed transport address once allocated. */
  relayed: StunAddress | undefined;
  /** The server-reflexive address the server saw (XOR-MAPPED-ADDRESS of the Allocate response). */
  mapped: StunAddress | undefined;
  /** Counters: dropped malformed/unauthenticated input. */
  readonly stats = { dropped: 0, sentIndications: 0, sentChannelData: 0 };

  constructor(opts: TurnClientOptions) {
    this.opts = opts;
    this.transport = opts.transport ?? 'udp';
    this.framer = this.transport === 'udp' ? undefined : new StunStreamFramer();
  }

  /** The server address (every transmit goes there). */
  get server(): Address {
    return this.opts.server;
  }

  /** The server URL (as configured, else one built from the address) for error reports. */
  get url(): string {
    return this.errorData(0, '').url;
  }

  /** True when the relayed address can carry data. */
  get allocated(): boolean {
    return this.state === 'allocated';
  }

  private tid(): Uint8Array {
    const t = new Uint8Array(12);
    this.opts.components.random(t);
    return t;
  }

  private clamp(now: number): number {
    if (now > this.now) this.now = now;
    return this.now;
  }

  /** Starts the allocation (RFC 8656 §7.1). */
  allocate(now: number): void {
    this.clamp(now);
    if (this.state !== 'new') return;
    this.state = 'allocating';
    this.request(StunMethod.Allocate, { kind: 'allocate', attempts: 0 });
  }

  /** Installs (or refreshes) permissions for peer IPs (RFC 8656 §9). */
  createPermission(now: number, peerIp: string): void {
    this.clamp(now);
    const ip = canonicalIp(peerIp);
    if (ipFamily(ip) === undefined) return;
    let p = this.permissions.get(ip);
    if (p === undefined) {
      if (this.permissions.size >= MAX_PERMISSIONS) return;
      p = { refreshAt: Infinity, installed: false, pending: false };
      this.permissions.set(ip, p);
    }
    if (this.state === 'allocated' && !p.pending) {
      p.pending = true;
      this.request(StunMethod.CreatePermission, { kind: 'permission', peerIp: ip, attempts: 0 });
    }
  }

  /** True once a permission for `peerIp` is installed. */
  hasPermission(peerIp: string): boolean {
    return this.permissions.get(canonicalIp(peerIp))?.installed === true;
  }

  /** Binds a channel to `peer` (RFC 8656 §12.1); returns the channel number. */
  bindChannel(now: number, peer: Address): number | undefined {
    this.clamp(now);
    const key = `${canonicalIp(peer.address)}|${peer.port}`;
    let c = this.channels.get(key);
    if (c === undefined) {
      if (this.nextChannel > MAX_CHANNEL) return undefined;
      c = { channel: this.nextChannel++, peer: { address: canonicalIp(peer.address), port: peer.port }, bound: false, pending: false, refreshAt: Infinity };
      this.channels.set(key, c);
      this.channelPeers.set(c.channel, { address: c.peer.address, port: c.peer.port, family: ipFamily(c.peer.address) ?? 'IPv4' });
    }
    if (this.state === 'allocated' && !c.pending) {
      c.pending = true;
      this.request(StunMethod.ChannelBind, { kind: 'channel', peer: c.peer, channel: c.channel, attempts: 0 });
    }
    return c.channel;
  }

  /** The bound channel for `peer`, if any. */
  channelFor(peer: Address): number | undefined {
    const c = this.channels.get(`${canonicalIp(peer.address)}|${peer.port}`);
    return c?.bound ? c.channel : undefined;
  }

  /**
   * Sends `data` to `peer` through the relay: as ChannelData when a channel is
   * bound, else in a Send indication (RFC 8656 §11). Creates a permission if
   * none exists. Returns false if not allocated.
   */
  send(now: number, peer: Address, data: Uint8Array): boolean {
    this.clamp(now);
    if (this.state !== 'allocated') return false;
    const ip = canonicalIp(peer.address);
    if (!this.permissions.has(ip)) this.createPermission(now, ip);
    const channel = this.channelFor(peer);
    if (channel !== undefined) {
      this.transmits.push({ to: this.opts.server, data: encodeChannelData(channel, data, this.transport !== 'udp') });
      this.stats.sentChannelData++;
      return true;
    }
    const b = new StunMessageBuilder(StunMethod.Send, StunClass.Indication, this.tid(), 64 + data.length);
    b.add(Attr.XorPeerAddress, encodeXorAddress({ address: ip, port: peer.port }, b.transactionId));
    b.add(Attr.Data, data);
    b.addFingerprint();
    this.transmits.push({ to: this.opts.server, data: b.build() });
    this.stats.sentIndications++;
    return true;
  }

  /** Deallocates (Refresh with LIFETIME 0, RFC 8656 §7.2). */
  close(now: number): void {
    this.clamp(now);
    if (this.state === 'closed' || this.state === 'closing') return;
    if (this.state === 'allocated') {
      this.state = 'closing';
      this.tx.cancel(() => true);
      this.request(StunMethod.Refresh, { kind: 'close', attempts: 0 });
    } else {
      this.tx.cancel(() => true);
      this.setClosed();
    }
  }

  private setClosed(): void {
    this.state = 'closed';
    this.refreshAt = Infinity;
    this.events.push({ type: 'closed' });
  }

  private request(method: number, ctx: Ctx): void {
    const b = new StunMessageBuilder(method, StunClass.Request, this.tid());
    switch (ctx.kind) {
      case 'allocate':
        b.add(Attr.RequestedTransport, encodeRequestedTransport(17));
        b.addUint32(Attr.Lifetime, this.opts.lifetime ?? 600);
        if (this.opts.family === 'IPv6') b.add(Attr.RequestedAddressFamily, encodeAddressFamily('IPv6'));
        break;
      case 'refresh':
        b.addUint32(Attr.Lifetime, this.opts.lifetime ?? 600);
        break;
      case 'close':
        b.addUint32(Attr.Lifetime, 0);
        break;
      case 'permission':
        b.add(Attr.XorPeerAddress, encodeXorAddress({ address: ctx.peerIp!, port: 0 }, b.transactionId));
        break;
      case 'channel':
        b.add(Attr.ChannelNumber, Uint8Array.of(ctx.channel! >> 8, ctx.channel! & 0xff, 0, 0));
        b.add(Attr.XorPeerAddress, encodeXorAddress(ctx.peer!, b.transactionId));
        break;
    }
    if (this.opts.software) b.addString(Attr.Software, this.opts.software);
    if (this.credential && this.realm !== undefined && this.nonce !== undefined) {
      b.addString(Attr.Username, this.opts.username).addString(Attr.Realm, this.realm).addString(Attr.Nonce, this.nonce);
      if (this.passwordAlgorithms) {
        // RFC 8489 §9.2.4: echo PASSWORD-ALGORITHMS, name the chosen one, sign with MESSAGE-INTEGRITY-SHA256.
        b.add(Attr.PasswordAlgorithms, this.passwordAlgorithms);
        b.add(Attr.PasswordAlgorithm, Uint8Array.of(this.passwordAlgorithm >> 8, this.passwordAlgorithm & 0xff, 0, 0));
        this.credential.sign(b, { sha1: false, sha256: true });
      } else this.credential.sign(b);
    }
    b.addFingerprint();
    const data = b.build();
    this.tx.start(this.now, b.transactionId, data, this.opts.server, ctx, {
      rto: this.opts.rto ?? 500,
      reliable: this.transport !== 'udp',
    });
    this.transmits.push({ to: this.opts.server, data });
  }

  /** Bytes received from the server (a datagram over UDP, any chunk of the stream over TCP/TLS). */
  handle(now: number, bytes: Uint8Array): void {
    this.clamp(now);
    if (this.framer) {
      this.framer.push(bytes);
      for (let m = this.framer.next(); m; m = this.framer.next()) this.handleMessage(m);
      if (this.framer.error && this.state !== 'failed' && this.state !== 'closed') {
        this.fail(700, `TURN stream framing error: ${this.framer.error}`);
      }
      return;
    }
    this.handleMessage(bytes);
  }

  private handleMessage(bytes: Uint8Array): void {
    if (isChannelData(bytes)) {
      const cd = decodeChannelData(bytes);
      const peer = cd && this.channelPeers.get(cd.channel);
      if (!cd || !peer) {
        this.stats.dropped++;
        return;
      }
      this.events.push({ type: 'data', peer, data: cd.data.slice(), viaChannel: true });
      return;
    }
    if (!isStun(bytes)) {
      this.stats.dropped++;
      return;
    }
    const msg = decodeStun(bytes);
    if (!msg) {
      this.stats.dropped++;
      return;
    }
    if (msg.class === StunClass.Indication) {
      if (msg.method !== StunMethod.Data) return;
      const peer = getXorAddress(msg, Attr.XorPeerAddress);
      const data = getAttribute(msg, Attr.Data);
      if (!peer || !data) {
        this.stats.dropped++;
        return;
      }
      this.events.push({ type: 'data', peer, data: data.value.slice(), viaChannel: false });
      return;
    }
    if (msg.class === StunClass.Request) return; // servers do not send us requests
    const entry = this.tx.peek(msg.transactionId);
    if (!entry) {
      this.stats.dropped++;
      return;
    }
    // RFC 8489 §9.2.5: a response to an authenticated request must carry a valid MESSAGE-INTEGRITY
    // (except 401/438, which the server cannot sign with a key we might not share).
    const err = msg.class === StunClass.Error ? getErrorCode(msg) : undefined;
    if (this.credential && err?.code !== 401 && err?.code !== 438) {
      const ok = this.credential.verify(msg);
      if (ok === false || (ok === undefined && msg.class === StunClass.Success)) {
        this.stats.dropped++;
        return;
      }
    }
    this.tx.take(msg.transactionId);
    if (msg.class === StunClass.Success) this.onSuccess(entry.context, msg);
    else this.onError(entry.context, msg, err);
  }

  private onSuccess(ctx: Ctx, msg: StunMessage): void {
    switch (ctx.kind) {
      case 'allocate': {
        const relayed = getXorAddress(msg, Attr.XorRelayedAddress);
        if (!relayed) {
          this.fail(500, 'Allocate response without XOR-RELAYED-ADDRESS');
          return;
        }
        const lifetime = getUint32(msg, Attr.Lifetime) ?? 600;
        this.relayed = relayed;
        this.mapped = getXorAddress(msg, Attr.XorMappedAddress);
        this.state = 'allocated';
        this.scheduleRefresh(lifetime);
        this.events.push({ type: 'allocated', relayed, mapped: this.mapped, lifetime });
        // Permissions and channels requested before the allocation existed.
        for (const [ip, p] of this.permissions) if (!p.pending) {
          p.pending = true;
          this.request(StunMethod.CreatePermission, { kind: 'permission', peerIp: ip, attempts: 0 });
        }
        for (const c of this.channels.values()) if (!c.pending) {
          c.pending = true;
          this.request(StunMethod.ChannelBind, { kind: 'channel', peer: c.peer, channel: c.channel, attempts: 0 });
        }
        break;
      }
      case 'refresh': {
        const lifetime = getUint32(msg, Attr.Lifetime) ?? this.opts.lifetime ?? 600;
        this.scheduleRefresh(lifetime);
        this.events.push({ type: 'refreshed', lifetime });
        break;
      }
      case 'close':
        this.setClosed();
        break;
      case 'permission': {
        const p = this.permissions.get(ctx.peerIp!);
        if (p) {
          p.pending = false;
          const first = !p.installed;
          p.installed = true;
          p.refreshAt = this.now + PERMISSION_REFRESH_MS;
          if (first) this.events.push({ type: 'permission', peer: ctx.peerIp! });
        }
        break;
      }
      case 'channel': {
        const c = this.channels.get(`${ctx.peer!.address}|${ctx.peer!.port}`);
        if (c) {
          c.pending = false;
          const first = !c.bound;
          c.bound = true;
          c.refreshAt = this.now + CHANNEL_REFRESH_MS;
          // A channel binding also installs a permission (RFC 8656 §12.2).
          const p = this.permissions.get(c.peer.address);
          if (p) p.refreshAt = Math.max(p.refreshAt, this.now + PERMISSION_REFRESH_MS);
          if (first) this.events.push({ type: 'channel', peer: this.channelPeers.get(c.channel)!, channel: c.channel });
        }
        break;
      }
    }
  }

  private onError(ctx: Ctx, msg: StunMessage, err: { code: number; reason: string } | undefined): void {
    const code = err?.code ?? 500;
    // RFC 8489 §9.2.5: 401 with REALM/NONCE (first contact), 438 with a fresh NONCE.
    if ((code === 401 || code === 438) && ctx.attempts < 3) {
      const realm = getText(msg, Attr.Realm);
      const nonce = getText(msg, Attr.Nonce);
      let retry = nonce !== undefined;
      if (code === 401) {
        // A 401 to a request already signed with the same realm and nonce means wrong credentials.
        if (realm === undefined) retry = false;
        else if (this.credential !== undefined && realm === this.realm && nonce === this.nonce) retry = false;
      }
      if (retry) {
        // RFC 8489 §9.2.4: with the nonce cookie's "Password algorithms" bit, PASSWORD-ALGORITHMS lists the
        // server's algorithms in its order of preference; we take the first we support (SHA-256, MD5).
        let algorithms = this.passwordAlgorithms;
        let algorithm = this.passwordAlgorithm;
        const offered = getAttribute(msg, Attr.PasswordAlgorithms);
        if (nonce !== undefined && offered !== undefined && announcesPasswordAlgorithms(nonce)) {
          const list = decodePasswordAlgorithms(offered.value);
          const pick = list?.find((a) => a.algorithm === PasswordAlgorithm.SHA256 || a.algorithm === PasswordAlgorithm.MD5);
          if (pick) {
            algorithms = offered.value.slice();
            algorithm = pick.algorithm;
          }
        }
        if ((realm !== undefined && realm !== this.realm) || algorithm !== this.passwordAlgorithm || algorithms !== this.passwordAlgorithms) {
          if (realm !== undefined) this.realm = realm;
          this.passwordAlgorithms = algorithms;
          this.passwordAlgorithm = algorithm;
          const key = longTermKey(this.opts.username, this.realm!, this.opts.password, algorithm, this.opts.components.crypto);
          this.credential = new StunCredential(this.opts.components.crypto, key);
        }
        this.nonce = nonce;
        this.request(msg.method, { ...ctx, attempts: ctx.attempts + 1 });
        return;
      }
    }
    const text = err?.reason || 'TURN error';
    switch (ctx.kind) {
      case 'allocate':
      case 'refresh':
        this.fail(code, text);
        break;
      case 'close':
        this.setClosed();
        break;
      case 'permission': {
        const p = this.permissions.get(ctx.peerIp!);
        if (p) p.pending = false;
        this.events.push({ type: 'error', error: this.errorData(code, text), fatal: false });
        break;
      }
      case 'channel': {
        const c = this.channels.get(`${ctx.peer!.address}|${ctx.peer!.port}`);
        if (c) c.pending = false;
        this.events.push({ type: 'error', error: this.errorData(code, text), fatal: false });
        break;
      }
    }
  }

  private errorData(code: number, text: string): IceCandidateErrorData {
    return {
      url: this.opts.url ?? `turn:${this.opts.server.address}:${this.opts.server.port}?transport=${this.transport === 'tls' ? 'tcp' : this.transport}`,
      errorCode: code,
      errorText: text,
      address: this.relayed?.address ?? null,
      port: this.relayed?.port ?? null,
    };
  }

  private fail(code: number, text: string): void {
    this.state = 'failed';
    this.refreshAt = Infinity;
    this.tx.cancel(() => true);
    this.events.push({ type: 'error', error: this.errorData(code, text), fatal: true });
  }

  /** RFC 8656 §8: refresh a minute before expiry (or at half the lifetime if shorter than two minutes). */
  private scheduleRefresh(lifetimeSeconds: number): void {
    const ms = lifetimeSeconds * 1000;
    this.refreshAt = this.now + (ms > 120_000 ? ms - 60_000 : ms / 2);
  }

  /** Advances timers: retransmissions, timeouts and refreshes. */
  handleTimeout(now: number): void {
    this.clamp(now);
    this.tx.handleTimeout(this.now);
    for (let r = this.tx.pollRetransmit(); r; r = this.tx.pollRetransmit()) this.transmits.push({ to: this.opts.server, data: r.data });
    for (let t = this.tx.pollTimedOut(); t; t = this.tx.pollTimedOut()) {
      const k = t.context.kind;
      if (k === 'close') this.setClosed();
      else if (k === 'allocate' || k === 'refresh') this.fail(701, 'TURN server did not respond');
      else if (k === 'permission') {
        const p = this.permissions.get(t.context.peerIp!);
        if (p) p.pending = false;
      } else if (k === 'channel') {
        const c = this.channels.get(`${t.context.peer!.address}|${t.context.peer!.port}`);
        if (c) c.pending = false;
      }
    }
    if (this.state !== 'allocated') return;
    if (this.now >= this.refreshAt) {
      this.refreshAt = Infinity;
      this.request(StunMethod.Refresh, { kind: 'refresh', attempts: 0 });
    }
    for (const [ip, p] of this.permissions) if (p.installed && !p.pending && this.now >= p.refreshAt) {
      p.pending = true;
      this.request(StunMethod.CreatePermission, { kind: 'permission', peerIp: ip, attempts: 0 });
    }
    for (const c of this.channels.values()) if (c.bound && !c.pending && this.now >= c.refreshAt) {
      c.pending = true;
      this.request(StunMethod.ChannelBind, { kind: 'channel', peer: c.peer, channel: c.channel, attempts: 0 });
    }
  }

  /** Next transmission to the server. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** Next event. */
  pollEvent(): TurnEvent | undefined {
    return this.events.shift();
  }

  /** Earliest deadline (absolute ms), or undefined. */
  pollTimeout(): number | undefined {
    let t = this.tx.pollTimeout();
    const consider = (x: number) => {
      if (x !== Infinity && (t === undefined || x < t)) t = x;
    };
    if (this.state === 'allocated') {
      consider(this.refreshAt);
      for (const p of this.permissions.values()) if (p.installed && !p.pending) consider(p.refreshAt);
      for (const c of this.channels.values()) if (c.bound && !c.pending) consider(c.refreshAt);
    }
    return t;
  }
}

/** A parsed `stun:` / `stuns:` / `turn:` / `turns:` URL (RFC 7064, RFC 7065). */
export interface IceServerUrl {
  scheme: 'stun' | 'stuns' | 'turn' | 'turns';
  host: string;
  port: number;
  transport: TurnTransport;
  url: string;
}

/** Parses an ICE server URL; undefined if malformed. Default ports 3478 / 5349. */
export function parseIceServerUrl(url: string): IceServerUrl | undefined {
  const m = /^(stuns?|turns?):(\[[0-9a-fA-F:.]+\]|[^:?\[\]]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as IceServerUrl['scheme'];
  const secure = scheme === 'stuns' || scheme === 'turns';
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  const port = m[3] !== undefined ? Number(m[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65535) return undefined;
  const t = (m[4]?.toLowerCase() ?? (secure ? 'tcp' : 'udp')) as 'udp' | 'tcp';
  if ((scheme === 'stun' || scheme === 'stuns') && m[4] !== undefined) return undefined;
  return { scheme, host, port, transport: secure ? 'tls' : t, url };
}
