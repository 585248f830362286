import fc from 'fast-check';
import { crc32c, hex } from '@purertc/common';
import {
  ChunkType,
  ParamType,
  type Chunk,
  capabilityParams,
  decodeChunk,
  decodePacket,
  encodeChunk,
  encodePacket,
  readCapabilities,
  unknownChunkAction,
  unknownParamAction,
  verifyChecksum,
} from '@purertc/sctp';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (max = 64) => fc.uint8Array({ maxLength: max });
const param = fc.record({ type: u16, value: bytes(20) });
const initFields = {
  initiateTag: u32,
  aRwnd: u32,
  outboundStreams: u16,
  inboundStreams: u16,
  initialTsn: u32,
  params: fc.array(param, { maxLength: 4 }),
};

const chunkArb: fc.Arbitrary<Chunk> = fc.oneof(
  fc.record({ type: fc.constant(ChunkType.DATA), flags: fc.integer({ min: 0, max: 15 }), tsn: u32, streamId: u16, ssn: u16, ppid: u32, userData: bytes() }),
  fc
    .record({ type: fc.constant(ChunkType.I_DATA), flags: fc.integer({ min: 0, max: 15 }), tsn: u32, streamId: u16, mid: u32, ppid: u32, fsn: u32, userData: bytes() })
    .map((c) => (c.flags & 2 ? { ...c, fsn: 0 } : { ...c, ppid: 0 })),
  fc.record({ type: fc.constant(ChunkType.INIT), ...initFields }),
  fc.record({ type: fc.constant(ChunkType.INIT_ACK), ...initFields }),
  fc
    .record({ type: fc.constant(ChunkType.SACK), cumulativeTsnAck: u32, aRwnd: u32, gaps: fc.array(u16, { maxLength: 10 }), duplicateTsns: fc.array(u32, { maxLength: 5 }) })
    .map((c) => ({ ...c, gaps: c.gaps.slice(0, c.gaps.length & ~1) })),
  fc.record({ type: fc.constantFrom(ChunkType.HEARTBEAT, ChunkType.HEARTBEAT_ACK), info: bytes() }),
  fc.record({ type: fc.constant(ChunkType.ABORT), reflected: fc.boolean(), causes: fc.array(param, { maxLength: 3 }) }),
  fc.record({ type: fc.constant(ChunkType.ERROR), causes: fc.array(param, { maxLength: 3 }) }),
  fc.record({ type: fc.constant(ChunkType.SHUTDOWN), cumulativeTsnAck: u32 }),
  fc.constant({ type: ChunkType.SHUTDOWN_ACK } as Chunk),
  fc.record({ type: fc.constant(ChunkType.SHUTDOWN_COMPLETE), reflected: fc.boolean() }),
  fc.record({ type: fc.constant(ChunkType.COOKIE_ECHO), cookie: bytes() }),
  fc.constant({ type: ChunkType.COOKIE_ACK } as Chunk),
  fc
    .record({ type: fc.constant(ChunkType.FORWARD_TSN), newCumulativeTsn: u32, streams: fc.array(u16, { maxLength: 8 }) })
    .map((c) => ({ ...c, streams: c.streams.slice(0, c.streams.length & ~1) })),
  fc.record({
    type: fc.constant(ChunkType.I_FORWARD_TSN),
    newCumulativeTsn: u32,
    entries: fc.array(fc.tuple(u16, fc.integer({ min: 0, max: 1 }), u32), { maxLength: 4 }).map((t) => t.flat()),
  }),
  fc.record({
    type: fc.constant(ChunkType.RE_CONFIG),
    params: fc.array(
      fc.oneof(
        fc.record({ type: fc.constant(ParamType.OUTGOING_SSN_RESET_REQUEST), requestSeq: u32, responseSeq: u32, lastTsn: u32, streams: fc.array(u16, { maxLength: 4 }) }),
        fc.record({ type: fc.constant(ParamType.INCOMING_SSN_RESET_REQUEST), requestSeq: u32, streams: fc.array(u16, { maxLength: 4 }) }),
        fc.record({ type: fc.constant(ParamType.SSN_TSN_RESET_REQUEST), requestSeq: u32 }),
        fc.record({ type: fc.constant(ParamType.RECONFIG_RESPONSE), responseSeq: u32, result: u32 }),
        fc.record({ type: fc.constant(ParamType.RECONFIG_RESPONSE), responseSeq: u32, result: u32, senderNextTsn: u32, receiverNextTsn: u32 }),
        fc.record({ type: fc.constantFrom(ParamType.ADD_OUTGOING_STREAMS_REQUEST, ParamType.ADD_INCOMING_STREAMS_REQUEST), requestSeq: u32, count: u16 }),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({
    type: fc.constant('unknown' as const),
    chunkType: fc.integer({ min: 0, max: 255 }).filter((t) => ![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 64, 130, 192, 194].includes(t)),
    flags: fc.integer({ min: 0, max: 255 }),
    value: bytes(),
  }),
) as fc.Arbitrary<Chunk>;

/** Normalizes views to plain arrays so toEqual compares contents. */
function plain(x: unknown): unknown {
  if (x instanceof Uint8Array) return Array.from(x);
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

describe('chunk codecs', () => {
  it('decode(encode(x)) equals x for every chunk type', () => {
    fc.assert(
      fc.property(chunkArb, (c) => {
        const enc = encodeChunk(c);
        expect(enc.length % 4).toBe(0);
        expect(plain(decodeChunk(enc))).toEqual(plain(c));
      }),
      { numRuns: 2000 },
    );
  });

  it('packets round-trip with a valid CRC32c, stored little-endian', () => {
    fc.assert(
      fc.property(u16, u16, u32, fc.array(chunkArb, { maxLength: 5 }), (sp, dp, tag, chunks) => {
        const pkt = encodePacket({ sourcePort: sp, destinationPort: dp, verificationTag: tag }, chunks);
        expect(verifyChecksum(pkt, false)).toBe(true);
        const copy = pkt.slice();
        copy.fill(0, 8, 12);
        const crc = crc32c(copy);
        expect(pkt[8]).toBe(crc & 0xff);
        expect(pkt[11]).toBe(crc >>> 24);
        const d = decodePacket(pkt)!;
        expect(d.sourcePort).toBe(sp);
        expect(d.destinationPort).toBe(dp);
        expect(d.verificationTag).toBe(tag);
        expect(plain(d.chunks)).toEqual(plain(chunks));
      }),
    );
  });

  it('decodes a hand-built DATA packet field by field (RFC 9260 §3.3.1)', () => {
    const pkt = hex`1388 1388 01020304 00000000  0003 0015 00000007 0001 0002 00000035 68656c6c6f 000000`;
    const d = decodePacket(pkt)!;
    expect(d.chunks).toHaveLength(1);
    const c = d.chunks[0]!;
    if (c.type !== ChunkType.DATA) throw new Error('not DATA');
    expect(c.flags).toBe(3);
    expect(c.tsn).toBe(7);
    expect(c.streamId).toBe(1);
    expect(c.ssn).toBe(2);
    expect(c.ppid).toBe(53);
    expect(new TextDecoder().decode(c.userData)).toBe('hello');
  });

  it('rejects a corrupted checksum and accepts zero only when agreed (RFC 9653)', () => {
    const pkt = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: 1 }, [{ type: ChunkType.COOKIE_ACK }]);
    const bad = pkt.slice();
    bad[13] ^= 1;
    expect(verifyChecksum(bad, false)).toBe(false);
    const zero = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: 1 }, [{ type: ChunkType.COOKIE_ACK }], true);
    expect(zero.subarray(8, 12)).toEqual(new Uint8Array(4));
    expect(verifyChecksum(zero, false)).toBe(false);
    expect(verifyChecksum(zero, true)).toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        decodePacket(b);
        decodeChunk(b);
        verifyChecksum(b, true);
      }),
      { numRuns: 5000 },
    );
    // Mutations of valid packets reach deeper decoders.
    fc.assert(
      fc.property(fc.array(chunkArb, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), (chunks, muts) => {
        const pkt = encodePacket({ sourcePort: 1, destinationPort: 2, verificationTag: 3 }, chunks);
        for (const [i, v] of muts) pkt[12 + (i % (pkt.length - 12))] = v;
        decodePacket(pkt);
        decodePacket(pkt.subarray(0, pkt.length - 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('acts on unknown chunk and parameter types by their high bits (RFC 9260 §3.2)', () => {
    expect(unknownChunkAction(0x3f)).toEqual({ stop: true, report: false });
    expect(unknownChunkAction(0x7f)).toEqual({ stop: true, report: true });
    expect(unknownChunkAction(0xbf)).toEqual({ stop: false, report: false });
    expect(unknownChunkAction(0xff)).toEqual({ stop: false, report: true });
    expect(unknownParamAction(0x0fff)).toEqual({ stop: true, report: false });
    expect(unknownParamAction(0x4fff)).toEqual({ stop: true, report: true });
    expect(unknownParamAction(0x8fff)).toEqual({ stop: false, report: false });
    expect(unknownParamAction(0xcfff)).toEqual({ stop: false, report: true });
  });

  it('capabilities round-trip through INIT parameters', () => {
    for (const caps of [
      { forwardTsn: true, reconfig: true, interleaving: true, zeroChecksum: true },
      { forwardTsn: false, reconfig: true, interleaving: false, zeroChecksum: false },
      { forwardTsn: true, reconfig: false, interleaving: true, zeroChecksum: false },
    ]) {
      expect(readCapabilities(capabilityParams(caps))).toEqual(caps);
    }
  });
});
