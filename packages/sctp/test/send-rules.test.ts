/**
 * RFC 9260 rules that depend on how packets are released and acknowledged:
 * Max.Burst (§6.1 D), one SACK per second DATA packet whatever the driver's
 * draining (§6.2), reneged gap acks (§6.2.1 D iii, §6.3.3) and replies to
 * out-of-the-blue packets (§8.4, §8.5).
 */
import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Association, type Chunk, ChunkType, ErrorCause, decodePacket, encodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

type A = Association;

function established(optsA = {}, optsB = {}) {
  const [a, b] = makePair(optsA, optsB, 33);
  const sim = new Sim([a, b], PERFECT, 1);
  a.connect(0);
  sim.runUntil(() => a.state === 'established' && b.state === 'established');
  sim.flush();
  while (a.pollEvent());
  while (b.pollEvent());
  return { a, b, sim };
}

/** Grows a's cwnd on a clean link, then waits until everything is acked. */
function warmed(optsA = {}, optsB = {}) {
  const env = established(optsA, optsB);
  const { a, b, sim } = env;
  let got = 0;
  for (let i = 0; i < 200; i++) a.send(1, 53, new Uint8Array(1100));
  sim.runUntil(() => {
    for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'message') got++;
    return got === 200 && a.bytesInFlight === 0 && a.outstandingChunks === 0;
  });
  expect(got).toBe(200);
  return env;
}

const drainAll = (x: A): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let t = x.pollTransmit(); t; t = x.pollTransmit()) out.push(t.data);
  return out;
};
const chunks = (p: Uint8Array): Chunk[] => decodePacket(p)!.chunks;
const dataTsns = (ps: Uint8Array[]): number[] =>
  ps.flatMap((p) => chunks(p).flatMap((c) => (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA ? [c.tsn] : [])));
const sacks = (ps: Uint8Array[]) => ps.flatMap((p) => chunks(p).flatMap((c) => (c.type === ChunkType.SACK ? [c] : [])));

describe('Max.Burst (RFC 9260 §6.1 D)', () => {
  it('one input releases at most Max.Burst packets of new data, even with a wide cwnd', () => {
    const { a } = warmed();
    expect(a.cwnd).toBeGreaterThan(12 * 1200);
    a.send(1, 51, new Uint8Array(60_000)); // one input
    const pkts = drainAll(a);
    expect(pkts.length).toBe(4);
    expect(a.counters.burstLimited).toBeGreaterThan(0);
    expect(a.totalBufferedAmount).toBeGreaterThan(0); // the rest waits for the next input
  });

  it('maxBurst 0 disables the limit (cwnd alone decides)', () => {
    const { a } = warmed({ maxBurst: 0 });
    const cwnd = a.cwnd;
    a.send(1, 51, new Uint8Array(60_000));
    const pkts = drainAll(a);
    expect(pkts.length).toBeGreaterThan(4);
    expect(a.bytesInFlight).toBeGreaterThanOrEqual(Math.min(cwnd, 60_000) - 1200);
  });

  it('the same packets leave whether the driver drains after each SACK or after all of them', () => {
    const run = (batched: boolean) => {
      const { a, b, sim } = warmed();
      a.send(1, 51, new Uint8Array(100_000));
      const first = drainAll(a);
      expect(first.length).toBe(4);
      for (const p of first) b.handle(sim.now, p);
      const acks = drainAll(b);
      expect(acks.length).toBe(2); // every second packet
      const out: Uint8Array[] = [];
      for (const s of acks) {
        a.handle(sim.now, s);
        if (!batched) out.push(...drainAll(a));
      }
      if (batched) out.push(...drainAll(a));
      return dataTsns(out);
    };
    const each = run(false);
    const batch = run(true);
    expect(each.length).toBe(8); // 4 per SACK
    expect(batch).toEqual(each);
  });
});

describe('SACK every second DATA packet, however the driver drains (RFC 9260 §6.2)', () => {
  it('eight packets handled in a row produce four SACKs, as when drained after each', () => {
    const run = (batched: boolean) => {
      const { a, b, sim } = warmed({ maxBurst: 0 });
      for (let i = 0; i < 8; i++) a.send(1, 53, new Uint8Array(1100));
      const pkts = drainAll(a);
      expect(pkts.length).toBe(8);
      const out: Uint8Array[] = [];
      for (const p of pkts) {
        b.handle(sim.now, p);
        if (!batched) out.push(...drainAll(b));
      }
      out.push(...drainAll(b));
      const tsns = dataTsns(pkts);
      return { cums: sacks(out).map((s) => s.cumulativeTsnAck), tsns };
    };
    const each = run(false);
    const batch = run(true);
    expect(each.cums).toEqual([1, 3, 5, 7].map((k) => each.tsns[k]));
    expect(batch.cums).toEqual(each.cums);
  });
});

describe('reneging (RFC 9260 §6.2.1 D iii, §6.3.3)', () => {
  function setup() {
    const { a, b, sim } = established();
    for (let i = 0; i < 3; i++) a.send(1, 53, new Uint8Array(1100));
    const pkts = drainAll(a);
    const tsns = dataTsns(pkts);
    expect(tsns.length).toBe(3);
    // The tag a expects, from a packet b sends it.
    b.handle(sim.now, pkts[0]!);
    b.handleTimeout(sim.now + 1000);
    const sackPkt = drainAll(b)[0]!;
    const tag = decodePacket(sackPkt)!.verificationTag;
    const sack = (cum: number, gaps: number[]) =>
      encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag }, [
        { type: ChunkType.SACK, cumulativeTsnAck: cum, aRwnd: 1 << 20, gaps, duplicateTsns: [] },
      ]);
    return { a, sim, tsns, sack };
  }

  it('chunks acked only in gap blocks stay queued; when a later SACK drops them, T3 retransmits them', () => {
    const { a, sim, tsns, sack } = setup();
    const t0 = tsns[0]!;
    const before = (t0 - 1) >>> 0;
    a.handle(sim.now, sack(before, [2, 3])); // TSN 2 and 3 gap-acked, TSN 1 missing
    expect(a.outstandingChunks).toBe(3);
    expect(a.bytesInFlight).toBe(1100);
    expect(a.pollTimeout()).toBeDefined();
    a.handle(sim.now, sack(t0, [])); // TSN 1 acked; 2 and 3 no longer reported: reneged
    expect(a.counters.renegedChunks).toBe(2);
    expect(a.outstandingChunks).toBe(2);
    const t3 = a.pollTimeout()!;
    expect(t3).toBeDefined();
    a.handleTimeout(t3);
    expect(dataTsns(drainAll(a)).sort()).toEqual([tsns[1], tsns[2]].sort());
  });

  it('a T3 expiry with only gap-acked chunks left treats them as reneged', () => {
    const { a, sim, tsns, sack } = setup();
    const before = (tsns[0]! - 1) >>> 0;
    a.handle(sim.now, sack(before, [2, 3]));
    a.handleTimeout(a.pollTimeout()!); // T3: TSN 1 retransmitted
    expect(dataTsns(drainAll(a))).toEqual([tsns[0]]);
    // The peer acks TSN 1 only and keeps reporting 2-3 … then drops them without telling us.
    a.handle(sim.now + 2000, sack(tsns[0]!, [1, 2]));
    expect(a.outstandingChunks).toBe(2);
    const t3 = a.pollTimeout()!;
    expect(t3).toBeDefined(); // still running for the gap-acked chunks
    a.handleTimeout(t3);
    expect(dataTsns(drainAll(a)).sort()).toEqual([tsns[1], tsns[2]].sort());
  });

  it('gap acks kept in later SACKs are not reneging', () => {
    const { a, sim, tsns, sack } = setup();
    const before = (tsns[0]! - 1) >>> 0;
    a.handle(sim.now, sack(before, [2, 3]));
    a.handle(sim.now, sack(before, [2, 3]));
    a.handle(sim.now, sack(before, [3, 3, 5, 9])); // 2 dropped, 3 kept
    expect(a.counters.renegedChunks).toBe(1);
  });
});

describe('out-of-the-blue packets (RFC 9260 §8.4, §8.5)', () => {
  const fresh = () => new Association({ crypto: nodeCrypto, random: seededRandom(5) });
  const hdr = { sourcePort: 5000, destinationPort: 5000, verificationTag: 0xcafe0001 };
  const data: Chunk = { type: ChunkType.DATA, flags: 3, tsn: 1, streamId: 0, ssn: 0, ppid: 51, userData: new Uint8Array([1]) };

  it('(8) anything else is answered with an ABORT, T bit set, tag reflected', () => {
    const x = fresh();
    x.handle(0, encodePacket(hdr, [data]));
    const out = drainAll(x);
    expect(out.length).toBe(1);
    const p = decodePacket(out[0]!)!;
    expect(p.verificationTag).toBe(hdr.verificationTag);
    expect(p.chunks).toEqual([{ type: ChunkType.ABORT, reflected: true, causes: [] }]);
    expect(x.counters.outOfTheBlue).toBe(1);
    expect(x.state).toBe('closed');
    // An ERROR that is not a Stale Cookie is (8) too.
    x.handle(0, encodePacket(hdr, [{ type: ChunkType.ERROR, causes: [{ type: ErrorCause.OUT_OF_RESOURCE, value: new Uint8Array(0) }] }]));
    expect(drainAll(x).length).toBe(1);
  });

  it('(5) a SHUTDOWN ACK gets SHUTDOWN COMPLETE with the T bit', () => {
    const x = fresh();
    x.handle(0, encodePacket(hdr, [{ type: ChunkType.SHUTDOWN_ACK }]));
    const p = decodePacket(drainAll(x)[0]!)!;
    expect(p.verificationTag).toBe(hdr.verificationTag);
    expect(p.chunks).toEqual([{ type: ChunkType.SHUTDOWN_COMPLETE, reflected: true }]);
  });

  it('(2) ABORT, (6) SHUTDOWN COMPLETE, (7) COOKIE ACK and a Stale Cookie ERROR are silently discarded', () => {
    const x = fresh();
    const quiet: Chunk[][] = [
      [{ type: ChunkType.ABORT, reflected: false, causes: [] }],
      [data, { type: ChunkType.ABORT, reflected: false, causes: [] }],
      [{ type: ChunkType.SHUTDOWN_COMPLETE, reflected: false }],
      [{ type: ChunkType.COOKIE_ACK }],
      [{ type: ChunkType.ERROR, causes: [{ type: ErrorCause.STALE_COOKIE, value: new Uint8Array(4) }] }],
    ];
    for (const c of quiet) x.handle(0, encodePacket(hdr, c));
    expect(drainAll(x)).toEqual([]);
  });

  it('a packet with a wrong tag for an existing association is silently discarded (§8.5)', () => {
    const { a, sim } = established();
    const before = a.counters.badVerificationTag;
    a.handle(sim.now, encodePacket(hdr, [data]));
    expect(drainAll(a)).toEqual([]);
    expect(a.counters.badVerificationTag).toBe(before + 1);
    expect(a.state).toBe('established');
  });

  it('a peer still sending after we aborted learns it from our ABORT', () => {
    const { a, b, sim } = established();
    a.abort('gone');
    drainAll(a); // the ABORT is lost
    b.send(1, 51, new Uint8Array(10));
    for (const p of drainAll(b)) a.handle(sim.now, p);
    const replies = drainAll(a);
    expect(replies.length).toBe(1);
    for (const p of replies) b.handle(sim.now, p);
    expect(b.state).toBe('closed');
  });
});
