import { hex, toHex } from '@purertc/common';
import { Av1Packetizer, Av1Depacketizer, readLeb128, writeLeb128, leb128Length, leb, isAv1Keyframe, parseAv1TemporalUnit } from '@purertc/rtp';

describe('LEB128 (AV1 §4.10.5)', () => {
  test.each([
    [0, '00'], [127, '7f'], [128, '8001'], [300, 'ac02'], [0xffffffff, 'ffffffff0f'],
  ])('%i', (v, h) => {
    const b = new Uint8Array(8);
    expect(writeLeb128(b, 0, v)).toBe(h.length / 2);
    expect(leb128Length(v)).toBe(h.length / 2);
    expect(toHex(b.subarray(0, h.length / 2))).toBe(h);
    expect(readLeb128(b, 0, 8)).toBe(v);
    expect(leb.length).toBe(h.length / 2);
  });
  test('malformed', () => {
    expect(readLeb128(hex`80 80`, 0, 2)).toBe(-1);
    expect(readLeb128(hex`ff ff ff ff ff ff ff ff 01`, 0, 9)).toBe(-1);
  });
});

// TD, sequence header (3 bytes), frame OBU with extension (4 bytes)
const tu = hex`12 00  0a 03 01 02 03  36 28 04 aa bb cc dd`;

describe('AV1 packetizer', () => {
  test('aggregates small OBUs, drops the TD, clears obu_has_size_field (§4.3, §5)', () => {
    const [p, ...rest] = new Av1Packetizer().packetize(tu);
    expect(rest).toEqual([]);
    // Z=0 Y=0 W=2 N=1; element 1 with its length, element 2 (last) without
    expect(toHex(p!)).toBe('28' + '04' + '08010203' + '3428aabbccdd');
    expect(isAv1Keyframe(p!)).toBe(true);
    expect(new Av1Depacketizer().depacketize([p!])).toEqual(tu);
  });

  test('fragments a large OBU with Z/Y across packets', () => {
    const body = new Uint8Array(3000).map((_, i) => i & 0xff);
    const big = new Uint8Array(1 + 2 + 3000);
    big[0] = 0x32; // frame OBU with size field
    big[1] = 0xb8; // 3000 = 0xbb8 → b8 17
    big[2] = 0x17;
    big.set(body, 3);
    const pk = new Av1Packetizer({ maxPayloadSize: 1000 }).packetize(big);
    expect(pk.length).toBe(4);
    expect(pk.every((x) => x.length <= 1000)).toBe(true);
    expect(pk.map((x) => x[0]! & 0xc0)).toEqual([0x40, 0xc0, 0xc0, 0x80]); // Y, Z|Y, Z|Y, Z
    expect(isAv1Keyframe(pk[0]!)).toBe(false);
    const d = new Av1Depacketizer();
    expect(d.isFrameStart(pk[1]!)).toBe(false);
    expect(toHex(d.depacketize(pk)!)).toBe('1200' + toHex(big));
    expect(d.depacketize(pk.slice(1))).toBeUndefined(); // starts with a continuation
    expect(d.depacketize(pk.slice(0, 3))).toBeUndefined(); // ends inside an OBU
    expect(d.depacketize([pk[0]!, pk[2]!, pk[3]!])).toBeDefined(); // a missing middle fragment cannot be seen here: the assembler's sequence check catches it
  });

  test('invalid temporal units are refused by the packetizer (caller input)', () => {
    expect(parseAv1TemporalUnit(hex`0a 05 01`)).toBeUndefined();
    expect(() => new Av1Packetizer().packetize(hex`8a 00`)).toThrow(RangeError); // forbidden bit
  });
});

describe('AV1 depacketizer', () => {
  const d = new Av1Depacketizer();
  test('W=0 elements, OBUs that keep their size field, and malformed lengths', () => {
    // W=0: every element has a length; second OBU already has a size field (kept as is)
    expect(toHex(d.depacketize([hex`00 02 30 aa 03 32 01 bb`])!)).toBe('1200' + '3201aa' + '3201bb');
    expect(d.depacketize([hex`00 05 30 aa`])).toBeUndefined(); // length overruns
    expect(d.depacketize([hex`10`])).toBeUndefined(); // W=1 with an empty element
    expect(d.depacketize([hex`80 02 30 aa`])).toBeUndefined(); // Z on the first packet
    expect(d.depacketize([hex`20 00 30 aa`])).toBeUndefined(); // zero-length element
  });
});
