/**
 * The transport binding: one bundled {@link PeerTransport} (ICE + DTLS + SCTP
 * + SRTP) and its driver behind the W3C objects of one RTCPeerConnection.
 *
 * It turns applied descriptions into transport calls (credentials, DTLS
 * role and fingerprints, remote candidates, ICE restarts), and the
 * transport's events into the W3C objects' slots and events, each in a
 * queued task in the order webrtc-pc gives:
 *
 * - §5.6.1 (RTCIceTransport): "began gathering" (gatheringstatechange, then
 *   icegatheringstatechange); each new candidate surfaced (icecandidate);
 *   "finished gathering a generation" (icecandidate with `candidate: ''`,
 *   a=end-of-candidates added to the local description), then a second task
 *   (gatheringstatechange, icegatheringstatechange, icecandidate null);
 *   "change the selected candidate pair and state" (selectedcandidatepairchange,
 *   statechange, iceconnectionstatechange, connectionstatechange, in one task).
 * - §5.5 (RTCDtlsTransport): statechange (error first when it failed), then
 *   "update the connection state" (§4.4.1) in its own task.
 * - §6.1.1.3 (RTCSctpTransport "connected procedure"): ids for waiting
 *   channels, [[MaxChannels]], statechange; the channels' `open` events in
 *   later tasks.
 * - §6.2 (RTCDataChannel): datachannel + open for the peer's channels,
 *   message, bufferedamountlow, closing, error, close.
 *
 * Aggregate states (RTCIceGatheringState, RTCIceConnectionState,
 * RTCPeerConnectionState) are derived from the W3C slots at the moment the
 * task runs (`states.ts`), exactly as the spec's "deriving a new state value".
 * No event fires after the connection is closed: close() clears the queue.
 */
import type { Address, Components } from '@purertc/common';
import { certificateFingerprint, type DtlsCertificate } from '@purertc/dtls';
import { parseCandidate, serializeCandidate, type IceCandidate, type IceServer } from '@purertc/ice';
import { parseSdp, type MediaSection, type SessionDescription } from '@purertc/sdp';
import { RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent, RTCDataChannelEvent, RTCErrorEvent } from './events.js';
import { INTERNAL, utf8Length } from './internal.js';
import { domException } from './webidl.js';
import { RTCError, type RTCErrorDetailType } from './RTCError.js';
import { RTCIceCandidate } from './RTCIceCandidate.js';
import { RTCIceCandidatePair } from './RTCIceCandidatePair.js';
import { iceTransportSlots, RTCIceTransport, type RTCIceGathererState, type RTCIceTransportState } from './RTCIceTransport.js';
import { dtlsTransportSlots, RTCDtlsTransport, type RTCDtlsTransportState } from './RTCDtlsTransport.js';
import { deriveMaxMessageSize, RTCSctpTransport, sctpTransportSlots } from './RTCSctpTransport.js';
import { PairStatsRecorder, pairKey } from './pair-stats.js';
import { buildStatsReport, type ChannelCounters } from './stats.js';
import type { RTCStatsReport } from './RTCStatsReport.js';
import { TaskQueue } from './task-queue.js';
import type { PeerTransportDriver, PeerTransportDriverOptions } from './transport/driver.js';
import type { PeerTransport, PeerTransportEvent } from './transport/peer-transport.js';
import {
  aggregateConnectionState,
  aggregateGatheringState,
  aggregateIceConnectionState,
  type RTCIceConnectionState,
  type RTCIceGatheringState,
  type RTCPeerConnectionState,
} from './transport/states.js';
import type { TransportChannel } from './transport/transport-channel.js';

/** A W3C data channel as the binding sees it (RTCDataChannel implements it through its slots). */
export interface BoundChannel {
  readonly label: string;
  readonly protocol: string;
  readonly ordered: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readonly negotiated: boolean;
  /** [[DataChannelId]] (null until the DTLS role is known). */
  id: number | null;
  /** [[ReadyState]]. */
  readyState: 'connecting' | 'open' | 'closing' | 'closed';
  /** [[BufferedAmount]]. */
  bufferedAmount: number;
  /** [[BufferedAmountLowThreshold]]. */
  readonly bufferedAmountLowThreshold: number;
  /** binaryType. */
  readonly binaryType: 'blob' | 'arraybuffer';
  /** The EventTarget events are fired at (the RTCDataChannel). */
  readonly target: EventTarget;
  /** "Announcing a data channel as closed" (readyState closed, removed from [[DataChannels]], `close` event). */
  announceClosed(): void;
}

/** What the binding needs from its RTCPeerConnection. */
export interface TransportBindingHost {
  /** The RTCPeerConnection: icecandidate, state change and datachannel events are fired at it. */
  readonly target: EventTarget;
  /** connection.[[IsClosed]]. */
  isClosed(): boolean;
  /**
   * "Surface the candidate": if the pending or current local description
   * represents the ICE generation of `ufrag`, add `a=<candidateLine>` (or
   * `a=end-of-candidates` when `candidateLine` is '') to its m= section at
   * `tag.sdpMLineIndex` and return true; otherwise false (the candidate
   * joins [[EarlyCandidates]]).
   */
  surfaceCandidate(candidateLine: string, ufrag: string, tag: { sdpMid: string | null; sdpMLineIndex: number }): boolean;
  /** The connection's data channels ([[DataChannels]]). */
  dataChannels(): Iterable<BoundChannel>;
  /** Creates an RTCDataChannel for a channel the peer opened, appended to [[DataChannels]], readyState 'open'. */
  createRemoteChannel(params: { label: string; protocol: string; ordered: boolean; maxRetransmits: number | null; maxPacketLifeTime: number | null; negotiated: boolean; id: number }): BoundChannel;
}

/** Options of a {@link TransportBinding}. */
export interface TransportBindingOptions {
  /** Our DTLS certificate (the connection's first RTCCertificate). */
  certificate: DtlsCertificate;
  iceServers?: IceServer[];
  iceTransportPolicy?: 'all' | 'relay';
  /** Host addresses (tests: loopback only). */
  includeLoopback?: boolean;
  ipv6?: boolean;
  addresses?: readonly string[];
  /** Our a=max-message-size (default 262144). */
  localMaxMessageSize?: number;
  /** Extra driver options (timers of the cores). */
  driver?: Partial<PeerTransportDriverOptions>;
  /** Creates the driver (default: the node:dgram driver, loaded on first use). */
  createDriver?: (o: PeerTransportDriverOptions) => Promise<PeerTransportDriver>;
  /** Crypto and randomness of the cores (default: node:crypto, loaded on first use). */
  components?: Components;
}

/** The ICE and DTLS facts of one applied description. */
export interface TransportDescription {
  ufrag: string | undefined;
  pwd: string | undefined;
  fingerprints: { algorithm: string; value: string }[];
  setup: 'actpass' | 'active' | 'passive' | 'holdconn' | undefined;
  candidates: IceCandidate[];
  endOfCandidates: boolean;
  /** The section carrying the data channels, if any (its a=max-message-size). */
  hasData: boolean;
  maxMessageSize: number | undefined;
  iceLite: boolean;
  /** The mid / index of the section the transport belongs to (the first bundled one). */
  mid: string | null;
  mLineIndex: number;
}

/**
 * The transport-level facts of a description: with BUNDLE every section
 * shares the transport of the group's first mid (RFC 8843 §7.1); without a
 * group (max-compat from a peer), the first section in use.
 */
export function transportDescription(sdp: SessionDescription): TransportDescription | undefined {
  const bundle = sdp.groups.find((g) => g.semantics === 'BUNDLE' && g.mids.length > 0);
  let index = -1;
  if (bundle) index = sdp.media.findIndex((m) => m.mid === bundle.mids[0] && m.port !== 0);
  if (index < 0) index = sdp.media.findIndex((m) => m.port !== 0);
  if (index < 0) return undefined;
  const m: MediaSection = sdp.media[index]!;
  const bundled = bundle ? sdp.media.filter((x) => x.mid !== undefined && bundle.mids.includes(x.mid) && x.port !== 0) : [m];
  const data = bundled.find((x) => x.kind === 'application' && x.protocol.includes('SCTP'));
  const candidates: IceCandidate[] = [];
  for (const c of m.candidates) {
    const parsed = parseCandidate(c.attribute);
    if (parsed && parsed.component === 1) candidates.push(parsed);
  }
  const setup = m.setup ?? sdp.setup;
  return {
    ufrag: m.iceUfrag ?? sdp.iceUfrag,
    pwd: m.icePwd ?? sdp.icePwd,
    fingerprints: m.fingerprints.length > 0 ? m.fingerprints : sdp.fingerprints,
    setup: setup as TransportDescription['setup'],
    candidates,
    endOfCandidates: m.endOfCandidates,
    hasData: data !== undefined,
    maxMessageSize: data?.maxMessageSize,
    iceLite: sdp.iceLite === true,
    mid: m.mid ?? null,
    mLineIndex: index,
  };
}

interface SelectedChange {
  kind: 'ice-change';
  state: RTCIceTransportState | undefined;
  pair: { local: IceCandidate; remote: IceCandidate } | null | undefined;
}

const utf8Decoder = new TextDecoder();

/**
 * What one channel may hold in [[BufferedAmount]] ([[MaxBufferSize]],
 * webrtc-pc §6.1.1.2 with this as canSendSize): 16 MiB, as browsers allow.
 */
export const MAX_BUFFER_SIZE = 16 * 1024 * 1024;

/** The W3C transports of one RTCPeerConnection and the run loop under them. */
export class TransportBinding {
  readonly iceTransport: RTCIceTransport;
  readonly dtlsTransport: RTCDtlsTransport;
  /** [[SctpTransport]], once an answer negotiated a data section. */
  sctpTransport: RTCSctpTransport | null = null;
  /** The driver, once the first description was applied. */
  driver: PeerTransportDriver | undefined;
  /** Counters of getStats(): per channel, and the connection's opened/closed totals. */
  readonly channelCounters = new Map<BoundChannel, ChannelCounters>();
  dataChannelsOpened = 0;
  dataChannelsClosed = 0;
  /** Per 5-tuple STUN and data counters (candidate-pair stats). */
  readonly pairStats = new PairStatsRecorder();

  private readonly host: TransportBindingHost;
  private readonly o: TransportBindingOptions;
  private readonly tasks = new TaskQueue();
  private creating: Promise<PeerTransportDriver> | undefined;
  private closed = false;
  private gatheringStarted = false;
  private iceGatheringValue: RTCIceGatheringState = 'new';
  private iceConnectionValue: RTCIceConnectionState = 'new';
  private connectionValue: RTCPeerConnectionState = 'new';
  private readonly byTransport = new Map<TransportChannel, BoundChannel>();
  private readonly toTransport = new Map<BoundChannel, TransportChannel>();
  /** Blob bytes counted in bufferedAmount but not yet handed to SCTP (webrtc-pc §6.2 send(), Blob). */
  private readonly pendingBlobBytes = new Map<BoundChannel, number>();
  /** Channels whose [[BufferedAmount]] is above what the transport still holds. */
  private readonly draining = new Set<BoundChannel>();
  private bufferedTaskQueued = false;
  private earlyCandidates: IceCandidate[] = [];
  private localUfrag: string | undefined;
  /** The m= section our candidates belong to (the first bundled one of the local description). */
  private localTag: { sdpMid: string | null; sdpMLineIndex: number } = { sdpMid: null, sdpMLineIndex: 0 };
  private remoteUfrag: string | undefined;
  private remoteMaxMessageSize = 65536;
  private remoteHasData = false;
  private selectedPairChanges = 0;
  private readonly localFingerprint: { algorithm: string; value: string };
  private remoteFingerprint: { algorithm: string; value: string } | undefined;
  private components: Components | undefined;
  private channelSeq = 0;

  /** `fingerprint`: our certificate's sha-256 fingerprint (RTCCertificate.getFingerprints()). */
  constructor(host: TransportBindingHost, options: TransportBindingOptions & { fingerprint: { algorithm: string; value: string } }) {
    this.host = host;
    this.o = options;
    this.iceTransport = new RTCIceTransport(INTERNAL);
    this.dtlsTransport = new RTCDtlsTransport(INTERNAL, this.iceTransport);
    this.localFingerprint = { algorithm: options.fingerprint.algorithm, value: options.fingerprint.value.toUpperCase() };
    this.components = options.components;
  }

  /** RTCPeerConnection.iceGatheringState (derived from the RTCIceTransport's slots). */
  get iceGatheringState(): RTCIceGatheringState {
    return this.iceGatheringValue;
  }
  /** RTCPeerConnection.iceConnectionState. */
  get iceConnectionState(): RTCIceConnectionState {
    return this.iceConnectionValue;
  }
  /** RTCPeerConnection.connectionState. */
  get connectionState(): RTCPeerConnectionState {
    return this.connectionValue;
  }
  /** The composite, once created. */
  get transport(): PeerTransport | undefined {
    return this.driver?.transport;
  }

  // ───────────────────────────── descriptions ─────────────────────────────

  private async ensureDriver(controlling: boolean, hasData: boolean): Promise<PeerTransportDriver> {
    if (this.driver) return this.driver;
    if (!this.creating) {
      const create = this.o.createDriver ?? (async (o: PeerTransportDriverOptions) => (await import('./transport/node.js')).PeerTransportDriver.create(o));
      const components = this.components;
      const ice: NonNullable<PeerTransportDriverOptions['ice']> = { ...this.o.driver?.ice };
      if (this.o.iceServers) ice.iceServers = this.o.iceServers;
      if (this.o.iceTransportPolicy) ice.iceTransportPolicy = this.o.iceTransportPolicy;
      if (this.localUfrag !== undefined) {
        ice.localUfrag = this.localUfrag;
        ice.localPwd = this.pendingLocalPwd;
      }
      const opts: PeerTransportDriverOptions = {
        ...this.o.driver,
        certificate: this.o.certificate,
        controlling,
        sctpEnabled: hasData,
        localMaxMessageSize: this.o.localMaxMessageSize ?? 262144,
        ice,
        onEvent: (e) => this.onEvent(e),
      };
      if (this.o.includeLoopback !== undefined) opts.includeLoopback = this.o.includeLoopback;
      if (this.o.ipv6 !== undefined) opts.ipv6 = this.o.ipv6;
      if (this.o.addresses !== undefined) opts.addresses = this.o.addresses;
      this.creating = (async () => {
        // The node:crypto provider is loaded with the node:dgram driver, so index.ts stays runtime-neutral.
        const c = components ?? await import('@purertc/common/node-crypto').then((m) => ({ crypto: m.nodeCrypto, random: m.nodeRandom }));
        this.components = c;
        opts.components = c;
        return create(opts);
      })();
    }
    const d = await this.creating;
    if (!this.driver) {
      this.driver = d;
      // Until ICE is active, the sockets alone do not hold the process open (see onEvent 'ice-state').
      d.keepAlive(false);
      const stats = this.pairStats;
      d.observer = {
        sent: (now, data, local, remote) => {
          stats.sent(now, data, local, remote);
          // Data went to the network: [[BufferedAmount]] goes down in a task.
          if (this.draining.size > 0) this.queueBufferedUpdate();
        },
        received: (now, data, local, remote) => stats.received(now, data, local, remote),
      };
      iceTransportSlots(this.iceTransport).role = controlling ? 'controlling' : 'controlled';
      if (this.closed) await d.close();
      else for (const ch of this.host.dataChannels()) this.attachChannel(ch);
    }
    return d;
  }
  private pendingLocalPwd: string | undefined;

  /**
   * A local description was applied (setLocalDescription). The first one
   * creates the transport (controlling when it is an offer) and starts
   * gathering; a new ufrag is an ICE restart with the credentials the offer
   * carries; an answer fixes our DTLS role from its a=setup.
   */
  async applyLocalDescription(type: 'offer' | 'answer' | 'pranswer', sdp: string): Promise<void> {
    const parsed = parseSdp(sdp);
    if (!parsed.ok || this.closed) return;
    const td = transportDescription(parsed.sdp);
    if (!td || td.ufrag === undefined || td.pwd === undefined) return;
    const first = this.driver === undefined && this.creating === undefined;
    if (first) {
      this.localUfrag = td.ufrag;
      this.pendingLocalPwd = td.pwd;
    }
    // ICE role (RFC 8445 §6.1.1): the offerer controls. A remote offer applied first makes us the answerer.
    const d = await this.ensureDriver(type === 'offer' && this.remoteUfrag === undefined, td.hasData || this.remoteHasData);
    if (this.closed) return;
    const pt = d.transport;
    const restart = pt.localIceParameters.usernameFragment !== td.ufrag;
    const deferred = this.deferred;
    this.deferred = [];
    d.act((t, now) => {
      for (const fn of deferred) fn(t, now);
      if (restart) t.restartIce(now, td.ufrag, td.pwd);
      if (type !== 'offer' && td.setup) {
        const role = roleFromAnswer(td.setup, true);
        if (role) t.setRemoteParameters(now, { dtlsRole: role });
      }
      if (!this.gatheringStarted) {
        this.gatheringStarted = true;
        t.startGathering(now);
      }
    });
    this.localUfrag = td.ufrag;
    this.localTag = { sdpMid: td.mid, sdpMLineIndex: td.mLineIndex };
    iceTransportSlots(this.iceTransport).localParameters = { usernameFragment: td.ufrag, password: td.pwd };
    if (type !== 'offer') this.afterAnswer(td);
    this.releaseEarlyCandidates();
  }

  /**
   * A remote description was applied (setRemoteDescription): the peer's
   * credentials (a new ufrag is a restart by the peer), fingerprints, DTLS
   * role from its answer, a=max-message-size and the candidates it carries.
   */
  async applyRemoteDescription(type: 'offer' | 'answer' | 'pranswer', sdp: string): Promise<void> {
    const parsed = parseSdp(sdp);
    if (!parsed.ok || this.closed) return;
    const td = transportDescription(parsed.sdp);
    if (!td || td.ufrag === undefined || td.pwd === undefined) return;
    this.remoteMaxMessageSize = td.maxMessageSize ?? 65536;
    this.remoteHasData ||= td.hasData;
    const restart = this.remoteUfrag !== undefined && this.remoteUfrag !== td.ufrag;
    this.remoteUfrag = td.ufrag;
    const s = iceTransportSlots(this.iceTransport);
    if (restart) s.remoteCandidates = [];
    s.remoteParameters = { usernameFragment: td.ufrag, password: td.pwd };
    this.run((t, now) => {
      const p: Parameters<PeerTransport['setRemoteParameters']>[1] = {
        iceUfrag: td.ufrag!,
        icePwd: td.pwd!,
        fingerprints: td.fingerprints.map((f) => ({ algorithm: f.algorithm.toLowerCase(), value: f.value })) as never,
        maxMessageSize: this.remoteMaxMessageSize,
      };
      if (type !== 'offer' && td.setup) {
        const role = roleFromAnswer(td.setup, false);
        if (role) p.dtlsRole = role;
      }
      t.setRemoteParameters(now, p);
      for (const c of td.candidates) t.addRemoteCandidate(now, c);
      if (td.endOfCandidates) t.addRemoteEndOfCandidates(now);
    });
    for (const c of td.candidates) s.remoteCandidates.push(this.remoteCandidateObject(c, td));
    if (type !== 'offer') this.afterAnswer(td);
  }

  /**
   * Runs a call on the transport now, or, before the first local description
   * created it (we answer: our credentials come with our answer), once it exists.
   */
  private run(fn: (t: PeerTransport, now: number) => void): void {
    if (this.driver) this.driver.act(fn);
    else this.deferred.push(fn);
  }
  private deferred: ((t: PeerTransport, now: number) => void)[] = [];

  /** An answer negotiated the data section: [[SctpTransport]] and its max message size (webrtc-pc §4.4.1.6). */
  private afterAnswer(td: TransportDescription): void {
    if (!td.hasData) return;
    if (!this.sctpTransport) this.sctpTransport = new RTCSctpTransport(INTERNAL, this.dtlsTransport, 'connecting');
    // "Update the data max message size", with our send buffer (MAX_BUFFER_SIZE) as canSendSize.
    sctpTransportSlots(this.sctpTransport).maxMessageSize = deriveMaxMessageSize(this.remoteMaxMessageSize, MAX_BUFFER_SIZE);
  }

  private remoteCandidateObject(c: IceCandidate, td: { mid: string | null; mLineIndex: number }): RTCIceCandidate {
    return new RTCIceCandidate({ candidate: serializeCandidate(c), sdpMid: td.mid, sdpMLineIndex: td.mLineIndex, usernameFragment: c.usernameFragment ?? this.remoteUfrag ?? null });
  }

  /**
   * addIceCandidate(): a remote candidate (or, with an empty `candidate`,
   * the peer's end-of-candidates). Returns false when the text does not parse
   * (the caller rejects with OperationError).
   */
  addRemoteCandidate(init: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null; usernameFragment: string | null }): boolean {
    if (this.closed) return true;
    if (init.candidate === '') {
      this.run((t, now) => t.addRemoteEndOfCandidates(now));
      return true;
    }
    const c = parseCandidate(init.candidate);
    if (!c) return false;
    if (c.component !== 1) return true; // RTCP candidates: rtcp-mux is required, nothing to do
    if (init.usernameFragment !== null && c.usernameFragment === undefined) c.usernameFragment = init.usernameFragment;
    this.run((t, now) => t.addRemoteCandidate(now, c));
    iceTransportSlots(this.iceTransport).remoteCandidates.push(
      new RTCIceCandidate({ candidate: init.candidate, sdpMid: init.sdpMid, sdpMLineIndex: init.sdpMLineIndex, usernameFragment: init.usernameFragment ?? this.remoteUfrag ?? null }),
    );
    return true;
  }

  /** "Release early candidates" (webrtc-pc §5.6.1): candidates gathered before a description represented their generation. */
  releaseEarlyCandidates(): void {
    const early = this.earlyCandidates;
    this.earlyCandidates = [];
    for (const c of early) this.tasks.queue(() => this.surface(c));
  }

  // ───────────────────────────── data channels ─────────────────────────────

  /** Gives a channel its underlying data transport (createDataChannel, or when the transport is created). */
  attachChannel(ch: BoundChannel): void {
    const d = this.driver;
    if (!d || this.closed || this.toTransport.has(ch) || ch.readyState === 'closed') return;
    const init: Parameters<PeerTransport['createDataChannel']>[1] = { label: ch.label, protocol: ch.protocol, ordered: ch.ordered, negotiated: ch.negotiated };
    if (ch.maxRetransmits !== null) init.maxRetransmits = ch.maxRetransmits;
    if (ch.maxPacketLifeTime !== null) init.maxPacketLifeTime = ch.maxPacketLifeTime;
    if (ch.id !== null) init.id = ch.id;
    const tc = d.act((t, now) => t.createDataChannel(now, init));
    tc.owner = ch;
    this.byTransport.set(tc, ch);
    this.toTransport.set(ch, tc);
    this.channelCounters.set(ch, this.newCounters());
    if (tc.id !== null) ch.id = tc.id;
  }

  private newCounters(): ChannelCounters {
    return { statsId: `D${this.channelSeq++}`, messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 };
  }
  private countersFor(ch: BoundChannel): ChannelCounters {
    const c = this.newCounters();
    this.channelCounters.set(ch, c);
    return c;
  }

  /** The remote a=max-message-size limit send() checks ([[MaxMessageSize]]); Infinity when none. */
  get maxMessageSize(): number {
    return this.sctpTransport ? (sctpTransportSlots(this.sctpTransport).maxMessageSize ?? 65536) : deriveMaxMessageSize(this.remoteMaxMessageSize, MAX_BUFFER_SIZE);
  }

  /**
   * RTCDataChannel.send() (webrtc-pc §6.2), from its argument check on:
   * InvalidStateError unless open; the data as UTF-8 (string), a copy of the
   * bytes (ArrayBuffer, ArrayBufferView) or the Blob's bytes read
   * asynchronously but queued in call order; TypeError above
   * [[MaxMessageSize]]; OperationError when [[BufferedAmount]] would exceed
   * [[MaxBufferSize]]; then [[BufferedAmount]] grows synchronously.
   */
  sendMessage(ch: BoundChannel, data: unknown): void {
    let payload: string | Uint8Array | Blob;
    let size: number;
    if (typeof data === 'string') {
      payload = data;
      size = utf8Length(data);
    } else if (data instanceof ArrayBuffer) {
      payload = new Uint8Array(data.slice(0));
      size = payload.byteLength;
    } else if (ArrayBuffer.isView(data)) {
      payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      size = payload.byteLength;
    } else if (typeof Blob !== 'undefined' && data instanceof Blob) {
      payload = data;
      size = data.size;
    } else if (data === null || data === undefined || typeof data === 'object' || typeof data === 'function') {
      throw new TypeError("Failed to execute 'send' on 'RTCDataChannel': The provided value is not of type '(ArrayBuffer or ArrayBufferView or Blob or USVString)'.");
    } else {
      payload = String(data);
      size = utf8Length(payload);
    }
    if (ch.readyState !== 'open') throw domException('InvalidStateError', `RTCDataChannel.readyState is not 'open'`);
    const max = this.maxMessageSize;
    if (size > max) throw new TypeError(`Failed to execute 'send' on 'RTCDataChannel': message of ${size} bytes exceeds the maximum message size ${max}`);
    if (ch.bufferedAmount + size > MAX_BUFFER_SIZE) throw domException('OperationError', `RTCDataChannel send queue is full (${MAX_BUFFER_SIZE} bytes)`);
    ch.bufferedAmount += size;
    const chain = this.blobChains.get(ch);
    if (payload instanceof Blob || chain) {
      // Blob bytes arrive asynchronously; everything sent after a Blob waits behind it (same order as send()).
      this.holdBlobBytes(ch, size);
      const p = payload;
      const next = (chain ?? Promise.resolve())
        .then(() => (p instanceof Blob ? p.arrayBuffer().then((b) => new Uint8Array(b)) : p))
        .then(
          (bytes) => {
            this.releaseBlobBytes(ch, size);
            if (ch.readyState === 'open' && !this.closed) this.send(ch, bytes, size);
          },
          () => this.releaseBlobBytes(ch, size),
        );
      this.blobChains.set(ch, next);
      void next.then(() => {
        if (this.blobChains.get(ch) === next) this.blobChains.delete(ch);
      });
      return;
    }
    this.send(ch, payload, size);
  }
  private readonly blobChains = new Map<BoundChannel, Promise<void>>();

  /**
   * Sends a message on an open channel. The caller has already added its
   * size to [[BufferedAmount]]; `data` is sent as a string message (PPID 51)
   * when it is a string, binary otherwise. Bytes are not copied.
   */
  send(ch: BoundChannel, data: string | Uint8Array, byteLength: number): void {
    const d = this.driver;
    const tc = this.toTransport.get(ch);
    if (!d || !tc) return;
    d.transport.sendData(d.now(), tc, data);
    d.scheduleFlush();
    const c = this.channelCounters.get(ch);
    if (c) {
      c.messagesSent++;
      c.bytesSent += byteLength;
    }
    this.draining.add(ch);
  }

  /** A Blob's size was added to [[BufferedAmount]]; its bytes come later through {@link send}. */
  holdBlobBytes(ch: BoundChannel, bytes: number): void {
    this.pendingBlobBytes.set(ch, (this.pendingBlobBytes.get(ch) ?? 0) + bytes);
  }
  /** The Blob's bytes were read (they are sent now, or dropped when the channel closed meanwhile). */
  releaseBlobBytes(ch: BoundChannel, bytes: number): void {
    const left = (this.pendingBlobBytes.get(ch) ?? 0) - bytes;
    if (left > 0) this.pendingBlobBytes.set(ch, left);
    else this.pendingBlobBytes.delete(ch);
    this.draining.add(ch);
    this.queueBufferedUpdate();
  }

  /** RTCDataChannel.close(): the closing procedure (RFC 8831 §6.7). */
  closeChannel(ch: BoundChannel): void {
    const d = this.driver;
    const tc = this.toTransport.get(ch);
    if (!d || !tc) {
      // No underlying data transport: closed at once, announced in a task.
      this.tasks.queue(() => {
        if (ch.readyState !== 'closed') ch.announceClosed();
      });
      return;
    }
    d.act((t, now) => t.closeDataChannel(now, tc));
  }

  /** Queues the task that lowers [[BufferedAmount]] to what is still queued (webrtc-pc §6.2: "as data goes to the network"). */
  private queueBufferedUpdate(): void {
    if (this.bufferedTaskQueued || this.draining.size === 0) return;
    this.bufferedTaskQueued = true;
    this.tasks.queue(() => {
      this.bufferedTaskQueued = false;
      const pt = this.transport;
      if (!pt || this.host.isClosed()) return;
      for (const ch of this.draining) {
        const tc = this.toTransport.get(ch);
        const still = (tc ? pt.bufferedAmount(tc) : 0) + (this.pendingBlobBytes.get(ch) ?? 0);
        const before = ch.bufferedAmount;
        if (still < before) {
          ch.bufferedAmount = still;
          // bufferedamountlow: the amount decreased from above the threshold to at or below it.
          if (before > ch.bufferedAmountLowThreshold && still <= ch.bufferedAmountLowThreshold && ch.readyState !== 'closed') {
            ch.target.dispatchEvent(new Event('bufferedamountlow'));
          }
        }
        if (ch.bufferedAmount === 0 || ch.readyState === 'closed') this.draining.delete(ch);
      }
    });
  }

  // ───────────────────────────── ICE restart and close ─────────────────────────────

  /**
   * close(): the transport closes (SCTP ABORT, DTLS close_notify, ICE
   * stopped), every socket and timer is released, the W3C transports go to
   * `closed` without events, queued tasks are dropped. Resolves when the
   * sockets are closed.
   */
  close(): Promise<void> {
    if (this.closed) return this.closing ?? Promise.resolve();
    this.closed = true;
    this.tasks.clear();
    iceTransportSlots(this.iceTransport).state = 'closed';
    iceTransportSlots(this.iceTransport).selectedPair = null;
    dtlsTransportSlots(this.dtlsTransport).state = 'closed';
    if (this.sctpTransport) sctpTransportSlots(this.sctpTransport).state = 'closed';
    this.iceConnectionValue = 'closed';
    this.connectionValue = 'closed';
    const d = this.driver;
    this.closing = d ? d.close() : this.creating ? this.creating.then((x) => x.close()) : Promise.resolve();
    return this.closing;
  }
  private closing: Promise<void> | undefined;

  // ───────────────────────────── stats ─────────────────────────────

  /** getStats(): the connection's RTCStatsReport (webrtc-stats). */
  getStats(): RTCStatsReport {
    const channels: { channel: BoundChannel; counters: ChannelCounters }[] = [];
    for (const ch of this.host.dataChannels()) {
      channels.push({ channel: ch, counters: this.channelCounters.get(ch) ?? this.countersFor(ch) });
    }
    const pt = this.transport;
    return buildStatsReport({
      now: performance.timeOrigin + performance.now(),
      clockToTimestamp: (ms: number) => performance.timeOrigin + ms,
      transport: pt,
      iceTransport: this.iceTransport,
      dtlsTransport: this.dtlsTransport,
      localFingerprint: this.localFingerprint,
      localCertificateDer: this.o.certificate.certificateDer,
      remoteCertificateDer: pt?.remoteCertificate,
      remoteFingerprint: this.remoteFingerprint,
      pairStats: this.pairStats,
      selectedPairChanges: this.selectedPairChanges,
      dataChannelsOpened: this.dataChannelsOpened,
      dataChannelsClosed: this.dataChannelsClosed,
      channels,
      localUfrag: this.localUfrag,
    });
  }

  // ───────────────────────────── transport events → tasks ─────────────────────────────

  private onEvent(e: PeerTransportEvent): void {
    if (this.closed) return;
    switch (e.type) {
      case 'ice-gathering-state':
        this.gatheringTask(e.state);
        break;
      case 'ice-candidate':
        this.tasks.queue(() => this.surface(e.candidate));
        break;
      case 'ice-end-of-candidates': {
        const ufrag = this.transport?.localIceParameters.usernameFragment ?? '';
        this.tasks.queue(() => this.endOfCandidatesTask(ufrag));
        break;
      }
      case 'ice-candidate-error':
        this.tasks.queue(() => {
          if (this.host.isClosed()) return;
          const err = e.error;
          this.host.target.dispatchEvent(
            new RTCPeerConnectionIceErrorEvent('icecandidateerror', { address: err.address, port: err.port, url: err.url, errorCode: err.errorCode, errorText: err.errorText }),
          );
        });
        break;
      case 'ice-state':
        // A connection keeps the process alive while ICE is checking or connected, until close().
        this.driver?.keepAlive(e.state === 'checking' || e.state === 'connected' || e.state === 'completed' || e.state === 'disconnected');
        this.iceChange({ state: e.state });
        break;
      case 'ice-selected-pair':
        this.iceChange({ pair: { local: e.pair.local, remote: e.pair.remote } });
        break;
      case 'ice-role':
        this.tasks.queue(() => {
          iceTransportSlots(this.iceTransport).role = e.role;
        });
        break;
      case 'dtls-state':
        this.dtlsTask(e.state, e.error);
        break;
      case 'sctp-state':
        this.sctpTask(e.state);
        break;
      case 'datachannel':
        this.tasks.queue(() => this.remoteChannelTask(e.channel));
        break;
      case 'channel-open':
        this.tasks.queue(() => this.openTask(e.channel));
        break;
      case 'channel-message': {
        // The bytes belong to the event (the SCTP reassembly hands over its copy).
        const { channel, data, binary } = e;
        this.tasks.queue(() => this.messageTask(channel, data, binary));
        break;
      }
      case 'channel-closing':
        this.tasks.queue(() => {
          const ch = this.byTransport.get(e.channel);
          if (!ch || this.host.isClosed()) return;
          // Begun by the peer (our own close() already set 'closing' without an event).
          if (ch.readyState === 'open' || ch.readyState === 'connecting') {
            ch.readyState = 'closing';
            ch.target.dispatchEvent(new Event('closing'));
          }
        });
        break;
      case 'channel-closed':
        this.tasks.queue(() => this.closedTask(e.channel));
        break;
      default:
        // Aggregates are derived from the W3C slots in the tasks above; media events wait for RTP.
        break;
    }
    if (this.draining.size > 0) this.queueBufferedUpdate();
  }

  private gatheringTask(state: RTCIceGathererState): void {
    // 'complete' is the second of the two "finished gathering" tasks (queued after end-of-candidates).
    this.tasks.queue(() => {
      if (this.host.isClosed()) return;
      const s = iceTransportSlots(this.iceTransport);
      if (s.gatheringState === state) return;
      s.gatheringState = state;
      const next = aggregateGatheringState([state]);
      const changed = next !== this.iceGatheringValue;
      this.iceGatheringValue = next;
      this.iceTransport.dispatchEvent(new Event('gatheringstatechange'));
      if (changed) this.host.target.dispatchEvent(new Event('icegatheringstatechange'));
      if (state === 'complete') this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
    });
  }

  /** "Surface the candidate" (webrtc-pc §5.6.1), or keep it in [[EarlyCandidates]]. */
  private surface(c: IceCandidate): void {
    if (this.host.isClosed()) return;
    const ufrag = c.usernameFragment ?? this.transport?.localIceParameters.usernameFragment ?? '';
    const withUfrag: IceCandidate = c.usernameFragment === undefined ? { ...c, usernameFragment: ufrag } : c;
    const line = serializeCandidate(withUfrag);
    const tags = this.localTag;
    if (!this.host.surfaceCandidate(line, ufrag, tags)) {
      if (this.earlyCandidates.length < 256) this.earlyCandidates.push(withUfrag);
      return;
    }
    const candidate = new RTCIceCandidate({ candidate: line, sdpMid: tags.sdpMid, sdpMLineIndex: tags.sdpMLineIndex, usernameFragment: ufrag });
    iceTransportSlots(this.iceTransport).localCandidates.push(candidate);
    this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate }));
  }

  /** The first "finished gathering a generation" task: a=end-of-candidates and the '' candidate. */
  private endOfCandidatesTask(ufrag: string): void {
    if (this.host.isClosed()) return;
    const tags = this.localTag;
    if (!this.host.surfaceCandidate('', ufrag, tags)) return;
    const candidate = new RTCIceCandidate({ candidate: '', sdpMid: tags.sdpMid, sdpMLineIndex: tags.sdpMLineIndex, usernameFragment: ufrag });
    this.host.target.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate }));
  }

  /** Adds to the queued "change the selected candidate pair and state" task, or queues one (webrtc-pc §5.6.1). */
  private iceChange(change: { state?: RTCIceTransportState; pair?: { local: IceCandidate; remote: IceCandidate } }): void {
    const pending = this.pendingIce;
    if (pending && (change.state === undefined || pending.state === undefined) && (change.pair === undefined || pending.pair === undefined)) {
      if (change.state !== undefined) pending.state = change.state;
      if (change.pair !== undefined) pending.pair = change.pair;
      return;
    }
    const task: SelectedChange = { kind: 'ice-change', state: change.state, pair: change.pair };
    this.pendingIce = task;
    this.tasks.queue(() => {
      if (this.pendingIce === task) this.pendingIce = undefined;
      this.iceChangeTask(task);
    });
  }
  private pendingIce: SelectedChange | undefined;

  private iceChangeTask(task: SelectedChange): void {
    if (this.host.isClosed()) return;
    const s = iceTransportSlots(this.iceTransport);
    let pairChanged = false;
    let stateChanged = false;
    let iceConnChanged = false;
    let connChanged = false;
    if (task.pair !== undefined) {
      const p = task.pair;
      s.selectedPair = p
        ? new RTCIceCandidatePair(
            INTERNAL,
            new RTCIceCandidate({ candidate: serializeCandidate(p.local), sdpMid: null, sdpMLineIndex: 0, usernameFragment: p.local.usernameFragment ?? this.localUfrag ?? null }),
            new RTCIceCandidate({ candidate: serializeCandidate(p.remote), sdpMid: null, sdpMLineIndex: 0, usernameFragment: p.remote.usernameFragment ?? this.remoteUfrag ?? null }),
          )
        : null;
      this.pairStats.selectedKey = p && p.local.type !== 'relay' ? pairKey(baseOf(p.local), { address: p.remote.address, port: p.remote.port }) : undefined;
      this.selectedPairChanges++;
      pairChanged = true;
    }
    if (task.state !== undefined && task.state !== s.state) {
      if ((task.state === 'failed' || task.state === 'closed') && s.selectedPair !== null) {
        s.selectedPair = null;
        pairChanged = true;
      }
      s.state = task.state;
      stateChanged = true;
      const ice = aggregateIceConnectionState(false, [s.state]);
      iceConnChanged = ice !== this.iceConnectionValue;
      this.iceConnectionValue = ice;
      const conn = aggregateConnectionState(ice, [dtlsTransportSlots(this.dtlsTransport).state]);
      connChanged = conn !== this.connectionValue;
      this.connectionValue = conn;
    }
    if (pairChanged) this.iceTransport.dispatchEvent(new Event('selectedcandidatepairchange'));
    if (stateChanged) this.iceTransport.dispatchEvent(new Event('statechange'));
    if (iceConnChanged) this.host.target.dispatchEvent(new Event('iceconnectionstatechange'));
    if (connChanged) this.host.target.dispatchEvent(new Event('connectionstatechange'));
  }

  private dtlsTask(state: RTCDtlsTransportState, error?: { code?: string; alert?: number; alertFromPeer?: boolean; message: string }): void {
    this.tasks.queue(() => {
      if (this.host.isClosed()) return;
      const s = dtlsTransportSlots(this.dtlsTransport);
      if (state === 'failed') {
        if (s.state === 'failed') return;
        s.state = 'failed';
        const detail: RTCErrorDetailType = error?.code === 'fingerprint-mismatch' ? 'fingerprint-failure' : 'dtls-failure';
        const init: ConstructorParameters<typeof RTCError>[0] = { errorDetail: detail };
        if (detail === 'dtls-failure' && error?.alert !== undefined) {
          if (error.alertFromPeer) init.receivedAlert = error.alert;
          else init.sentAlert = error.alert;
        }
        this.dtlsTransport.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError(init, error?.message ?? 'DTLS failed') }));
      } else {
        if (s.state === state) return;
        s.state = state;
        if (state === 'connected') {
          const cert = this.transport?.remoteCertificate;
          s.remoteCertificates = cert ? [cert.slice()] : [];
          if (cert && this.components) this.remoteFingerprint = certificateFingerprint(cert, 'sha-256', this.components.crypto);
        }
      }
      this.dtlsTransport.dispatchEvent(new Event('statechange'));
    });
    if (state === 'failed' || state === 'closed') this.tasks.queue(() => this.closeAllChannels());
    // "Update the connection state" (webrtc-pc §4.4.1): its own task.
    this.tasks.queue(() => {
      if (this.host.isClosed()) return;
      const next = aggregateConnectionState(this.iceConnectionValue, [dtlsTransportSlots(this.dtlsTransport).state]);
      if (next === this.connectionValue) return;
      this.connectionValue = next;
      this.host.target.dispatchEvent(new Event('connectionstatechange'));
    });
  }

  private sctpTask(state: 'connecting' | 'connected' | 'closed'): void {
    if (state === 'closed') this.tasks.queue(() => this.closeAllChannels());
    this.tasks.queue(() => {
      if (this.host.isClosed() || !this.sctpTransport) return;
      const s = sctpTransportSlots(this.sctpTransport);
      if (s.state === state) return;
      s.state = state;
      if (state === 'connected') {
        // The "connected procedure" (webrtc-pc §6.1.1.3): [[MaxChannels]], then ids of waiting channels.
        s.maxChannels = this.transport?.maxChannels ?? null;
        for (const [tc, ch] of this.byTransport) if (ch.id === null && tc.id !== null) ch.id = tc.id;
      }
      this.sctpTransport.dispatchEvent(new Event('statechange'));
    });
  }

  private remoteChannelTask(tc: TransportChannel): void {
    if (this.host.isClosed() || tc.id === null) return;
    const ch = this.host.createRemoteChannel({
      label: tc.label,
      protocol: tc.protocol,
      ordered: tc.ordered,
      maxRetransmits: tc.maxRetransmits,
      maxPacketLifeTime: tc.maxPacketLifeTime,
      negotiated: false,
      id: tc.id,
    });
    tc.owner = ch;
    this.byTransport.set(tc, ch);
    this.toTransport.set(ch, tc);
    this.channelCounters.set(ch, this.newCounters());
    ch.readyState = 'open';
    this.dataChannelsOpened++;
    this.host.target.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel: ch.target }));
    // "Announce the channel as open", unless the application closed it in the datachannel handler.
    if (ch.readyState === 'open') ch.target.dispatchEvent(new Event('open'));
  }

  private openTask(tc: TransportChannel): void {
    const ch = this.byTransport.get(tc);
    if (!ch || this.host.isClosed()) return;
    if (tc.id !== null) ch.id = tc.id;
    // Remote channels are announced by remoteChannelTask (readyState already 'open').
    if (ch.readyState !== 'connecting') return;
    ch.readyState = 'open';
    this.dataChannelsOpened++;
    ch.target.dispatchEvent(new Event('open'));
  }

  private messageTask(tc: TransportChannel, data: Uint8Array, binary: boolean): void {
    const ch = this.byTransport.get(tc);
    if (!ch || this.host.isClosed() || ch.readyState !== 'open') return;
    const c = this.channelCounters.get(ch);
    if (c) {
      c.messagesReceived++;
      c.bytesReceived += data.byteLength;
    }
    let payload: string | ArrayBuffer | Blob;
    if (!binary) payload = utf8Decoder.decode(data);
    else if (ch.binaryType === 'blob') payload = new Blob([data as Uint8Array<ArrayBuffer>]);
    else payload = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
    ch.target.dispatchEvent(new MessageEvent('message', { data: payload }));
  }

  /**
   * The SCTP transport closed or DTLS ended: every channel still alive is
   * closed, with an error (`sctp-failure`) unless the transport closed
   * cleanly (webrtc-pc §6.1.1 "the SCTP transport is closed" → "closed with
   * an error" / "announce the channel as closed").
   */
  private closeAllChannels(): void {
    if (this.host.isClosed()) return;
    const failed = dtlsTransportSlots(this.dtlsTransport).state === 'failed' || this.transport?.dtlsState === 'failed';
    for (const ch of [...this.host.dataChannels()]) {
      if (ch.readyState === 'closed') continue;
      const tc = this.toTransport.get(ch);
      if (tc) {
        this.toTransport.delete(ch);
        this.byTransport.delete(tc);
      }
      this.draining.delete(ch);
      if (ch.readyState === 'open' || ch.readyState === 'closing') this.dataChannelsClosed++;
      if (failed) ch.target.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError({ errorDetail: 'sctp-failure' }, 'the transport failed') }));
      ch.announceClosed();
    }
  }

  private closedTask(tc: TransportChannel): void {
    const ch = this.byTransport.get(tc);
    this.byTransport.delete(tc);
    if (!ch) return;
    this.toTransport.delete(ch);
    this.draining.delete(ch);
    if (this.host.isClosed() || ch.readyState === 'closed') return;
    if (ch.readyState === 'open' || ch.readyState === 'closing') this.dataChannelsClosed++;
    if (tc.error) {
      // "Closed with an error" (webrtc-pc §6.2): error, then close.
      const detail: RTCErrorDetailType = this.transport?.sctpState === 'closed' ? 'sctp-failure' : 'data-channel-failure';
      ch.target.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError({ errorDetail: detail }, tc.error.message) }));
    } else if (this.transport && (this.transport.dtlsState === 'failed' || this.transport.connectionState === 'failed') && ch.readyState !== 'closing') {
      ch.target.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError({ errorDetail: 'sctp-failure' }, 'the transport failed') }));
    }
    ch.announceClosed();
  }
}

/**
 * Our DTLS role from the a=setup of an answer (RFC 8842 §5): the answerer
 * is the client when it says `active`, the server when `passive`.
 */
function roleFromAnswer(setup: string, answerIsOurs: boolean): 'client' | 'server' | undefined {
  if (setup !== 'active' && setup !== 'passive') return undefined;
  const answererIsClient = setup === 'active';
  return answerIsOurs === answererIsClient ? 'client' : 'server';
}

/** The base (socket address) of a local candidate: a host candidate is its own base, others their related address. */
function baseOf(c: IceCandidate): Address {
  if (c.type === 'host' || c.relatedAddress === undefined) return { address: c.address, port: c.port };
  return { address: c.relatedAddress, port: c.relatedPort ?? 0 };
}
