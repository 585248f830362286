import { hex, toHex } from '@purertc/common';
import {
  Vp8Packetizer, Vp8Depacketizer, vp8DescriptorLength, isVp8Keyframe,
  Vp9Packetizer, Vp9Depacketizer, vp9DescriptorLength, parseVp9Descriptor, isVp9Keyframe, isVp9KeyframeBitstream,
} from '@purertc/rtp';

describe('VP8 (RFC 7741)', () => {
  test('descriptor lengths (§4.2)', () => {
    expect(vp8DescriptorLength(hex`10 9d`)).toBe(1); // no X
    expect(vp8DescriptorLength(hex`90 80 80 01 9d`)).toBe(4); // I, 15-bit PictureID (Chrome)
    expect(vp8DescriptorLength(hex`90 80 05 9d`)).toBe(3); // I, 7-bit PictureID
    expect(vp8DescriptorLength(hex`90 f0 80 01 05 40 9d`)).toBe(6); // I (2), L, T/K
    expect(vp8DescriptorLength(hex`90 f0 80 01 05`)).toBe(-1); // truncated
    expect(vp8DescriptorLength(new Uint8Array(0))).toBe(-1);
  });

  test('packetizer writes S on the first packet and increments the PictureID per frame', () => {
    const p = new Vp8Packetizer({ maxPayloadSize: 104, pictureId: 0x7fff });
    const frame = new Uint8Array(250).fill(0x33);
    frame[0] = 0x10; // P bit 0: key frame
    const a = p.packetize(frame);
    expect(a.length).toBe(3);
    expect(toHex(a[0]!.subarray(0, 4))).toBe('9080ffff');
    expect(toHex(a[1]!.subarray(0, 4))).toBe('8080ffff');
    expect(a.every((x) => x.length <= 104)).toBe(true);
    expect(isVp8Keyframe(a[0]!)).toBe(true);
    expect(isVp8Keyframe(a[1]!)).toBe(false);
    const b = p.packetize(Uint8Array.of(0x11));
    expect(toHex(b[0]!)).toBe('9080800011'); // wrapped to 0
    expect(isVp8Keyframe(b[0]!)).toBe(false);
    const bare = new Vp8Packetizer({ pictureId: null }).packetize(Uint8Array.of(0x10, 1));
    expect(toHex(bare[0]!)).toBe('101001');
  });

  test('depacketizer strips descriptors and refuses a frame that does not start with S', () => {
    const d = new Vp8Depacketizer();
    expect(d.depacketize([hex`90 80 80 01 aa bb`, hex`80 80 80 01 cc`])).toEqual(hex`aa bb cc`);
    expect(d.depacketize([hex`80 80 80 01 cc`])).toBeUndefined();
    expect(d.depacketize([hex`90 80 80 01 aa`, hex`80 f0`])).toBeUndefined();
    expect(d.isFrameStart(hex`90 80 80 01 aa`)).toBe(true);
    expect(d.isFrameStart(hex`91 80 80 01 aa`)).toBe(false); // partition 1
  });
});

describe('VP9 (RFC 9628)', () => {
  test('uncompressed header key frame test', () => {
    expect(isVp9KeyframeBitstream(hex`82 49 83`)).toBe(true); // profile 0, key
    expect(isVp9KeyframeBitstream(hex`86 00`)).toBe(false); // profile 0, inter
    expect(isVp9KeyframeBitstream(hex`88 00`)).toBe(false); // show_existing_frame
    expect(isVp9KeyframeBitstream(hex`b0 00`)).toBe(true); // profile 3, key
    expect(isVp9KeyframeBitstream(hex`b2 00`)).toBe(false); // profile 3, inter
    expect(isVp9KeyframeBitstream(hex`00`)).toBe(false); // bad frame marker
  });

  test('non-flexible key frame: layer indices, TL0PICIDX and the scalability structure', () => {
    const p = new Vp9Packetizer({ maxPayloadSize: 200, width: 640, height: 360, pictureId: 300 });
    const frame = new Uint8Array(500).fill(9);
    frame[0] = 0x82;
    const pk = p.packetize(frame);
    expect(pk.every((x) => x.length <= 200)).toBe(true);
    const d0 = parseVp9Descriptor(pk[0]!)!;
    expect(d0).toMatchObject({ interPicturePredicted: false, flexible: false, beginningOfFrame: true, endOfFrame: false, pictureId: 300, spatialId: 0, temporalId: 0, tl0PicIdx: 0 });
    expect(d0.ss).toEqual({ spatialLayers: 1, resolutions: [{ width: 640, height: 360 }], pictureGroup: [{ temporalId: 0, switchingUpPoint: false, pDiffs: [1] }] });
    const dl = parseVp9Descriptor(pk[pk.length - 1]!)!;
    expect(dl).toMatchObject({ beginningOfFrame: false, endOfFrame: true });
    expect(dl.ss).toBeUndefined();
    expect(isVp9Keyframe(pk[0]!)).toBe(true);
    const inter = new Uint8Array(10).fill(1);
    inter[0] = 0x86;
    const q = parseVp9Descriptor(p.packetize(inter)[0]!)!;
    expect(q).toMatchObject({ interPicturePredicted: true, pictureId: 301, tl0PicIdx: 1, beginningOfFrame: true, endOfFrame: true });
  });

  test('flexible mode: reference P_DIFFs, no TL0PICIDX', () => {
    const p = new Vp9Packetizer({ mode: 'flexible' });
    const d = parseVp9Descriptor(p.packetize(Uint8Array.of(0x86, 1, 2))[0]!)!;
    expect(d).toMatchObject({ flexible: true, interPicturePredicted: true, pDiffs: [1] });
    expect(d.tl0PicIdx).toBeUndefined();
    // hand-written: I (7-bit PID 5), P, F, B with three chained P_DIFFs 1, 2, 3
    const h = hex`d8 05 03 05 06 ee`;
    expect(vp9DescriptorLength(h)).toBe(5);
    expect(parseVp9Descriptor(h)).toMatchObject({ pictureId: 5, pDiffs: [1, 2, 3] });
    expect(vp9DescriptorLength(hex`d8 05 03 05 07 09 ee`)).toBe(-1); // a fourth P_DIFF is not allowed
  });

  test('depacketizer', () => {
    const d = new Vp9Depacketizer();
    expect(d.depacketize([hex`88 05 aa`, hex`84 05 bb`])).toEqual(hex`aa bb`);
    expect(d.depacketize([hex`80 05 aa`])).toBeUndefined(); // no B
    expect(d.depacketize([hex`8a 05 10 aa`])).toBeUndefined(); // V: SS says Y (a resolution follows) but the bytes are missing
    expect(d.depacketize([hex`8a 05 00 aa`])).toEqual(hex`aa`); // V: empty SS
    expect(d.isFrameStart(hex`a8 05 02 00 aa`)).toBe(false); // B in spatial layer 1: not a picture start
    expect(d.isFrameStart(hex`a8 05 00 00 aa`)).toBe(true);
  });
});
