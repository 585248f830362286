import fc from 'fast-check';
import { toHex } from '@purertc/common';
import {
  decodeRtcp,
  encodeRtcp,
  encodeRtcpInto,
  rtcpEncodedLength,
  nackItemsFromSequenceNumbers,
  sequenceNumbersFromNackItems,
  twccArrivalTimesUs,
  type RtcpPacket,
  type ReportBlock,
  type TransportWideFeedback,
} from '@purertc/rtp';
import * as fx from './fixtures/chrome-rtcp';

describe('Chrome-shaped RTCP', () => {
  test('SR + SDES', () => {
    const [sr, sdes] = decodeRtcp(fx.srSdes, { requireCompound: true })!;
    expect(sr).toEqual({
      type: 'sr', ssrc: 0xd2bd4e3e, ntpTimestamp: 0xe8a3f21c5a1cac08n, rtpTimestamp: 0x5f3e2d80, packetCount: 300, octetCount: 48000, reports: [], extension: new Uint8Array(0),
    });
    expect(sdes).toEqual({ type: 'sdes', chunks: [{ source: 0xd2bd4e3e, items: [{ itemType: 1, text: 'abcdefghijklmnop' }] }] });
  });

  test('RR with a negative cumulative loss', () => {
    const [rr, sdes] = decodeRtcp(fx.rrSdes)!;
    expect(rr).toEqual({
      type: 'rr', ssrc: 1, extension: new Uint8Array(0),
      reports: [{ ssrc: 0xd2bd4e3e, fractionLost: 5, cumulativeLost: -2, extendedHighestSequence: 0x14a10, jitter: 32, lastSr: 0x2d80e8a3, delaySinceLastSr: 4096 }],
    });
    expect(sdes).toEqual({ type: 'sdes', chunks: [{ source: 1, items: [{ itemType: 1, text: 'x' }] }] });
  });

  test('feedback messages', () => {
    expect(decodeRtcp(fx.nack)).toEqual([{ type: 'nack', senderSsrc: 1, mediaSsrc: 0xd2bd4e3e, items: [{ pid: 0x4a10, blp: 5 }] }]);
    expect(sequenceNumbersFromNackItems([{ pid: 0x4a10, blp: 5 }])).toEqual([0x4a10, 0x4a11, 0x4a13]);
    expect(decodeRtcp(fx.pli)).toEqual([{ type: 'pli', senderSsrc: 1, mediaSsrc: 0xd2bd4e3e }]);
    expect(decodeRtcp(fx.fir)).toEqual([{ type: 'fir', senderSsrc: 1, mediaSsrc: 0, entries: [{ ssrc: 0xd2bd4e3e, sequenceNumber: 5 }] }]);
    expect(decodeRtcp(fx.remb)).toEqual([{ type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrate: 1_000_000, ssrcs: [0xd2bd4e3e] }]);
  });

  test('BYE with reason and padded APP', () => {
    const pk = decodeRtcp(fx.byeApp)!;
    expect(pk[0]).toEqual({ type: 'bye', sources: [0xd2bd4e3e], reason: 'closing' });
    expect(pk[1]).toMatchObject({ type: 'app', subtype: 2, ssrc: 0xd2bd4e3e, name: 'qos1' });
    expect(Array.from((pk[1] as { data: Uint8Array }).data)).toEqual([1, 2, 3, 4]);
  });

  test('TWCC, run-length only (reduced size)', () => {
    const [fb] = decodeRtcp(fx.twccRunLength)! as [TransportWideFeedback];
    expect(fb).toEqual({ type: 'twcc', senderSsrc: 1, mediaSsrc: 0xd2bd4e3e, baseSequenceNumber: 451, referenceTime: 0x012345, feedbackPacketCount: 7, statuses: [1, 1, 1], deltas: [16, 4, 5] });
    expect(twccArrivalTimesUs(fb)).toEqual([0x012345 * 64000 + 4000, 0x012345 * 64000 + 5000, 0x012345 * 64000 + 6250]);
  });

  test('TWCC, every chunk type and delta size', () => {
    const [fb] = decodeRtcp(fx.twccAllChunks)! as [TransportWideFeedback];
    expect(fb.baseSequenceNumber).toBe(100);
    expect(fb.referenceTime).toBe(-2); // 0xfffffe as 24-bit signed
    expect(fb.feedbackPacketCount).toBe(0x2a);
    expect(fb.statuses).toEqual([...Array(10).fill(1), 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 2, 1, 0, 2, 1]);
    expect(fb.deltas).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...Array(12).fill(1), 256, 2, -4, 3]);
    const again = encodeRtcp([fb]);
    expect(decodeRtcp(again)).toEqual([fb]);
  });

  test.each(Object.entries(fx))('%s re-encodes byte for byte', (name, bytes) => {
    if (name === 'twccAllChunks') return; // chunking is the encoder's choice: checked by value above
    const pk = decodeRtcp(bytes)!;
    if (name === 'byeApp') {
      // the fixture's RTP-level padding is not part of the model: compare without it
      const enc = encodeRtcp(pk);
      expect(toHex(enc)).toBe(toHex(bytes.subarray(0, 16)) + '82cc0003' + toHex(bytes.subarray(20, 32)));
      return;
    }
    expect(toHex(encodeRtcp(pk))).toBe(toHex(bytes));
  });

  test('rejects malformed compounds', () => {
    expect(decodeRtcp(new Uint8Array(0))).toBeUndefined();
    expect(decodeRtcp(fx.pli.subarray(0, 11))).toBeUndefined(); // truncated
    const badVersion = fx.pli.slice();
    badVersion[0] = 0x41;
    expect(decodeRtcp(badVersion)).toBeUndefined();
    const longLen = fx.pli.slice();
    longLen[3] = 3;
    expect(decodeRtcp(longLen)).toBeUndefined();
    expect(decodeRtcp(fx.pli, { requireCompound: true })).toBeUndefined(); // RFC 3550: must start with SR/RR
    const twccTrunc = fx.twccAllChunks.slice(0, 48);
    twccTrunc[3] = 11; // a consistent length, but the deltas run out
    expect(decodeRtcp(twccTrunc)).toBeUndefined();
  });

  test('NACK item packing across the 16-bit wrap', () => {
    const lost = [65534, 65535, 0, 5, 14, 40];
    const items = nackItemsFromSequenceNumbers(lost);
    expect(items).toEqual([{ pid: 65534, blp: 0b1000000001000011 }, { pid: 40, blp: 0 }]);
    expect(sequenceNumbersFromNackItems(items)).toEqual(lost);
  });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const words = (max: number) => fc.integer({ min: 0, max }).chain((w) => fc.uint8Array({ minLength: w * 4, maxLength: w * 4 }));
const block: fc.Arbitrary<ReportBlock> = fc.record({
  ssrc: u32, fractionLost: fc.integer({ min: 0, max: 255 }), cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  extendedHighestSequence: u32, jitter: u32, lastSr: u32, delaySinceLastSr: u32,
});
const text = fc.string({ maxLength: 40 });
const twcc: fc.Arbitrary<RtcpPacket> = fc.record({
  type: fc.constant('twcc' as const), senderSsrc: u32, mediaSsrc: u32, baseSequenceNumber: fc.integer({ min: 0, max: 0xffff }),
  referenceTime: fc.integer({ min: -0x800000, max: 0x7fffff }), feedbackPacketCount: fc.integer({ min: 0, max: 255 }),
  packets: fc.array(fc.tuple(fc.constantFrom(0, 1, 1, 2), fc.integer({ min: -32768, max: 32767 })), { maxLength: 200 }),
}).map(({ packets, ...rest }) => ({
  ...rest,
  statuses: packets.map(([s]) => s),
  deltas: packets.filter(([s]) => s !== 0).map(([s, d]) => (s === 1 ? d & 0xff : d)),
}));
// Runs of identical statuses exercise the run-length chunks.
const twccRuns: fc.Arbitrary<RtcpPacket> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3000 })), { minLength: 1, maxLength: 3 })
  .map((runs) => {
    const statuses = runs.flatMap(([s, n]) => Array(n).fill(s) as number[]).slice(0, 0xffff);
    return { type: 'twcc' as const, senderSsrc: 1, mediaSsrc: 2, baseSequenceNumber: 65000, referenceTime: 5, feedbackPacketCount: 1, statuses, deltas: statuses.filter((s) => s !== 0).map((s) => (s === 1 ? 200 : -300)) };
  });
export const arbRtcpPacket: fc.Arbitrary<RtcpPacket> = fc.oneof(
  fc.record({ type: fc.constant('sr' as const), ssrc: u32, ntpTimestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), rtpTimestamp: u32, packetCount: u32, octetCount: u32, reports: fc.array(block, { maxLength: 31 }), extension: words(3) }),
  fc.record({ type: fc.constant('rr' as const), ssrc: u32, reports: fc.array(block, { maxLength: 31 }), extension: words(3) }),
  fc.record({ type: fc.constant('sdes' as const), chunks: fc.array(fc.record({ source: u32, items: fc.array(fc.record({ itemType: fc.integer({ min: 1, max: 8 }), text }), { maxLength: 4 }) }), { maxLength: 31 }) }),
  fc.record({ type: fc.constant('bye' as const), sources: fc.array(u32, { maxLength: 31 }), reason: fc.option(text, { nil: undefined }) }),
  fc.record({ type: fc.constant('app' as const), subtype: fc.integer({ min: 0, max: 31 }), ssrc: u32, name: fc.string({ minLength: 4, maxLength: 4, unit: 'binary-ascii' }), data: words(5) }),
  fc.record({ type: fc.constant('nack' as const), senderSsrc: u32, mediaSsrc: u32, items: fc.array(fc.record({ pid: fc.integer({ min: 0, max: 0xffff }), blp: fc.integer({ min: 0, max: 0xffff }) }), { minLength: 1, maxLength: 20 }) }),
  fc.record({ type: fc.constant('pli' as const), senderSsrc: u32, mediaSsrc: u32 }),
  fc.record({ type: fc.constant('fir' as const), senderSsrc: u32, mediaSsrc: u32, entries: fc.array(fc.record({ ssrc: u32, sequenceNumber: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }) }),
  fc.record({ type: fc.constant('remb' as const), senderSsrc: u32, mediaSsrc: u32, bitrate: fc.tuple(fc.integer({ min: 0, max: 0x3ffff }), fc.integer({ min: 0, max: 34 })).map(([m, e]) => m * 2 ** e), ssrcs: fc.array(u32, { maxLength: 10 }) }),
  twcc,
  twccRuns,
  fc.record({ type: fc.constant('unknown' as const), packetType: fc.oneof(fc.integer({ min: 192, max: 199 }), fc.integer({ min: 207, max: 223 })), count: fc.integer({ min: 0, max: 31 }), body: words(6) }),
);

describe('properties', () => {
  test('decode(encode(x)) equals x for compound packets', () => {
    fc.assert(
      fc.property(fc.array(arbRtcpPacket, { minLength: 1, maxLength: 4 }), (pk) => {
        const n = rtcpEncodedLength(pk);
        const buf = new Uint8Array(n + 3);
        expect(encodeRtcpInto(pk, buf, 3)).toBe(n);
        expect(decodeRtcp(buf.subarray(3))).toEqual(pk);
      }),
      { numRuns: 150 },
    );
  });

  test('arbitrary bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 200, max: 206 }), fc.integer({ min: 0, max: 31 }), (b, pt, fmt) => {
        decodeRtcp(b);
        if (b.length >= 4) {
          // make the header plausible so the body decoders run
          b[0] = 0x80 | fmt;
          b[1] = pt;
          const words = (b.length >> 2) - 1;
          b[2] = words >> 8;
          b[3] = words & 0xff;
          const r = decodeRtcp(b.subarray(0, (words + 1) * 4));
          if (r) expect(() => encodeRtcp(r)).not.toThrow();
        }
      }),
      { numRuns: 3000 },
    );
  });
});
