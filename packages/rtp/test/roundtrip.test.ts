/**
 * Packetize → reorder/lose → reassemble for every video codec at 1 B, 1 KiB,
 * 10 KiB, 100 KiB and 1 MiB frames.
 */
import fc from 'fast-check';
import { equalBytes } from '@purertc/common';
import { FrameAssembler } from '@purertc/rtp';
import { prng, toPackets, reorder, assemble, SIZES } from './helpers/roundtrip';
import { VIDEO_CODECS } from './helpers/frames';

describe.each(VIDEO_CODECS)('$name', (codec) => {
  test.each(SIZES)('%i-byte frames round-trip in order and reordered', (size) => {
    const rand = prng(size * 7 + codec.name.length);
    const frames = [codec.frame(rand, size, true), codec.frame(rand, size, false), codec.frame(rand, size, false)];
    const pk = codec.packetizer();
    const packets = toPackets(frames, (f) => pk.packetize(f));
    expect(packets.every((p) => p.payload.length <= 1200)).toBe(true);
    for (const order of [packets, reorder(packets, rand, 16)]) {
      const { frames: got } = assemble(codec.depacketizer(), order);
      expect(got.map((f) => f.complete)).toEqual([true, true, true]);
      expect(got.map((f) => f.keyframe)).toEqual([true, false, false]);
      got.forEach((f, i) => expect(equalBytes(f.data!, frames[i]!)).toBe(true));
    }
  });

  test.each(SIZES.filter((s) => s >= 10 * 1024))('%i-byte frames with a lost packet: incomplete frame reported, the others intact', (size) => {
    const rand = prng(size + 11);
    const frames = [0, 1, 2, 3].map((i) => codec.frame(rand, size, i === 0));
    const pk = codec.packetizer();
    const packets = toPackets(frames, (f) => pk.packetize(f));
    const ts2 = packets.find((p) => p.ts !== packets[0]!.ts)!.ts;
    const second = packets.filter((p) => p.ts === ts2);
    const lost = second[Math.floor(second.length / 2)]!;
    const { frames: got } = assemble(codec.depacketizer(), reorder(packets.filter((p) => p !== lost), rand, 16));
    expect(got.map((f) => f.complete)).toEqual([true, false, true, true]);
    expect(got[1]!.data).toBeUndefined();
    [0, 2, 3].forEach((i) => expect(equalBytes(got[i]!.data!, frames[i]!)).toBe(true));
  });

  test('losing the first packet of a frame never yields a corrupt frame', () => {
    const rand = prng(5);
    const frames = [0, 1, 2].map((i) => codec.frame(rand, 5000, i === 0));
    const pk = codec.packetizer();
    const packets = toPackets(frames, (f) => pk.packetize(f));
    const ts2 = packets.find((p) => p.ts !== packets[0]!.ts)!.ts;
    const lost = packets.find((p) => p.ts === ts2)!;
    const { frames: got } = assemble(codec.depacketizer(), packets.filter((p) => p !== lost));
    for (const f of got) if (f.complete) expect(frames.some((x) => equalBytes(x, f.data!))).toBe(true);
    expect(got.find((f) => f.timestamp === ts2)?.complete ?? false).toBe(false);
  });

  test('round trip at any payload size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 1500 }), fc.integer({ min: 1, max: 20000 }), fc.boolean(), fc.integer(), (max, size, key, seed) => {
        const rand = prng(seed);
        const frame = codec.frame(rand, size, key);
        const payloads = codec.packetizer(max).packetize(frame);
        expect(payloads.every((p) => p.length <= max)).toBe(true);
        const d = codec.depacketizer();
        expect(d.isFrameStart(payloads[0]!)).not.toBe(false);
        expect(payloads.some((p) => d.isKeyframe(p))).toBe(key);
        expect(equalBytes(d.depacketize(payloads)!, frame)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  test('arbitrary payloads never throw out of the depacketizer or the assembler', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ seq: fc.integer({ min: 0, max: 40 }), ts: fc.integer({ min: 0, max: 3 }), marker: fc.boolean(), payload: fc.uint8Array({ maxLength: 40 }) }), { maxLength: 40 }),
        (pkts) => {
          const d = codec.depacketizer();
          d.depacketize(pkts.map((p) => p.payload));
          const a = new FrameAssembler(d, { maxPendingFrames: 4, maxFrameSize: 200 });
          for (const p of pkts) {
            d.isFrameStart(p.payload);
            d.isKeyframe(p.payload);
            a.push(p.seq, p.ts, p.marker, p.payload);
            expect(a.pendingFrames).toBeLessThanOrEqual(4);
            for (let f = a.poll(); f; f = a.poll()) expect(f.complete === (f.data !== undefined)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
