import { concatBytes, hex, toHex } from '@purertc/common';
import { H264Packetizer, H264Depacketizer, splitAnnexB, isH264Keyframe, FrameAssembler } from '@purertc/rtp';
import { prng, randomBytes, toPackets, reorder, assemble, SIZES } from './helpers/roundtrip';

const SC = hex`00 00 00 01`;
const annexB = (...nals: Uint8Array[]) => concatBytes(nals.flatMap((n) => [SC, n]));
const sps = hex`67 42 c0 1f 8c 8d 40 50 1e d0 0f 08 84 6a`;
const pps = hex`68 ce 3c 80`;

/** An access unit whose NAL units total about `size` bytes: [SPS, PPS,] one slice (IDR or not), split in two when large. */
function accessUnit(rand: () => number, size: number, idr: boolean, withParams = idr): Uint8Array {
  const nals: Uint8Array[] = [];
  if (withParams) nals.push(sps, pps);
  const type = idr ? 0x65 : 0x41;
  const sliceSize = Math.max(1, size);
  if (sliceSize > 4096) {
    const a = randomBytes(rand, Math.floor(sliceSize / 2), 1);
    a[0] = type;
    const b = randomBytes(rand, sliceSize - a.length, 1);
    b[0] = type;
    nals.push(a, b);
  } else {
    const a = randomBytes(rand, sliceSize, 1);
    a[0] = type;
    nals.push(a);
  }
  return annexB(...nals);
}

describe('Annex B', () => {
  test('splits on 3- and 4-byte start codes and strips trailing zeros', () => {
    const s = hex`00 00 00 01 67 aa 00 00 01 68 bb 00 00 00 00 01 65 01 02`;
    expect(splitAnnexB(s).map((v) => toHex(v))).toEqual(['67aa', '68bb', '650102']);
    expect(splitAnnexB(hex`65 01 02`).map((v) => toHex(v))).toEqual(['650102']);
    expect(splitAnnexB(new Uint8Array(0))).toEqual([]);
  });
});

describe('H264Packetizer', () => {
  test('aggregates SPS+PPS+small slice into one STAP-A (§5.7.1)', () => {
    const p = new H264Packetizer();
    const [stap, ...rest] = p.packetize(annexB(sps, pps, hex`65 88 84`));
    expect(rest).toEqual([]);
    expect(stap![0]).toBe(0x78); // F=0, NRI=3, type 24
    expect(toHex(stap!)).toBe('78' + '000e' + toHex(sps) + '0004' + toHex(pps) + '0003658884');
    expect(isH264Keyframe(stap!)).toBe(true);
  });

  test('fragments a large NAL unit into FU-A with even sizes (§5.8)', () => {
    const nal = new Uint8Array(3000).fill(7);
    nal[0] = 0x65;
    const pk = new H264Packetizer({ maxPayloadSize: 1000 }).packetizeNalUnits([nal]);
    expect(pk.length).toBe(4);
    expect(pk.map((p) => p.length)).toEqual([752, 752, 752, 751]); // 2999 body bytes in 4 even fragments
    expect(pk[0]![0]).toBe(0x7c); // indicator: NRI 3, type 28
    expect(pk[0]![1]).toBe(0x85); // S, type 5
    expect(pk[1]![1]).toBe(0x05);
    expect(pk[3]![1]).toBe(0x45); // E, type 5
    expect(isH264Keyframe(pk[0]!)).toBe(true);
    expect(isH264Keyframe(pk[1]!)).toBe(false);
    expect(pk.every((p) => p.length <= 1000)).toBe(true);
  });

  test('mode 0 sends single NAL units only and refuses oversize ones', () => {
    const p = new H264Packetizer({ packetizationMode: 0, maxPayloadSize: 100 });
    const pk = p.packetize(annexB(sps, pps, hex`65 01`));
    expect(pk.map((x) => toHex(x))).toEqual([toHex(sps), toHex(pps), '6501']);
    expect(() => p.packetize(annexB(new Uint8Array(101).fill(0x41)))).toThrow(RangeError);
  });

  test('injects the last SPS/PPS before an IDR that lacks them', () => {
    const p = new H264Packetizer({ packetizationMode: 0 });
    p.packetize(annexB(sps, pps, hex`65 01`));
    expect(p.packetize(annexB(hex`41 02`)).map((x) => toHex(x))).toEqual(['4102']);
    expect(p.packetize(annexB(hex`65 03`)).map((x) => toHex(x))).toEqual([toHex(sps), toHex(pps), '6503']);
    const fresh = new H264Packetizer({ packetizationMode: 0, injectParameterSets: false });
    fresh.packetize(annexB(sps, pps, hex`65 01`));
    expect(fresh.packetize(annexB(hex`65 03`)).map((x) => toHex(x))).toEqual(['6503']);
  });
});

describe('H264Depacketizer', () => {
  const d = new H264Depacketizer();
  test('rejects malformed and gapped fragment runs', () => {
    expect(d.depacketize([hex`7c 05 01`])).toBeUndefined(); // FU-A without start
    expect(d.depacketize([hex`7c 85 01`])).toBeUndefined(); // FU-A without end
    expect(d.depacketize([hex`7c c5 01`])).toBeUndefined(); // S and E
    expect(d.depacketize([hex`7c 85 01`, hex`41 01`])).toBeUndefined(); // interrupted FU-A
    expect(d.depacketize([hex`78 00 05 67`])).toBeUndefined(); // STAP-A size overruns
    expect(d.depacketize([hex`79 00 01`])).toBeUndefined(); // STAP-B (mode 2)
    expect(d.depacketize([new Uint8Array(0)])).toBeUndefined();
    expect(d.depacketize([hex`7c 85 01`, hex`7c 45 02`])).toEqual(hex`00 00 00 01 65 01 02`);
  });
});

describe('H.264 round trips', () => {
  test.each(SIZES)('%i-byte access units, in order and reordered', (size) => {
    const rand = prng(size);
    const frames = [accessUnit(rand, size, true), accessUnit(rand, size, false), accessUnit(rand, size, false)];
    const packets = toPackets(frames, (f) => new H264Packetizer().packetize(f));
    for (const order of [packets, reorder(packets, rand)]) {
      const { frames: got } = assemble(new H264Depacketizer(), order);
      expect(got.map((f) => f.complete)).toEqual([true, true, true]);
      expect(got.map((f) => f.keyframe)).toEqual([true, false, false]);
      got.forEach((f, i) => expect(f.data!.length === frames[i]!.length && Buffer.compare(f.data!, frames[i]!) === 0).toBe(true));
    }
  });

  test.each(SIZES.filter((s) => s >= 10 * 1024))('%i-byte access units with a lost packet: that frame is incomplete, the next is intact', (size) => {
    const rand = prng(size + 1);
    const frames = [accessUnit(rand, size, true), accessUnit(rand, size, false), accessUnit(rand, size, false), accessUnit(rand, size, false)];
    const packets = toPackets(frames, (f) => new H264Packetizer().packetize(f));
    const second = packets.filter((p) => p.ts === packets.find((q) => q.ts !== packets[0]!.ts)!.ts);
    const lost = second[Math.floor(second.length / 2)]!;
    const { frames: got, assembler } = assemble(new H264Depacketizer(), reorder(packets.filter((p) => p !== lost), rand));
    expect(got.map((f) => f.complete)).toEqual([true, false, true, true]);
    expect(got[1]!.data).toBeUndefined();
    expect(got[1]!.reason).toBe('gap');
    expect(Buffer.compare(got[2]!.data!, frames[2]!)).toBe(0);
    expect(assembler.stats.framesIncomplete).toBe(1);
  });

  test('a partial frame cannot exceed maxFrameSize', () => {
    const rand = prng(9);
    const frames = [accessUnit(rand, 100 * 1024, true), accessUnit(rand, 1000, false)];
    const packets = toPackets(frames, (f) => new H264Packetizer().packetize(f));
    const { frames: got, assembler } = assemble(new H264Depacketizer(), packets, { maxFrameSize: 50 * 1024 });
    expect(got.map((f) => [f.complete, f.reason])).toEqual([[false, 'too-large'], [true, undefined]]);
    expect(assembler.stats.packetsDroppedTooLarge).toBeGreaterThan(0);
  });

  test('late and duplicate packets are dropped and counted', () => {
    const rand = prng(3);
    const frames = [accessUnit(rand, 3000, true), accessUnit(rand, 3000, false)];
    const packets = toPackets(frames, (f) => new H264Packetizer().packetize(f));
    const a = new FrameAssembler(new H264Depacketizer());
    for (const p of [...packets, packets[0]!, packets[packets.length - 1]!]) a.push(p.seq, p.ts, p.marker, p.payload);
    expect(a.poll()!.complete).toBe(true);
    expect(a.poll()!.complete).toBe(true);
    expect(a.poll()).toBeUndefined();
    expect(a.stats.packetsLate).toBe(2);
  });
});
