/**
 * Issue 3, "packetize/depacketize round trips for every codec at 1 byte,
 * 1 KiB, 10 KiB, 100 KiB and 1 MiB frames, with loss and reordering": the
 * cases the per-codec suites leave out.
 *
 * - Loss at 1 B and 1 KiB, where a frame is one packet and losing it loses
 *   the whole frame (roundtrip.test.ts covers loss inside multi-packet frames).
 * - H.264 packetization-mode 0 at every size (an access unit of single NAL
 *   units, each at most the payload size).
 * - Opus. RFC 7587 §4.2 puts exactly one Opus packet in an RTP packet and
 *   never fragments it, and RFC 6716 §3.2.5 bounds an Opus packet (at most
 *   48 frames of at most 1275 bytes, 120 ms). So a 100 KiB or 1 MiB "frame"
 *   cannot exist for Opus: the packetizer refuses it (RangeError) instead of
 *   splitting it, and the requirement is met as a 1 B … 1 MiB Opus *stream*
 *   (packets of up to 1275 bytes) going through loss and reordering, plus
 *   single Opus packets of 1 B, 1 KiB and 10 KiB (with a raised maximum).
 * - The partial-frame memory bound for every codec.
 */
import { equalBytes } from '@purertc/common';
import { H264Depacketizer, H264Packetizer, OpusDepacketizer, OpusPacketizer, type AssembledFrame } from '@purertc/rtp';
import { VIDEO_CODECS } from './helpers/frames';
import { assemble, prng, randomBytes, reorder, SIZES, toPackets, type WirePacket } from './helpers/roundtrip';

/** Every frame that came out complete is byte-identical to the frame sent with its timestamp. */
function expectNoCorruptFrame(got: AssembledFrame[], sent: Map<number, Uint8Array>): void {
  for (const f of got) {
    expect(f.complete === (f.data !== undefined)).toBe(true);
    if (f.complete) expect(equalBytes(f.data!, sent.get(f.timestamp)!)).toBe(true);
  }
}

describe.each(VIDEO_CODECS)('$name: single-packet frames with loss and reordering', (codec) => {
  test.each([1, 1024])('%i-byte frames: a lost frame never comes out, the others intact', (size) => {
    const rand = prng(size * 13 + codec.name.length);
    const frames = Array.from({ length: 8 }, (_, i) => codec.frame(rand, size, i === 0 || i === 6));
    const pk = codec.packetizer();
    const packets = toPackets(frames, (f) => pk.packetize(f));
    const sent = new Map<number, Uint8Array>();
    frames.forEach((f, i) => sent.set((0xfffff000 + i * 3000) >>> 0, f));
    const lostTs = packets.find((p) => p.ts === ((0xfffff000 + 3 * 3000) >>> 0))!.ts;
    const kept = packets.filter((p) => p.ts !== lostTs);
    const { frames: got } = assemble(codec.depacketizer(), [kept[0]!, ...reorder(kept.slice(1), rand, 4)]);
    expectNoCorruptFrame(got, sent);
    expect(got.some((f) => f.timestamp === lostTs && f.complete)).toBe(false);
    // Timestamps come out in stream order, each at most once.
    const ts = got.map((f) => f.timestamp);
    expect(new Set(ts).size).toBe(ts.length);
    // The frames before the loss are complete; so is the key frame after it (a decoder restarts there) and what follows.
    for (const i of [0, 1, 2, 6, 7]) expect(got.find((f) => f.timestamp === ((0xfffff000 + i * 3000) >>> 0))?.complete).toBe(true);
  });
});

describe('H.264 packetization-mode 0 at every size', () => {
  /** An access unit of slices of at most `slice` bytes totalling `size` bytes (Annex B, 4-byte start codes). */
  function modeZeroAu(rand: () => number, size: number, idr: boolean, slice = 1100): Uint8Array {
    const parts: number[] = [];
    for (let left = Math.max(1, size); left > 0; left -= slice) parts.push(Math.min(slice, left));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p, 0));
    let o = 0;
    for (const p of parts) {
      out.set([0, 0, 0, 1], o);
      const nal = randomBytes(rand, p, 1);
      nal[0] = idr ? 0x65 : 0x41;
      out.set(nal, o + 4);
      o += 4 + p;
    }
    return out;
  }

  test.each(SIZES)('%i bytes: single NAL unit packets only, reordered, one lost', (size) => {
    const rand = prng(size + 5);
    const frames = [modeZeroAu(rand, size, true), modeZeroAu(rand, size, false), modeZeroAu(rand, size, false), modeZeroAu(rand, size, false)];
    const pk = new H264Packetizer({ packetizationMode: 0, maxPayloadSize: 1200 });
    const packets = toPackets(frames, (f) => pk.packetize(f));
    // Mode 0: every payload is one NAL unit (no STAP-A 24, no FU-A 28).
    for (const p of packets) expect([1, 5]).toContain(p.payload[0]! & 0x1f);
    const sent = new Map(frames.map((f, i) => [(0xfffff000 + i * 3000) >>> 0, f] as const));
    const { frames: inOrder } = assemble(new H264Depacketizer(), reorder(packets, rand, 8));
    expect(inOrder.map((f) => f.complete)).toEqual([true, true, true, true]);
    expect(inOrder.map((f) => f.keyframe)).toEqual([true, false, false, false]);
    expectNoCorruptFrame(inOrder, sent);
    const ts1 = (0xfffff000 + 3000) >>> 0;
    const second = packets.filter((p) => p.ts === ts1);
    const lost = second[second.length >> 1]!;
    const { frames: got } = assemble(new H264Depacketizer(), reorder(packets.filter((p) => p !== lost), rand, 8));
    expectNoCorruptFrame(got, sent);
    expect(got.find((f) => f.timestamp === ts1)?.complete ?? false).toBe(false);
    expect(got[0]!.complete).toBe(true);
    expect(got.at(-1)!.complete).toBe(true);
  });
});

describe('Opus at every size (RFC 7587 §4.2: one Opus packet per RTP packet, never fragmented)', () => {
  test.each([1, 1024, 10 * 1024])('a single %i-byte Opus packet is one RTP payload, byte for byte', (size) => {
    const frame = randomBytes(prng(size), size);
    const pk = new OpusPacketizer({ maxPayloadSize: 61_440 }).packetize(frame);
    expect(pk.length).toBe(1);
    expect(equalBytes(new OpusDepacketizer().depacketize(pk)!, frame)).toBe(true);
  });

  test.each([100 * 1024, 1024 * 1024])('a %i-byte Opus packet cannot exist: refused, never split', (size) => {
    const frame = randomBytes(prng(size), size);
    expect(() => new OpusPacketizer().packetize(frame)).toThrow(RangeError);
    expect(() => new OpusPacketizer({ maxPayloadSize: 65_000 }).packetize(frame)).toThrow(RangeError);
  });

  test.each(SIZES)('%i bytes of Opus stream in packets of up to 1275 bytes, reordered with losses', (size) => {
    const rand = prng(size + 3);
    const frames: Uint8Array[] = [];
    for (let left = size; left > 0; ) {
      const n = Math.min(left, 1 + Math.floor(rand() * 1275));
      frames.push(randomBytes(rand, n));
      left -= n;
    }
    const pk = new OpusPacketizer();
    const packets: WirePacket[] = toPackets(frames, (f) => pk.packetize(f), 65500, 0xffff0000, 960);
    expect(packets.length).toBe(frames.length);
    const lost = new Set<number>();
    for (let i = 1; i < packets.length; i += 37) lost.add(i);
    const kept = packets.filter((_, i) => !lost.has(i));
    const { frames: got } = assemble(new OpusDepacketizer(), kept.length ? [kept[0]!, ...reorder(kept.slice(1), rand, 6)] : []);
    // Every packet that arrived comes out whole, in sequence order; lost ones never appear.
    expect(got.map((f) => f.timestamp)).toEqual(kept.map((p) => p.ts));
    got.forEach((f, i) => expect(equalBytes(f.data!, kept[i]!.payload)).toBe(true));
    expect(got.reduce((n, f) => n + f.data!.length, 0)).toBe(size - [...lost].reduce((n, i) => n + frames[i]!.length, 0));
  });
});

describe.each(VIDEO_CODECS)('$name: partial-frame memory bound', (codec) => {
  test('a 1 MiB frame over a 256 KiB maxFrameSize is reported too large, stores no more, and the stream goes on', () => {
    const rand = prng(99);
    const frames = [codec.frame(rand, 1024 * 1024, true), codec.frame(rand, 3000, false), codec.frame(rand, 3000, true)];
    const pk = codec.packetizer();
    const packets = toPackets(frames, (f) => pk.packetize(f));
    const { frames: got, assembler } = assemble(codec.depacketizer(), packets, { maxFrameSize: 256 * 1024 });
    expect(got[0]).toMatchObject({ complete: false, reason: 'too-large' });
    const firstLen = packets.filter((p) => p.ts === packets[0]!.ts).length;
    // Everything past the first 256 KiB of payload was dropped, not stored: first counted as too large, and once the
    // frame is given up (its hole older than reorderWindow) as late. Reported once.
    const { packetsDroppedTooLarge, packetsLate } = assembler.stats;
    expect(packetsDroppedTooLarge).toBeGreaterThan(0);
    expect(packetsDroppedTooLarge + packetsLate).toBeGreaterThan(firstLen / 2);
    expect(got.filter((f) => f.reason === 'too-large').length).toBe(1);
    expect(equalBytes(got.at(-1)!.data!, frames[2]!)).toBe(true);
  });
});

describe('padding-only probes between frames (as Chromium sends them, with the previous frame timestamp)', () => {
  test('probes that arrive before the end of their frame still place the next frame start (H.264)', () => {
    const rand = prng(77);
    const pk = new H264Packetizer({ maxPayloadSize: 1200 });
    const f1 = pk.packetize(Uint8Array.of(0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80, 0, 0, 0, 1, ...randomBytes(rand, 2000, 1).map((b, i) => (i === 0 ? 0x65 : b))));
    const f2 = pk.packetize(Uint8Array.of(0, 0, 0, 1, ...randomBytes(rand, 2000, 1).map((b, i) => (i === 0 ? 0x41 : b))));
    const probe = new Uint8Array(0);
    // seq: f1 packets, two probes (timestamp of f1), f2 packets.
    const wire: WirePacket[] = [
      ...f1.map((p, i) => ({ seq: 100 + i, ts: 9000, marker: i === f1.length - 1, payload: p })),
      { seq: 100 + f1.length, ts: 9000, marker: false, payload: probe },
      { seq: 101 + f1.length, ts: 9000, marker: false, payload: probe },
      ...f2.map((p, i) => ({ seq: 102 + f1.length + i, ts: 12000, marker: i === f2.length - 1, payload: p })),
    ];
    // The probes overtake the end of f1.
    const n = f1.length;
    const order = [wire[0]!, wire[n]!, wire[n + 1]!, ...wire.slice(1, n), ...wire.slice(n + 2)];
    const { frames } = assemble(new H264Depacketizer(), order);
    expect(frames.map((f) => f.complete)).toEqual([true, true]);
  });
});
