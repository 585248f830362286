/**
 * A simulated STUN/TURN server (RFC 8489 Binding, RFC 8656 TURN over UDP)
 * for the simulated network. Long-term credentials with a nonce that can be
 * made stale on demand, allocations with relayed ports on the server's IP,
 * permissions, channels, Send/Data indications and ChannelData.
 * Test-only: it trusts its inputs less than a real server but is not one.
 */
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Attr, StunClass, StunCredential, StunMessageBuilder, StunMethod, addErrorCode, addXorAddress, decodeChannelData,
  decodeStun, encodeChannelData, getAttribute, getText, getUint32, getXorAddress, isChannelData, longTermKey, StunStreamFramer,
} from '@purertc/ice';
import type { StunMessage } from '@purertc/ice';
import type { Datagram, SimAddress, SimNetwork } from './network';
import type { SimStreamEnd, SimStreams } from './stream';

/** How the server reaches one client: its UDP 5-tuple or a TCP/TLS stream (RFC 8656 §3.1). */
interface ClientLink {
  key: string;
  addr: SimAddress;
  stream: boolean;
  send(data: Uint8Array): void;
}

interface Allocation {
  client: ClientLink;
  relayPort: number;
  expires: number;
  permissions: Map<string, number>;
  channels: Map<number, SimAddress>;
  channelByPeer: Map<string, number>;
}

/** Options of the simulated server. */
export interface SimTurnServerOptions {
  ip: string;
  port?: number;
  realm?: string;
  users?: Record<string, string>;
  /**
   * RFC 8489 §9.2: offer these PASSWORD-ALGORITHMS (1 MD5, 2 SHA-256, in order
   * of preference) behind the nonce cookie, and require clients to echo them,
   * name one in PASSWORD-ALGORITHM and sign with MESSAGE-INTEGRITY-SHA256.
   * Default: the RFC 5389 mechanism (MD5 key, MESSAGE-INTEGRITY).
   */
  passwordAlgorithms?: number[];
}

/** The server. Add it to a {@link SimNetwork} with {@link attach}. */
export class SimTurnServer {
  readonly ip: string;
  readonly port: number;
  readonly realm: string;
  private readonly users: Record<string, string>;
  private nonceCount = 1;
  private nonce: string;
  private readonly algorithms: Uint8Array | undefined;
  private nextRelayPort = 50000;
  private readonly allocations = new Map<string, Allocation>();
  private readonly byRelayPort = new Map<number, Allocation>();
  private net!: SimNetwork;
  readonly stats = { streams: 0, streamAllocations: 0, binding: 0, allocate: 0, refresh: 0, permission: 0, channelBind: 0, send: 0, channelData: 0, relayedToClient: 0, deallocated: 0, rejected401: 0, rejected438: 0, rejected400: 0, sha256: 0 };

  constructor(o: SimTurnServerOptions) {
    this.ip = o.ip;
    this.port = o.port ?? 3478;
    this.realm = o.realm ?? 'sim.test';
    this.users = o.users ?? { user: 'pass' };
    if (o.passwordAlgorithms) {
      this.algorithms = new Uint8Array(o.passwordAlgorithms.length * 4);
      o.passwordAlgorithms.forEach((a, i) => { this.algorithms![i * 4] = a >> 8; this.algorithms![i * 4 + 1] = a & 0xff; });
    }
    this.nonce = this.makeNonce();
  }

  /** "obMatJos2" + base64 of the 24 feature bits (bit 0, "Password algorithms", counted from the right: erratum 6290). */
  private makeNonce(): string {
    return `${this.algorithms ? 'obMatJos2AAAB' : ''}nonce-${this.nonceCount}`;
  }

  /** Registers the server as a public host. */
  attach(net: SimNetwork): void {
    this.net = net;
    net.addHost(this.ip, (now, d) => this.receive(now, d));
  }

  /**
   * Also accepts TURN over simulated streams (TCP on `port`, "TLS" on
   * `tlsPort`, default 5349): RFC 8656 §12.5 framing, padded ChannelData, and
   * the allocation ends with the connection.
   */
  listenStreams(streams: SimStreams, tlsPort = 5349): void {
    for (const port of [this.port, tlsPort]) {
      streams.listen({ address: this.ip, port }, (_now, end) => this.acceptStream(end));
    }
  }

  private acceptStream(end: SimStreamEnd): void {
    this.stats.streams++;
    const link: ClientLink = { key: `stream:${this.stats.streams}`, addr: { ...end.remote }, stream: true, send: (d) => end.write(d) };
    const framer = new StunStreamFramer();
    end.handlers = {
      onData: (now, bytes) => {
        framer.push(bytes);
        for (let m = framer.next(); m; m = framer.next()) this.fromClient(now, link, m);
        if (framer.error) end.close();
      },
      onClose: () => {
        const a = this.allocations.get(link.key);
        if (a) this.deallocate(link.key, a);
      },
    };
  }

  private deallocate(key: string, a: Allocation): void {
    this.allocations.delete(key);
    this.byRelayPort.delete(a.relayPort);
    this.stats.deallocated++;
  }

  /** Makes the current nonce stale (next authenticated request gets 438). */
  rotateNonce(): void {
    this.nonceCount++;
    this.nonce = this.makeNonce();
  }

  /** Live allocations. */
  get allocationCount(): number {
    return this.allocations.size;
  }

  private receive(now: number, d: Datagram): void {
    if (d.to.port === this.port) {
      const me = { address: this.ip, port: this.port };
      const from = { ...d.from };
      this.fromClient(now, { key: `${d.from.address}:${d.from.port}`, addr: from, stream: false, send: (data) => this.net.send(me, from, data) }, d.data);
    } else this.fromPeer(now, d);
  }

  private fromPeer(now: number, d: Datagram): void {
    const a = this.byRelayPort.get(d.to.port);
    if (!a || a.expires <= now) return;
    const perm = a.permissions.get(d.from.address);
    if (perm === undefined || perm <= now) return;
    this.stats.relayedToClient++;
    const ch = a.channelByPeer.get(`${d.from.address}:${d.from.port}`);
    if (ch !== undefined) {
      // Over a stream, ChannelData is padded to 4 bytes (RFC 8656 §12.5).
      a.client.send(encodeChannelData(ch, d.data, a.client.stream));
      return;
    }
    const b = new StunMessageBuilder(StunMethod.Data, StunClass.Indication, tid());
    addXorAddress(b, Attr.XorPeerAddress, d.from);
    b.add(Attr.Data, d.data);
    a.client.send(b.build());
  }

  private fromClient(now: number, link: ClientLink, data: Uint8Array): void {
    const key = link.key;
    const d = { from: link.addr, data };
    if (isChannelData(d.data)) {
      const cd = decodeChannelData(d.data);
      const a = this.allocations.get(key);
      const peer = cd && a?.channels.get(cd.channel);
      if (!cd || !a || !peer) return;
      this.stats.channelData++;
      this.net.send({ address: this.ip, port: a.relayPort }, peer, cd.data);
      return;
    }
    const msg = decodeStun(d.data);
    if (!msg) return;
    if (msg.method === StunMethod.Binding && msg.class === StunClass.Request) {
      this.stats.binding++;
      const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, msg.transactionId);
      addXorAddress(b, Attr.XorMappedAddress, d.from);
      b.addFingerprint();
      link.send(b.build());
      return;
    }
    const a = this.allocations.get(key);
    if (msg.method === StunMethod.Send && msg.class === StunClass.Indication) {
      const peer = getXorAddress(msg, Attr.XorPeerAddress);
      const data = getAttribute(msg, Attr.Data);
      if (!a || !peer || !data) return;
      const perm = a.permissions.get(peer.address);
      if (perm === undefined || perm <= now) return;
      this.stats.send++;
      this.net.send({ address: this.ip, port: a.relayPort }, peer, data.value);
      return;
    }
    if (msg.class !== StunClass.Request) return;
    // Long-term credentials (RFC 8489 §9.2.4).
    const username = getText(msg, Attr.Username);
    const password = username !== undefined ? this.users[username] : undefined;
    const sha256 = getAttribute(msg, Attr.MessageIntegritySha256) !== undefined;
    const reply = (cls: StunClass, fill: (b: StunMessageBuilder) => void, cred?: StunCredential) => {
      const b = new StunMessageBuilder(msg.method, cls, msg.transactionId);
      fill(b);
      if (cred) cred.sign(b, { sha1: !sha256, sha256 });
      b.addFingerprint();
      link.send(b.build());
    };
    const challenge = (b: StunMessageBuilder) => {
      b.addString(Attr.Realm, this.realm).addString(Attr.Nonce, this.nonce);
      if (this.algorithms) b.add(Attr.PasswordAlgorithms, this.algorithms);
    };
    if (!(getAttribute(msg, Attr.MessageIntegrity) || sha256) || password === undefined) {
      this.stats.rejected401++;
      reply(StunClass.Error, (b) => { addErrorCode(b, 401); challenge(b); });
      return;
    }
    let algorithm = 1;
    if (this.algorithms) {
      // RFC 8489 §9.2.4: the echoed list must be ours, the choice one of it, the MAC SHA-256.
      const echoed = getAttribute(msg, Attr.PasswordAlgorithms)?.value;
      const chosen = getAttribute(msg, Attr.PasswordAlgorithm)?.value;
      algorithm = chosen && chosen.length === 4 ? (chosen[0]! << 8) | chosen[1]! : 0;
      const offered = Array.from({ length: this.algorithms.length / 4 }, (_, i) => (this.algorithms![i * 4]! << 8) | this.algorithms![i * 4 + 1]!);
      if (!echoed || echoed.length !== this.algorithms.length || echoed.some((x, i) => x !== this.algorithms![i]) || !offered.includes(algorithm) || !sha256) {
        this.stats.rejected400++;
        reply(StunClass.Error, (b) => addErrorCode(b, 400));
        return;
      }
    }
    const cred = new StunCredential(nodeCrypto, longTermKey(username!, this.realm, password, algorithm, nodeCrypto));
    if (cred.verify(msg) !== true) {
      this.stats.rejected401++;
      reply(StunClass.Error, (b) => { addErrorCode(b, 401); challenge(b); });
      return;
    }
    if (getText(msg, Attr.Nonce) !== this.nonce) {
      this.stats.rejected438++;
      reply(StunClass.Error, (b) => { addErrorCode(b, 438); challenge(b); });
      return;
    }
    if (sha256) this.stats.sha256++;
    this.handleAuthenticated(now, msg, link, key, a, cred, reply);
  }

  private handleAuthenticated(
    now: number, msg: StunMessage, link: ClientLink, key: string, a: Allocation | undefined, cred: StunCredential,
    reply: (cls: StunClass, fill: (b: StunMessageBuilder) => void, cred?: StunCredential) => void,
  ): void {
    const err = (code: number) => reply(StunClass.Error, (b) => addErrorCode(b, code), cred);
    switch (msg.method) {
      case StunMethod.Allocate: {
        if (a && a.expires > now) return err(437);
        this.stats.allocate++;
        if (link.stream) this.stats.streamAllocations++;
        const from = link.addr;
        const lifetime = Math.min(getUint32(msg, Attr.Lifetime) ?? 600, 3600);
        const alloc: Allocation = { client: link, relayPort: this.nextRelayPort++, expires: now + lifetime * 1000, permissions: new Map(), channels: new Map(), channelByPeer: new Map() };
        this.allocations.set(key, alloc);
        this.byRelayPort.set(alloc.relayPort, alloc);
        reply(StunClass.Success, (b) => {
          addXorAddress(b, Attr.XorRelayedAddress, { address: this.ip, port: alloc.relayPort });
          addXorAddress(b, Attr.XorMappedAddress, from);
          b.addUint32(Attr.Lifetime, lifetime);
        }, cred);
        return;
      }
      case StunMethod.Refresh: {
        if (!a) return err(437);
        this.stats.refresh++;
        const lifetime = Math.min(getUint32(msg, Attr.Lifetime) ?? 600, 3600);
        if (lifetime === 0) this.deallocate(key, a);
        else a.expires = now + lifetime * 1000;
        reply(StunClass.Success, (b) => b.addUint32(Attr.Lifetime, lifetime), cred);
        return;
      }
      case StunMethod.CreatePermission: {
        const peer = getXorAddress(msg, Attr.XorPeerAddress);
        if (!a) return err(437);
        if (!peer) return err(400);
        this.stats.permission++;
        a.permissions.set(peer.address, now + 300_000);
        reply(StunClass.Success, () => {}, cred);
        return;
      }
      case StunMethod.ChannelBind: {
        const peer = getXorAddress(msg, Attr.XorPeerAddress);
        const ch = getAttribute(msg, Attr.ChannelNumber);
        if (!a) return err(437);
        if (!peer || !ch || ch.value.length !== 4) return err(400);
        const channel = (ch.value[0]! << 8) | ch.value[1]!;
        this.stats.channelBind++;
        a.channels.set(channel, { address: peer.address, port: peer.port });
        a.channelByPeer.set(`${peer.address}:${peer.port}`, channel);
        a.permissions.set(peer.address, now + 300_000);
        reply(StunClass.Success, () => {}, cred);
        return;
      }
      default:
        err(400);
    }
  }
}

let counter = 0;
function tid(): Uint8Array {
  const t = new Uint8Array(12);
  new DataView(t.buffer).setUint32(8, ++counter);
  return t;
}
