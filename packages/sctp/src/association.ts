/**
 * The SCTP association (RFC 9260), sans-IO. It carries SCTP packets over any
 * datagram pipe — in WebRTC, DTLS application data (RFC 8261) — and never
 * touches a socket, a timer or a clock:
 *
 * - inputs: `connect(now)`, `handle(now, packet)`, `handleTimeout(now)`,
 *   `send(...)`, `resetStreams(...)`, `shutdown(now)`, `abort(...)`;
 * - outputs, drained after every input: `pollTransmit()` until undefined,
 *   `pollEvent()` until undefined, then one timer for `pollTimeout()`.
 *
 * Extensions: PR-SCTP (RFC 3758), stream reconfiguration (RFC 6525), I-DATA
 * interleaving (RFC 8260) and zero checksum (RFC 9653), each used when both
 * ends announce it in INIT / INIT ACK.
 *
 * Association states (RFC 9260 §4, simplified from Figure 3):
 * ```
 *                       -----          -------- (from any state)
 *                     /       \      /  rcv ABORT      [ABORT]
 *    rcv INIT        |         |    |   ----------  or ----------
 *    --------------- |         v    v   delete TCB     snd ABORT
 *    generate Cookie  \    +---------+                 delete TCB
 *    snd INIT ACK       ---|  CLOSED |
 *                          +---------+
 *                           /      \      [ASSOCIATE]
 *                          /        \     ---------------
 *                         |          |    create TCB
 *                         |          |    snd INIT
 *                         |          |    strt init timer
 *          rcv valid      |          |
 *        COOKIE  ECHO     |          v
 *    (1) ---------------- |      +------------+
 *        create TCB       |      | COOKIE-WAIT| (2)
 *        snd COOKIE ACK   |      +------------+
 *                         |          |
 *                         |          |    rcv INIT ACK
 *                         |          |    -----------------
 *                         |          |    snd COOKIE ECHO
 *                         |          |    stop init timer
 *                         |          |    strt cookie timer
 *                         |          v
 *                         |      +--------------+
 *                         |      | COOKIE-ECHOED| (3)
 *                         |      +--------------+
 *                         |          |
 *                         |          |    rcv COOKIE ACK
 *                         |          |    -----------------
 *                         |          |    stop cookie timer
 *                         v          v
 *                       +---------------+
 *                       |  ESTABLISHED  |
 *                       +---------------+
 *                          /          \
 *        [SHUTDOWN]       /            \    rcv SHUTDOWN
 *        --------------  |              |   ---------------
 *        check           |              |   check outstanding
 *        outstanding     v              v   DATA chunks
 *   +------------------+            +--------------------+
 *   | SHUTDOWN-PENDING |            | SHUTDOWN-RECEIVED  |
 *   +------------------+            +--------------------+
 *     | no outstanding                 | no outstanding
 *     | snd SHUTDOWN                   | snd SHUTDOWN ACK
 *     v                                v
 *   +---------------+  rcv SHUTDOWN  +------------------+
 *   | SHUTDOWN-SENT |--------------->|SHUTDOWN-ACK-SENT |
 *   +---------------+ snd SHUT. ACK  +------------------+
 *     | rcv SHUTDOWN ACK               | rcv SHUTDOWN COMPLETE
 *     | snd SHUTDOWN COMPLETE          | (or rcv SHUTDOWN ACK:
 *     | delete TCB                     |  snd SHUTDOWN COMPLETE)
 *     v                                v
 *   CLOSED                           CLOSED
 * ```
 * (1)-(3): INIT collisions (RFC 9260 §5.2.1, §5.2.4) are handled by
 * answering an INIT in COOKIE-WAIT / COOKIE-ECHOED with our original tag, and
 * by the tag comparison table when a COOKIE ECHO arrives with a TCB.
 */
import { type Components, type Logger, type Transmit, StateError, randomUint32, seq32Add, seq32Lt, seq32Lte, silentLogger } from '@purertc/common';
import type { HmacKey } from '@purertc/common';
import { ChunkType, ErrorCause, ParamType, pad4 } from './constants.js';
import { type Chunk, chunkEncodedLength, encodeChunk, encodeChunkInto } from './chunk.js';
import { DataFlags } from './chunk-data.js';
import type { InitChunk } from './chunk-init.js';
import { type InitAckChunk, stateCookieOf } from './chunk-init-ack.js';
import type { SackChunk } from './chunk-sack.js';
import {
  type Cause,
  describeCause,
  invalidStreamCause,
  noUserDataCause,
  protocolViolationCause,
  staleCookieCause,
  unrecognizedChunkCause,
  userAbortCause,
} from './chunk-error.js';
import { unknownChunkAction } from './chunk-unknown.js';
import { CongestionControl } from './congestion.js';
import { Deque } from './deque.js';
import { decodePacket, setChecksum, verifyChecksum, writeCommonHeader } from './packet.js';
import { type Capabilities, type Param, capabilityParams, isKnownInitParam, readCapabilities, unknownParamAction } from './params.js';
import { InMessage, type MessageSink, Reassembly } from './reassembly.js';
import { ReceivePool } from './receive-pool.js';
import { ReceiveTracker } from './receive-tracker.js';
import { PartialReliability, applyForwardTsn } from './partial-reliability.js';
import { RetransmissionQueue, SentChunk } from './retransmission-queue.js';
import { type ReconfigHost, StreamReconfig } from './stream-reconfig.js';
import { DEFAULT_RTO, RtoEstimator, type RtoOptions } from './rto.js';
import { OutMessage, SendQueue } from './send-queue.js';
import { MAX_PROBES, PAD_CHUNK_TYPE, PathMtuProbe, type ProbePadding } from './pmtu-probe.js';
import { type CookieContents, openCookie, signCookie } from './state-cookie.js';

/** RFC 9260 §4 association states, as lower-case strings. */
export type AssociationState =
  | 'closed'
  | 'cookie-wait'
  | 'cookie-echoed'
  | 'established'
  | 'shutdown-pending'
  | 'shutdown-sent'
  | 'shutdown-received'
  | 'shutdown-ack-sent';

/** Allowed transitions (RFC 9260 §4); `closed` is reachable from anywhere (ABORT). */
const TRANSITIONS: Readonly<Record<AssociationState, readonly AssociationState[]>> = {
  closed: ['cookie-wait', 'established'],
  'cookie-wait': ['cookie-echoed', 'established', 'closed'],
  'cookie-echoed': ['established', 'closed'],
  established: ['shutdown-pending', 'shutdown-received', 'shutdown-ack-sent', 'closed'],
  'shutdown-pending': ['shutdown-sent', 'shutdown-received', 'shutdown-ack-sent', 'closed'],
  'shutdown-sent': ['shutdown-ack-sent', 'closed'],
  'shutdown-received': ['shutdown-ack-sent', 'closed'],
  'shutdown-ack-sent': ['closed'],
};

/** Options of an {@link Association}. Every field has a default. */
export interface AssociationOptions {
  /** SCTP source port (WebRTC: 5000, or the SDP a=sctp-port). */
  localPort: number;
  /** SCTP destination port. */
  remotePort: number;
  /** Largest SCTP packet, bytes (RFC 8831 §5: fits in one DTLS record under the path MTU). */
  mtu: number;
  /** Receive buffer: bounds reassembly and undelivered messages; advertised as a_rwnd. */
  maxReceiveBuffer: number;
  /** Streams we ask for in each direction (RFC 8831 §6.2: 65535). */
  outboundStreams: number;
  inboundStreams: number;
  /** RTO bounds (RFC 6298); defaults in {@link DEFAULT_RTO}. */
  rto: RtoOptions;
  /** Delayed SACK timer (RFC 9260 §6.2: at most 500 ms; 200 ms typical). */
  delayedAckMs: number;
  /** HEARTBEAT interval when established; 0 disables. */
  heartbeatIntervalMs: number;
  /** Max.Init.Retransmits (RFC 9260 §16). */
  maxInitRetransmits: number;
  /** Association.Max.Retrans (RFC 9260 §16). */
  maxRetransmissions: number;
  /** Valid.Cookie.Life (RFC 9260 §16). */
  cookieLifetimeMs: number;
  /** Offer PR-SCTP (RFC 3758). */
  forwardTsn: boolean;
  /** Offer stream reconfiguration (RFC 6525). */
  reconfig: boolean;
  /** Offer I-DATA / I-FORWARD-TSN (RFC 8260). */
  interleaving: boolean;
  /** Offer zero checksum (RFC 9653): only when the lower layer (DTLS) protects integrity. */
  zeroChecksum: boolean;
  /** Deliver small messages as views into a shared slab (see {@link ReceivePool}); false: one buffer each. */
  pooledReceive: boolean;
  /**
   * The caller hands over every packet it passes to {@link Association.handle}
   * and never reuses that memory (a decrypted DTLS record is one): fragments
   * of large messages may then be kept as views and joined once, instead of
   * copied as they arrive (reassembly.ts). Default false: packets are borrowed
   * for the call.
   */
  retainPackets: boolean;
  /**
   * Max.Burst (RFC 9260 §6.1 D, §16): new-DATA packets one input may release
   * (a SACK, a timer, a `send`), however the driver batches its draining; 0
   * disables the limit.
   */
  maxBurst: number;
}

/** Defaults for {@link AssociationOptions}. */
export const DEFAULT_ASSOCIATION_OPTIONS: AssociationOptions = {
  localPort: 5000,
  remotePort: 5000,
  mtu: 1200,
  maxReceiveBuffer: 1024 * 1024,
  outboundStreams: 65535,
  inboundStreams: 65535,
  rto: DEFAULT_RTO,
  delayedAckMs: 200,
  heartbeatIntervalMs: 30_000,
  maxInitRetransmits: 8,
  maxRetransmissions: 10,
  cookieLifetimeMs: 60_000,
  forwardTsn: true,
  reconfig: true,
  interleaving: true,
  zeroChecksum: false,
  pooledReceive: true,
  retainPackets: false,
  maxBurst: 4,
};

/** Options of one `send` call. */
export interface SendOptions {
  /** Unordered delivery (the U bit). */
  unordered?: boolean;
  /** PR-SCTP: retransmissions allowed (0 = never retransmit). */
  maxRetransmits?: number;
  /** PR-SCTP: ms after `send` after which the message is abandoned. */
  maxPacketLifeTime?: number;
  /** Time of the call, for maxPacketLifeTime (default: the latest time seen). */
  now?: number;
  /** Leave the message out of `bufferedAmount` (protocol messages, empty-message padding). */
  uncounted?: boolean;
}

/** What an association reports through `pollEvent()`. */
export type AssociationEvent =
  | { type: 'state'; state: AssociationState }
  | { type: 'connected' }
  | InMessage
  | { type: 'buffered-amount-low'; streamId: number }
  | { type: 'stream-reset'; direction: 'incoming' | 'outgoing'; streamIds: number[]; ok: boolean }
  | { type: 'closed'; reason: string; error: boolean }
  | { type: 'restart' }
  | { type: 'error-chunk'; causes: Cause[] };

/** Counters for diagnostics and tests. */
export class AssociationCounters {
  packetsReceived = 0;
  packetsSent = 0;
  checksumErrors = 0;
  malformedPackets = 0;
  badVerificationTag = 0;
  dataChunksReceived = 0;
  duplicateTsns = 0;
  dataChunksSent = 0;
  retransmissions = 0;
  fastRetransmits = 0;
  t3Expirations = 0;
  abandonedMessages = 0;
  receiveBufferDrops = 0;
  unknownChunks = 0;
  protocolViolations = 0;
  /** Out-of-the-blue packets (RFC 9260 §8.4) received while no association exists. */
  outOfTheBlue = 0;
  /** Gap-acked chunks the peer later stopped reporting (reneging, RFC 9260 §6.2.1 D iii). */
  renegedChunks = 0;
  /** Times Max.Burst held back new DATA (RFC 9260 §6.1 D). */
  burstLimited = 0;
  /** DATA packets sent with the I bit set (RFC 9260 §3.3.1): a lone packet that filled cwnd. */
  immediateAcksRequested = 0;
}

/** Gap Ack Blocks remembered from one SACK to the next (more are simply not skipped). */
const MAX_REMEMBERED_GAP_BLOCKS = 64;

/**
 * True when Gap Ack Blocks (offsets from the cumulative TSN, start/end pairs)
 * are well formed and in increasing order without overlap (RFC 9260 §3.3.4).
 */
function gapBlocksOrdered(gaps: readonly number[]): boolean {
  let last = 0;
  for (let g = 0; g + 1 < gaps.length; g += 2) {
    const start = gaps[g]!;
    const end = gaps[g + 1]!;
    if (start <= last || end < start) return false;
    last = end;
  }
  return true;
}

/** A control chunk waiting for a packet. `solo` chunks travel alone; `vtag` overrides the peer's tag. */
class Ctrl {
  constructor(
    readonly chunk: Chunk,
    readonly solo: boolean,
    readonly vtag: number | undefined,
  ) {}
}

const NEVER = Number.POSITIVE_INFINITY;
/** Receive-buffer bytes charged per undelivered message on top of its payload (object cost). */
const EVENT_OVERHEAD = 64;
/** Outgoing packets are carved from slabs of this size. */
const SLAB_SIZE = 64 * 1024;
/** The first slab of an association (idle connections stay there). */
const FIRST_SLAB_SIZE = 8 * 1024;

/** A sans-IO SCTP association. */
export class Association {
  readonly options: AssociationOptions;
  readonly counters = new AssociationCounters();
  private readonly log: Logger;
  private readonly components: Components;
  private readonly cookieKey: HmacKey;
  private readonly localCaps: Capabilities;

  private stateValue: AssociationState = 'closed';
  private now = 0;

  // Tags and TSNs (RFC 9260 §14 TCB).
  private localTag = 0;
  private peerTag = 0;
  private localInitialTsn = 0;
  private nextTsn = 0;
  /** Highest TSN of ours the peer acknowledged cumulatively. */
  private cumAck = 0;
  private peerCaps: Capabilities = { forwardTsn: false, reconfig: false, interleaving: false, zeroChecksum: false };
  private useIData = false;
  private zeroChecksumTx = false;
  private outboundStreamCount = 0;
  private inboundStreamCount = 0;

  // Receive side.
  private tracker: ReceiveTracker | undefined;
  private reasm: Reassembly | undefined;
  private readonly events = new Deque<AssociationEvent>();
  private undeliveredBytes = 0;
  private readonly sink: MessageSink;
  private sackNeeded = false;
  private ackTimer = NEVER;
  private packetsSinceAck = 0;
  private lastAdvertisedRwnd = 0;
  /** SACK packets built at once because a SACK was due and the driver had not drained yet. */
  private readonly readyTx = new Deque<Uint8Array>();

  // Send side.
  private readonly sendQueue = new SendQueue();
  private readonly rq = new RetransmissionQueue();
  private readonly pr: PartialReliability;
  private peerRwnd = 0;
  private cc: CongestionControl;
  private readonly rto: RtoEstimator;
  private retransmitCount = 0;
  private fastRtxBypass = false;
  private lastDataSentAt = -1;
  /** New-DATA packets the inputs since the last complete drain may still release (Max.Burst). */
  private burstCredit = 0;

  private readonly pool: ReceivePool | undefined;
  private slab = new Uint8Array(0);
  private slabOffset = 0;

  // Control and timers.
  private readonly ctrl = new Deque<Ctrl>();
  private t1 = NEVER;
  private t1Count = 0;
  private t1Chunk: Chunk | undefined;
  private t3 = NEVER;
  private t2 = NEVER;
  private t2Count = 0;
  private hbTimer = NEVER;
  private hbOutstanding = false;
  private hbNonce = 0;
  private errorCount = 0;
  /** Path MTU probing (RFC 8899), started by {@link probePathMtu}. */
  private readonly pmtu = new PathMtuProbe();
  /** The configured packet size, where {@link resetPathMtu} returns to. */
  private baseMtu: number;
  /** The previous SACK's Gap Ack Blocks as absolute TSN pairs ({@link markGapAcked}); prevGapCount entries valid. */
  private readonly prevGaps: number[] = [];
  private prevGapCount = 0;
  /** Largest packet the layer below carries ({@link limitPacketSize}); probes stop there. */
  private packetLimit = Infinity;

  /** Stream reconfiguration (RFC 6525), stream-reconfig.ts. */
  private readonly reconfig: StreamReconfig;

  constructor(components: Components, options: Partial<AssociationOptions> = {}) {
    this.options = { ...DEFAULT_ASSOCIATION_OPTIONS, ...options };
    this.components = components;
    this.log = components.log ?? silentLogger;
    const secret = new Uint8Array(32);
    components.random(secret);
    this.cookieKey = components.crypto.hmacKey('sha-256', secret);
    this.localCaps = {
      forwardTsn: this.options.forwardTsn,
      reconfig: this.options.reconfig,
      interleaving: this.options.interleaving,
      zeroChecksum: this.options.zeroChecksum,
    };
    this.rto = new RtoEstimator(this.options.rto);
    this.pr = new PartialReliability(this.rq, this.counters);
    this.reconfig = new StreamReconfig(this.reconfigHost());
    this.pool = this.options.pooledReceive ? new ReceivePool() : undefined;
    this.baseMtu = this.options.mtu;
    this.cc = new CongestionControl(this.options.mtu, this.options.maxReceiveBuffer);
    this.sink = {
      push: (m: InMessage) => {
        this.events.push(m);
        this.undeliveredBytes += m.data.length + EVENT_OVERHEAD;
      },
    };
  }

  // ---------------------------------------------------------------- accessors

  /** The RFC 9260 state. */
  get state(): AssociationState {
    return this.stateValue;
  }
  /** True once both ends agreed on I-DATA (RFC 8260). */
  get interleaving(): boolean {
    return this.useIData;
  }
  /** What the peer announced (valid once past COOKIE-WAIT). */
  get peerCapabilities(): Readonly<Capabilities> {
    return this.peerCaps;
  }
  /** Negotiated outgoing stream count. */
  get outboundStreams(): number {
    return this.outboundStreamCount;
  }
  /** Negotiated incoming stream count. */
  get inboundStreams(): number {
    return this.inboundStreamCount;
  }
  /** Congestion window, bytes. */
  get cwnd(): number {
    return this.cc.cwnd;
  }
  /** Current RTO, ms. */
  get currentRto(): number {
    return this.rto.rto;
  }
  /** Bytes sent and not yet acknowledged. */
  get bytesInFlight(): number {
    return this.rq.flightSize;
  }
  /** Chunks in the retransmission queue. */
  get outstandingChunks(): number {
    return this.rq.chunks.length;
  }
  /** Of those, chunks the peer acknowledged in Gap Ack Blocks (RFC 9260 §3.3.4), not yet cumulatively. */
  get gapAckedChunks(): number {
    return this.rq.gapAckedCount;
  }
  /** Bytes queued on all streams, not yet handed to the network. */
  get totalBufferedAmount(): number {
    return this.sendQueue.totalBuffered;
  }
  /** Bytes held on the receive side (reassembly, ordering, undelivered events). */
  get receiveBufferedBytes(): number {
    return (this.reasm?.bytes ?? 0) + this.undeliveredBytes + this.reconfig.heldBytes;
  }
  /** Bytes queued on one stream and not yet handed to the network (W3C bufferedAmount). */
  bufferedAmount(streamId: number): number {
    return this.sendQueue.streams.get(streamId)?.buffered ?? 0;
  }
  /**
   * Sets a stream's scheduling priority (RFC 8831 §6.4; DCEP priority values:
   * 128 very-low, 256 low, 512 medium, 1024 high). Streams share the link in
   * proportion to priority / 128 (weighted round robin).
   */
  setStreamPriority(streamId: number, priority: number): void {
    this.sendQueue.stream(streamId).weight = Math.max(1, Math.min(64, Math.round(priority / 128)));
  }
  /** Sets the threshold under which a `buffered-amount-low` event fires. */
  setBufferedAmountLowThreshold(streamId: number, bytes: number): void {
    this.sendQueue.stream(streamId).lowThreshold = Math.max(0, bytes);
  }

  // ---------------------------------------------------------------- state

  private setState(next: AssociationState, reason: string): void {
    const prev = this.stateValue;
    if (prev === next) return;
    if (!TRANSITIONS[prev].includes(next)) {
      // Internal invariant: every call site checks the current state first.
      throw new StateError(`sctp: illegal transition ${prev} -> ${next} (${reason})`);
    }
    this.stateValue = next;
    this.log.debug(`sctp ${reason}: ${prev} -> ${next}`);
    this.events.push({ type: 'state', state: next });
    if (next === 'established') {
      this.events.push({ type: 'connected' });
      if (this.options.heartbeatIntervalMs > 0) this.hbTimer = this.now + this.options.heartbeatIntervalMs;
    }
  }

  private tick(now: number): void {
    if (now > this.now) this.now = now;
  }

  /**
   * RFC 9260 §6.1 D (Max.Burst): every input may release up to Max.Burst
   * packets of new DATA. Credit left when a drain ends (pollTransmit returns
   * undefined) is dropped, so a driver that drains after each input and one
   * that handles many inputs first send the same packets.
   */
  private grantBurst(): void {
    const mb = this.options.maxBurst;
    if (mb > 0 && this.burstCredit < 1 << 20) this.burstCredit += mb;
  }

  private randomTag(): number {
    let t = 0;
    while (t === 0) t = randomUint32(this.components.random);
    return t;
  }

  // ---------------------------------------------------------------- user calls

  /** Starts the association (RFC 9260 §5.1 step A): sends INIT. */
  connect(now: number): void {
    this.tick(now);
    if (this.stateValue !== 'closed') throw new StateError(`sctp: connect() in state ${this.stateValue}`);
    this.localTag = this.randomTag();
    this.localInitialTsn = randomUint32(this.components.random);
    this.setupLocalTsn();
    const init: InitChunk = {
      type: ChunkType.INIT,
      initiateTag: this.localTag,
      aRwnd: this.options.maxReceiveBuffer,
      outboundStreams: this.options.outboundStreams,
      inboundStreams: this.options.inboundStreams,
      initialTsn: this.localInitialTsn,
      params: capabilityParams(this.localCaps),
    };
    this.t1Chunk = init;
    this.t1Count = 0;
    this.ctrl.push(new Ctrl(init, true, 0));
    this.t1 = this.now + this.rto.rto;
    this.setState('cookie-wait', 'connect');
  }

  private setupLocalTsn(): void {
    this.nextTsn = this.localInitialTsn;
    this.cumAck = seq32Add(this.localInitialTsn, -1);
    this.pr.advancedPeerAckPoint = this.cumAck;
    this.reconfig.setLocalInitialTsn(this.localInitialTsn);
  }

  /**
   * Queues a message on a stream. Ownership of `data` passes to the
   * association (it is sent from without a copy): do not modify it afterwards.
   * Throws a StateError when the association cannot send, the stream is
   * closing or out of range, or `data` is empty (RFC 9260 §6.2).
   */
  send(streamId: number, ppid: number, data: Uint8Array, options: SendOptions = {}): void {
    const st = this.stateValue;
    if (st !== 'established' && st !== 'cookie-wait' && st !== 'cookie-echoed') {
      throw new StateError(`sctp: send() in state ${st}`);
    }
    if (!(streamId >= 0 && streamId <= 0xffff) || (this.outboundStreamCount > 0 && streamId >= this.outboundStreamCount)) {
      throw new StateError(`sctp: stream ${streamId} out of range`);
    }
    if (data.length === 0) throw new StateError('sctp: empty user message');
    const s = this.sendQueue.stream(streamId);
    if (s.closing) throw new StateError(`sctp: stream ${streamId} is closing`);
    // The time of the call (optional): lets the idle check (RFC 9260 §7.2.1)
    // see a gap since the last input, not just since the last packet.
    if (options.now !== undefined) this.tick(options.now);
    const now = options.now ?? this.now;
    this.grantBurst();
    const msg = new OutMessage(
      streamId,
      ppid,
      data,
      options.unordered === true,
      options.maxRetransmits ?? NEVER,
      options.maxPacketLifeTime !== undefined ? now + options.maxPacketLifeTime : NEVER,
      options.uncounted !== true,
    );
    this.sendQueue.enqueue(msg);
  }

  /**
   * Closes outgoing streams (RFC 6525 §5.1.2, RFC 8831 §6.7): queued data is
   * sent first, then an Outgoing SSN Reset Request names them.
   */
  resetStreams(streamIds: readonly number[]): void {
    this.reconfig.requestReset(streamIds);
  }

  /**
   * Probes whether packets of `size` bytes cross the path (RFC 8899 §6.2.1:
   * a HEARTBEAT padded to the size, see pmtu-probe.ts) and, once the peer
   * acknowledges the probe, sends packets up to that size. The caller knows
   * which sizes are plausible (over DTLS: at most 16384, the largest record
   * plaintext) and what the peer takes as padding (`padding`: a PAD chunk,
   * the default, or a second HEARTBEAT for peers that may not skip unknown
   * chunks). A probe that stays unanswered changes nothing. Sent once the
   * association is established; ignored when `size` is not larger than the
   * current packet size.
   */
  probePathMtu(size: number, padding: ProbePadding = 'pad-chunk'): void {
    if (this.stateValue === 'closed' && this.peerTag !== 0) return;
    this.pmtu.start(Math.min(size, this.packetLimit), this.options.mtu, padding);
  }

  /**
   * Caps every packet at `max` bytes from now on: the layer below cannot
   * carry more in one unit (over DTLS, the peer's record_size_limit, RFC 8449
   * §4: one SCTP packet is one DTLS record, RFC 8261 §5). Lowers the
   * configured size, the current size and any later probe. Chunks already
   * sent keep their size when retransmitted.
   */
  limitPacketSize(max: number): void {
    const m = Math.floor(max);
    if (!(m > 0) || m >= this.packetLimit) return;
    this.packetLimit = m;
    if (this.baseMtu > m) this.baseMtu = m;
    if (this.options.mtu > m) this.setMtu(m);
    if (this.pmtu.target > m) this.pmtu.stop();
  }

  /**
   * Returns to the configured packet size and stops probing (the path
   * changed, e.g. a new ICE pair). Chunks already sent keep their size when
   * retransmitted.
   */
  resetPathMtu(): void {
    this.pmtu.stop();
    this.setMtu(this.baseMtu);
  }

  /** The largest packet this association currently builds, bytes. */
  get pathMtu(): number {
    return this.options.mtu;
  }

  private setMtu(mtu: number): void {
    (this.options as { mtu: number }).mtu = mtu;
    this.cc.mtu = mtu;
  }

  /** Graceful shutdown (RFC 9260 §9.2): finish sending, then SHUTDOWN. */
  shutdown(now: number): void {
    this.tick(now);
    if (this.stateValue === 'established') {
      this.setState('shutdown-pending', 'shutdown()');
      this.checkShutdownProgress();
    } else if (this.stateValue === 'cookie-wait' || this.stateValue === 'cookie-echoed') {
      this.closeTcb('shutdown before established', false);
    }
  }

  /** Sends ABORT with a User-Initiated Abort cause (RFC 9260 §9.1) and closes. */
  abort(reason = 'abort', now = this.now): void {
    this.tick(now);
    if (this.stateValue === 'closed') return;
    this.ctrl.push(new Ctrl({ type: ChunkType.ABORT, reflected: false, causes: [userAbortCause(reason)] }, true, undefined));
    this.closeTcb(`aborted locally: ${reason}`, false);
  }

  private closeTcb(reason: string, error: boolean): void {
    this.t1 = this.t2 = this.t3 = this.hbTimer = this.ackTimer = NEVER;
    this.pmtu.stop();
    this.reconfig.clear();
    this.sackNeeded = false;
    this.pr.forwardTsnNeeded = false;
    this.readyTx.clear();
    this.sendQueue.clear();
    this.rq.clear();
    if (this.stateValue !== 'closed') {
      this.setState('closed', reason);
      this.events.push({ type: 'closed', reason, error });
    }
  }

  // ---------------------------------------------------------------- outputs

  /** The next event, or undefined. */
  pollEvent(): AssociationEvent | undefined {
    const ev = this.events.shift();
    if (ev !== undefined && ev.type === 'message') {
      this.undeliveredBytes -= ev.data.length + EVENT_OVERHEAD;
      // Window update: tell the peer when our window reopens (RFC 9260 §6.2).
      if (this.tracker && this.lastAdvertisedRwnd < this.options.maxReceiveBuffer / 4 && this.receiveWindow() >= this.options.maxReceiveBuffer / 2) {
        this.sackNeeded = true;
      }
    }
    return ev;
  }

  /** Absolute time of the next timer, or undefined. */
  pollTimeout(): number | undefined {
    const t = Math.min(this.t1, this.t2, this.t3, this.ackTimer, this.hbTimer, this.reconfig.timer, this.pmtu.timer);
    return t === NEVER ? undefined : t;
  }

  /** The next packet to send, or undefined. The returned bytes belong to the caller. */
  pollTransmit(): Transmit | undefined {
    const ready = this.readyTx.shift();
    if (ready !== undefined) {
      this.counters.packetsSent++;
      return { data: ready };
    }
    if (this.pmtu.due && this.stateValue === 'established') return this.buildProbe();
    this.reconfig.maybeStart();
    const data = this.buildPacket();
    this.drainSendQueueNotices();
    if (!data) {
      this.burstCredit = 0; // the drain is over: unused Max.Burst credit lapses
      return undefined;
    }
    this.counters.packetsSent++;
    return { data };
  }

  /** One PLPMTUD probe packet (pmtu-probe.ts), answered by a HEARTBEAT ACK or timed out. */
  private buildProbe(): Transmit {
    const buf = this.pmtu.build(this.now, randomUint32(this.components.random), this.options.localPort, this.options.remotePort, this.peerTag);
    if (!this.zeroChecksumTx) setChecksum(buf, new DataView(buf.buffer), buf.length);
    // RFC 8899 §5.1.1 PROBE_TIMER: one RTO (at least 100 ms) per probe.
    this.pmtu.timer = this.now + Math.max(100, this.rto.rto);
    this.counters.packetsSent++;
    return { data: buf };
  }

  /**
   * RFC 9260 §6.2: a SACK is due (every second DATA packet, out-of-order or
   * duplicate data, a window update) and the driver handles another packet
   * before draining. Build that SACK now, reflecting exactly what had arrived
   * when it fell due, so acknowledgements follow the packets received, not
   * how often the driver drains. Bounded: past 256 waiting packets the next
   * SACK just covers more.
   */
  private flushDueSack(): void {
    if (!this.tracker || this.readyTx.length >= 256 || this.stateValue === 'closed' || this.stateValue === 'cookie-wait') return;
    const mtu = this.options.mtu;
    const sack = this.makeSack(Math.max(0, Math.floor((mtu - 12 - 16) / 4)));
    const len = 12 + chunkEncodedLength(sack);
    const buf = new Uint8Array(len);
    const dv = new DataView(buf.buffer);
    writeCommonHeader({ sourcePort: this.options.localPort, destinationPort: this.options.remotePort, verificationTag: this.peerTag }, buf, dv);
    encodeChunkInto(sack, buf, dv, 12);
    if (!this.zeroChecksumTx) setChecksum(buf, dv, len);
    this.readyTx.push(buf);
    this.sackNeeded = false;
    this.ackTimer = NEVER;
    this.packetsSinceAck = 0;
  }

  private drainSendQueueNotices(): void {
    const low = this.sendQueue.lowCrossings;
    if (low.length > 0) {
      for (const id of low) this.events.push({ type: 'buffered-amount-low', streamId: id });
      low.length = 0;
    }
    const drained = this.sendQueue.drained;
    if (drained.length > 0) {
      this.reconfig.streamsDrained(drained);
      drained.length = 0;
    }
  }

  private receiveWindow(): number {
    const used = (this.reasm?.bytes ?? 0) + this.undeliveredBytes + this.reconfig.heldBytes;
    return Math.max(0, this.options.maxReceiveBuffer - used);
  }

  private canSendData(): boolean {
    const st = this.stateValue;
    return st === 'established' || st === 'shutdown-pending' || st === 'shutdown-received';
  }

  private hasWork(): boolean {
    if (this.ctrl.length > 0 || (this.sackNeeded && this.tracker !== undefined) || this.pr.forwardTsnNeeded || this.reconfig.hasOutput) return true;
    if (!this.canSendData()) return false;
    return this.rq.retransmitCount > 0 || (this.sendQueue.hasPending && this.rq.flightSize < this.cc.cwnd);
  }

  private buildPacket(): Uint8Array | undefined {
    if (!this.hasWork()) return undefined;
    const mtu = this.options.mtu;
    const first = this.ctrl.peek();
    if (first && first.solo) {
      this.ctrl.shift();
      const len = 12 + chunkEncodedLength(first.chunk);
      const buf = new Uint8Array(len);
      const dv = new DataView(buf.buffer);
      writeCommonHeader(
        { sourcePort: this.options.localPort, destinationPort: this.options.remotePort, verificationTag: first.vtag ?? this.peerTag },
        buf,
        dv,
      );
      encodeChunkInto(first.chunk, buf, dv, 12);
      // RFC 9653 §5.2: packets with INIT (and replies without a TCB) carry a real checksum.
      setChecksum(buf, dv, len);
      return buf;
    }
    // Packets are carved from a slab: one ArrayBuffer per ~50 packets instead of one each.
    if (this.slab.length - this.slabOffset < mtu) {
      // Slabs grow from 8 KiB to 64 KiB as they are used up: an idle
      // connection that sent a handful of packets holds 8 KiB, a busy one
      // amortizes one ArrayBuffer over ~50 packets.
      const next = this.slab.length === 0 ? FIRST_SLAB_SIZE : Math.min(SLAB_SIZE, this.slab.length * 2);
      this.slab = new Uint8Array(Math.max(next, mtu));
      this.slabOffset = 0;
    }
    const buf = this.slab.subarray(this.slabOffset, this.slabOffset + mtu);
    const dv = new DataView(buf.buffer, buf.byteOffset, mtu);
    let off = 12;
    let needChecksum = !this.zeroChecksumTx;
    for (let c = this.ctrl.peek(); c && !c.solo; c = this.ctrl.peek()) {
      const n = chunkEncodedLength(c.chunk);
      if (off + n > mtu) {
        if (off === 12) {
          // Larger than a packet on its own: cannot be sent (our own chunks never are).
          this.ctrl.shift();
          continue;
        }
        break;
      }
      this.ctrl.shift();
      off = encodeChunkInto(c.chunk, buf, dv, off);
      // RFC 9653: the handshake keeps a real checksum (the peer may hold no TCB yet).
      if (c.chunk.type === ChunkType.COOKIE_ECHO) needChecksum = true;
    }
    if (this.sackNeeded && this.tracker) {
      const sack = this.makeSack(Math.max(0, Math.floor((mtu - off - 16) / 4)));
      const n = chunkEncodedLength(sack);
      if (off + n <= mtu) {
        off = encodeChunkInto(sack, buf, dv, off);
        this.sackNeeded = false;
        this.ackTimer = NEVER;
        this.packetsSinceAck = 0;
      }
    }
    if (this.pr.forwardTsnNeeded) {
      const fwd = this.pr.makeForwardTsn(this.cumAck, this.useIData);
      if (fwd) {
        const n = chunkEncodedLength(fwd);
        if (off + n <= mtu) {
          off = encodeChunkInto(fwd, buf, dv, off);
          this.pr.forwardTsnNeeded = false;
        }
      } else this.pr.forwardTsnNeeded = false;
    }
    if (this.reconfig.hasOutput) {
      const chunk = this.reconfig.takeChunk(mtu - off, chunkEncodedLength);
      if (chunk) off = encodeChunkInto(chunk, buf, dv, off);
    }
    if (this.canSendData()) off = this.fillData(buf, dv, off);
    if (off === 12) return undefined;
    writeCommonHeader({ sourcePort: this.options.localPort, destinationPort: this.options.remotePort, verificationTag: this.peerTag }, buf, dv);
    if (needChecksum) setChecksum(buf, dv, off);
    this.slabOffset += (off + 7) & ~7;
    return off === mtu ? buf : buf.subarray(0, off);
  }

  private makeSack(maxEntries: number): SackChunk {
    const tr = this.tracker!;
    const gaps = tr.hasGaps ? tr.gapBlocks(Math.min(maxEntries, 128)) : [];
    const dups = tr.takeDuplicates();
    const room = maxEntries - (gaps.length >>> 1);
    if (dups.length > room) dups.length = Math.max(0, room);
    const aRwnd = this.receiveWindow();
    this.lastAdvertisedRwnd = aRwnd;
    return { type: ChunkType.SACK, cumulativeTsnAck: tr.cumulativeTsn, aRwnd, gaps, duplicateTsns: dups };
  }

  /** RFC 9260 §6.1 rules A-D, §7.2 (cwnd), RFC 3758 §3.5 (abandonment). */
  private fillData(buf: Uint8Array, dv: DataView, off: number): number {
    const mtu = this.options.mtu;
    const hdr = this.useIData ? 20 : 16;
    const now = this.now;
    let lastFlags = -1; // flags byte of the last DATA chunk written
    // Retransmissions first (§6.1 C).
    if (this.rq.retransmitCount > 0) {
      const bypass = this.fastRtxBypass;
      let sentAny = false;
      for (let i = 0; i < this.rq.chunks.length && this.rq.retransmitCount > 0; i++) {
        const c = this.rq.chunks.at(i)!;
        if (!c.retransmit) continue;
        if (this.pr.enabled && this.pr.shouldAbandon(c, this.now)) {
          this.abandonMessage(c.msg);
          continue;
        }
        if (off + pad4(hdr + c.data.length) > mtu) break;
        if (!(bypass && c.fastRetransmitted) && this.rq.flightSize >= this.cc.cwnd) break;
        lastFlags = off + 1;
        off = this.writeDataChunk(c, buf, dv, off);
        c.retransmit = false;
        this.rq.retransmitCount--;
        c.transmissions++;
        c.sentAt = now;
        c.inFlight = true;
        this.rq.flightSize += c.data.length;
        this.counters.retransmissions++;
        sentAny = true;
      }
      if (sentAny) {
        // After a T3 timeout cwnd is one MTU: the retransmission travels alone (see requestImmediateAck).
        if (this.fewPacketsFillCwnd(mtu)) this.requestImmediateAck(buf, lastFlags);
        this.fastRtxBypass = false;
        if (this.t3 === NEVER) this.t3 = now + this.rto.rto;
      }
      if (this.pr.forwardTsnNeeded) {
        // Abandonment during the scan above.
        const fwd = this.pr.makeForwardTsn(this.cumAck, this.useIData);
        if (fwd && off + chunkEncodedLength(fwd) <= mtu) {
          off = encodeChunkInto(fwd, buf, dv, off);
          this.pr.forwardTsnNeeded = false;
        }
      }
      if (this.rq.retransmitCount > 0) return off;
    }
    if (!this.sendQueue.hasPending) return off;
    if (this.rq.flightSize === 0 && this.lastDataSentAt >= 0 && now - this.lastDataSentAt > this.rto.rto) {
      this.cc.onIdle(Math.floor((now - this.lastDataSentAt) / this.rto.rto));
    }
    // §6.1 D: Max.Burst, applied by counting packets (cwnd itself is left alone).
    const limitBurst = this.options.maxBurst > 0;
    if (limitBurst && this.burstCredit <= 0) {
      if (this.rq.flightSize < this.cc.cwnd) this.counters.burstLimited++;
      return off;
    }
    const minFragment = Math.min(256, mtu >>> 2);
    let sent = false;
    while (this.rq.flightSize < this.cc.cwnd) {
      const space = mtu - off - hdr;
      if (space <= 0) break;
      const msg = this.sendQueue.peekNext(now, space, minFragment);
      if (!msg) break;
      const n = this.sendQueue.nextLength;
      // §6.1 B: respect the peer's window, but allow one chunk when nothing is in flight (zero-window probe).
      if (n > this.peerRwnd && this.rq.flightSize > 0) break;
      const firstFragment = msg.offset === 0;
      if (firstFragment) {
        const s = this.sendQueue.stream(msg.streamId);
        if (this.useIData) {
          if (msg.unordered) {
            msg.seq = s.nextUnorderedMid;
            s.nextUnorderedMid = (s.nextUnorderedMid + 1) >>> 0;
          } else {
            msg.seq = s.nextMid;
            s.nextMid = (s.nextMid + 1) >>> 0;
          }
        } else if (msg.unordered) msg.seq = 0;
        else {
          msg.seq = s.nextSsn;
          s.nextSsn = (s.nextSsn + 1) & 0xffff;
        }
        msg.firstTsn = this.nextTsn;
      }
      const fsn = msg.fsn;
      const at = this.sendQueue.commit(msg, this.useIData);
      const flags =
        (firstFragment ? DataFlags.BEGIN : 0) | (at + n === msg.data.length ? DataFlags.END : 0) | (msg.unordered ? DataFlags.UNORDERED : 0);
      const c = new SentChunk(this.nextTsn, msg, msg.data.subarray(at, at + n), flags, fsn, now);
      this.nextTsn = (this.nextTsn + 1) >>> 0;
      this.rq.chunks.push(c);
      this.rq.flightSize += n;
      this.peerRwnd = this.peerRwnd > n ? this.peerRwnd - n : 0;
      lastFlags = off + 1;
      off = this.writeDataChunk(c, buf, dv, off);
      this.counters.dataChunksSent++;
      sent = true;
    }
    if (sent) {
      if (this.sendQueue.hasPending && this.fewPacketsFillCwnd(mtu)) this.requestImmediateAck(buf, lastFlags);
      this.lastDataSentAt = now;
      if (limitBurst) this.burstCredit--;
      if (this.t3 === NEVER) this.t3 = now + this.rto.rto;
    }
    return off;
  }

  /**
   * True when the flight now fills cwnd with at most two packets' worth of data: the
   * sender must wait for a SACK, and the receiver, which acknowledges every second
   * packet (§6.2), may be holding the last one alone for its delayed-ack timer.
   */
  private fewPacketsFillCwnd(mtu: number): boolean {
    const flight = this.rq.flightSize;
    return flight >= this.cc.cwnd && flight <= 2 * mtu;
  }

  /**
   * Sets the I bit (RFC 9260 §3.3.1; its use cases in RFC 7053 §4) on the DATA chunk whose
   * flags byte is at `flagsAt`. Called when a packet leaves with at most two packets' worth
   * in flight and cwnd full ({@link fewPacketsFillCwnd}): the receiver acknowledges every
   * second packet and holds a lone one for its delayed-ack timer (§6.2, up to 200 ms in
   * common stacks), during which the sender may send nothing. That happens with a cwnd of
   * a packet or two: after a T3 timeout (§7.2.3), or once PLPMTUD has raised the packet
   * size above cwnd (seen with a transfer started during the probe, small packets still
   * in flight).
   */
  private requestImmediateAck(buf: Uint8Array, flagsAt: number): void {
    if (buf[flagsAt]! & DataFlags.IMMEDIATE) return;
    buf[flagsAt]! |= DataFlags.IMMEDIATE;
    this.counters.immediateAcksRequested++;
  }

  /** Writes a DATA (RFC 9260 §3.3.1) or I-DATA (RFC 8260 §2.1) chunk for `c`. */
  private writeDataChunk(c: SentChunk, buf: Uint8Array, dv: DataView, off: number): number {
    const msg = c.msg;
    const len = (this.useIData ? 20 : 16) + c.data.length;
    buf[off] = this.useIData ? ChunkType.I_DATA : ChunkType.DATA;
    buf[off + 1] = c.flags;
    dv.setUint16(off + 2, len);
    dv.setUint32(off + 4, c.tsn);
    dv.setUint16(off + 8, msg.streamId);
    if (this.useIData) {
      dv.setUint16(off + 10, 0);
      dv.setUint32(off + 12, msg.seq);
      dv.setUint32(off + 16, c.flags & DataFlags.BEGIN ? msg.ppid : c.fsn);
      buf.set(c.data, off + 20);
    } else {
      dv.setUint16(off + 10, msg.seq);
      dv.setUint32(off + 12, msg.ppid);
      buf.set(c.data, off + 16);
    }
    const end = off + pad4(len);
    for (let i = off + len; i < end; i++) buf[i] = 0;
    return end;
  }

  // ---------------------------------------------------------------- PR-SCTP (RFC 3758): partial-reliability.ts

  /** Abandons `msg` (RFC 3758 §3.5 A); T3-rtx runs while a FORWARD TSN is due (C4). */
  private abandonMessage(msg: OutMessage): void {
    if (this.pr.abandonMessage(msg, this.cumAck, this.useIData) && this.t3 === NEVER) this.t3 = this.now + this.rto.rto;
  }

  /** RFC 3758 §3.5 C1-C2. */
  private updateAdvancedPeerAckPoint(): void {
    if (this.pr.update(this.cumAck) && this.t3 === NEVER) this.t3 = this.now + this.rto.rto;
  }

  // ---------------------------------------------------------------- timers

  /** Runs every timer due at `now`. */
  handleTimeout(now: number): void {
    this.tick(now);
    now = this.now;
    this.grantBurst();
    if (this.t1 <= now) this.onT1();
    if (this.t3 <= now) this.onT3();
    if (this.t2 <= now) this.onT2();
    if (this.ackTimer <= now) {
      this.ackTimer = NEVER;
      this.sackNeeded = true;
    }
    if (this.hbTimer <= now) this.onHeartbeatTimer();
    if (this.reconfig.timer <= now) this.reconfig.onTimeout(now);
    if (this.pmtu.timer <= now) {
      // RFC 8899 §5.2: a probe lost; after MAX_PROBES the size is not usable.
      this.pmtu.timer = NEVER;
      if (this.pmtu.sent >= MAX_PROBES) {
        this.log.debug(`sctp: path MTU probe of ${this.pmtu.target} bytes unanswered, staying at ${this.options.mtu}`);
        this.pmtu.abandoned++;
        this.pmtu.stop();
      } else this.pmtu.due = true;
    }
  }

  /** T1-init / T1-cookie (RFC 9260 §5.1 C, §6.3.3 for back-off). */
  private onT1(): void {
    this.t1 = NEVER;
    if (!this.t1Chunk || (this.stateValue !== 'cookie-wait' && this.stateValue !== 'cookie-echoed')) return;
    if (++this.t1Count > this.options.maxInitRetransmits) {
      this.closeTcb('handshake timed out', true);
      return;
    }
    this.rto.backoff();
    this.ctrl.push(new Ctrl(this.t1Chunk, this.t1Chunk.type === ChunkType.INIT, this.t1Chunk.type === ChunkType.INIT ? 0 : undefined));
    this.t1 = this.now + this.rto.rto;
  }

  /** T3-rtx expiry (RFC 9260 §6.3.3). */
  private onT3(): void {
    this.t3 = NEVER;
    this.counters.t3Expirations++;
    let pending = false;
    for (let i = 0; i < this.rq.chunks.length; i++) {
      const c = this.rq.chunks.at(i)!;
      if (!c.acked && !c.abandoned) {
        pending = true;
        break;
      }
    }
    if (!pending && this.rq.gapAckedCount > 0 && !seq32Lt(this.cumAck, this.pr.advancedPeerAckPoint)) {
      // Only gap-acked chunks are left, nothing abandoned holds the cumulative
      // ack back, yet it has not moved for an RTO: the peer reneged (§6.2.1,
      // §6.3.3 E3). They are outstanding again and retransmitted.
      for (let i = 0; i < this.rq.chunks.length; i++) {
        const c = this.rq.chunks.at(i)!;
        if (!c.acked) continue;
        c.acked = false;
        this.prevGapCount = 0;
        this.rq.gapAckedCount--;
        this.counters.renegedChunks++;
        if (!c.abandoned) pending = true;
      }
    }
    if (pending) {
      if (++this.errorCount > this.options.maxRetransmissions) {
        this.abortWith(protocolViolationCause('too many retransmissions'), 'too many retransmissions');
        return;
      }
      this.rto.backoff();
      this.cc.onTimeout();
      this.fastRtxBypass = false;
      for (let i = 0; i < this.rq.chunks.length; i++) {
        const c = this.rq.chunks.at(i)!;
        if (c.acked || c.abandoned || c.retransmit) continue;
        if (this.pr.enabled && this.pr.shouldAbandon(c, this.now)) {
          this.abandonMessage(c.msg);
          continue;
        }
        this.rq.markRetransmit(c);
      }
    } else if (seq32Lt(this.cumAck, this.pr.advancedPeerAckPoint)) {
      this.rto.backoff();
    }
    this.updateAdvancedPeerAckPoint();
    if (seq32Lt(this.cumAck, this.pr.advancedPeerAckPoint)) this.pr.forwardTsnNeeded = true;
    if (this.rq.chunks.length > 0) this.t3 = this.now + this.rto.rto;
  }

  /** T2-shutdown (RFC 9260 §9.2). */
  private onT2(): void {
    this.t2 = NEVER;
    if (++this.t2Count > this.options.maxRetransmissions) {
      this.abortWith(protocolViolationCause('shutdown timed out'), 'shutdown timed out');
      return;
    }
    this.rto.backoff();
    if (this.stateValue === 'shutdown-sent') this.sendShutdown();
    else if (this.stateValue === 'shutdown-ack-sent') this.sendShutdownAck();
  }

  /** HEARTBEAT (RFC 9260 §8.3): an RTT sample and a liveness check. */
  private onHeartbeatTimer(): void {
    this.hbTimer = NEVER;
    if (this.stateValue !== 'established' && this.stateValue !== 'shutdown-pending') return;
    if (this.hbOutstanding) {
      if (++this.errorCount > this.options.maxRetransmissions) {
        this.abortWith(protocolViolationCause('peer unreachable'), 'peer unreachable (heartbeat)');
        return;
      }
      this.rto.backoff();
    }
    const info = new Uint8Array(12);
    const dv = new DataView(info.buffer);
    dv.setFloat64(0, this.now);
    this.hbNonce = randomUint32(this.components.random);
    dv.setUint32(8, this.hbNonce);
    this.ctrl.push(new Ctrl({ type: ChunkType.HEARTBEAT, info }, false, undefined));
    this.hbOutstanding = true;
    this.hbTimer = this.now + this.rto.rto;
  }

  private abortWith(cause: Cause, reason: string): void {
    this.ctrl.push(new Ctrl({ type: ChunkType.ABORT, reflected: false, causes: [cause] }, true, undefined));
    this.closeTcb(reason, true);
  }

  // ---------------------------------------------------------------- input

  /** Processes one received SCTP packet. `packet` is borrowed for the call. Never throws on bad input. */
  handle(now: number, packet: Uint8Array): void {
    this.tick(now);
    this.counters.packetsReceived++;
    if (this.sackNeeded) this.flushDueSack();
    this.grantBurst();
    if (!verifyChecksum(packet, this.localCaps.zeroChecksum)) {
      this.counters.checksumErrors++;
      return;
    }
    const pkt = decodePacket(packet);
    if (!pkt || pkt.chunks.length === 0) {
      this.counters.malformedPackets++;
      return;
    }
    const chunks = pkt.chunks;
    const first = chunks[0]!;
    const vtag = pkt.verificationTag;
    // §8.5.1 verification tag rules.
    if (first.type === ChunkType.INIT) {
      if (chunks.length !== 1 || vtag !== 0) {
        this.counters.malformedPackets++;
        return;
      }
      this.onInit(first);
      return;
    }
    if (first.type === ChunkType.ABORT) {
      if ((first.reflected ? this.peerTag : this.localTag) === vtag && this.stateValue !== 'closed') {
        this.closeTcb(`aborted by peer${first.causes.length ? ': ' + first.causes.map(describeCause).join(', ') : ''}`, true);
      } else this.counters.badVerificationTag++;
      return;
    }
    if (first.type === ChunkType.SHUTDOWN_COMPLETE) {
      if ((first.reflected ? this.peerTag : this.localTag) === vtag && this.stateValue === 'shutdown-ack-sent') {
        this.closeTcb('shutdown complete', false);
      } else this.counters.badVerificationTag++;
      return;
    }
    let i = 0;
    if (first.type === ChunkType.COOKIE_ECHO) {
      if (!this.onCookieEcho(first.cookie, vtag)) return;
      i = 1;
    } else if (this.stateValue === 'closed') {
      this.onOutOfTheBlue(chunks, vtag);
      return;
    } else if ((this.stateValue === 'cookie-wait' || this.stateValue === 'cookie-echoed') && hasChunk(chunks, ChunkType.SHUTDOWN_ACK)) {
      // §8.5.1 E: a SHUTDOWN ACK in COOKIE-WAIT / COOKIE-ECHOED is treated as out of the blue.
      this.onOutOfTheBlue(chunks, vtag);
      return;
    } else if (vtag !== this.localTag) {
      // §8.5: a TCB exists and the tag is not ours: silently discard.
      this.counters.badVerificationTag++;
      return;
    }
    let dataSeen = false;
    let ackNow = false;
    for (; i < chunks.length; i++) {
      const c = chunks[i]!;
      switch (c.type) {
        case ChunkType.DATA:
        case ChunkType.I_DATA: {
          if (!this.tracker || (this.stateValue !== 'established' && this.stateValue !== 'shutdown-pending' && this.stateValue !== 'shutdown-sent')) break;
          if ((c.type === ChunkType.I_DATA) !== this.useIData) {
            // RFC 8260 §2.1: DATA with I-DATA negotiated (or the reverse) is a protocol violation.
            this.counters.protocolViolations++;
            this.abortWith(protocolViolationCause('wrong data chunk type'), 'protocol violation: wrong data chunk type');
            return;
          }
          dataSeen = true;
          if (c.type === ChunkType.DATA) {
            if (this.onData(c.tsn, c.flags, c.streamId, c.ssn, c.ppid, 0, c.userData)) ackNow = true;
          } else if (this.onData(c.tsn, c.flags, c.streamId, c.mid, c.ppid, c.fsn, c.userData)) ackNow = true;
          if ((this.stateValue as AssociationState) === 'closed') return;
          break;
        }
        case ChunkType.SACK:
          this.onSack(c);
          break;
        case ChunkType.INIT_ACK:
          this.onInitAck(c);
          break;
        case ChunkType.COOKIE_ACK:
          if (this.stateValue === 'cookie-echoed') {
            this.t1 = NEVER;
            this.t1Chunk = undefined;
            this.setState('established', 'COOKIE ACK');
          }
          break;
        case ChunkType.COOKIE_ECHO:
          break; // only meaningful first in a packet
        case ChunkType.HEARTBEAT:
          this.ctrl.push(new Ctrl({ type: ChunkType.HEARTBEAT_ACK, info: c.info.slice() }, false, undefined));
          break;
        case ChunkType.HEARTBEAT_ACK:
          if (this.pmtu.matches(c.info)) {
            // RFC 8899 §5.2: the probe was acknowledged: packets of its size cross the path.
            this.log.debug(`sctp: path MTU ${this.options.mtu} -> ${this.pmtu.target} (probe acknowledged)`);
            this.setMtu(this.pmtu.target);
            this.pmtu.confirmed++;
            this.pmtu.stop();
          } else this.onHeartbeatAck(c.info);
          break;
        case ChunkType.ABORT:
          this.closeTcb(`aborted by peer${c.causes.length ? ': ' + c.causes.map(describeCause).join(', ') : ''}`, true);
          return;
        case ChunkType.SHUTDOWN:
          this.onShutdown(c.cumulativeTsnAck);
          break;
        case ChunkType.SHUTDOWN_ACK:
          if (this.stateValue === 'shutdown-sent' || this.stateValue === 'shutdown-ack-sent') {
            this.ctrl.push(new Ctrl({ type: ChunkType.SHUTDOWN_COMPLETE, reflected: false }, true, undefined));
            this.closeTcb('shutdown complete', false);
            return;
          }
          break;
        case ChunkType.SHUTDOWN_COMPLETE:
          break;
        case ChunkType.ERROR:
          this.events.push({ type: 'error-chunk', causes: c.causes.map((x) => ({ type: x.type, value: x.value.slice() })) });
          break;
        case ChunkType.FORWARD_TSN:
        case ChunkType.I_FORWARD_TSN:
          if (this.tracker) {
            this.onForwardTsn(c.newCumulativeTsn, c.type === ChunkType.FORWARD_TSN ? c.streams : undefined, c.type === ChunkType.I_FORWARD_TSN ? c.entries : undefined);
            ackNow = true;
          }
          break;
        case ChunkType.RE_CONFIG:
          if (this.tracker) this.reconfig.onChunk(c);
          break;
        case 'unknown': {
          // RFC 4820: PAD chunks (PLPMTUD probes) are padding, skipped silently.
          if (c.chunkType === PAD_CHUNK_TYPE) break;
          this.counters.unknownChunks++;
          const act = unknownChunkAction(c.chunkType);
          if (act.report) {
            const raw = encodeChunk(c).subarray(0, 4 + c.value.length);
            this.ctrl.push(new Ctrl({ type: ChunkType.ERROR, causes: [unrecognizedChunkCause(raw)] }, false, undefined));
          }
          if (act.stop) i = chunks.length;
          break;
        }
      }
    }
    if (dataSeen) {
      if (this.stateValue === 'shutdown-sent') {
        // §9.2: acknowledge at once and repeat SHUTDOWN.
        this.sackNeeded = true;
        this.sendShutdown();
      } else if (ackNow || ++this.packetsSinceAck >= 2) {
        this.sackNeeded = true;
      } else if (this.ackTimer === NEVER) {
        this.ackTimer = this.now + this.options.delayedAckMs;
      }
    } else if (ackNow) this.sackNeeded = true;
  }

  /**
   * RFC 9260 §8.4: an out-of-the-blue packet (no association it belongs to).
   * INIT (3) and COOKIE ECHO (4) never get here (handled statelessly above).
   * (2) anything with an ABORT, (6) a SHUTDOWN COMPLETE, (7) a COOKIE ACK or a
   * Stale Cookie ERROR: silently discarded. (5) a SHUTDOWN ACK: SHUTDOWN
   * COMPLETE with the T bit, the packet's tag reflected. (8) anything else: an
   * ABORT with the T bit and the packet's tag reflected, and nothing more.
   * Replies are bounded by the control queue (a flood cannot grow memory).
   */
  private onOutOfTheBlue(chunks: readonly Chunk[], vtag: number): void {
    this.counters.outOfTheBlue++;
    let shutdownAck = false;
    for (const c of chunks) {
      switch (c.type) {
        case ChunkType.ABORT:
        case ChunkType.SHUTDOWN_COMPLETE:
        case ChunkType.COOKIE_ACK:
          return; // (2), (6), (7)
        case ChunkType.ERROR:
          for (const cause of c.causes) if (cause.type === ErrorCause.STALE_COOKIE) return; // (7)
          break;
        case ChunkType.SHUTDOWN_ACK:
          shutdownAck = true;
          break;
        case ChunkType.INIT:
          return; // (3): an INIT not alone or with a non-zero tag
        default:
          break;
      }
    }
    if (this.ctrl.length >= 64) return;
    if (shutdownAck) this.ctrl.push(new Ctrl({ type: ChunkType.SHUTDOWN_COMPLETE, reflected: true }, true, vtag)); // (5)
    else this.ctrl.push(new Ctrl({ type: ChunkType.ABORT, reflected: true, causes: [] }, true, vtag)); // (8)
  }

  /** Returns true when the SACK should go out at once (out of order, duplicate, I bit). */
  private onData(tsn: number, flags: number, streamId: number, seq: number, ppid: number, fsn: number, userData: Uint8Array): boolean {
    const tr = this.tracker!;
    this.counters.dataChunksReceived++;
    if (userData.length === 0) {
      // §6.2: an empty DATA chunk aborts the association.
      this.abortWith(noUserDataCause(tsn), 'received DATA without user data');
      return false;
    }
    if (tr.has(tsn)) {
      tr.addDuplicate(tsn);
      this.counters.duplicateTsns++;
      return true;
    }
    const inOrder = tsn === seq32Add(tr.cumulativeTsn, 1) && !tr.hasGaps;
    if (streamId >= this.inboundStreamCount) {
      // §6.5: acknowledge, report Invalid Stream Identifier, discard.
      if (!tr.add(tsn)) return true;
      this.ctrl.push(new Ctrl({ type: ChunkType.ERROR, causes: [invalidStreamCause(streamId)] }, false, undefined));
      return true;
    }
    const used = this.reasm!.bytes + this.undeliveredBytes + this.reconfig.heldBytes;
    if (used + userData.length > this.options.maxReceiveBuffer) {
      // §6.2: with the window closed, drop new TSNs (the sender's zero-window
      // probes too: it keeps probing, and our SACK says the window is 0). One
      // exception, for progress: when the whole buffer is partial messages
      // (nothing waits for the application), the next in-order TSN is still
      // taken so a message larger than the window can complete; 64 KiB of
      // slack bounds that.
      if (tsn !== seq32Add(tr.cumulativeTsn, 1) || this.undeliveredBytes > 0 || used > this.options.maxReceiveBuffer + 64 * 1024) {
        this.counters.receiveBufferDrops++;
        return true;
      }
    }
    if (!tr.add(tsn)) {
      this.counters.receiveBufferDrops++;
      return true;
    }
    const deferred = this.reconfig.deferredPending;
    if (deferred && this.reconfig.shouldHold(tsn, streamId)) {
      this.reconfig.hold(tsn, flags, streamId, seq, ppid, fsn, userData);
    } else {
      // Unfragmented messages are copied here (small ones into the pool); the
      // reassembly copies fragments straight into the message being rebuilt.
      const data = (flags & 3) !== 3 ? userData : this.pool ? this.pool.copy(userData) : userData.slice();
      if (this.useIData) this.reasm!.addIData(tsn, flags, streamId, seq, ppid, fsn, data);
      else this.reasm!.addData(tsn, flags, streamId, seq, ppid, data);
    }
    if (deferred) this.reconfig.afterCumulativeTsnMoved();
    return !inOrder || (flags & DataFlags.IMMEDIATE) !== 0;
  }

  /** RFC 9260 §6.2.1 (SACK processing), §7.2 (congestion control), §7.2.4 (fast retransmit). */
  private onSack(s: SackChunk): void {
    if (!this.tracker) return;
    this.processAck(s.cumulativeTsnAck, s.aRwnd, s.gaps);
  }

  private processAck(cum: number, aRwnd: number, gaps: readonly number[]): void {
    if (seq32Lt(cum, this.cumAck)) return; // §6.2.1 D i: an old SACK
    if (!seq32Lt(cum, this.nextTsn)) {
      this.counters.protocolViolations++; // acks a TSN never sent
      return;
    }
    const now = this.now;
    const flightBefore = this.rq.flightSize;
    const cumAdvanced = seq32Lt(this.cumAck, cum);
    let bytesAcked = 0;
    let rttDone = false;
    const q = this.rq.chunks;
    for (let c = q.peek(); c !== undefined && seq32Lte(c.tsn, cum); c = q.peek()) {
      q.shift();
      if (c.acked) this.rq.gapAckedCount--;
      if (!c.acked && !c.abandoned) bytesAcked += c.data.length;
      if (c.inFlight) this.rq.flightSize -= c.data.length;
      if (c.retransmit) this.rq.retransmitCount--;
      if (!rttDone && c.tsn === cum && c.transmissions === 1 && !c.acked) {
        // Karn's rule: only chunks sent once give RTT samples.
        this.rto.sample(now - c.sentAt);
        rttDone = true;
      }
    }
    if (cumAdvanced) this.cumAck = cum;
    // Gap Ack Blocks (their order checked once: the three steps below depend on it).
    const ordered = gapBlocksOrdered(gaps);
    if (gaps.length > 0) {
      const htna = this.markGapAcked(gaps, ordered);
      if (htna !== undefined) this.missIndications(gaps, ordered, htna);
    }
    if (ordered) this.rememberGapBlocks(gaps);
    else this.prevGapCount = 0;
    // §6.2.1 D iii: reneging can only be told from blocks in increasing order (§3.3.4).
    if (ordered && this.rq.gapAckedCount > 0 && !this.allGapAckedReported(gaps)) this.detectReneging(gaps);
    if (cumAdvanced) {
      this.cc.onCumulativeAck(bytesAcked, flightBefore, cum);
      this.errorCount = 0;
    } else if (aRwnd === 0) {
      // §6.1 A: zero window probes answered by SACKs do not count as failures.
      this.errorCount = 0;
    }
    this.peerRwnd = Math.max(0, aRwnd - this.rq.flightSize);
    // T3 (§6.3.2 R2, R3). Chunks acked only by gap blocks stay in the
    // retransmission queue and keep the timer running until cumulatively
    // acked: the peer may renege on them (§6.2.1 D iii, §6.3.3).
    if (this.rq.flightSize === 0 && this.rq.retransmitCount === 0) {
      this.cc.onAllAcked();
      if (q.length === 0) this.t3 = NEVER;
      else if (cumAdvanced || this.t3 === NEVER) this.t3 = now + this.rto.rto;
    } else if (cumAdvanced) this.t3 = now + this.rto.rto;
    this.updateAdvancedPeerAckPoint();
    if (seq32Lt(this.cumAck, this.pr.advancedPeerAckPoint) && this.t3 === NEVER) this.t3 = now + this.rto.rto;
    this.checkShutdownProgress();
  }

  /**
   * Marks the chunks of this SACK's Gap Ack Blocks acked (RFC 9260 §6.2.1 D
   * iv) and returns the highest TSN newly acked (undefined when none). A
   * bulk sender with a loss keeps hundreds of chunks gap-acked for an RTT,
   * and every SACK repeats their blocks: offsets the previous SACK's blocks
   * already covered are skipped (they are acked; anything that un-acks a
   * chunk forgets those blocks), so a SACK costs what it newly acks.
   */
  private markGapAcked(gaps: readonly number[], ordered: boolean): number | undefined {
    const q = this.rq.chunks;
    const cum = this.cumAck;
    const prev = this.prevGaps;
    const nPrev = ordered ? this.prevGapCount : 0;
    let p = 0;
    let htna: number | undefined;
    for (let g = 0; g + 1 < gaps.length; g += 2) {
      const end = Math.min(gaps[g + 1]!, q.length);
      // q.at(0) holds TSN cum+1, so offset k is index k-1.
      for (let off = Math.max(1, gaps[g]!); off <= end; ) {
        // Skip what a previous block covered (prev holds absolute TSN pairs).
        while (p < nPrev && ((prev[p + 1]! - cum) | 0) < off) p += 2;
        if (p < nPrev && ((prev[p]! - cum) | 0) <= off) {
          off = ((prev[p + 1]! - cum) | 0) + 1;
          continue;
        }
        const stop = p < nPrev ? Math.min(end, ((prev[p]! - cum) | 0) - 1) : end;
        for (; off <= stop; off++) {
          const c = q.at(off - 1)!;
          if (c.acked) continue;
          c.acked = true;
          this.rq.gapAckedCount++;
          this.rq.leaveFlight(c);
          this.rq.unmarkRetransmit(c);
          if (htna === undefined || seq32Lt(htna, c.tsn)) htna = c.tsn;
        }
      }
    }
    return htna;
  }

  /**
   * §7.2.4: one miss indication for each unacked TSN below the highest TSN
   * newly acked; three start fast retransmit. With ordered blocks only the
   * holes between them are visited.
   */
  private missIndications(gaps: readonly number[], ordered: boolean, htna: number): void {
    const q = this.rq.chunks;
    let enter = false;
    if (ordered) {
      // Holes: offsets [1, gaps[0]-1], [gaps[1]+1, gaps[2]-1], ... (below htna, so before the last block ends).
      let from = 1;
      for (let g = 0; g + 1 < gaps.length; g += 2) {
        const to = Math.min(gaps[g]! - 1, q.length);
        for (let off = from; off <= to; off++) {
          const c = q.at(off - 1)!;
          if (!seq32Lt(c.tsn, htna)) break;
          if (this.missIndication(c, htna)) enter = true;
        }
        from = gaps[g + 1]! + 1;
      }
    } else {
      for (let k = 0; k < q.length; k++) {
        const c = q.at(k)!;
        if (!seq32Lt(c.tsn, htna)) break;
        if (this.missIndication(c, htna)) enter = true;
      }
    }
    if (enter) {
      this.cc.onFastRetransmit(seq32Add(this.nextTsn, -1));
      this.fastRtxBypass = true;
    }
  }

  /**
   * Counts one miss for `c`, outstanding below `htna` (the highest TSN this
   * SACK newly acked); true when it reaches 3 and `c` is marked for fast
   * retransmit (§7.2.4).
   *
   * A fast retransmission that is lost too would otherwise wait for T3-rtx
   * (RTO.Min, hundreds of ms) while the peer acks everything after it: seen
   * against Chromium, whose socket drops bursts when its receiver thread
   * lags. So a chunk may be fast-retransmitted again (Multiple Fast
   * Retransmit, Caro et al.): once retransmitted, only SACKs that newly ack
   * a TSN sent after that retransmission (above {@link SentChunk.rtxRecover})
   * count as misses for it, so SACKs already on their way cannot trigger a
   * spurious second retransmission; §7.2.4's counter restarts at 0 after
   * each fast retransmit.
   */
  private missIndication(c: SentChunk, htna: number): boolean {
    if (c.acked || c.abandoned || c.retransmit) return false;
    if (c.fastRetransmitted && !seq32Lt(c.rtxRecover, htna)) return false;
    if (++c.misses < 3) return false;
    this.markFastRetransmit(c);
    return true;
  }

  /** Three misses: `c` goes out again as a fast retransmission, its miss counter restarting (§7.2.4). */
  private markFastRetransmit(c: SentChunk): void {
    c.misses = 0;
    c.fastRetransmitted = true;
    c.rtxRecover = seq32Add(this.nextTsn, -1);
    this.rq.markRetransmit(c);
    this.counters.fastRetransmits++;
  }

  /** Keeps this SACK's blocks as absolute TSNs, for {@link markGapAcked}. */
  private rememberGapBlocks(gaps: readonly number[]): void {
    const cum = this.cumAck;
    const n = Math.min(gaps.length & ~1, MAX_REMEMBERED_GAP_BLOCKS * 2);
    for (let i = 0; i < n; i++) this.prevGaps[i] = (cum + gaps[i]!) >>> 0;
    this.prevGapCount = n;
  }

  /**
   * True when every gap-acked chunk lies inside this SACK's blocks (in
   * increasing order), so none was reneged (§6.2.1 D iii) and the scan of
   * {@link detectReneging} can be skipped: after {@link markGapAcked} every
   * chunk inside an ordered block is acked, so the blocks' sizes add up to
   * the count exactly then.
   */
  private allGapAckedReported(gaps: readonly number[]): boolean {
    const len = this.rq.chunks.length;
    let inBlocks = 0;
    for (let g = 0; g + 1 < gaps.length; g += 2) {
      const end = Math.min(gaps[g + 1]!, len);
      if (end >= gaps[g]!) inBlocks += end - gaps[g]! + 1;
    }
    return inBlocks === this.rq.gapAckedCount;
  }

  /**
   * RFC 9260 §6.2.1 D iii: a TSN acked by an earlier gap block and missing
   * from this SACK's blocks was reneged (the peer dropped it, §6.2). It is
   * outstanding again: one miss indication towards fast retransmit (§7.2.4),
   * and T3-rtx started if it is not running. `gaps` are in increasing order
   * (§3.3.4; the caller skips this check for blocks that are unordered,
   * overlapping or reversed).
   */
  private detectReneging(gaps: readonly number[]): void {
    const q = this.rq.chunks;
    let remaining = this.rq.gapAckedCount;
    let g = 0;
    let reneged = false;
    for (let k = 0; k < q.length && remaining > 0; k++) {
      const c = q.at(k)!;
      if (!c.acked) continue;
      remaining--;
      const off = k + 1; // q.at(0) holds TSN cum+1
      while (g + 1 < gaps.length && gaps[g + 1]! < off) g += 2;
      if (g + 1 < gaps.length && gaps[g]! <= off) continue; // still reported
      c.acked = false; // outside this SACK's blocks, so outside what markGapAcked remembers
      this.rq.gapAckedCount--;
      this.counters.renegedChunks++;
      reneged = true;
      if (c.abandoned) continue;
      if (++c.misses >= 3 && !c.fastRetransmitted) this.markFastRetransmit(c);
    }
    if (reneged && this.t3 === NEVER) this.t3 = this.now + this.rto.rto;
  }

  private onHeartbeatAck(info: Uint8Array): void {
    if (info.length !== 12 || !this.hbOutstanding) return;
    const dv = new DataView(info.buffer, info.byteOffset, 12);
    if (dv.getUint32(8) !== this.hbNonce) return;
    this.rto.sample(this.now - dv.getFloat64(0));
    this.hbOutstanding = false;
    this.errorCount = 0;
    this.hbTimer = this.now + this.options.heartbeatIntervalMs;
  }

  /** RFC 3758 §3.6 / RFC 8260 §2.3.2. */
  private onForwardTsn(newCum: number, streams: readonly number[] | undefined, entries: readonly number[] | undefined): void {
    const r = applyForwardTsn(this.tracker!, this.reasm!, newCum, streams, entries);
    if (r === 'violation') this.counters.protocolViolations++;
    else if (r === 'applied') this.reconfig.afterCumulativeTsnMoved();
  }

  // ---------------------------------------------------------------- handshake

  /** RFC 9260 §5.1 B, §5.2.1, §5.2.2. */
  private onInit(init: InitChunk): void {
    if (init.initiateTag === 0 || init.outboundStreams === 0 || init.inboundStreams === 0) {
      this.counters.protocolViolations++;
      return;
    }
    // §3.2.1: an unrecognized parameter whose high bits are 00 / 01 stops the
    // processing of further parameters (01 also reports it); 10 / 11 skip it
    // (11 reports it). Reports go back in the INIT ACK (§3.3.3).
    const unrecognized: Param[] = [];
    let usable = init.params.length;
    for (let i = 0; i < init.params.length; i++) {
      const p = init.params[i]!;
      if (isKnownInitParam(p.type)) continue;
      const act = unknownParamAction(p.type);
      if (act.report) unrecognized.push({ type: ParamType.UNRECOGNIZED_PARAMETER, value: encodeParam(p) });
      if (act.stop) {
        usable = i;
        break;
      }
    }
    const peerParams = usable === init.params.length ? init.params : init.params.slice(0, usable);
    const st = this.stateValue;
    let localTag: number;
    let localTsn: number;
    let localTie = 0;
    let peerTie = 0;
    if (st === 'closed') {
      localTag = this.randomTag();
      localTsn = randomUint32(this.components.random);
    } else if (st === 'cookie-wait' || st === 'cookie-echoed') {
      // §5.2.1: answer with the parameters of our own INIT.
      localTag = this.localTag;
      localTsn = this.localInitialTsn;
      if (st === 'cookie-echoed') {
        localTie = this.localTag;
        peerTie = this.peerTag;
      }
    } else {
      // §5.2.2: a possible restart; new tag, tie-tags name the current association.
      localTag = this.randomTag();
      localTsn = randomUint32(this.components.random);
      localTie = this.localTag;
      peerTie = this.peerTag;
    }
    const cookie = signCookie(
      {
        localTag,
        peerTag: init.initiateTag,
        localInitialTsn: localTsn,
        peerInitialTsn: init.initialTsn,
        peerRwnd: init.aRwnd,
        peerOutboundStreams: init.outboundStreams,
        peerInboundStreams: init.inboundStreams,
        localTieTag: localTie,
        peerTieTag: peerTie,
        createdAt: this.now,
        peerCaps: readCapabilities(peerParams),
      },
      this.cookieKey,
    );
    const ack: InitAckChunk = {
      type: ChunkType.INIT_ACK,
      initiateTag: localTag,
      aRwnd: this.options.maxReceiveBuffer,
      outboundStreams: this.options.outboundStreams,
      inboundStreams: this.options.inboundStreams,
      initialTsn: localTsn,
      params: [{ type: ParamType.STATE_COOKIE, value: cookie }, ...capabilityParams(this.localCaps), ...unrecognized],
    };
    this.ctrl.push(new Ctrl(ack, true, init.initiateTag));
  }

  /** RFC 9260 §5.1 C. */
  private onInitAck(ack: InitAckChunk): void {
    if (this.stateValue !== 'cookie-wait') return; // §5.2.3: discard elsewhere
    const cookie = stateCookieOf(ack);
    if (!cookie || ack.initiateTag === 0 || ack.outboundStreams === 0 || ack.inboundStreams === 0) {
      this.counters.protocolViolations++;
      this.abortWith({ type: ErrorCause.MISSING_MANDATORY_PARAMETER, value: new Uint8Array(0) }, 'invalid INIT ACK');
      return;
    }
    this.setupTcb(ack.initiateTag, ack.initialTsn, ack.aRwnd, ack.outboundStreams, ack.inboundStreams, readCapabilities(ack.params));
    const echo: Chunk = { type: ChunkType.COOKIE_ECHO, cookie: cookie.slice() };
    this.t1Chunk = echo;
    this.t1Count = 0;
    this.ctrl.push(new Ctrl(echo, false, undefined));
    this.t1 = this.now + this.rto.rto;
    this.setState('cookie-echoed', 'INIT ACK');
  }

  /** Builds the peer half of the TCB. */
  private setupTcb(peerTag: number, peerInitialTsn: number, peerRwnd: number, peerOS: number, peerMIS: number, caps: Capabilities): void {
    this.peerTag = peerTag;
    this.peerCaps = caps;
    this.pr.enabled = caps.forwardTsn;
    this.useIData = this.localCaps.interleaving && caps.interleaving;
    this.zeroChecksumTx = this.localCaps.zeroChecksum && caps.zeroChecksum;
    this.outboundStreamCount = Math.min(this.options.outboundStreams, peerMIS);
    this.inboundStreamCount = Math.min(this.options.inboundStreams, peerOS);
    this.tracker = new ReceiveTracker(peerInitialTsn);
    this.reasm = new Reassembly(this.useIData, this.sink, this.options.retainPackets);
    this.peerRwnd = peerRwnd;
    this.cc = new CongestionControl(this.options.mtu, peerRwnd);
    this.reconfig.setPeerInitialTsn(peerInitialTsn);
  }

  /** RFC 9260 §5.1 D, §5.2.4 (Table 7). Returns true when the rest of the packet may be processed. */
  private onCookieEcho(raw: Uint8Array, vtag: number): boolean {
    const c = openCookie(raw, this.cookieKey);
    if (!c || c.localTag !== vtag) {
      this.counters.badVerificationTag++;
      return false;
    }
    if (this.now - c.createdAt > this.options.cookieLifetimeMs) {
      // §5.1.5 step 3: a stale cookie.
      this.ctrl.push(new Ctrl({ type: ChunkType.ERROR, causes: [staleCookieCause(this.now - c.createdAt - this.options.cookieLifetimeMs)] }, true, c.peerTag));
      return false;
    }
    const st = this.stateValue;
    if (st === 'closed') {
      this.establishFromCookie(c);
      this.setState('established', 'COOKIE ECHO');
      this.ctrl.push(new Ctrl({ type: ChunkType.COOKIE_ACK }, false, undefined));
      return true;
    }
    const localMatch = c.localTag === this.localTag;
    const peerMatch = st !== 'cookie-wait' && c.peerTag === this.peerTag;
    if (!localMatch && !peerMatch && c.localTieTag === this.localTag && c.peerTieTag === this.peerTag && c.localTieTag !== 0) {
      // Case A: the peer restarted.
      if (st === 'shutdown-ack-sent') {
        this.ctrl.push(new Ctrl({ type: ChunkType.SHUTDOWN_ACK }, false, undefined));
        this.ctrl.push(new Ctrl({ type: ChunkType.ERROR, causes: [{ type: ErrorCause.COOKIE_RECEIVED_WHILE_SHUTTING_DOWN, value: new Uint8Array(0) }] }, false, undefined));
        return false;
      }
      this.restartFromCookie(c);
      this.ctrl.push(new Ctrl({ type: ChunkType.COOKIE_ACK }, false, undefined));
      return true;
    }
    if (localMatch && !peerMatch) {
      // Case B: an INIT collision; take the peer's parameters from the cookie.
      this.establishFromCookie(c, true);
      this.t1 = NEVER;
      this.t1Chunk = undefined;
      if (st === 'cookie-wait' || st === 'cookie-echoed') this.setState('established', 'COOKIE ECHO (collision)');
      this.ctrl.push(new Ctrl({ type: ChunkType.COOKIE_ACK }, false, undefined));
      return true;
    }
    if (!localMatch && peerMatch && c.localTieTag === 0 && c.peerTieTag === 0) {
      return false; // Case C: silently discard
    }
    if (localMatch && peerMatch) {
      // Case D.
      if (st === 'cookie-echoed') {
        this.t1 = NEVER;
        this.t1Chunk = undefined;
        this.setState('established', 'COOKIE ECHO');
      }
      this.ctrl.push(new Ctrl({ type: ChunkType.COOKIE_ACK }, false, undefined));
      return true;
    }
    if (st === 'cookie-wait' && c.localTieTag === 0) {
      // Our stateless INIT ACK (sent while CLOSED) raced our own INIT: the
      // authenticated cookie is an association we agreed to; take it.
      this.establishFromCookie(c);
      this.t1 = NEVER;
      this.t1Chunk = undefined;
      this.setState('established', 'COOKIE ECHO (crossed INIT)');
      this.ctrl.push(new Ctrl({ type: ChunkType.COOKIE_ACK }, false, undefined));
      return true;
    }
    return false;
  }

  private establishFromCookie(c: CookieContents, keepLocal = false): void {
    if (!keepLocal || this.stateValue === 'closed') {
      this.localTag = c.localTag;
      this.localInitialTsn = c.localInitialTsn;
      this.setupLocalTsn();
    }
    this.setupTcb(c.peerTag, c.peerInitialTsn, c.peerRwnd, c.peerOutboundStreams, c.peerInboundStreams, c.peerCaps);
  }

  /** Case A of §5.2.4: the peer restarted. Outstanding data is lost; queued data is kept. */
  private restartFromCookie(c: CookieContents): void {
    this.rq.clear();
    this.t3 = NEVER;
    for (const s of this.sendQueue.streams.values()) {
      s.nextSsn = 0;
      s.nextMid = 0;
      s.nextUnorderedMid = 0;
      // A message cut halfway cannot be resumed under new TSNs.
      const head = s.queue.peek();
      if (head && head.offset > 0) head.abandoned = true;
    }
    this.localTag = c.localTag;
    this.localInitialTsn = c.localInitialTsn;
    this.setupLocalTsn();
    this.setupTcb(c.peerTag, c.peerInitialTsn, c.peerRwnd, c.peerOutboundStreams, c.peerInboundStreams, c.peerCaps);
    this.reconfig.onRestart();
    this.log.info('sctp: peer restarted the association');
    this.events.push({ type: 'restart' });
  }

  // ---------------------------------------------------------------- shutdown

  private onShutdown(cumTsnAck: number): void {
    const st = this.stateValue;
    if (st === 'established' || st === 'shutdown-pending' || st === 'shutdown-received') {
      this.processAck(cumTsnAck, this.peerRwnd + this.rq.flightSize, []);
      if (st !== 'shutdown-received') this.setState('shutdown-received', 'SHUTDOWN');
      this.checkShutdownProgress();
    } else if (st === 'shutdown-sent') {
      // §9.2: both sides sent SHUTDOWN.
      this.sendShutdownAck();
      this.setState('shutdown-ack-sent', 'SHUTDOWN in SHUTDOWN-SENT');
    }
  }

  private checkShutdownProgress(): void {
    const st = this.stateValue;
    if (st !== 'shutdown-pending' && st !== 'shutdown-received') return;
    if (this.rq.chunks.length > 0 || this.sendQueue.totalQueued > 0) return;
    this.t3 = NEVER;
    this.t2Count = 0;
    if (st === 'shutdown-pending') {
      this.sendShutdown();
      this.setState('shutdown-sent', 'all data acknowledged');
    } else {
      this.sendShutdownAck();
      this.setState('shutdown-ack-sent', 'all data acknowledged');
    }
  }

  private sendShutdown(): void {
    this.ctrl.push(new Ctrl({ type: ChunkType.SHUTDOWN, cumulativeTsnAck: this.tracker?.cumulativeTsn ?? 0 }, false, undefined));
    this.t2 = this.now + this.rto.rto;
  }

  private sendShutdownAck(): void {
    this.ctrl.push(new Ctrl({ type: ChunkType.SHUTDOWN_ACK }, false, undefined));
    this.t2 = this.now + this.rto.rto;
  }

  // ---------------------------------------------------------------- stream reset (RFC 6525): stream-reconfig.ts

  /** The narrow view of this association that {@link StreamReconfig} works through. */
  private reconfigHost(): ReconfigHost {
    return {
      sendQueue: this.sendQueue,
      now: () => this.now,
      rto: () => this.rto.rto,
      lastAssignedTsn: () => seq32Add(this.nextTsn, -1),
      requestAllowed: () => (this.stateValue !== 'established' ? 'later' : this.peerCaps.reconfig ? 'yes' : 'unsupported'),
      cumulativeTsn: () => this.tracker!.cumulativeTsn,
      resetIncoming: (streams) => this.reasm!.resetStreams(streams),
      deliver: (h) => {
        if (this.useIData) this.reasm!.addIData(h.tsn, h.flags, h.streamId, h.seq, h.ppid, h.fsn, h.data);
        else this.reasm!.addData(h.tsn, h.flags, h.streamId, h.seq, h.ppid, h.data);
      },
      resetDone: (direction, streamIds, ok) => this.events.push({ type: 'stream-reset', direction, streamIds, ok }),
      requestSack: () => {
        this.sackNeeded = true;
      },
    };
  }
}

function encodeParam(p: Param): Uint8Array {
  const out = new Uint8Array(4 + p.value.length);
  out[0] = p.type >>> 8;
  out[1] = p.type & 0xff;
  out[2] = out.length >>> 8;
  out[3] = out.length & 0xff;
  out.set(p.value, 4);
  return out;
}

function hasChunk(chunks: readonly Chunk[], type: number): boolean {
  for (const c of chunks) if (c.type === type) return true;
  return false;
}
