/**
 * The ICE agent (RFC 8445 full agent, RFC 8838 trickle, RFC 7675 consent), sans-IO.
 *
 * One component (WebRTC bundles and muxes RTCP), UDP candidates. Inputs:
 * `gather(now)`, `addRemoteCandidate(now, c)`, `setRemoteCredentials(…)`,
 * `handle(now, bytes, from, local)`, `handleTimeout(now)`, `send(now, data)`,
 * `restart(now)`, `close(now)`. Outputs: `pollTransmit()` (each with `from`,
 * the local socket to send on), `pollEvent()`, `pollTimeout()`.
 *
 * Checklist life cycle (RFC 8445 §6.1.2.6, §6.1.4):
 * ```
 *   Frozen ──unfreeze──▶ Waiting ──Ta tick──▶ In-Progress ──success──▶ Succeeded (valid)
 *      ▲                    ▲  triggered check        │ failure/timeout
 *      └── same foundation ─┘◀────────────────────────┴────────────▶ Failed
 * ```
 */
import type { Address, Components, Logger, Transmit } from '@purertc/common';
import { equalBytes, silentLogger } from '@purertc/common';
import type { CandidateType, IceCandidate } from './candidate.js';
import { candidatePriority, computeFoundation, isMdnsName, pairPriority } from './candidate.js';
import type {
  CandidatePairInfo, CandidatePairState, IceAgentEvent, IceAgentOptions, PairCheckCounters, PairDataCounters, IceGathererState, IceResolver, IceRole, IceServer,
  IceStreamCommand, IceTransportState, NetworkInterfaceAddress,
} from './agent-types.js';
import { Attr, StunClass, StunMethod } from './stun-constants.js';
import { StunMessageBuilder, checkFingerprint, decodeStun, getAttribute, isStun, unknownRequiredAttributes } from './stun-message.js';
import type { StunMessage } from './stun-message.js';
import { addErrorCode, addXorAddress, encodeUnknownAttributes, getErrorCode, getText, getUint32, getXorAddress } from './stun-attributes.js';
import { StunCredential, shortTermKey } from './stun-integrity.js';
import { StunTransactions } from './stun-transaction.js';
import { TurnClient, parseIceServerUrl } from './turn-client.js';
import type { IceServerUrl } from './turn-client.js';
import { canonicalIp, ipFamily, ipRange } from './ip.js';

interface LocalCand {
  candidate: IceCandidate;
  base: Address;
  turn?: TurnClient;
  /** How a TURN entry reaches its server. */
  relayProtocol?: 'udp' | 'tcp' | 'tls';
  /** The driver's stream (TURN over TCP/TLS). */
  stream?: { id: number; open: boolean; closed?: boolean; openDeadline: number };
}

interface Creds {
  localUfrag: string;
  localPwd: string;
  localCred: StunCredential;
  remoteUfrag?: string;
  remotePwd?: string;
  remoteCred?: StunCredential;
}

interface Pair {
  local: LocalCand;
  remote: IceCandidate;
  priority: bigint;
  state: CandidatePairState;
  foundation: string;
  nominated: boolean;
  nominateOnSuccess: boolean;
  creds: Creds;
  lastReceived: number;
  lastConsent: number;
  nextConsentAt: number;
  failedAt: number;
  /**
   * The peer sent an authenticated check on this pair under its generation's
   * credentials (and we answered it): data from there is accepted before our
   * own check succeeds (RFC 8445 §7.3.1.4, §12.1).
   */
  checkedByPeer: boolean;
  /** The transaction of our current check on this pair; earlier ones are cancelled (RFC 8445 §7.3.1.4). */
  checkTx: Uint8Array | undefined;
  /** Application data (not STUN) sent and received on this pair: payload bytes, whatever the relay framing. */
  data: PairDataCounters;
  /** Connectivity checks and consent requests on this pair, and their round-trip times. */
  checks: PairCheckCounters;
}

type TxCtx =
  | { kind: 'check'; pair: Pair; useCandidate: boolean; controlling: boolean; consent: boolean }
  | { kind: 'stun'; local: LocalCand; url: string };

/**
 * Whether a host candidate on `localAddress` can reach `remoteAddress`: a
 * loopback address (127.0.0.0/8, ::1) is never seen outside its host
 * (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3), so a loopback base talks only to
 * loopback peers and a non-loopback base never to a loopback one. Pairing
 * across that line only yields checks that cannot succeed, and a peer
 * nominating such a pair stalls the selection.
 */
function reachableHost(localAddress: string, remoteAddress: string): boolean {
  return (ipRange(localAddress) === 'loopback') === (ipRange(remoteAddress) === 'loopback');
}

/** True when `p` runs between our candidate `via` and the remote address `from`. */
function joins(p: Pair, via: LocalCand, from: Address): boolean {
  return p.local === via && p.remote.address === from.address && p.remote.port === from.port;
}

/** Counts one received datagram of application data on `p`. */
function countReceived(p: Pair, data: Uint8Array, now: number): void {
  const d = p.data;
  d.packetsReceived++;
  d.bytesReceived += data.length;
  d.lastReceivedAt = now;
}

/** Counts a Binding request from the peer on `p` and our success response to it. */
function countAnswered(p: Pair): void {
  p.checks.requestsReceived++;
  p.checks.responsesSent++;
}

/** Counts an authenticated success response on `p`, with its round-trip time when unambiguous (ms). */
function countResponse(p: Pair, rttMs: number | undefined): void {
  const c = p.checks;
  c.responsesReceived++;
  if (rttMs === undefined) return;
  c.currentRoundTripTimeMs = rttMs;
  c.totalRoundTripTimeMs += rttMs;
  c.roundTripTimeMeasurements++;
}

/** Address ranges (ipaddr.js names) that never make a host candidate. */
const UNUSABLE_RANGES = new Set(['unspecified', 'multicast', 'broadcast', 'ipv4Mapped']);

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A full ICE agent for one component. */
export class IceAgent {
  private readonly o: IceAgentOptions;
  private readonly c: Components;
  private readonly log: Logger;
  private now = 0;
  private role: IceRole;
  private readonly tieBreaker: Uint8Array;
  private creds: Creds;
  private prevCreds: Creds | undefined;
  private readonly locals: LocalCand[] = [];
  private remotes: IceCandidate[] = [];
  private pairs: Pair[] = [];
  private triggered: Pair[] = [];
  private selected: Pair | undefined;
  private oldSelected: Pair | undefined;
  /**
   * The previous generation's selected pair once a new one is selected
   * (RFC 8445 §12.1: be prepared to receive data on the candidates offered):
   * data from it is still accepted, so what the peer sent there before
   * switching is not lost. Receive only; replaced at the next restart.
   */
  private retiredPair: Pair | undefined;
  private readonly tx = new StunTransactions<TxCtx>();
  private readonly transmits: Transmit[] = [];
  private readonly events: IceAgentEvent[] = [];
  private nextCheckAt = Infinity;
  private nominateAt = Infinity;
  private readonly turns: LocalCand[] = [];
  private pendingGather = 0;
  private remoteEoc = false;
  private allFailedSince = Infinity;
  private consentLost = false;
  private pendingMdns = new Map<string, IceCandidate[]>();
  private closed = false;
  private nextStreamId = 1;
  private readonly streams = new Map<number, LocalCand>();
  private readonly streamCommands: IceStreamCommand[] = [];
  /** Answers of asynchronous resolvers, applied at the next handleTimeout. */
  private readonly settled: (() => void)[] = [];
  private resolving = 0;
  /** RTCIceTransportState. */
  state: IceTransportState = 'new';
  /** RTCIceGathererState. */
  gatheringState: IceGathererState = 'new';
  /** Counters of dropped input. */
  readonly stats = { bogus: 0, dropped: 0, checksSent: 0, checksReceived: 0, roleConflicts: 0 };

  constructor(options: IceAgentOptions) {
    this.o = options;
    this.c = options.components;
    this.log = options.components.log ?? silentLogger;
    this.role = options.controlling === false && !options.remoteIceLite ? 'controlled' : 'controlling';
    this.tieBreaker = new Uint8Array(8);
    this.c.random(this.tieBreaker);
    this.creds = this.makeCreds(options.localUfrag, options.localPwd);
  }

  // ───────────────────────────── credentials ─────────────────────────────

  private randomString(n: number): string {
    const b = new Uint8Array(n);
    this.c.random(b);
    let s = '';
    for (let i = 0; i < n; i++) s += ICE_CHARS[b[i]! & 63];
    return s;
  }

  private makeCreds(ufrag?: string, pwd?: string): Creds {
    const localUfrag = ufrag ?? this.randomString(8);
    const localPwd = pwd ?? this.randomString(24);
    return { localUfrag, localPwd, localCred: new StunCredential(this.c.crypto, shortTermKey(localPwd)) };
  }

  /** Local ICE credentials (for a=ice-ufrag / a=ice-pwd). */
  get localCredentials(): { ufrag: string; pwd: string } {
    return { ufrag: this.creds.localUfrag, pwd: this.creds.localPwd };
  }

  /** Current role. */
  get currentRole(): IceRole {
    return this.role;
  }

  /**
   * Sets our role (e.g. once a pooled agent learns whether it is the offerer,
   * RFC 8445 §6.1.1). Pair priorities follow; no `role` event (that reports
   * conflict repairs). Against an ICE-lite peer we stay controlling.
   */
  setRole(role: IceRole): void {
    if (this.o.remoteIceLite && role === 'controlled') return;
    if (this.role === role) return;
    this.role = role;
    for (const p of this.pairs) this.setPriority(p);
    this.sortPairs();
  }

  /**
   * Sets the remote credentials. A new ufrag after checks began is an ICE
   * restart by the peer (RFC 8445 §9; RFC 8839 §4.4.1.1.1).
   */
  setRemoteCredentials(now: number, ufrag: string, pwd: string): void {
    this.clamp(now);
    if (this.creds.remoteUfrag === ufrag && this.creds.remotePwd === pwd) return;
    if (this.creds.remoteUfrag !== undefined) this.beginRestart(false);
    this.creds.remoteUfrag = ufrag;
    this.creds.remotePwd = pwd;
    this.creds.remoteCred = new StunCredential(this.c.crypto, shortTermKey(pwd));
    this.scheduleChecks();
    this.updateState();
  }

  /**
   * ICE restart from our side (RFC 8445 §9): new local credentials (random,
   * or `ufrag`/`pwd` when the caller already put them in an offer); the
   * selected pair keeps working until a new one is selected.
   */
  restart(now: number, ufrag?: string, pwd?: string): void {
    this.clamp(now);
    if (this.prevCreds && this.creds !== this.prevCreds && this.creds.localUfrag === this.prevCreds.localUfrag) {
      // We answer the peer's restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): its new
      // credentials and candidates, set a moment ago, belong to this same new
      // generation, which only gets our new local half. Pairs and remotes stay.
      const fresh = this.makeCreds(ufrag, pwd);
      this.creds.localUfrag = fresh.localUfrag;
      this.creds.localPwd = fresh.localPwd;
      this.creds.localCred = fresh.localCred;
      this.scheduleChecks();
    } else this.beginRestart(true, ufrag, pwd);
    // Local candidates stay (same sockets); re-announce them for the new generation.
    this.setGathering('gathering');
    for (const l of this.locals) if (l.candidate.type !== 'prflx') {
      l.candidate = { ...l.candidate, usernameFragment: this.creds.localUfrag };
      if (this.announceable(l)) this.events.push({ type: 'candidate', candidate: { ...l.candidate } });
    }
    this.finishGatheringIfDone();
    this.updateState();
  }

  private beginRestart(local: boolean, ufrag?: string, pwd?: string): void {
    this.prevCreds = this.creds;
    // Our restart (an offer): the peer's new credentials come with its answer.
    // The peer's restart: our local credentials stay until we answer (restart()).
    const fresh = local ? this.makeCreds(ufrag, pwd) : { ...this.creds, remoteUfrag: undefined, remotePwd: undefined, remoteCred: undefined };
    this.creds = fresh;
    if (this.selected) this.oldSelected = this.selected;
    this.selected = undefined;
    this.tx.cancel((e) => e.context.kind === 'check' && e.context.pair !== this.oldSelected);
    this.pairs = this.oldSelected ? [this.oldSelected] : [];
    this.triggered = [];
    this.remotes = [];
    this.remoteEoc = false;
    this.nominateAt = Infinity;
    this.allFailedSince = Infinity;
    this.consentLost = false;
  }

  // ───────────────────────────── gathering ─────────────────────────────

  private announceable(l: LocalCand): boolean {
    return this.o.iceTransportPolicy !== 'relay' || l.candidate.type === 'relay';
  }

  private setGathering(s: IceGathererState): void {
    if (this.gatheringState === s) return;
    this.gatheringState = s;
    this.events.push({ type: 'gathering-state', state: s });
  }

  /** Starts gathering host, server-reflexive and relayed candidates (RFC 8445 §5.1.1). */
  gather(now: number): void {
    this.clamp(now);
    if (this.closed || this.gatheringState !== 'new') return;
    this.setGathering('gathering');
    let ifs: NetworkInterfaceAddress[] = [];
    try {
      ifs = this.o.interfaces?.() ?? [];
    } catch (e) {
      this.log.warn(`ice: interface listing failed: ${String(e)}`);
    }
    let index = 0;
    const seen = new Set<string>();
    for (const i of ifs) {
      // RFC 8445 §5.1.1.1: every usable interface address; loopback and link-local only when asked for.
      const fam = typeof i?.address === 'string' ? ipFamily(i.address) : undefined;
      if (!fam) continue;
      const range = ipRange(i.address);
      if (range === undefined || UNUSABLE_RANGES.has(range)) continue;
      if ((i.internal || range === 'loopback') && !this.o.includeLoopback) continue;
      if (range === 'linkLocal' && !this.o.includeLinkLocal) continue;
      if (fam === 'IPv6' && this.o.ipv6 === false) continue;
      const address = canonicalIp(i.address);
      if (seen.has(address)) continue;
      seen.add(address);
      // The literal as listed goes to bind (an IPv6 link-local address keeps its %zone there); the candidate drops the zone.
      const port = this.o.bind?.(i.address, fam);
      if (port === undefined) continue;
      // Local preference (RFC 8445 §5.1.2.1): IPv6 above IPv4, then interface order.
      const localPref = Math.max(0, (fam === 'IPv6' ? 65535 : 32767) - index++ * 2);
      this.addLocal({ type: 'host', address, port, localPref, base: { address, port, family: fam } });
    }
    for (const server of this.o.iceServers ?? []) {
      for (const url of Array.isArray(server.urls) ? server.urls : [server.urls]) {
        const u = parseIceServerUrl(url);
        if (!u) {
          this.candidateError(url, 701, 'Malformed ICE server URL', null);
          continue;
        }
        // stuns: is not used for ICE by browsers; STUN gives nothing under a relay-only policy.
        if (u.scheme === 'stuns' || (u.scheme === 'stun' && this.o.iceTransportPolicy === 'relay')) continue;
        const fam = ipFamily(u.host);
        if (fam) {
          this.startServer(u, server, [canonicalIp(u.host)]);
          continue;
        }
        // A hostname: resolved through the injected resolver (RFC 7064 §3.4, RFC 7065 §3.3 / RFC 8489 §8).
        this.pendingGather++;
        this.resolveName(u.host, this.o.resolver, (addrs) => {
          this.pendingGather--;
          const udp = u.transport === 'udp';
          if (addrs.length === 0) this.candidateError(url, 701, `Could not resolve ${u.host}`, null);
          else if (udp && !this.locals.some((l) => l.candidate.type === 'host' && addrs.some((a) => ipFamily(a) === l.base.family))) {
            this.candidateError(url, 701, `No local address of the family of ${u.host}`, null);
          } else if (!this.closed) this.startServer(u, server, addrs);
          this.finishGatheringIfDone();
        });
      }
    }
    this.finishGatheringIfDone();
  }

  /** Starts STUN Binding / TURN Allocate towards one server URL whose host is resolved to `addrs`. */
  private startServer(u: IceServerUrl, server: IceServer, addrs: string[]): void {
    const url = u.url;
    const hosts = this.locals.filter((l) => l.candidate.type === 'host');
    if (u.scheme === 'turn' || u.scheme === 'turns') {
      if (u.transport !== 'udp') {
        // TURN over TCP/TLS: one allocation per URL through a stream the driver opens (RFC 8656 §3.1).
        const address = addrs.find((a) => hosts.some((h) => h.base.family === ipFamily(a))) ?? addrs[0]!;
        this.startStreamTurn(u, server, { address, port: u.port, family: ipFamily(address)! });
        return;
      }
    }
    for (const h of hosts) {
      const address = addrs.find((a) => ipFamily(a) === h.base.family);
      if (address === undefined) continue;
      const serverAddr: Address = { address, port: u.port, family: h.base.family! };
      if (u.scheme === 'stun') {
        const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, this.tid());
        b.addFingerprint();
        const data = b.build();
        this.tx.start(this.now, b.transactionId, data, serverAddr, { kind: 'stun', local: h, url }, { rto: 500, maxSends: 5, finalMultiplier: 4 });
        this.transmits.push({ from: h.base, to: serverAddr, data });
        this.pendingGather++;
      } else {
        const turn = new TurnClient({
          components: this.c,
          server: serverAddr,
          url,
          username: server.username ?? '',
          password: server.credential ?? '',
          transport: 'udp',
        });
        const entry: LocalCand = { candidate: undefined as unknown as IceCandidate, base: h.base, turn, relayProtocol: 'udp' };
        this.turns.push(entry);
        turn.allocate(this.now);
        this.pendingGather++;
        this.drainTurn(entry);
      }
    }
  }

  /** TURN over TCP (`turn:…?transport=tcp`) or TLS (`turns:`): ask the driver for a stream, allocate once it is open. */
  private startStreamTurn(u: IceServerUrl, server: IceServer, serverAddr: Address): void {
    const id = this.nextStreamId++;
    const transport = u.transport === 'tls' ? 'tls' : 'tcp';
    const turn = new TurnClient({
      components: this.c,
      server: serverAddr,
      url: u.url,
      username: server.username ?? '',
      password: server.credential ?? '',
      transport,
    });
    const entry: LocalCand = {
      candidate: undefined as unknown as IceCandidate,
      base: { address: serverAddr.family === 'IPv6' ? '::' : '0.0.0.0', port: 0, family: serverAddr.family! },
      turn,
      relayProtocol: transport,
      stream: { id, open: false, openDeadline: this.now + (this.o.streamOpenTimeout ?? 10_000) },
    };
    this.turns.push(entry);
    this.streams.set(id, entry);
    this.pendingGather++;
    this.streamCommands.push({ type: 'open', id, transport, to: { address: serverAddr.address, port: serverAddr.port }, servername: u.host });
  }

  /**
   * Runs an injected resolver. Synchronous answers are applied at once;
   * asynchronous ones are queued and applied at the next `handleTimeout`
   * (sans-IO: state changes only inside calls that carry `now`).
   */
  private resolveName(name: string, resolver: IceResolver | undefined, done: (addrs: string[]) => void): void {
    const clean = (list: readonly string[] | undefined): string[] => {
      const out: string[] = [];
      if (Array.isArray(list)) for (const a of list) if (typeof a === 'string' && ipFamily(a)) out.push(canonicalIp(a));
      return out;
    };
    if (!resolver) {
      done([]);
      return;
    }
    let r: readonly string[] | PromiseLike<readonly string[]>;
    try {
      r = resolver(name);
    } catch {
      done([]);
      return;
    }
    if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<readonly string[]>).then === 'function' && !Array.isArray(r)) {
      if (this.settled.length + this.resolving >= 256) {
        done([]);
        return;
      }
      this.resolving++;
      const settle = (list: readonly string[] | undefined) => {
        this.resolving--;
        this.settled.push(() => done(clean(list)));
        this.o.onWake?.();
      };
      (r as PromiseLike<readonly string[]>).then(settle, () => settle(undefined));
      return;
    }
    done(clean(r as readonly string[]));
  }

  private addLocal(p: { type: CandidateType; address: string; port: number; localPref: number; base: Address; related?: Address; server?: string; turn?: TurnClient; relayProtocol?: 'udp' | 'tcp' | 'tls' }): LocalCand | undefined {
    for (const l of this.locals) {
      if (l.candidate.type === p.type && l.candidate.address === p.address && l.candidate.port === p.port && l.base.address === p.base.address && l.base.port === p.base.port) return undefined;
    }
    const candidate: IceCandidate = {
      foundation: computeFoundation(p.type, p.base.address, 'udp', p.server),
      component: 1,
      protocol: 'udp',
      priority: candidatePriority(p.type, p.localPref),
      address: p.address,
      port: p.port,
      type: p.type,
      usernameFragment: this.creds.localUfrag,
    };
    if (p.relayProtocol) candidate.relayProtocol = p.relayProtocol;
    if (p.related) {
      candidate.relatedAddress = p.related.address;
      candidate.relatedPort = p.related.port;
    }
    const l: LocalCand = { candidate, base: p.base };
    if (p.turn) l.turn = p.turn;
    this.locals.push(l);
    if (p.type !== 'prflx' && this.announceable(l)) {
      this.events.push({ type: 'candidate', candidate: { ...candidate } });
      for (const r of this.remotes) this.addPair(l, r);
      this.scheduleChecks();
    }
    return l;
  }

  private localPrefOf(base: Address): number {
    const h = this.locals.find((l) => l.candidate.type === 'host' && l.base.address === base.address && l.base.port === base.port);
    return h ? (h.candidate.priority >>> 8) & 0xffff : 0;
  }

  private finishGatheringIfDone(): void {
    if (this.gatheringState === 'gathering' && this.pendingGather === 0) {
      this.events.push({ type: 'end-of-candidates' });
      this.setGathering('complete');
      this.updateState();
    }
  }

  private candidateError(url: string, errorCode: number, errorText: string, base: Address | null): void {
    this.events.push({ type: 'candidate-error', error: { url, errorCode, errorText, address: base?.address ?? null, port: base?.port ?? null } });
  }

  private drainTurn(entry: LocalCand): void {
    const turn = entry.turn!;
    this.drainTurnTransmits(entry);
    for (let e = turn.pollEvent(); e; e = turn.pollEvent()) {
      switch (e.type) {
        case 'allocated': {
          this.pendingGather--;
          const stream = entry.stream !== undefined;
          // RFC 8445 §5.1.2.1 local preference; relays reached over TCP / TLS rank below UDP ones, as browsers do.
          const hostPref = stream ? this.bestHostPref(e.relayed.family) : this.localPrefOf(entry.base);
          const localPref = entry.relayProtocol === 'tls' ? hostPref >> 2 : entry.relayProtocol === 'tcp' ? hostPref >> 1 : hostPref;
          // A server-reflexive address seen over TCP says nothing about UDP mappings: only UDP allocations yield srflx.
          if (e.mapped && !stream && this.o.iceTransportPolicy !== 'relay') {
            this.addLocal({ type: 'srflx', address: e.mapped.address, port: e.mapped.port, localPref, base: entry.base, related: entry.base, server: turn.server.address });
          }
          const relayBase = stream ? { address: e.relayed.address, port: e.relayed.port, family: e.relayed.family } : entry.base;
          const relay = this.addLocal({ type: 'relay', address: e.relayed.address, port: e.relayed.port, localPref, base: relayBase, related: e.mapped ?? entry.base, server: `${turn.server.address}/${entry.relayProtocol ?? 'udp'}`, turn, relayProtocol: entry.relayProtocol ?? 'udp' });
          if (relay) {
            entry.candidate = relay.candidate;
            relay.relayProtocol = entry.relayProtocol;
            if (entry.stream) relay.stream = entry.stream;
            for (const r of this.remotes) if (ipFamily(r.address) === e.relayed.family) turn.createPermission(this.now, r.address);
          }
          this.finishGatheringIfDone();
          break;
        }
        case 'error':
          this.candidateError(e.error.url, e.error.errorCode, e.error.errorText, entry.base.port !== 0 ? entry.base : null);
          if (e.fatal && turn.relayed === undefined) {
            this.pendingGather--;
            this.finishGatheringIfDone();
          }
          if (e.fatal) this.relayLost(entry);
          break;
        case 'data': {
          const relay = this.locals.find((l) => l.turn === turn && l.candidate.type === 'relay');
          if (relay) this.receive(e.data, { address: e.peer.address, port: e.peer.port, family: e.peer.family }, relay);
          break;
        }
        default:
          break;
      }
    }
    this.drainTurnTransmits(entry);
  }

  private bestHostPref(family: 'IPv4' | 'IPv6'): number {
    let best = 0;
    for (const l of this.locals) if (l.candidate.type === 'host' && l.base.family === family) best = Math.max(best, (l.candidate.priority >>> 8) & 0xffff);
    return best || (family === 'IPv6' ? 65535 : 32767);
  }

  /** A TURN allocation is gone (fatal error or its stream closed): its relay candidate's pairs fail. */
  private relayLost(entry: LocalCand): void {
    if (entry.stream && !entry.stream.closed) {
      entry.stream.closed = true;
      this.streamCommands.push({ type: 'close', id: entry.stream.id });
    }
    const relay = this.locals.find((l) => l.turn === entry.turn && l.candidate.type === 'relay');
    if (!relay) return;
    for (const p of this.pairs) if (p.local === relay && p.state !== 'failed') this.failPair(p);
  }

  // ───────────────────────────── streams (TURN over TCP/TLS) ─────────────────────────────

  /** Next stream request for the driver (open / write / close), in order. */
  pollStreamCommand(): IceStreamCommand | undefined {
    return this.streamCommands.shift();
  }

  /**
   * The driver's stream `id` is connected (and, for TLS, the handshake is
   * done): the allocation starts. `local` (the connection's local address)
   * is reported in `candidate-error` events of this server.
   */
  handleStreamOpen(now: number, id: number, local?: Address): void {
    this.clamp(now);
    const entry = this.streams.get(id);
    if (!entry || this.closed || entry.stream!.open || entry.stream!.closed) return;
    entry.stream!.open = true;
    if (local && ipFamily(local.address)) entry.base = { address: canonicalIp(local.address), port: local.port, family: ipFamily(local.address)! };
    entry.turn!.allocate(this.now);
    this.drainTurn(entry);
    this.updateState();
  }

  /** Bytes received on stream `id`, in any split (RFC 8656 §12.5 framing is undone by the TURN client). Borrowed for the call. */
  handleStreamData(now: number, id: number, bytes: Uint8Array): void {
    this.clamp(now);
    const entry = this.streams.get(id);
    if (!entry || this.closed || !entry.stream!.open || entry.stream!.closed) {
      this.stats.dropped++;
      return;
    }
    entry.turn!.handle(this.now, bytes);
    this.drainTurn(entry);
    this.updateState();
  }

  /**
   * Stream `id` closed or could not be opened. Before the allocation this is a
   * 701 `candidate-error`; afterwards the allocation is gone (RFC 8656 §3.1:
   * over TCP the allocation lives as long as the connection).
   */
  handleStreamClosed(now: number, id: number, reason?: string): void {
    this.clamp(now);
    const entry = this.streams.get(id);
    if (!entry || this.closed || entry.stream!.closed) return;
    entry.stream!.closed = true;
    const turn = entry.turn!;
    const pending = turn.relayed === undefined && turn.state !== 'failed';
    turn.close(this.now);
    while (turn.pollTransmit()) { /* nothing can be sent on a closed stream */ }
    while (turn.pollEvent()) { /* closed */ }
    if (pending) {
      this.candidateError(turn.url, 701, reason ?? 'TURN server connection failed', null);
      this.pendingGather--;
      this.finishGatheringIfDone();
    }
    this.relayLost(entry);
    this.updateState();
  }

  // ───────────────────────────── remote candidates ─────────────────────────────

  /**
   * Adds a remote candidate (trickled or from SDP), before, during or after
   * checks (RFC 8838 §11). `.local` names are resolved through the
   * `mdnsResolver` option, or else an `mdns-query` event answered with {@link resolveMdns}.
   */
  addRemoteCandidate(now: number, c: IceCandidate): void {
    this.clamp(now);
    if (this.closed || c.component !== 1 || c.protocol !== 'udp') return;
    if (c.usernameFragment !== undefined && this.creds.remoteUfrag !== undefined && c.usernameFragment !== this.creds.remoteUfrag) return;
    if (isMdnsName(c.address)) {
      // draft-ietf-mmusic-mdns-ice-candidates §3.2.1: resolve the name, then treat the candidate as usual.
      const name = c.address.toLowerCase();
      const list = this.pendingMdns.get(name);
      if (list) {
        if (list.length < 8) list.push(c);
        return;
      }
      if (this.pendingMdns.size >= 64) {
        this.stats.dropped++;
        return;
      }
      this.pendingMdns.set(name, [c]);
      if (this.o.mdnsResolver) this.resolveName(name, this.o.mdnsResolver, (addrs) => this.applyMdns(name, addrs[0]));
      else this.events.push({ type: 'mdns-query', hostname: name });
      return;
    }
    if (!ipFamily(c.address)) return;
    this.addRemote({ ...c, address: canonicalIp(c.address) });
    this.updateState();
  }

  /** Feeds the answer of an `mdns-query` (undefined: not resolvable, the candidates are dropped). */
  resolveMdns(now: number, hostname: string, address: string | undefined): void {
    this.clamp(now);
    this.applyMdns(hostname.toLowerCase(), address);
  }

  private applyMdns(name: string, address: string | undefined): void {
    const list = this.pendingMdns.get(name);
    if (!list) return;
    this.pendingMdns.delete(name);
    if (this.closed || address === undefined || !ipFamily(address)) {
      this.stats.dropped += list.length;
      return;
    }
    for (const c of list) {
      // A candidate of a previous remote generation (an ICE restart happened meanwhile) is stale.
      if (c.usernameFragment !== undefined && this.creds.remoteUfrag !== undefined && c.usernameFragment !== this.creds.remoteUfrag) continue;
      this.addRemote({ ...c, address: canonicalIp(address) });
    }
    this.updateState();
  }

  /** The remote signalled end-of-candidates (RFC 8838 §13). */
  addRemoteEndOfCandidates(now: number): void {
    this.clamp(now);
    this.remoteEoc = true;
    this.updateState();
  }

  private addRemote(c: IceCandidate): IceCandidate | undefined {
    const existing = this.remotes.find((r) => r.address === c.address && r.port === c.port);
    if (existing) {
      // A signalled candidate replaces a peer-reflexive one learnt earlier (RFC 8445 §7.3.1.3 / 8838).
      if (existing.type === 'prflx' && c.type !== 'prflx') {
        existing.type = c.type;
        existing.foundation = c.foundation;
        existing.priority = c.priority;
      }
      return existing;
    }
    if (this.remotes.length >= (this.o.maxRemoteCandidates ?? 64)) {
      this.stats.dropped++;
      return undefined;
    }
    const r = { ...c };
    this.remotes.push(r);
    for (const l of this.locals) this.addPair(l, r);
    // Relayed candidates need a permission for each peer (RFC 8656 §9).
    for (const t of this.turns) if (t.turn?.allocated && ipFamily(r.address) === t.turn.relayed?.family) t.turn.createPermission(this.now, r.address);
    this.scheduleChecks();
    return r;
  }

  // ───────────────────────────── pairs ─────────────────────────────

  private addPair(l: LocalCand, r: IceCandidate): Pair | undefined {
    if (!this.announceable(l) && l.candidate.type !== 'prflx') return undefined;
    if (l.candidate.type === 'prflx' || l.candidate.type === 'srflx') return undefined; // RFC 8445 §6.1.2.4: pair from the base instead
    if (ipFamily(l.candidate.address) !== ipFamily(r.address)) return undefined;
    if (l.candidate.type === 'host' && !reachableHost(l.candidate.address, r.address)) return undefined;
    if (l.candidate.type === 'relay' && (!l.turn || l.turn.state === 'failed' || l.turn.state === 'closed' || l.stream?.closed)) return undefined;
    const found = this.pairs.find((p) => p.local === l && p.remote === r);
    if (found) return found;
    if (this.pairs.length >= (this.o.maxPairs ?? 256)) {
      this.stats.dropped++;
      return undefined;
    }
    const p: Pair = {
      local: l,
      remote: r,
      priority: 0n,
      state: 'frozen',
      foundation: `${l.candidate.foundation}:${r.foundation}`,
      nominated: false,
      nominateOnSuccess: false,
      creds: this.creds,
      lastReceived: -Infinity,
      lastConsent: -Infinity,
      nextConsentAt: Infinity,
      failedAt: Infinity,
      checkedByPeer: false,
      checkTx: undefined,
      data: { packetsSent: 0, bytesSent: 0, packetsReceived: 0, bytesReceived: 0, lastSentAt: undefined, lastReceivedAt: undefined },
      checks: {
        requestsSent: 0, consentRequestsSent: 0, requestsReceived: 0, responsesSent: 0, responsesReceived: 0,
        totalRoundTripTimeMs: 0, currentRoundTripTimeMs: undefined, roundTripTimeMeasurements: 0,
      },
    };
    this.setPriority(p);
    this.pairs.push(p);
    this.sortPairs();
    // RFC 8445 §6.1.2.6: one pair per foundation starts Waiting.
    if (!this.pairs.some((q) => q !== p && q.foundation === p.foundation && q.state !== 'failed' && q.creds === this.creds)) p.state = 'waiting';
    this.allFailedSince = Infinity;
    return p;
  }

  private setPriority(p: Pair): void {
    const lp = p.local.candidate.priority;
    p.priority = this.role === 'controlling' ? pairPriority(lp, p.remote.priority) : pairPriority(p.remote.priority, lp);
  }

  private sortPairs(): void {
    this.pairs.sort((a, b) => (a.priority > b.priority ? -1 : a.priority < b.priority ? 1 : 0));
  }

  private scheduleChecks(): void {
    if (this.nextCheckAt === Infinity) this.nextCheckAt = this.now;
  }

  private tid(): Uint8Array {
    const t = new Uint8Array(12);
    this.c.random(t);
    return t;
  }

  /** RFC 8445 §6.1.4.2: triggered queue first, then the best Waiting pair, else unfreeze one. */
  private nextPairToCheck(): Pair | undefined {
    while (this.triggered.length > 0) {
      const p = this.triggered.shift()!;
      if (this.pairs.includes(p) && p.state !== 'succeeded' && p.state !== 'in-progress') return p;
      if (this.pairs.includes(p) && p.state === 'succeeded' && this.role === 'controlling' && p.nominateOnSuccess) return p;
    }
    const waiting = this.pairs.find((p) => p.state === 'waiting' && p.creds === this.creds);
    if (waiting) return waiting;
    const busy = new Set(this.pairs.filter((p) => p.state === 'waiting' || p.state === 'in-progress').map((p) => p.foundation));
    const frozen = this.pairs.find((p) => p.state === 'frozen' && p.creds === this.creds && !busy.has(p.foundation));
    return frozen ?? this.pairs.find((p) => p.state === 'frozen' && p.creds === this.creds);
  }

  private sendCheck(p: Pair, useCandidate: boolean, consent: boolean): void {
    const cr = p.creds;
    if (!cr.remoteUfrag || !cr.remoteCred) return;
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, this.tid(), 128);
    b.addString(Attr.Username, `${cr.remoteUfrag}:${cr.localUfrag}`);
    // PRIORITY: what a peer-reflexive candidate learnt from this check would get (RFC 8445 §7.1.1).
    b.addUint32(Attr.Priority, candidatePriority('prflx', (p.local.candidate.priority >>> 8) & 0xffff));
    b.addBytes(this.role === 'controlling' ? Attr.IceControlling : Attr.IceControlled, this.tieBreaker);
    if (useCandidate && this.role === 'controlling') b.addFlag(Attr.UseCandidate);
    if (this.o.software) b.addString(Attr.Software, this.o.software);
    cr.remoteCred.sign(b);
    b.addFingerprint();
    const data = b.build();
    const rto = this.o.checkRto ?? 250;
    this.tx.start(this.now, b.transactionId, data, p.remote, { kind: 'check', pair: p, useCandidate, controlling: this.role === 'controlling', consent }, consent ? { rto: 1000, maxSends: 3, finalMultiplier: 2 } : { rto, maxRto: 1000, maxSends: 7, finalMultiplier: 2 });
    if (!consent) p.checkTx = b.transactionId;
    if (consent) p.checks.consentRequestsSent++;
    else p.checks.requestsSent++;
    this.stats.checksSent++;
    this.sendVia(p.local, p.remote, data);
  }

  private sendVia(l: LocalCand, to: Address, data: Uint8Array): void {
    if (l.candidate.type === 'relay' && l.turn) {
      l.turn.send(this.now, to, data);
      this.drainTurnTransmits(l);
    } else {
      this.transmits.push({ from: l.base, to: { address: to.address, port: to.port }, data });
    }
  }

  private drainTurnTransmits(l: LocalCand): void {
    const turn = l.turn!;
    const s = l.stream;
    if (s) {
      for (let t = turn.pollTransmit(); t; t = turn.pollTransmit()) if (s.open && !s.closed) this.streamCommands.push({ type: 'write', id: s.id, data: t.data });
      return;
    }
    for (let t = turn.pollTransmit(); t; t = turn.pollTransmit()) this.transmits.push({ from: l.base, to: t.to!, data: t.data });
  }

  // ───────────────────────────── input ─────────────────────────────

  /**
   * A datagram arrived from `from` on the local socket `local` (the base of a
   * host candidate; optional with a single socket per family). The bytes are
   * borrowed for the call only.
   */
  handle(now: number, data: Uint8Array, from: Address, local?: Address): void {
    this.clamp(now);
    if (this.closed) return;
    if (this.selectedData(data, from, local)) return;
    const fromAddr = { address: canonicalIp(from.address), port: from.port };
    // TURN server traffic on this socket?
    // A STUN server may share its address with a TURN server: answers to our own Binding requests are ours.
    const ownAnswer = data.length >= 20 && isStun(data) && this.tx.peek(data.subarray(8, 20)) !== undefined;
    for (const t of this.turns) {
      if (t.stream || ownAnswer) continue;
      const s = t.turn!.server;
      if (s.address === fromAddr.address && s.port === fromAddr.port && (!local || (t.base.address === canonicalIp(local.address) && t.base.port === local.port))) {
        t.turn!.handle(this.now, data);
        this.drainTurn(t);
        this.updateState();
        return;
      }
    }
    const via = this.hostFor(local, fromAddr);
    if (!via) {
      this.stats.dropped++;
      return;
    }
    this.receive(data, fromAddr, via);
    this.updateState();
  }

  /**
   * The common case, handled without allocating: application data (not
   * STUN) from the selected pair's remote address, received on the pair's
   * own host socket (RFC 8445 §11.1). Receiving it only refreshes the pair's
   * liveness, so the state can change only from 'disconnected'. Anything
   * else (another pair, relayed or unusual address forms) takes the full path.
   */
  private selectedData(data: Uint8Array, from: Address, local: Address | undefined): boolean {
    const p = this.selected;
    if (p === undefined || p.local.candidate.type !== 'host' || isStun(data)) return false;
    const r = p.remote;
    if (from.port !== r.port || from.address !== r.address) return false;
    const base = p.local.base;
    if (local !== undefined && (local.port !== base.port || local.address !== base.address)) return false;
    p.lastReceived = this.now;
    countReceived(p, data, this.now);
    this.pushData(data, r);
    if (this.state === 'disconnected') this.updateState();
    return true;
  }

  /** A `data` event (a copy of the bytes unless the caller opted out, see IceAgentOptions.copyData). */
  private pushData(data: Uint8Array, from: Address): void {
    this.events.push({ type: 'data', data: this.o.copyData === false ? data : data.slice(), from: { address: from.address, port: from.port } });
  }

  private hostFor(local: Address | undefined, from: Address): LocalCand | undefined {
    const fam = ipFamily(from.address);
    for (const l of this.locals) {
      if (l.candidate.type !== 'host') continue;
      if (local) {
        if (l.base.port === local.port && (l.base.address === canonicalIp(local.address) || local.address === '0.0.0.0' || local.address === '::')) {
          if (ipFamily(l.base.address) === fam) return l;
        }
      } else if (ipFamily(l.base.address) === fam) return l;
    }
    return undefined;
  }

  private receive(data: Uint8Array, from: Address, via: LocalCand): void {
    if (this.o.iceTransportPolicy === 'relay' && via.candidate.type !== 'relay') {
      // Relay-only: never answer on (and so never reveal) host addresses.
      this.stats.dropped++;
      return;
    }
    if (isStun(data)) {
      const msg = decodeStun(data);
      if (!msg || checkFingerprint(msg) === false) {
        this.stats.bogus++;
        return;
      }
      if (msg.method !== StunMethod.Binding) {
        this.stats.dropped++;
        return;
      }
      if (msg.class === StunClass.Request) this.onRequest(msg, from, via);
      else if (msg.class === StunClass.Success || msg.class === StunClass.Error) this.onResponse(msg, from, via);
      return;
    }
    // Application data: accept it on any valid pair with this remote (RFC 8445 §11.1), and on a pair
    // whose remote end sent us an authenticated check of the pair's generation that we answered: the
    // peer's own check succeeded and it may send at once (RFC 8445 §12.1: be prepared to receive on
    // any candidate provided), e.g. a DTLS ClientHello before our check on that pair completes.
    let p = this.pairs.find((q) => joins(q, via, from) && (q.state === 'succeeded' || q.checkedByPeer));
    if (!p) {
      const r = this.retiredPair;
      if (r && joins(r, via, from)) p = r;
      else {
        this.stats.dropped++;
        return;
      }
    }
    p.lastReceived = this.now;
    countReceived(p, data, this.now);
    this.pushData(data, from);
  }

  /**
   * RFC 8489 §9.1.3/§9.1.4: a response is signed with the integrity
   * attribute(s) the request carried — MESSAGE-INTEGRITY-SHA256 for a peer
   * that uses it (RFC 8489 §14.6), MESSAGE-INTEGRITY (HMAC-SHA1) otherwise, as
   * RFC 8445 §7.2.2 checks use.
   */
  private signLike(b: StunMessageBuilder, cred: StunCredential, msg: StunMessage): void {
    const sha256 = getAttribute(msg, Attr.MessageIntegritySha256) !== undefined;
    const sha1 = getAttribute(msg, Attr.MessageIntegrity) !== undefined;
    cred.sign(b, { sha1: sha1 || !sha256, sha256 });
  }

  private respondError(msg: StunMessage, from: Address, via: LocalCand, code: number, cred?: StunCredential, unknown?: number[]): void {
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Error, msg.transactionId, 96);
    addErrorCode(b, code);
    if (unknown) b.add(Attr.UnknownAttributes, encodeUnknownAttributes(unknown));
    if (cred) this.signLike(b, cred, msg);
    b.addFingerprint();
    this.sendVia(via, from, b.build());
  }

  /** RFC 8445 §7.3: an incoming Binding request. */
  private onRequest(msg: StunMessage, from: Address, via: LocalCand): void {
    // A check across the loopback boundary (see reachableHost) is left unanswered, so the peer
    // never validates, or nominates, a pair we cannot use; no state is kept for it.
    if (via.candidate.type === 'host' && !reachableHost(via.candidate.address, from.address)) {
      this.stats.dropped++;
      return;
    }
    const username = getText(msg, Attr.Username);
    const colon = username?.indexOf(':') ?? -1;
    const lfrag = colon > 0 ? username!.slice(0, colon) : undefined;
    const rfrag = colon > 0 ? username!.slice(colon + 1) : undefined;
    let creds: Creds | undefined;
    // USERNAME is "ours:theirs" (RFC 8445 §7.2.2). During a restart two generations live: the
    // previous one answers only checks wholly of that generation (consent on the old selected pair,
    // §9); the peer's part tells them apart while both share our ufrag (the peer restarted, we have
    // not answered yet). A pair of ufrags naming no generation we hold — our previous ufrag with the
    // peer's new one, or a peer ufrag we have not been signalled yet while we know its current one —
    // is a peer pairing its new candidates with our stale ones (or checking before its offer reached
    // us): answering would validate pairs we never check and the peer may nominate them, so 401 (§7.3).
    const prev = this.prevCreds !== this.creds ? this.prevCreds : undefined;
    const cur = this.creds;
    const wholeOld = prev !== undefined && lfrag === prev.localUfrag && (!rfrag || prev.remoteUfrag === undefined || rfrag === prev.remoteUfrag);
    if (lfrag === cur.localUfrag && !(wholeOld && rfrag !== cur.remoteUfrag)) {
      creds = cur;
      if (rfrag && cur.remoteUfrag !== undefined && rfrag !== cur.remoteUfrag) creds = undefined;
    } else if (wholeOld) creds = prev;
    if (!creds && lfrag !== undefined && (lfrag === cur.localUfrag || lfrag === prev?.localUfrag)) {
      this.stats.bogus++;
      this.respondError(msg, from, via, 401);
      return;
    }
    // MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.3: either authenticates a short-term request).
    const signed = getAttribute(msg, Attr.MessageIntegrity) !== undefined || getAttribute(msg, Attr.MessageIntegritySha256) !== undefined;
    if (!creds || !signed) {
      this.stats.bogus++;
      if (username === undefined || !signed) this.respondError(msg, from, via, 400);
      return;
    }
    if (creds.localCred.verify(msg) !== true) {
      this.stats.bogus++;
      this.respondError(msg, from, via, 401);
      return;
    }
    const unknown = unknownRequiredAttributes(msg);
    if (unknown.length > 0) {
      this.respondError(msg, from, via, 420, creds.localCred, unknown);
      return;
    }
    this.stats.checksReceived++;
    // RFC 8445 §7.3.1.1: role conflicts.
    const theirControlling = getAttribute(msg, Attr.IceControlling);
    const theirControlled = getAttribute(msg, Attr.IceControlled);
    if (this.role === 'controlling' && theirControlling && theirControlling.value.length === 8) {
      if (this.compareTieBreaker(theirControlling.value) >= 0) {
        this.stats.roleConflicts++;
        this.respondError(msg, from, via, 487, creds.localCred);
        return;
      }
      this.switchRole('controlled');
    } else if (this.role === 'controlled' && theirControlled && theirControlled.value.length === 8) {
      if (this.compareTieBreaker(theirControlled.value) >= 0) this.switchRole('controlling');
      else {
        this.stats.roleConflicts++;
        this.respondError(msg, from, via, 487, creds.localCred);
        return;
      }
    }
    // Success response with XOR-MAPPED-ADDRESS (RFC 8445 §7.3.1.2).
    const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Success, msg.transactionId, 96);
    addXorAddress(b, Attr.XorMappedAddress, from);
    this.signLike(b, creds.localCred, msg);
    b.addFingerprint();
    this.sendVia(via, from, b.build());
    if (creds !== this.creds) {
      // A check with the previous generation: consent for the old selected pair.
      const old = this.oldSelected;
      if (old && old.remote.address === from.address && old.remote.port === from.port) {
        old.lastReceived = this.now;
        countAnswered(old);
      }
      return;
    }
    // RFC 8445 §7.3.1.3: learn a peer-reflexive remote candidate.
    let remote = this.remotes.find((r) => r.address === from.address && r.port === from.port);
    if (!remote) {
      const prio = getUint32(msg, Attr.Priority);
      if (prio === undefined) return;
      remote = this.addRemote({
        foundation: computeFoundation('prflx', from.address, 'udp'),
        component: 1,
        protocol: 'udp',
        priority: prio,
        address: from.address,
        port: from.port,
        type: 'prflx',
      });
      if (!remote) return;
    }
    const pair = this.pairs.find((p) => p.local === via && p.remote === remote && p.creds === this.creds) ?? this.addPair(via, remote);
    if (!pair) return;
    countAnswered(pair);
    pair.lastReceived = this.now;
    pair.checkedByPeer = true;
    const useCandidate = getAttribute(msg, Attr.UseCandidate) !== undefined;
    // RFC 8445 §7.3.1.4: triggered checks. Succeeded: nothing to do. In-Progress: the ongoing
    // transaction is cancelled (no more retransmissions, no failure on its timeout, a late response
    // still counts) and a new check is triggered. Waiting, Frozen and Failed: a triggered check.
    if (pair.state === 'in-progress') {
      const entry = pair.checkTx && this.tx.peek(pair.checkTx);
      if (entry) this.tx.stopRetransmitting(entry, this.now);
      pair.checkTx = undefined;
    }
    if (pair.state !== 'succeeded' && !this.triggered.includes(pair)) {
      pair.state = 'waiting';
      this.triggered.push(pair);
      this.scheduleChecks();
    }
    // RFC 8445 §7.3.1.5: nomination by the controlling peer (regular or aggressive).
    if (useCandidate && this.role === 'controlled') {
      if (pair.state === 'succeeded') {
        pair.nominated = true;
        this.updateSelected();
      } else pair.nominateOnSuccess = true;
    }
  }

  private compareTieBreaker(theirs: Uint8Array): number {
    for (let i = 0; i < 8; i++) if (this.tieBreaker[i] !== theirs[i]) return this.tieBreaker[i]! - theirs[i]!;
    return 0;
  }

  private switchRole(role: IceRole): void {
    if (this.role === role) return;
    this.role = role;
    for (const p of this.pairs) this.setPriority(p);
    this.sortPairs();
    this.events.push({ type: 'role', role });
  }

  /** RFC 8445 §7.2.5: a response to one of our checks (or a STUN server's answer). */
  private onResponse(msg: StunMessage, from: Address, via: LocalCand): void {
    const entry = this.tx.peek(msg.transactionId);
    if (!entry) {
      this.stats.dropped++;
      return;
    }
    const ctx = entry.context;
    if (ctx.kind === 'stun') {
      this.tx.take(msg.transactionId);
      this.pendingGather--;
      const mapped = msg.class === StunClass.Success ? getXorAddress(msg, Attr.XorMappedAddress) : undefined;
      if (mapped) {
        if (this.o.iceTransportPolicy !== 'relay' && !(mapped.address === ctx.local.base.address && mapped.port === ctx.local.base.port)) {
          this.addLocal({ type: 'srflx', address: mapped.address, port: mapped.port, localPref: this.localPrefOf(ctx.local.base), base: ctx.local.base, related: ctx.local.base, server: entry.to?.address });
        }
      } else {
        const err = getErrorCode(msg);
        this.candidateError(ctx.url, err?.code ?? 700, err?.reason ?? 'Bad STUN response', ctx.local.base);
      }
      this.finishGatheringIfDone();
      return;
    }
    const p = ctx.pair;
    if (p.creds.remoteCred?.verify(msg) !== true) {
      this.stats.bogus++;
      return;
    }
    this.tx.take(msg.transactionId);
    if (!this.pairs.includes(p)) return;
    // Non-symmetric source (RFC 8445 §7.2.5.2.1).
    if (from.address !== p.remote.address || from.port !== p.remote.port || via !== p.local) {
      if (!ctx.consent) this.failPair(p);
      return;
    }
    if (msg.class === StunClass.Error) {
      const code = getErrorCode(msg)?.code;
      if (code === 487 && !ctx.consent) {
        // RFC 8445 §7.2.5.1: switch role if we have not already, and retry.
        this.switchRole(ctx.controlling ? 'controlled' : 'controlling');
        p.state = 'waiting';
        if (ctx.useCandidate) p.nominateOnSuccess = true;
        this.triggered.push(p);
        this.scheduleChecks();
      } else if (!ctx.consent) this.failPair(p);
      return;
    }
    p.lastReceived = this.now;
    countResponse(p, entry.sends === 1 ? this.now - entry.startedAt : undefined);
    if (ctx.consent) {
      p.lastConsent = this.now;
      if (this.consentLost) this.consentLost = false;
      return;
    }
    // Peer-reflexive local candidate (RFC 8445 §7.2.5.3.1); the pair stays on its base.
    const mapped = getXorAddress(msg, Attr.XorMappedAddress);
    if (mapped && !this.locals.some((l) => l.candidate.address === mapped.address && l.candidate.port === mapped.port)) {
      this.addLocal({ type: 'prflx', address: mapped.address, port: mapped.port, localPref: (p.local.candidate.priority >>> 8) & 0xffff, base: p.local.base });
    }
    p.state = 'succeeded';
    p.lastConsent = this.now;
    // Unfreeze pairs of the same foundation (RFC 8445 §7.2.5.3.3).
    for (const q of this.pairs) if (q.state === 'frozen' && q.foundation === p.foundation) q.state = 'waiting';
    if (ctx.useCandidate || (this.role === 'controlled' && p.nominateOnSuccess)) {
      p.nominated = true;
    } else if (this.role === 'controlling' && p.nominateOnSuccess) {
      // Nomination re-sent after a role conflict.
      p.nominateOnSuccess = false;
      this.triggered.unshift(p);
      this.scheduleChecks();
    }
    this.considerNomination();
    this.updateSelected();
  }

  private failPair(p: Pair): void {
    p.state = 'failed';
    p.failedAt = this.now;
    if (this.selected === p) {
      this.selected = undefined;
      this.updateSelected();
    }
  }

  /** Regular nomination (RFC 8445 §8.1.1) when controlling. */
  private considerNomination(): void {
    if (this.role !== 'controlling' || this.pairs.some((p) => p.nominated && p.creds === this.creds)) return;
    const live = this.pairs.filter((p) => p.state !== 'failed' && p.creds === this.creds);
    const best = live[0];
    if (best && best.state === 'succeeded') this.nominateAt = this.now;
    else if (live.some((p) => p.state === 'succeeded') && this.nominateAt === Infinity) this.nominateAt = this.now + (this.o.nominationDelay ?? 200);
  }

  private nominate(): void {
    this.nominateAt = Infinity;
    if (this.role !== 'controlling' || this.pairs.some((p) => p.nominated && p.creds === this.creds)) return;
    const best = this.pairs.find((p) => p.state === 'succeeded' && p.creds === this.creds);
    if (!best) return;
    this.sendCheck(best, true, false);
  }

  private updateSelected(): void {
    let best: Pair | undefined;
    for (const p of this.pairs) if (p.nominated && p.state === 'succeeded' && p.creds === this.creds && (!best || p.priority > best.priority)) best = p;
    if (!best || best === this.selected) return;
    // The pair data flowed on before a restart: the peer may go on sending there until its own
    // switch (the controlling side selects first; datagrams are in flight). Kept for receiving.
    if (this.oldSelected) this.retiredPair = this.oldSelected;
    this.selected = best;
    this.oldSelected = undefined;
    this.prevCreds = undefined;
    this.pairs = this.pairs.filter((p) => p.creds === this.creds);
    best.lastConsent = this.now;
    best.lastReceived = Math.max(best.lastReceived, this.now);
    best.nextConsentAt = this.now + this.consentJitter();
    this.consentLost = false;
    // Data on a relayed pair: a channel saves the 36-byte Send indication framing (RFC 8656 §12).
    if (best.local.candidate.type === 'relay' && best.local.turn?.allocated) {
      best.local.turn.bindChannel(this.now, best.remote);
      this.drainTurnTransmits(best.local);
    }
    this.events.push({ type: 'selected-pair', pair: this.pairInfo(best) });
  }

  private consentJitter(): number {
    const b = new Uint8Array(1);
    this.c.random(b);
    return (this.o.consentInterval ?? 2500) * (0.8 + (0.4 * b[0]!) / 255);
  }

  private pairInfo(p: Pair): CandidatePairInfo {
    return { local: { ...p.local.candidate }, remote: { ...p.remote } };
  }

  /** The selected pair (RTCIceTransport.getSelectedCandidatePair()). */
  getSelectedPair(): CandidatePairInfo | undefined {
    const p = this.selected ?? this.oldSelected;
    return p ? this.pairInfo(p) : undefined;
  }

  /** Local candidates gathered so far. */
  getLocalCandidates(): IceCandidate[] {
    return this.locals.filter((l) => l.candidate.type !== 'prflx' && this.announceable(l)).map((l) => ({ ...l.candidate }));
  }

  /** Remote candidates known (including peer-reflexive ones). */
  getRemoteCandidates(): IceCandidate[] {
    return this.remotes.map((r) => ({ ...r }));
  }

  /** Pairs and their states (diagnostics, RTCIceCandidatePairStats-like). */
  getPairs(): (CandidatePairInfo & { state: CandidatePairState; nominated: boolean; data: Readonly<PairDataCounters>; checks: Readonly<PairCheckCounters> })[] {
    return this.pairs.map((p) => ({ ...this.pairInfo(p), state: p.state, nominated: p.nominated, data: { ...p.data }, checks: { ...p.checks } }));
  }

  /** Sends application data on the selected pair; false when there is none. */
  send(now: number, data: Uint8Array): boolean {
    this.clamp(now);
    const p = this.selected ?? this.oldSelected;
    if (!p || this.closed || this.consentLost) return false;
    const d = p.data;
    d.packetsSent++;
    d.bytesSent += data.length;
    d.lastSentAt = this.now;
    this.sendVia(p.local, p.remote, data);
    return true;
  }

  // ───────────────────────────── time ─────────────────────────────

  private clamp(now: number): void {
    if (now > this.now) this.now = now;
  }

  /** Advances timers: pacing, retransmissions, nomination, consent, TURN refreshes. */
  handleTimeout(now: number): void {
    this.clamp(now);
    if (this.closed) return;
    // Answers of asynchronous resolvers (DNS, mDNS) that arrived since the last call.
    for (let f = this.settled.shift(); f; f = this.settled.shift()) f();
    this.tx.handleTimeout(this.now);
    for (let r = this.tx.pollRetransmit(); r; r = this.tx.pollRetransmit()) {
      const ctx = r.entry.context;
      if (ctx.kind === 'stun') this.transmits.push({ from: ctx.local.base, to: r.to!, data: r.data });
      else this.sendVia(ctx.pair.local, ctx.pair.remote, r.data);
    }
    for (let t = this.tx.pollTimedOut(); t; t = this.tx.pollTimedOut()) {
      const ctx = t.context;
      if (ctx.kind === 'stun') {
        this.pendingGather--;
        this.candidateError(ctx.url, 701, 'STUN server did not respond', ctx.local.base);
        this.finishGatheringIfDone();
      } else if (!ctx.consent && this.pairs.includes(ctx.pair) && (ctx.pair.state === 'in-progress' || ctx.useCandidate) && (ctx.pair.checkTx === undefined || equalBytes(ctx.pair.checkTx, t.transactionId))) {
        // RFC 8489 §6.2.1: the pair fails only once its current check has been sent Rc times and the final wait passed.
        this.failPair(ctx.pair);
        this.considerNomination();
      }
    }
    for (const t of this.turns) {
      if (t.stream && !t.stream.open && !t.stream.closed && this.now >= t.stream.openDeadline) {
        this.streamCommands.push({ type: 'close', id: t.stream.id });
        this.handleStreamClosed(this.now, t.stream.id, 'TURN server connection timed out');
        continue;
      }
      t.turn!.handleTimeout(this.now);
      this.drainTurn(t);
    }
    if (this.now >= this.nominateAt) this.nominate();
    // Ta pacing (RFC 8445 §6.1.4.2): one new check per Ta.
    if (this.now >= this.nextCheckAt) {
      const p = this.creds.remoteCred ? this.nextPairToCheck() : undefined;
      if (p) {
        const nominating = this.role === 'controlling' && p.nominateOnSuccess && p.state === 'succeeded';
        if (nominating) p.nominateOnSuccess = false;
        else p.state = 'in-progress';
        // Against an ICE-lite peer or when re-nominating after a conflict, USE-CANDIDATE rides along.
        this.sendCheck(p, nominating || (this.role === 'controlling' && p.nominateOnSuccess), false);
        this.nextCheckAt = this.now + (this.o.ta ?? 50);
      } else this.nextCheckAt = Infinity;
    }
    // Consent freshness on the selected pair (RFC 7675 §5.1).
    for (const p of [this.selected, this.oldSelected]) {
      if (p && this.now >= p.nextConsentAt && !this.consentLost) {
        this.sendCheck(p, false, true);
        p.nextConsentAt = this.now + this.consentJitter();
      }
    }
    if (this.selected && this.now - this.selected.lastConsent >= (this.o.consentTimeout ?? 30000)) {
      this.consentLost = true;
    }
    this.updateState();
  }

  /** Next transmission; `from` is the local socket to send it from. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** Next event. */
  pollEvent(): IceAgentEvent | undefined {
    return this.events.shift();
  }

  /** Earliest deadline (absolute ms). */
  pollTimeout(): number | undefined {
    if (this.closed) return undefined;
    if (this.settled.length > 0) return this.now;
    let t = this.tx.pollTimeout() ?? Infinity;
    t = Math.min(t, this.nextCheckAt, this.nominateAt);
    for (const x of this.turns) {
      t = Math.min(t, x.turn!.pollTimeout() ?? Infinity);
      if (x.stream && !x.stream.open && !x.stream.closed) t = Math.min(t, x.stream.openDeadline);
    }
    for (const p of [this.selected, this.oldSelected]) if (p && !this.consentLost) t = Math.min(t, p.nextConsentAt);
    if (this.selected && !this.consentLost) {
      const disc = this.selected.lastReceived + (this.o.disconnectedTimeout ?? 5000);
      if (disc > this.now) t = Math.min(t, disc);
      t = Math.min(t, this.selected.lastConsent + (this.o.consentTimeout ?? 30000));
    }
    if (this.allFailedSince !== Infinity && this.state !== 'failed') t = Math.min(t, this.allFailedSince + (this.o.failedGrace ?? 5000));
    return t === Infinity ? undefined : Math.max(t, this.now);
  }

  // ───────────────────────────── state ─────────────────────────────

  /** Recomputes RTCIceTransportState from facts (W3C webrtc-pc §5.6.4). */
  private updateState(): void {
    if (this.closed) return;
    let next: IceTransportState;
    // Pairs of the current generation (credentials): how many, how many failed, any still pending.
    let current = 0;
    let failed = 0;
    let pending = false;
    for (const p of this.pairs) {
      if (p.creds !== this.creds) continue;
      current++;
      if (p.state === 'failed') failed++;
      else if (p.state === 'waiting' || p.state === 'in-progress' || p.state === 'frozen') pending = true;
    }
    const allFailed = current > 0 && failed === current;
    if (allFailed && this.allFailedSince === Infinity) this.allFailedSince = this.now;
    if (!allFailed) this.allFailedSince = Infinity;
    const sel = this.selected ?? this.oldSelected;
    if (sel && this.consentLost) next = 'failed';
    else if (sel) {
      if (this.now - sel.lastReceived >= (this.o.disconnectedTimeout ?? 5000)) next = 'disconnected';
      else if (this.selected && this.remoteEoc && this.gatheringState === 'complete' && !pending) next = 'completed';
      else next = 'connected';
    } else if (allFailed && ((this.remoteEoc && this.gatheringState === 'complete') || this.now - this.allFailedSince >= (this.o.failedGrace ?? 5000))) {
      next = 'failed';
    } else if (current > 0 || this.remotes.length > 0) next = 'checking';
    else next = this.state === 'new' ? 'new' : this.state;
    if (next === 'completed' && this.state !== 'connected' && this.state !== 'completed') {
      // Browsers always pass through 'connected' on the way to 'completed'.
      this.state = 'connected';
      this.events.push({ type: 'state', state: 'connected' });
    }
    if (next !== this.state) {
      this.log.debug(`ice: ${this.state} -> ${next}`);
      this.state = next;
      this.events.push({ type: 'state', state: next });
    }
  }

  /** Stops everything (RTCIceTransport 'closed'); TURN allocations are released. */
  close(now: number): void {
    this.clamp(now);
    if (this.closed) return;
    for (const t of this.turns) {
      t.turn!.close(this.now);
      this.drainTurnTransmits(t);
      if (t.stream && !t.stream.closed) {
        // The Refresh (lifetime 0) goes first; closing the connection also ends the allocation (RFC 8656 §3.1).
        t.stream.closed = true;
        this.streamCommands.push({ type: 'close', id: t.stream.id });
      }
    }
    this.tx.cancel(() => true);
    this.closed = true;
    this.state = 'closed';
    this.events.push({ type: 'state', state: 'closed' });
  }
}
