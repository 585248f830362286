/**
 * SACK processing (RFC 9260 §6.2.1 D, §7.2.4): the association skips Gap Ack
 * Block offsets the previous SACK already acked, visits only the holes for
 * miss indications and skips the reneging scan when every gap-acked chunk is
 * still reported. This checks it against a plain model that walks every
 * outstanding chunk for every SACK, as the RFC text reads, over random SACK
 * sequences: growing blocks, holes filled, reneging, and malformed
 * (unordered, overlapping, reversed) blocks.
 */
import fc from 'fast-check';
import { type Association, ChunkType, decodePacket, encodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

const N = 48; // DATA chunks outstanding

/** The straightforward reading of §6.2.1 D and §7.2.4, one chunk at a time. */
class Model {
  cum: number;
  chunks: { tsn: number; acked: boolean; misses: number; fastRtx: boolean; rtxRecover: number }[] = [];
  fastRetransmits = 0;
  reneged = 0;
  constructor(
    first: number,
    readonly next: number,
  ) {
    this.cum = (first - 1) >>> 0;
    for (let t = first; t !== next; t = (t + 1) >>> 0) this.chunks.push({ tsn: t, acked: false, misses: 0, fastRtx: false, rtxRecover: 0 });
  }
  sack(cum: number, gaps: number[]): void {
    const d = (cum - this.cum) | 0;
    if (d < 0) return; // old SACK
    if (((this.next - cum) | 0) <= 0) return; // acks a TSN never sent
    this.chunks.splice(0, d);
    this.cum = cum;
    const q = this.chunks;
    let htna = -1;
    for (let g = 0; g + 1 < gaps.length; g += 2) {
      for (let off = gaps[g]!; off <= Math.min(gaps[g + 1]!, q.length); off++) {
        const c = q[off - 1];
        if (!c || c.acked) continue;
        c.acked = true;
        if (htna < 0 || ((c.tsn - htna) | 0) > 0) htna = c.tsn;
      }
    }
    if (htna >= 0) {
      for (const c of q) {
        if (((c.tsn - htna) | 0) >= 0) break;
        if (c.acked) continue;
        // Retransmitted already: only a newly acked TSN sent after that retransmission counts.
        if (c.fastRtx && ((htna - c.rtxRecover) | 0) <= 0) continue;
        if (++c.misses >= 3) this.fastRetransmit(c);
      }
    }
    // Reneging, only for well-formed blocks in increasing order (§3.3.4); others say nothing reliable.
    let last = 0;
    for (let g = 0; g + 1 < gaps.length; g += 2) {
      if (gaps[g]! <= last || gaps[g + 1]! < gaps[g]!) return;
      last = gaps[g + 1]!;
    }
    q.forEach((c, k) => {
      if (!c.acked) return;
      const off = k + 1;
      let inBlock = false;
      for (let g = 0; g + 1 < gaps.length; g += 2) if (gaps[g]! <= off && off <= gaps[g + 1]!) inBlock = true;
      if (inBlock) return;
      c.acked = false;
      this.reneged++;
      if (++c.misses >= 3 && !c.fastRtx) this.fastRetransmit(c);
    });
  }
  private fastRetransmit(c: Model['chunks'][number]): void {
    c.misses = 0;
    c.fastRtx = true;
    c.rtxRecover = (this.next - 1) >>> 0; // nothing new is sent during the test
    this.fastRetransmits++;
  }
}

function setup(): { a: Association; first: number; next: number; sack: (cum: number, gaps: number[]) => Uint8Array } {
  const [a, b] = makePair({ maxBurst: 0 }, {}, 7);
  const sim = new Sim([a, b], PERFECT, 3);
  a.connect(0);
  sim.runUntil(() => a.state === 'established' && b.state === 'established');
  // Grow cwnd on a clean link first, so all N chunks leave at once below.
  for (let i = 0; i < 200; i++) a.send(1, 53, new Uint8Array(1000));
  sim.runUntil(() => a.bytesInFlight === 0 && a.outstandingChunks === 0 && a.totalBufferedAmount === 0);
  sim.flush();
  while (b.pollEvent());
  while (a.pollEvent());
  for (let i = 0; i < N; i++) a.send(1, 53, new Uint8Array(300)); // unfragmented (3 per packet); 48 × 300 bytes fit the warmed cwnd
  const tsns: number[] = [];
  const pkts: Uint8Array[] = [];
  for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
    pkts.push(t.data);
    const p = decodePacket(t.data)!;
    for (const c of p.chunks) if (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) tsns.push(c.tsn);
  }
  expect(tsns.length).toBe(N);
  // The verification tag a expects: from the SACK b sends for the first packet.
  b.handle(sim.now, pkts[0]!);
  b.handleTimeout(sim.now + 1000);
  let tag = 0;
  for (let t = b.pollTransmit(); t; t = b.pollTransmit()) tag = decodePacket(t.data)!.verificationTag;
  expect(tag).not.toBe(0);
  const sack = (cum: number, gaps: number[]) =>
    encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag }, [
      { type: ChunkType.SACK, cumulativeTsnAck: cum, aRwnd: 1 << 20, gaps, duplicateTsns: [] },
    ]);
  return { a, first: tsns[0]!, next: (tsns[N - 1]! + 1) >>> 0, sack };
}

/** A receiver's view over time: a growing set of received offsets, sometimes forgetting some (reneging). */
const sackSequence = fc.array(
  fc.record({
    receive: fc.array(fc.integer({ min: 1, max: N }), { maxLength: 12 }),
    forget: fc.array(fc.integer({ min: 1, max: N }), { maxLength: 2 }),
    garbage: fc.option(fc.array(fc.integer({ min: 0, max: N + 4 }), { minLength: 2, maxLength: 8 }), { freq: 6 }),
  }),
  { minLength: 1, maxLength: 20 },
);

describe('SACK processing matches a plain per-chunk model', () => {
  it('fast retransmits, reneged, outstanding and gap-acked chunks agree after every SACK', () => {
    fc.assert(
      fc.property(sackSequence, (steps) => {
        const { a, first, next, sack } = setup();
        const m = new Model(first, next);
        const got = new Set<number>(); // received TSN offsets from `first` (0-based)
        const fast0 = a.counters.fastRetransmits;
        const ren0 = a.counters.renegedChunks;
        for (const s of steps) {
          for (const r of s.receive) got.add(r - 1);
          for (const f of s.forget) got.delete(f - 1);
          let cumIdx = -1;
          while (got.has(cumIdx + 1)) cumIdx++;
          const cum = (first + cumIdx) >>> 0;
          let gaps: number[] = [];
          if (s.garbage) gaps = s.garbage.length % 2 ? s.garbage.slice(1) : s.garbage;
          else {
            for (let i = cumIdx + 1; i < N; i++) {
              if (!got.has(i)) continue;
              const start = i;
              while (got.has(i + 1)) i++;
              gaps.push(start - cumIdx, i - cumIdx);
            }
          }
          a.handle(0, sack(cum, gaps));
          m.sack(cum, gaps);
          expect({ fast: a.counters.fastRetransmits - fast0, reneged: a.counters.renegedChunks - ren0 }).toEqual({ fast: m.fastRetransmits, reneged: m.reneged });
          expect(a.outstandingChunks).toBe(m.chunks.length);
          expect(a.gapAckedChunks).toBe(m.chunks.filter((c) => c.acked).length);
          // Drain, so retransmissions leave (as a driver would); no time passes, so no T3.
          while (a.pollTransmit());
        }
      }),
      { numRuns: 150 },
    );
  });
});
