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
 * Reordering is tolerated: packets are kept until their frame completes.
 * Loss is reported, never hidden: when a newer frame completes (or too many
 * frames are pending), older pending frames are emitted with
 * `complete: false` and no data. Memory is bounded by `maxFrameSize` bytes per
 * frame and `maxPendingFrames` frames. Packets are copied on `push` (the
 * input is borrowed), and a complete frame is joined once.
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
  /** Sequence numbers of the first and last packets received for the frame. */
  firstSequenceNumber: number;
  lastSequenceNumber: number;
}

/** Options of {@link FrameAssembler}. */
export interface FrameAssemblerOptions {
  /** Maximum payload bytes one frame may hold before it is dropped as too large. Default 8 MiB. */
  maxFrameSize?: number;
  /** Maximum frames waiting for packets; the oldest is flushed as incomplete beyond it. Default 16. */
  maxPendingFrames?: number;
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
  private readonly copy: boolean;
  /** Pending frames, oldest first (by first sequence number). */
  private pending: Pending[] = [];
  private out: AssembledFrame[] = [];
  /** Last sequence number of the newest frame emitted, or -1 before any. */
  private emittedEnd = -1;

  constructor(format: Depacketizer, options: FrameAssemblerOptions = {}) {
    this.format = format;
    this.maxFrameSize = options.maxFrameSize ?? 8 * 1024 * 1024;
    this.maxPending = Math.max(1, options.maxPendingFrames ?? 16);
    this.copy = options.copy ?? true;
  }

  /** Frames waiting for packets. */
  get pendingFrames(): number {
    return this.pending.length;
  }

  /** Adds one received RTP packet's fields and payload (borrowed for the call). */
  push(sequenceNumber: number, timestamp: number, marker: boolean, payload: Uint8Array): void {
    const seq = sequenceNumber & 0xffff;
    if (this.emittedEnd >= 0 && seq16Diff(this.emittedEnd, seq) <= 0) {
      this.stats.packetsLate++;
      return;
    }
    let f: Pending | undefined;
    for (const p of this.pending) {
      if (p.timestamp === timestamp >>> 0) {
        f = p;
        break;
      }
    }
    if (!f) {
      f = { timestamp: timestamp >>> 0, packets: new Map(), minSeq: seq, maxSeq: seq, startSeq: -1, endSeq: -1, bytes: 0, keyframe: false, tooLarge: false };
      this.insertPending(f);
    }
    if (f.packets.has(seq)) {
      this.stats.packetsDuplicate++;
      return;
    }
    if (seq16Diff(f.minSeq, seq) < 0) f.minSeq = seq;
    if (seq16Diff(f.maxSeq, seq) > 0) f.maxSeq = seq;
    if (marker || this.format.isFrameEnd(payload)) f.endSeq = seq;
    if (this.format.isFrameStart(payload) === true && (f.startSeq < 0 || seq16Diff(f.startSeq, seq) < 0)) f.startSeq = seq;
    if (this.format.isKeyframe(payload)) f.keyframe = true;
    if (f.tooLarge || f.bytes + payload.length > this.maxFrameSize) {
      // Bound the memory one partial frame can take: drop its data, remember the verdict.
      f.tooLarge = true;
      f.packets.clear();
      f.packets.set(seq, EMPTY);
      f.bytes = 0;
      this.stats.packetsDroppedTooLarge++;
    } else {
      f.packets.set(seq, this.copy ? payload.slice() : payload);
      f.bytes += payload.length;
    }
    this.sortPending();
    this.tryComplete();
    while (this.pending.length > this.maxPending) this.flushOldest('gap');
  }

  /** The next assembled (or incomplete) frame, in stream order. */
  poll(): AssembledFrame | undefined {
    return this.out.shift();
  }

  private insertPending(f: Pending): void {
    this.pending.push(f);
  }

  private sortPending(): void {
    if (this.pending.length > 1) this.pending.sort((a, b) => seq16Diff(b.minSeq, a.minSeq));
  }

  /** Where a frame starts, when known. */
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
      if (first && first !== EMPTY && this.format.isFrameStart(first) !== false) return f.minSeq;
    }
    return -1;
  }

  private tryComplete(): void {
    for (let i = 0; i < this.pending.length; i++) {
      const f = this.pending[i]!;
      if (f.endSeq < 0) continue;
      const start = this.startOf(f, i);
      if (start < 0) continue;
      const n = ((f.endSeq - start) & 0xffff) + 1;
      if (f.tooLarge) {
        // All packets from start to end have been seen (or it never will be): report it now.
        this.flushUpTo(i, 'too-large');
        i = -1;
        continue;
      }
      if (f.packets.size < n) continue;
      const payloads: Uint8Array[] = new Array(n);
      let have = 0;
      for (let k = 0; k < n; k++) {
        const p = f.packets.get((start + k) & 0xffff);
        if (p === undefined) break;
        payloads[k] = p;
        have++;
      }
      if (have < n) continue;
      // Older frames can no longer be completed usefully: report them as incomplete first.
      for (let k = 0; k < i; k++) this.emitIncomplete(this.pending[k]!, 'gap');
      this.pending.splice(0, i + 1);
      const data = this.format.depacketize(payloads);
      const frame: AssembledFrame = {
        timestamp: f.timestamp,
        data,
        complete: data !== undefined,
        keyframe: f.keyframe,
        firstSequenceNumber: start,
        lastSequenceNumber: f.endSeq,
      };
      if (data === undefined) {
        frame.reason = 'malformed';
        this.stats.framesIncomplete++;
      } else {
        this.stats.framesComplete++;
      }
      this.out.push(frame);
      this.emittedEnd = f.endSeq;
      i = -1; // later frames may now know their start
    }
  }

  private flushUpTo(i: number, reason: 'gap' | 'too-large'): void {
    for (let k = 0; k < i; k++) this.emitIncomplete(this.pending[k]!, 'gap');
    const f = this.pending[i]!;
    this.emitIncomplete(f, reason);
    this.pending.splice(0, i + 1);
  }

  private flushOldest(reason: 'gap'): void {
    const f = this.pending.shift()!;
    this.emitIncomplete(f, f.tooLarge ? 'too-large' : reason);
  }

  private emitIncomplete(f: Pending, reason: 'gap' | 'too-large'): void {
    this.stats.framesIncomplete++;
    this.out.push({
      timestamp: f.timestamp,
      data: undefined,
      complete: false,
      reason: f.tooLarge ? 'too-large' : reason,
      keyframe: f.keyframe,
      firstSequenceNumber: f.minSeq,
      lastSequenceNumber: f.maxSeq,
    });
    const end = f.endSeq >= 0 ? f.endSeq : f.maxSeq;
    if (this.emittedEnd < 0 || seq16Diff(this.emittedEnd, end) > 0) this.emittedEnd = end;
  }
}

const EMPTY = new Uint8Array(0);
