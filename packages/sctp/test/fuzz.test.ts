import fc from 'fast-check';
import { type Association, type Chunk, ChunkType, encodePacket } from '@purertc/sctp';
import { chunkArb } from './arbitraries';
import { PERFECT, Sim, makePair } from './sim';

/** Chunks biased toward values near the live association's TSNs, so deep paths run. */
function nearLive(b: Association, c: Chunk): Chunk {
  const internals = b as unknown as { tracker?: { cumulativeTsn: number }; nextTsn: number };
  const cum = internals.tracker?.cumulativeTsn ?? 0;
  switch (c.type) {
    case ChunkType.DATA:
    case ChunkType.I_DATA:
      return { ...c, tsn: (cum + 1 + (c.tsn % 8)) >>> 0, streamId: c.streamId % 4 };
    case ChunkType.SACK:
      return { ...c, cumulativeTsnAck: (internals.nextTsn - 1 - (c.cumulativeTsnAck % 4)) >>> 0 };
    case ChunkType.FORWARD_TSN:
    case ChunkType.I_FORWARD_TSN:
      return { ...c, newCumulativeTsn: (cum + (c.newCumulativeTsn % 8)) >>> 0 };
    default:
      return c;
  }
}

describe('the association never throws on hostile input', () => {
  const stats: number[] = [];
  beforeAll(() => void ((globalThis as { fuzzStats?: number[] }).fuzzStats = stats));
  afterAll(() => {
    // The generator must reach deep paths: data accepted and unknown chunks seen in some runs.
    expect(stats.some((n) => n % 1000 > 0)).toBe(true);
    expect(stats.some((n) => n >= 1000)).toBe(true);
  });
  it('random chunk sequences with a valid tag and checksum, in every state', () => {
    fc.assert(
      fc.property(fc.array(fc.array(chunkArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (packets, stage) => {
        const [a, b] = makePair({}, {}, 3);
        const sim = new Sim([a, b], PERFECT, 1, () => {
          while (a.pollEvent());
          while (b.pollEvent());
        });
        a.connect(0);
        if (stage >= 1) sim.runUntil(() => b.state === 'established');
        if (stage >= 2) {
          a.send(1, 53, new Uint8Array(3000));
          b.send(1, 53, new Uint8Array(100));
          sim.step(sim.now + 1000);
        }
        if (stage >= 3) b.shutdown(sim.now);
        const tag = (b as unknown as { localTag: number }).localTag;
        let now = sim.now;
        for (const chunks of packets) {
          const pkt = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: chunks[0]!.type === ChunkType.INIT ? 0 : tag }, chunks.map((c) => nearLive(b, c)));
          b.handle(now, pkt);
          now += 10;
          b.handleTimeout(now);
          while (b.pollTransmit());
          while (b.pollEvent());
        }
        (globalThis as { fuzzStats?: number[] }).fuzzStats?.push(b.counters.dataChunksReceived + b.counters.unknownChunks * 1000);
        // Still drivable afterwards.
        b.handleTimeout(now + 100_000);
        while (b.pollTransmit());
      }),
      { numRuns: 400 },
    );
  });
});
