/** fast-check arbitraries for every chunk type (shared by the codec and fuzz tests). */
import fc from 'fast-check';
import { ChunkType, ParamType, type Chunk } from '@purertc/sctp';

export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const bytes = (max = 64) => fc.uint8Array({ maxLength: max });
export const param = fc.record({ type: u16, value: bytes(20) });
export const initFields = {
  initiateTag: u32,
  aRwnd: u32,
  outboundStreams: u16,
  inboundStreams: u16,
  initialTsn: u32,
  params: fc.array(param, { maxLength: 4 }),
};

export const chunkArb: fc.Arbitrary<Chunk> = fc.oneof(
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

