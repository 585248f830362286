import { equalBytes } from '@purertc/common';
import {
  OpusPacketizer, OpusDepacketizer, G711Packetizer, G711Depacketizer, FrameAssembler,
  linearToMulaw, mulawToLinear, linearToAlaw, alawToLinear,
} from '@purertc/rtp';
import { prng, randomBytes, reorder, SIZES, type WirePacket } from './helpers/roundtrip';

describe('Opus (RFC 7587)', () => {
  test.each(SIZES)('%i-byte packets: one RTP packet each, or refused when larger than allowed', (size) => {
    const rand = prng(size);
    const p = new OpusPacketizer();
    const frame = randomBytes(rand, size);
    if (size > 1500) {
      expect(() => p.packetize(frame)).toThrow(RangeError);
      // a larger negotiated maximum carries up to the RTP limit, still unfragmented
      if (size < 65000) expect(new OpusPacketizer({ maxPayloadSize: 65000 }).packetize(frame)).toEqual([frame]);
      return;
    }
    const pk = p.packetize(frame);
    expect(pk).toEqual([frame]);
    expect(new OpusDepacketizer().depacketize(pk)).toEqual(frame);
  });

  test('every packet is a frame; reordered packets come out in sequence order', () => {
    const rand = prng(1);
    const frames = Array.from({ length: 50 }, () => randomBytes(rand, 1 + Math.floor(rand() * 200)));
    const packets: WirePacket[] = frames.map((f, i) => ({ seq: (65530 + i) & 0xffff, ts: (i * 960) >>> 0, marker: i === 0, payload: f }));
    const a = new FrameAssembler(new OpusDepacketizer());
    const got: Uint8Array[] = [];
    for (const p of [packets[0]!, ...reorder(packets.slice(1), rand, 4)]) {
      a.push(p.seq, p.ts, p.marker, p.payload);
      for (let f = a.poll(); f; f = a.poll()) got.push(f.data!);
    }
    a.flush();
    for (let f = a.poll(); f; f = a.poll()) got.push(f.data!);
    expect(got.length).toBe(50);
    got.forEach((g, i) => expect(equalBytes(g, frames[i]!)).toBe(true));
  });
});

describe('G.711 (RFC 3551 §4.5.14)', () => {
  test.each(SIZES)('%i samples split into 20 ms packets and reassembled, with one lost', (size) => {
    const rand = prng(size);
    const samples = randomBytes(rand, size);
    const pk = new G711Packetizer().packetize(samples);
    expect(pk.length).toBe(Math.ceil(size / 160));
    const packets: WirePacket[] = pk.map((p, i) => ({ seq: (40000 + i) & 0xffff, ts: (0xffffff00 + i * 160) >>> 0, marker: false, payload: p }));
    const lostIdx = pk.length > 2 ? 1 : -1;
    const a = new FrameAssembler(new G711Depacketizer(), { reorderWindow: 8 });
    const got: { ts: number; data: Uint8Array }[] = [];
    const kept = packets.filter((_, i) => i !== lostIdx);
    for (const p of [kept[0]!, ...reorder(kept.slice(1), rand, 3)]) {
      a.push(p.seq, p.ts, p.marker, p.payload);
      for (let f = a.poll(); f; f = a.poll()) got.push({ ts: f.timestamp, data: f.data! });
    }
    a.flush();
    for (let f = a.poll(); f; f = a.poll()) got.push({ ts: f.timestamp, data: f.data! });
    const expected = packets.filter((_, i) => i !== lostIdx);
    expect(got.map((g) => g.ts)).toEqual(expected.map((p) => p.ts));
    got.forEach((g, i) => expect(equalBytes(g.data, expected[i]!.payload)).toBe(true));
  });

  test('μ-law and A-law companding (ITU-T G.711)', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x2a)).toBe(-32256);
    for (let c = 0; c < 256; c++) {
      expect(linearToMulaw(mulawToLinear(c))).toBe(c === 0x7f ? 0xff : c); // 0x7f and 0xff both decode to 0
      expect(linearToAlaw(alawToLinear(c))).toBe(c);
    }
    // monotonic: a louder input never encodes to a quieter code
    let prev = -Infinity;
    for (let s = -32768; s < 32768; s += 97) {
      const v = mulawToLinear(linearToMulaw(s));
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});
