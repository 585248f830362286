import fc from 'fast-check';
import { hex, toHex } from '@purertc/common';
import {
  RtpView,
  decodeRtp,
  encodeRtp,
  encodeRtpInto,
  rtpEncodedLength,
  RTP_EXTENSION_ONE_BYTE,
  RTP_EXTENSION_TWO_BYTE,
  readAbsSendTime,
  readTransportWideSeq,
  writeTransportWideSeq,
  readAudioLevel,
  readSdesExtension,
  isRtcpPacket,
  writeAbsSendTime,
  absSendTimeToMs,
  audioLevelByte,
  sdesExtensionValue,
  type RtpExtension,
  type RtpPacket,
} from '@purertc/rtp';
import { chromeOpus, chromeVp8, chromeTwoByte, csrcPadded } from './fixtures/chrome-rtp';

describe('RtpView on Chrome packets', () => {
  test('Opus with one-byte extensions', () => {
    const v = RtpView.from(chromeOpus)!;
    expect(v).toBeDefined();
    expect(v.payloadType).toBe(111);
    expect(v.marker).toBe(false);
    expect(v.sequenceNumber).toBe(0x4a10);
    expect(v.timestamp).toBe(0x5f3e2d80);
    expect(v.ssrc).toBe(0xd2bd4e3e);
    expect(v.extensionProfile).toBe(RTP_EXTENSION_ONE_BYTE);
    expect(readAudioLevel(v.extension(1)!)).toEqual({ voice: true, level: 58 });
    expect(readAbsSendTime(v.extension(2)!)).toBe(0x2f8e4c);
    const at = v.findExtension(3);
    expect(v.foundLength).toBe(2);
    expect(readTransportWideSeq(v.bytes, at)).toBe(451);
    expect(readSdesExtension(v.extension(4)!)).toBe('0');
    expect(v.extension(5)).toBeUndefined();
    expect(v.payloadLength).toBe(16);
    expect(v.headerLength).toBe(28);
  });

  test('VP8 with a RID, and the two-byte form', () => {
    const v = RtpView.from(chromeVp8)!;
    expect(readSdesExtension(v.extension(4)!)).toBe('1');
    expect(readSdesExtension(v.extension(10)!)).toBe('r0');
    expect(toHex(v.payload)).toBe('908000' + '9d012a8002e001');
    const w = RtpView.from(chromeTwoByte)!;
    expect(w.marker).toBe(true);
    expect(w.extensionProfile).toBe(RTP_EXTENSION_TWO_BYTE);
    expect(readSdesExtension(w.extension(4)!)).toBe('audio-video-mid-1');
    expect(readTransportWideSeq(w.extension(3)!)).toBe(43);
    expect(w.payload).toEqual(hex`10101010`);
  });

  test('CSRCs and padding', () => {
    const v = RtpView.from(csrcPadded)!;
    expect(v.csrcCount).toBe(2);
    expect(v.csrc(0)).toBe(10);
    expect(v.csrc(1)).toBe(11);
    expect(v.paddingLength).toBe(4);
    expect(v.payload).toEqual(hex`d5d5d5d5d5d5`);
    expect(v.sequenceNumber).toBe(0xffff);
    expect(v.timestamp).toBe(0xffffffff);
  });

  test.each([
    ['opus', chromeOpus],
    ['vp8', chromeVp8],
    ['two-byte', chromeTwoByte],
    ['csrc+padding', csrcPadded],
  ])('%s re-encodes byte for byte', (_n, bytes) => {
    const p = decodeRtp(bytes)!;
    expect(p).toBeDefined();
    expect(rtpEncodedLength(p)).toBe(bytes.length);
    expect(toHex(encodeRtp(p))).toBe(toHex(bytes));
  });

  test('in-place rewrite of seq, timestamp, SSRC, PT, marker and the twcc extension', () => {
    const bytes = chromeVp8.slice();
    const v = RtpView.from(bytes)!;
    v.setSequenceNumber(0xfffe);
    v.setTimestamp(0xdeadbeef);
    v.setSsrc(0x01020304);
    v.setPayloadType(100);
    v.setMarker(true);
    writeTransportWideSeq(bytes, v.findExtension(3), 0xabcd);
    const p = decodeRtp(bytes)!;
    expect(p.header).toMatchObject({ sequenceNumber: 0xfffe, timestamp: 0xdeadbeef, ssrc: 0x01020304, payloadType: 100, marker: true });
    expect(readTransportWideSeq(p.header.extensions.find((e) => e.id === 3)!.value)).toBe(0xabcd);
    expect(p.payload).toEqual(decodeRtp(chromeVp8)!.payload);
    v.setMarker(false);
    expect(v.payloadType).toBe(100);
    expect(v.marker).toBe(false);
  });

  test('the view is reusable', () => {
    const v = new RtpView();
    expect(v.parse(chromeOpus)).toBe(true);
    expect(v.parse(chromeVp8)).toBe(true);
    expect(v.sequenceNumber).toBe(0x1a2b);
  });

  test('rejects malformed packets', () => {
    expect(RtpView.from(hex`80 60 00 01 00 00 00 01 00 00 00`)).toBeUndefined(); // 11 bytes
    expect(RtpView.from(hex`40 60 00 01 00 00 00 01 00 00 00 01`)).toBeUndefined(); // version 1
    expect(RtpView.from(hex`81 60 00 01 00 00 00 01 00 00 00 01`)).toBeUndefined(); // CSRC missing
    expect(RtpView.from(hex`90 60 00 01 00 00 00 01 00 00 00 01 be de 00 02 10 aa 00 00`)).toBeUndefined(); // ext too long
    expect(RtpView.from(hex`a0 60 00 01 00 00 00 01 00 00 00 01 00 00 00 00`)).toBeUndefined(); // padding count 0
    expect(RtpView.from(hex`a0 60 00 01 00 00 00 01 00 00 00 01 00 05`)).toBeUndefined(); // padding too long
    // one-byte element whose length overruns the block: view parses, element is not found, full decode fails
    const bad = hex`90 60 00 01 00 00 00 01 00 00 00 01 be de 00 01 1f 00 00 00`;
    expect(RtpView.from(bad)!.findExtension(1)).toBe(-1);
    expect(decodeRtp(bad)).toBeUndefined();
  });

  test('one-byte ID 15 stops processing', () => {
    const b = hex`90 60 00 01 00 00 00 01 00 00 00 01 be de 00 01 f0 10 aa 00`;
    expect(RtpView.from(b)!.findExtension(1)).toBe(-1);
    expect(decodeRtp(b)!.header.extensions).toEqual([]);
  });

  test('encoder picks the two-byte form when an element does not fit one byte', () => {
    const base: RtpPacket = {
      header: { marker: false, payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, csrcs: [], extensions: [{ id: 1, value: new Uint8Array(1) }], paddingLength: 0 },
      payload: new Uint8Array(0),
    };
    expect(decodeRtp(encodeRtp(base))!.header.extensionProfile).toBe(RTP_EXTENSION_ONE_BYTE);
    base.header.extensions.push({ id: 15, value: new Uint8Array(0) });
    expect(decodeRtp(encodeRtp(base))!.header.extensionProfile).toBe(RTP_EXTENSION_TWO_BYTE);
  });

  test('extension value helpers', () => {
    const b = new Uint8Array(4);
    expect(writeAbsSendTime(b, 1, 1500)).toBe(3);
    expect(readAbsSendTime(b, 1)).toBe(393216); // 1.5 s in 6.18 fixed point
    expect(absSendTimeToMs(readAbsSendTime(b, 1))).toBe(1500);
    writeAbsSendTime(b, 0, 64000 + 250); // wraps every 64 s
    expect(absSendTimeToMs(readAbsSendTime(b))).toBe(250);
    expect(audioLevelByte(true, 58)).toBe(0xba);
    expect(readAudioLevel(Uint8Array.of(0x7f))).toEqual({ voice: false, level: 127 });
    expect(readSdesExtension(Uint8Array.of(0x72, 0x30, 0, 0))).toBe('r0'); // trailing zero padding ignored
    expect(readSdesExtension(sdesExtensionValue('médias'))).toBe('médias');
  });

  test('RTCP demultiplexing (RFC 5761)', () => {
    expect(isRtcpPacket(chromeVp8)).toBe(false);
    expect(isRtcpPacket(hex`81 c9 00 01`)).toBe(true);
  });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const oneByteExt = fc.record({ id: fc.integer({ min: 1, max: 14 }), value: fc.uint8Array({ minLength: 1, maxLength: 16 }) });
const twoByteExt = fc.record({ id: fc.integer({ min: 1, max: 255 }), value: fc.uint8Array({ minLength: 0, maxLength: 255 }) });
const extPart = fc.oneof(
  fc.constant({ extensionProfile: undefined, extensions: [] as RtpExtension[], extensionData: undefined }),
  fc.array(oneByteExt, { maxLength: 8 }).map((extensions) => ({ extensionProfile: RTP_EXTENSION_ONE_BYTE, extensions, extensionData: undefined })),
  fc.tuple(fc.integer({ min: 0, max: 15 }), fc.array(twoByteExt, { maxLength: 5 })).map(([app, extensions]) => ({ extensionProfile: RTP_EXTENSION_TWO_BYTE | app, extensions, extensionData: undefined })),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }).filter((p) => p !== 0xbede && (p & 0xfff0) !== 0x1000), fc.integer({ min: 0, max: 10 })).chain(([profile, words]) =>
    fc.uint8Array({ minLength: words * 4, maxLength: words * 4 }).map((extensionData) => ({ extensionProfile: profile, extensions: [], extensionData })),
  ),
);
export const arbRtpPacket: fc.Arbitrary<RtpPacket> = fc
  .record({
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: u32,
    ssrc: u32,
    csrcs: fc.array(u32, { maxLength: 15 }),
    ext: extPart,
    paddingLength: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })),
    payload: fc.uint8Array({ maxLength: 300 }),
  })
  .map(({ ext, payload, ...h }) => ({ header: { ...h, ...ext }, payload }));

describe('properties', () => {
  test('decode(encode(x)) equals x', () => {
    fc.assert(
      fc.property(arbRtpPacket, (p) => {
        const bytes = new Uint8Array(rtpEncodedLength(p) + 7);
        const n = encodeRtpInto(p, bytes, 7);
        expect(n).toBe(bytes.length - 7);
        const d = decodeRtp(bytes.subarray(7))!;
        expect(d).toEqual(p);
        const v = RtpView.from(bytes.subarray(7))!;
        for (const e of p.header.extensions) {
          // findExtension returns the first element with that id
          const first = p.header.extensions.find((x) => x.id === e.id)!;
          expect(v.extension(e.id)).toEqual(first.value);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('arbitrary bytes never throw', () => {
    const v = new RtpView();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: 255 }), (b, id) => {
        if (b.length > 0) b[0] = (b[0]! & 0x3f) | 0x80; // mostly version 2
        decodeRtp(b);
        if (v.parse(b)) {
          v.findExtension(id);
          expect(v.payloadOffset + v.payloadLength + v.paddingLength).toBe(b.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
