/**
 * Frame reassembly from RTP packets, for any payload format ({@link Depacketizer}).
 *
 * A frame is the set of packets that share an RTP timestamp (RFC 3550 §5.1),
 * ending with the marker bit (video, RFC 3551 §4.1) or a format-specific end
 * flag. A frame is complete when its first packet is known and every
 * sequence number from it to the end packet has arrived. Its first packet is
 * known when the payload says so (VP8 S bit with partition 0, VP9 B bit), or
 * when the packet before it ended the previous frame.
 *
 * Frames come out in sequence order. Reordering is tolerated: a complete
 * frame waits while packets before it are missing, until they arrive, or
 * are given up as lost: when the newest sequence number is more than
 * `reorderWindow` past the hole, when a later key frame is complete while
 * the oldest frame has a hole (a decoder restarts at the key frame), when more than `maxPendingFrames` frames wait, or
 * on {@link FrameAssembler.flush}. A frame that lost packets is emitted with
 * `complete: false` and no data, never partially. Memory is bounded by
 * `maxFrameSize` bytes per frame and `maxPendingFrames` frames. Packets are
 * copied on `push` (the input is borrowed); a complete frame is joined once.
 */
import { seq16Diff } from '@purertc/common';
import type { Depacketizer } from './payload-format.js';

/** One frame out of the assembler. */
export interface AssembledFrame {
  timestamp: number;
  /** The frame in the codec's format; undefined when incomplete. */
  data: Uint8Array | undefined;
  /** False when packets were lost, the frame exceeded `maxFrameSize` or its payloads were malformed. */
  complete: boolean;
  /** Why the frame is incomplete. */
  reason?: 'gap' | 'too-large' | 'malformed';
  keyframe: boolean;
  /** Sequence numbers of the first and last packets of the frame (as far as received). */
  firstSequenceNumber: number;
  lastSequenceNumber: number;
}

/** Options of {@link FrameAssembler}. */
export interface FrameAssemblerOptions {
  /** Maximum payload bytes one frame may hold before it is dropped as too large. Default 8 MiB. */
  maxFrameSize?: number;
  /** Maximum frames waiting; the oldest is given up beyond it. Default 16. */
  maxPendingFrames?: number;
  /** How many sequence numbers past a hole to wait for it to be filled (retransmission, reordering). Default 256. */
  reorderWindow?: number;
  /** Copy payloads on push (default true). Set false only when the caller hands over ownership. */
  copy?: boolean;
}

/** Counters of {@link FrameAssembler}. */
export interface FrameAssemblerStats {
  framesComplete: number;
  framesIncomplete: number;
  packetsLate: number;
  packetsDuplicate: number;
  packetsDroppedTooLarge: number;
}

interface Pending {
  timestamp: number;
  /** Sequence number → payload. */
  packets: Map<number, Uint8Array>;
  minSeq: number;
  maxSeq: number;
  /** Every sequence number from minSeq to contigEnd has arrived. */
  contigEnd: number;
  /** Sequence number of a packet known to start the frame, or -1. */
  startSeq: number;
  /** Sequence number of the frame's last packet, or -1. */
  endSeq: number;
  bytes: number;
  keyframe: boolean;
  tooLarge: boolean;
}


/** Reassembles frames of one RTP stream (one SSRC). Sans-IO: push packets, poll frames. */
export class FrameAssembler {
  readonly stats: FrameAssemblerStats = { framesComplete: 0, framesIncomplete: 0, packetsLate: 0, packetsDuplicate: 0, packetsDroppedTooLarge: 0 };
  private readonly format: Depacketizer;
  private readonly maxFrameSize: number;
  private readonly maxPending: number;
  private readonly window: number;
  private readonly copy: boolean;
  /** Pending frames, oldest first (by first sequence number). */
  private pending: Pending[] = [];
  private out: AssembledFrame[] = [];
  private outHead = 0;
  /** Last sequence number of the newest frame emitted, or -1 before any. */
  private emittedEnd = -1;
  private emittedTimestamp = -1;
  /** Newest sequence number received, or -1. */
  private newest = -1;

  constructor(format: Depacketizer, options: FrameAssemblerOptions = {}) {
    this.format = format;
    this.maxFrameSize = options.maxFrameSize ?? 8 * 1024 * 1024;
    this.maxPending = Math.max(1, options.maxPendingFrames ?? 16);
    this.window = Math.max(0, Math.min(0x4000, options.reorderWindow ?? 256));
    this.copy = options.copy ?? true;
  }

  /** Frames waiting for packets (or for older frames). */
  get pendingFrames(): number {
    return this.pending.length;
  }

  /** Adds one received RTP packet's fields and payload (borrowed for the call). */
  push(sequenceNumber: number, timestamp: number, marker: boolean, payload: Uint8Array): void {
    const seq = sequenceNumber & 0xffff;
    const ts = timestamp >>> 0;
    if (this.emittedEnd >= 0 && (seq16Diff(this.emittedEnd, seq) <= 0 || ts === this.emittedTimestamp)) {
      // The rest of a frame already given up: it still tells where that frame ends.
      if (ts === this.emittedTimestamp && seq16Diff(this.emittedEnd, seq) > 0) this.emittedEnd = seq;
      this.stats.packetsLate++;
      return;
    }
    if (this.newest < 0 || seq16Diff(this.newest, seq) > 0) this.newest = seq;
    let f: Pending | undefined;
    for (let i = 0; i < this.pending.length; i++) {
      if (this.pending[i]!.timestamp === ts) {
        f = this.pending[i];
        break;
      }
    }
    if (!f) {
      f = { timestamp: ts, packets: new Map(), minSeq: seq, maxSeq: seq, contigEnd: seq, startSeq: -1, endSeq: -1, bytes: 0, keyframe: false, tooLarge: false };
      this.pending.push(f);
      if (this.pending.length > 1) this.pending.sort((a, b) => seq16Diff(b.minSeq, a.minSeq));
    } else {
      if (f.packets.has(seq)) {
        this.stats.packetsDuplicate++;
        return;
      }
      const dMin = seq16Diff(f.minSeq, seq);
      if (dMin < 0) {
        // An earlier packet of this frame: still contiguous if it is right before.
        if (dMin !== -1) f.contigEnd = seq;
        f.minSeq = seq;
        this.pending.sort((a, b) => seq16Diff(b.minSeq, a.minSeq));
      }
      if (seq16Diff(f.maxSeq, seq) > 0) f.maxSeq = seq;
    }
    if (marker || this.format.isFrameEnd(payload)) f.endSeq = seq;
    if (this.format.isFrameStart(payload) === true && (f.startSeq < 0 || seq16Diff(f.startSeq, seq) < 0)) f.startSeq = seq;
    if (this.format.isKeyframe(payload)) f.keyframe = true;
    if (f.tooLarge || f.bytes + payload.length > this.maxFrameSize) {
      // Bound the memory one partial frame can take: drop its data, remember the verdict.
      // Nothing more is stored for it (not even map entries); it is reported once its end is known or its hole expires.
      if (!f.tooLarge) f.packets.clear();
      f.tooLarge = true;
      f.bytes = 0;
      this.stats.packetsDroppedTooLarge++;
    } else {
      f.packets.set(seq, this.copy ? payload.slice() : payload);
      f.bytes += payload.length;
    }
    while (f.packets.has((f.contigEnd + 1) & 0xffff)) f.contigEnd = (f.contigEnd + 1) & 0xffff;
    this.release(false);
  }

  /** Emits every waiting frame now (end of stream, or the caller's own deadline): complete ones whole, the rest incomplete. */
  flush(): void {
    this.release(true);
  }

  /** The next assembled (or incomplete) frame, in stream order. */
  poll(): AssembledFrame | undefined {
    if (this.outHead >= this.out.length) return undefined;
    const f = this.out[this.outHead++];
    if (this.outHead === this.out.length) {
      this.out.length = 0;
      this.outHead = 0;
    }
    return f;
  }

  /** Where frame i starts, when known. */
  private startOf(f: Pending, i: number): number {
    if (f.startSeq >= 0) return f.startSeq;
    // The packet before the frame's first ended the previous frame (emitted or pending).
    const before = (f.minSeq - 1) & 0xffff;
    if (this.emittedEnd === before) return f.minSeq;
    if (i > 0 && this.pending[i - 1]!.endSeq === before) return f.minSeq;
    // Nothing emitted yet and no older frame: the earliest packet seen starts the stream,
    // unless the format says it cannot start a frame.
    if (this.emittedEnd < 0 && i === 0) {
      const first = f.packets.get(f.minSeq);
      if (first && this.format.isFrameStart(first) !== false) return f.minSeq;
    }
    return -1;
  }

  /** True when every packet from the start to the end of frame i is here. */
  private isComplete(f: Pending, i: number): boolean {
    if (f.endSeq < 0 || f.tooLarge) return false;
    const start = this.startOf(f, i);
    if (start !== f.minSeq) return false;
    return seq16Diff(f.endSeq, f.contigEnd) >= 0;
  }

  private release(force: boolean): void {
    while (this.pending.length > 0) {
      const f = this.pending[0]!;
      const complete = this.isComplete(f, 0);
      const contiguous = this.emittedEnd >= 0 ? f.minSeq === ((this.emittedEnd + 1) & 0xffff) : f.keyframe;
      if (complete && contiguous) {
        this.emit(f, true);
        continue;
      }
      if (force || this.pending.length > this.maxPending || (!complete && this.laterKeyframeComplete()) || this.holeExpired(f, complete)) {
        this.emit(f, complete);
        continue;
      }
      break;
    }
  }

  private laterKeyframeComplete(): boolean {
    for (let i = 1; i < this.pending.length; i++) {
      const g = this.pending[i]!;
      if (g.keyframe && this.isComplete(g, i)) return true;
    }
    return false;
  }

  /** Whether the first hole before or inside the oldest frame is older than the reorder window. */
  private holeExpired(f: Pending, complete: boolean): boolean {
    let hole: number;
    if (complete) hole = (f.minSeq - 1) & 0xffff; // the frame is whole: the hole is before it
    else if (f.tooLarge && f.endSeq >= 0) return true;
    else hole = (f.contigEnd + 1) & 0xffff;
    return seq16Diff(hole, this.newest) > this.window;
  }

  private emit(f: Pending, complete: boolean): void {
    this.pending.shift();
    let data: Uint8Array | undefined;
    let reason: AssembledFrame['reason'];
    if (complete) {
      const n = ((f.endSeq - f.minSeq) & 0xffff) + 1;
      const payloads: Uint8Array[] = new Array(n);
      for (let k = 0; k < n; k++) payloads[k] = f.packets.get((f.minSeq + k) & 0xffff)!;
      data = this.format.depacketize(payloads);
      if (!data) reason = 'malformed';
    } else {
      reason = f.tooLarge ? 'too-large' : 'gap';
    }
    if (data) this.stats.framesComplete++;
    else this.stats.framesIncomplete++;
    // The frame's last sequence number. Packets after the end packet that carry the same timestamp
    // (padding-only probes, which Chromium sends with the previous frame's timestamp) still belong to
    // it: the next frame starts after them, so they count when complete, else the next frame's start
    // could not be proven once they had arrived before the frame was emitted.
    const last = complete
      ? seq16Diff(f.endSeq, f.maxSeq) > 0 ? f.maxSeq : f.endSeq
      : f.endSeq >= 0 && seq16Diff(f.maxSeq, f.endSeq) >= 0 ? f.endSeq : f.maxSeq;
    const frame: AssembledFrame = { timestamp: f.timestamp, data, complete: data !== undefined, keyframe: f.keyframe, firstSequenceNumber: f.minSeq, lastSequenceNumber: last };
    if (reason) frame.reason = reason;
    this.out.push(frame);
    if (this.emittedEnd < 0 || seq16Diff(this.emittedEnd, last) > 0) this.emittedEnd = last;
    this.emittedTimestamp = f.timestamp;
  }
}
