import fc from 'fast-check';
import { chunkArb, u16, u32 } from './arbitraries';
import { crc32c, hex } from '@purertc/common';
import {
  ChunkType,
  capabilityParams,
  decodeChunk,
  decodePacket,
  encodeChunk,
  encodePacket,
  readCapabilities,
  unknownChunkAction,
  unknownParamAction,
  sctpChecksum,
  verifyChecksum,
} from '@purertc/sctp';

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

describe('sctpChecksum', () => {
  it('equals CRC32c with the checksum field zeroed, at any alignment and length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 3000 }), fc.integer({ min: 0, max: 7 }), (b, shift) => {
        const backing = new Uint8Array(b.length + shift);
        backing.set(b, shift);
        const view = backing.subarray(shift);
        const zeroed = b.slice();
        zeroed.fill(0, 8, 12);
        expect(sctpChecksum(view)).toBe(crc32c(zeroed));
        expect(sctpChecksum(view, 12)).toBe(crc32c(zeroed, 0, 12));
      }),
      { numRuns: 1000 },
    );
  });
  it('matches the CRC32c check value', () => {
    // CRC32c("123456789") = 0xE3069283 (the catalogue check value); put the string after a zero field.
    const p = new Uint8Array(21);
    p.set(new TextEncoder().encode('12345678'), 0);
    p.set(new TextEncoder().encode('9'), 12);
    const expected = crc32c(Uint8Array.of(...new TextEncoder().encode('12345678'), 0, 0, 0, 0, 0x39, 0, 0, 0, 0, 0, 0, 0, 0));
    expect(sctpChecksum(p)).toBe(expected);
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });
});
