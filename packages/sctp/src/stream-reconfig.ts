/**
 * Stream reconfiguration (RFC 6525) as WebRTC uses it: closing a data channel
 * resets its outgoing stream (RFC 8831 §6.7).
 *
 * Outgoing (§5.1.2): a stream being closed sends what it has queued, then an
 * Outgoing SSN Reset Request names it (with the Sender's Last Assigned TSN);
 * nothing more is sent on it until the Re-configuration Response. One request
 * is outstanding at a time (§5.1.1), retransmitted every RTO; "In Progress"
 * re-arms the timer. On success the stream's sequence numbers restart at 0.
 *
 * Incoming (§5.2.2): a peer's request is performed once every TSN up to its
 * Last Assigned TSN has arrived; until then it is answered "In Progress" and
 * DATA for the named streams past that TSN is held back (bounded by the
 * receive window), then fed to the reassembly after the reset. Requests are
 * deduplicated by sequence number (§5.2.1: a retransmitted request gets the
 * previous result again). Requests WebRTC does not use (incoming reset, SSN/TSN
 * reset, add streams) are denied, which §5.2.3-§5.2.6 allow.
 *
 * At most two parameters go in one RE-CONFIG chunk (§3.1): up to two
 * responses, or one response and our request.
 */
import { seq32Add, seq32Lt, seq32Lte } from '@purertc/common';
import { ChunkType, ParamType, ReconfigResult } from './constants.js';
import type { OutgoingResetRequest, ReconfigChunk, ReconfigParam } from './chunk-reconfig.js';
import type { SendQueue } from './send-queue.js';

const NEVER = Number.POSITIVE_INFINITY;

/** A DATA / I-DATA chunk held while a deferred incoming stream reset waits (RFC 6525 §5.2.2). */
export class HeldChunk {
  constructor(
    readonly tsn: number,
    readonly flags: number,
    readonly streamId: number,
    readonly seq: number,
    readonly ppid: number,
    readonly fsn: number,
    readonly data: Uint8Array,
  ) {}
}

/** What stream reconfiguration needs from its association. */
export interface ReconfigHost {
  /** The outgoing streams. */
  readonly sendQueue: SendQueue;
  /** Current time, ms. */
  now(): number;
  /** Current RTO, ms (the request's retransmission timer). */
  rto(): number;
  /** Sender's Last Assigned TSN (RFC 6525 §4.1). */
  lastAssignedTsn(): number;
  /** Whether a request may be sent now: not yet (not established), never (the peer lacks RE-CONFIG) or yes. */
  requestAllowed(): 'later' | 'unsupported' | 'yes';
  /** The receiver's cumulative TSN. */
  cumulativeTsn(): number;
  /** Resets the incoming streams in the reassembly (sequence numbers back to 0). */
  resetIncoming(streams: readonly number[]): void;
  /** Feeds a held chunk to the reassembly. */
  deliver(h: HeldChunk): void;
  /** Reports a completed reset. */
  resetDone(direction: 'incoming' | 'outgoing', streamIds: number[], ok: boolean): void;
  /** Asks for a SACK with the next packet. */
  requestSack(): void;
}

/** The RFC 6525 state of one association. */
export class StreamReconfig {
  /** Our next Re-configuration Request Sequence Number (§5.1.1: starts at our initial TSN). */
  private myReqSeq = 0;
  /** The peer's next expected request sequence number (starts at its initial TSN). */
  private peerReqSeq = 0;
  private lastPeerResult: number = ReconfigResult.SUCCESS_NOTHING_TO_DO;
  /** Closing streams whose queue has drained, waiting for a request. */
  private readonly readyResets: number[] = [];
  private outstanding: OutgoingResetRequest | undefined;
  private requestNeeded = false;
  /** Retransmission time of the outstanding request, or Infinity. */
  timer = NEVER;
  private pendingResponses: ReconfigParam[] = [];
  private deferred: { seq: number; lastTsn: number; streams: number[] } | undefined;
  private held: HeldChunk[] = [];
  /** Bytes of DATA held back by a deferred reset (counted against the receive window). */
  heldBytes = 0;

  constructor(private readonly host: ReconfigHost) {}

  /** Our initial TSN is the first request sequence number (§5.1.1). */
  setLocalInitialTsn(tsn: number): void {
    this.myReqSeq = tsn;
  }

  /** The peer's initial TSN is its first request sequence number; a new peer TCB forgets deferred work. */
  setPeerInitialTsn(tsn: number): void {
    this.peerReqSeq = tsn;
    this.deferred = undefined;
    this.held = [];
    this.heldBytes = 0;
  }

  /** The association closed. */
  clear(): void {
    this.timer = NEVER;
    this.requestNeeded = false;
    this.held = [];
    this.heldBytes = 0;
  }

  /** The peer restarted: an outstanding request is void. */
  onRestart(): void {
    this.outstanding = undefined;
    this.requestNeeded = false;
  }

  /** Something to put in the next packet. */
  get hasOutput(): boolean {
    return this.requestNeeded || this.pendingResponses.length > 0;
  }

  /**
   * Closes outgoing streams (RFC 8831 §6.7): no new messages; once a stream's
   * queue is empty it goes into the next request.
   */
  requestReset(streamIds: readonly number[]): void {
    const sq = this.host.sendQueue;
    for (const id of streamIds) {
      const s = sq.stream(id);
      if (s.closing) continue;
      s.closing = true;
      if (s.queue.length === 0) this.readyResets.push(id);
    }
    this.maybeStart();
  }

  /** Closing streams whose queue just drained. */
  streamsDrained(ids: readonly number[]): void {
    for (const id of ids) if (!this.readyResets.includes(id)) this.readyResets.push(id);
    this.maybeStart();
  }

  /** Sends the next Outgoing SSN Reset Request when none is outstanding (§5.1.1). */
  maybeStart(): void {
    if (this.readyResets.length === 0 || this.outstanding) return;
    const allowed = this.host.requestAllowed();
    if (allowed === 'later') return;
    const sq = this.host.sendQueue;
    if (allowed === 'unsupported') {
      // Without RE-CONFIG the streams cannot be reset: report failure.
      const ids = this.readyResets.splice(0);
      for (const id of ids) sq.stream(id).closing = false;
      this.host.resetDone('outgoing', ids, false);
      return;
    }
    const streams = this.readyResets.splice(0);
    for (const id of streams) sq.stream(id).paused = true;
    this.outstanding = {
      type: ParamType.OUTGOING_SSN_RESET_REQUEST,
      requestSeq: this.myReqSeq,
      responseSeq: seq32Add(this.peerReqSeq, -1),
      lastTsn: this.host.lastAssignedTsn(),
      streams,
    };
    this.requestNeeded = true;
    this.timer = this.host.now() + this.host.rto();
  }

  /** The request timer (§5.1.1: retransmit the outstanding request every RTO). */
  onTimeout(now: number): void {
    if (this.timer > now) return;
    this.timer = NEVER;
    if (this.outstanding) {
      this.requestNeeded = true;
      this.timer = now + this.host.rto();
    }
  }

  /**
   * The RE-CONFIG chunk for the next packet if it fits in `room` bytes (then
   * it counts as sent), else undefined.
   */
  takeChunk(room: number, encodedLength: (c: ReconfigChunk) => number): ReconfigChunk | undefined {
    const nResp = Math.min(this.pendingResponses.length, 2);
    const params: ReconfigParam[] = this.pendingResponses.slice(0, nResp);
    const withRequest = this.requestNeeded && this.outstanding !== undefined && nResp < 2;
    if (withRequest) params.push(this.outstanding!);
    if (!this.outstanding) this.requestNeeded = false;
    if (params.length === 0) return undefined;
    const chunk: ReconfigChunk = { type: ChunkType.RE_CONFIG, params };
    if (encodedLength(chunk) > room) return undefined;
    this.pendingResponses.splice(0, nResp);
    if (withRequest) this.requestNeeded = false;
    return chunk;
  }

  /** A RE-CONFIG chunk from the peer (§5.2). */
  onChunk(chunk: ReconfigChunk): void {
    for (const p of chunk.params) {
      switch (p.type) {
        case ParamType.OUTGOING_SSN_RESET_REQUEST:
          this.onPeerOutgoingReset(p);
          break;
        case ParamType.RECONFIG_RESPONSE:
          this.onResponse(p.responseSeq, p.result);
          break;
        case ParamType.INCOMING_SSN_RESET_REQUEST:
        case ParamType.SSN_TSN_RESET_REQUEST:
        case ParamType.ADD_OUTGOING_STREAMS_REQUEST:
        case ParamType.ADD_INCOMING_STREAMS_REQUEST: {
          // Not used by WebRTC: refuse (RFC 6525 §5.2.3-5.2.6 allow denying).
          let result: number = ReconfigResult.DENIED;
          if (p.requestSeq === this.peerReqSeq) {
            this.peerReqSeq = seq32Add(this.peerReqSeq, 1);
            this.lastPeerResult = result;
          } else if (p.requestSeq === seq32Add(this.peerReqSeq, -1)) result = this.lastPeerResult;
          else result = ReconfigResult.ERROR_BAD_SEQUENCE_NUMBER;
          this.respond(p.requestSeq, result);
          break;
        }
        default:
          break;
      }
    }
  }

  /** §5.2.7: the response to our request. */
  private onResponse(responseSeq: number, result: number): void {
    const req = this.outstanding;
    if (!req || responseSeq !== req.requestSeq) return;
    if (result === ReconfigResult.IN_PROGRESS) {
      this.timer = this.host.now() + this.host.rto();
      return;
    }
    const ok = result === ReconfigResult.SUCCESS_PERFORMED || result === ReconfigResult.SUCCESS_NOTHING_TO_DO;
    this.outstanding = undefined;
    this.requestNeeded = false;
    this.timer = NEVER;
    this.myReqSeq = seq32Add(this.myReqSeq, 1);
    const sq = this.host.sendQueue;
    for (const id of req.streams) {
      const s = sq.stream(id);
      if (ok) {
        s.nextSsn = 0;
        s.nextMid = 0;
        s.nextUnorderedMid = 0;
      }
      s.closing = false;
      sq.resume(id);
    }
    this.host.resetDone('outgoing', req.streams, ok);
    this.maybeStart();
  }

  private respond(seq: number, result: number): void {
    if (this.pendingResponses.length < 8) this.pendingResponses.push({ type: ParamType.RECONFIG_RESPONSE, responseSeq: seq, result });
  }

  /** RFC 6525 §5.2.2. */
  private onPeerOutgoingReset(p: OutgoingResetRequest): void {
    const d = this.deferred;
    if (d && d.seq === p.requestSeq) {
      this.respond(p.requestSeq, ReconfigResult.IN_PROGRESS);
      return;
    }
    if (p.requestSeq === seq32Add(this.peerReqSeq, -1)) {
      this.respond(p.requestSeq, this.lastPeerResult);
      return;
    }
    if (p.requestSeq !== this.peerReqSeq || d) {
      this.respond(p.requestSeq, d ? ReconfigResult.ERROR_REQUEST_IN_PROGRESS : ReconfigResult.ERROR_BAD_SEQUENCE_NUMBER);
      return;
    }
    if (seq32Lte(p.lastTsn, this.host.cumulativeTsn())) {
      this.performIncomingReset(p.requestSeq, p.streams);
    } else {
      this.deferred = { seq: p.requestSeq, lastTsn: p.lastTsn, streams: p.streams.slice() };
      this.respond(p.requestSeq, ReconfigResult.IN_PROGRESS);
    }
  }

  private performIncomingReset(seq: number, streams: number[]): void {
    this.host.resetIncoming(streams);
    this.peerReqSeq = seq32Add(seq, 1);
    this.lastPeerResult = ReconfigResult.SUCCESS_PERFORMED;
    this.respond(seq, ReconfigResult.SUCCESS_PERFORMED);
    this.host.resetDone('incoming', streams, true);
  }

  /** Whether a DATA chunk must wait for a deferred reset (it follows the request's last TSN on a named stream). */
  shouldHold(tsn: number, streamId: number): boolean {
    const d = this.deferred;
    return d !== undefined && seq32Lt(d.lastTsn, tsn) && (d.streams.length === 0 || d.streams.includes(streamId));
  }

  /** Holds a chunk (its bytes are copied) until the deferred reset is performed. */
  hold(tsn: number, flags: number, streamId: number, seq: number, ppid: number, fsn: number, userData: Uint8Array): void {
    const data = userData.slice();
    this.held.push(new HeldChunk(tsn, flags, streamId, seq, ppid, fsn, data));
    this.heldBytes += data.length;
  }

  /** After the cumulative TSN moved: performs a deferred reset whose last TSN has arrived, then releases held data. */
  afterCumulativeTsnMoved(): void {
    const d = this.deferred;
    if (!d || !seq32Lte(d.lastTsn, this.host.cumulativeTsn())) return;
    this.deferred = undefined;
    this.performIncomingReset(d.seq, d.streams);
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const h of held) this.host.deliver(h);
    this.host.requestSack();
  }

  /** A deferred incoming reset is waiting. */
  get deferredPending(): boolean {
    return this.deferred !== undefined;
  }
}
