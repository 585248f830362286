/**
 * Round trips and frame reassembly on datagrams captured from Chromium
 * (fixtures/chromium-capture.ts; how they were captured: fixtures/capture/README.md).
 */
import { fromHex, toHex } from '@purertc/common';
import {
  Av1Depacketizer, decodeRtcp, decodeRtp, encodeRtcp, encodeRtp, FrameAssembler, H264Depacketizer, isAv1Keyframe, isH264Keyframe,
  isRtcpPacket, isVp8Keyframe, isVp9Keyframe, readAbsSendTime, readAudioLevel, readSdesExtension, readTransportWideSeq, RtpView,
  splitAnnexB, twccArrivalTimesUs, Vp8Depacketizer, Vp9Depacketizer, type AssembledFrame, type Depacketizer, type TransportWideFeedback,
} from '@purertc/rtp';
import * as cap from './fixtures/chromium-capture';

const bytes = (h: string) => fromHex(h.replace(/\s+/g, ''));

const VIDEO: Array<[string, string[], () => Depacketizer, (p: Uint8Array) => boolean, number]> = [
  ['VP8', cap.vp8Frames, () => new Vp8Depacketizer(), isVp8Keyframe, 96],
  ['H.264', cap.h264Frames, () => new H264Depacketizer(), isH264Keyframe, 102],
  ['VP9', cap.vp9Frames, () => new Vp9Depacketizer(), isVp9Keyframe, 98],
  ['AV1', cap.av1Frames, () => new Av1Depacketizer(), isAv1Keyframe, 45],
];
const ALL_RTP = [...cap.opus, ...VIDEO.flatMap((v) => v[1]), cap.paddingOnly].map(bytes);

describe('RTP packets from Chromium', () => {
  test.each(ALL_RTP.map((b, i) => [i, b] as const))('packet %i: decode → encode is byte for byte, and the lazy view agrees', (_i, b) => {
    expect(isRtcpPacket(b)).toBe(false);
    const p = decodeRtp(b)!;
    expect(p).toBeDefined();
    expect(toHex(encodeRtp(p))).toBe(toHex(b));
    const v = RtpView.from(b)!;
    expect([v.sequenceNumber, v.timestamp, v.ssrc, v.payloadType, v.marker]).toEqual([
      p.header.sequenceNumber, p.header.timestamp, p.header.ssrc, p.header.payloadType, p.header.marker,
    ]);
    expect(toHex(v.payload)).toBe(toHex(p.payload));
    // Chromium's extensions: one-byte form; abs-send-time (id 2, 3 bytes), transport-wide seq (id 3, 2 bytes), MID (id 4).
    expect(p.header.extensionProfile).toBe(0xbede);
    expect(v.extension(2)?.length).toBe(3);
    expect(readTransportWideSeq(v.extension(3)!)).toBe(readTransportWideSeq(p.header.extensions.find((e) => e.id === 3)!.value));
    expect(readSdesExtension(v.extension(4)!)).toMatch(/^[01]$/);
  });

  test('Opus carries the audio level (id 1) and MID "0"; abs-send-time is monotonic', () => {
    const views = cap.opus.map((h) => RtpView.from(bytes(h))!);
    for (const v of views) {
      expect(v.payloadType).toBe(111);
      const level = readAudioLevel(v.extension(1)!);
      expect(level.level).toBeGreaterThanOrEqual(0);
      expect(level.level).toBeLessThanOrEqual(127);
      expect(readSdesExtension(v.extension(4)!)).toBe('0');
    }
    const t = views.map((v) => readAbsSendTime(v.extension(2)!));
    for (let i = 1; i < t.length; i++) expect((t[i]! - t[i - 1]! + (1 << 24)) % (1 << 24)).toBeLessThan(1 << 18); // < 4 s apart
    const seqs = views.map((v) => v.sequenceNumber);
    expect(seqs).toEqual([seqs[0]!, (seqs[0]! + 1) & 0xffff, (seqs[0]! + 2) & 0xffff]);
  });

  test('a padding-only probe: P bit, no payload, padding length from the last octet', () => {
    const b = bytes(cap.paddingOnly);
    const p = decodeRtp(b)!;
    expect(p.payload.length).toBe(0);
    expect(p.header.paddingLength).toBe(b[b.length - 1]);
    const v = RtpView.from(b)!;
    expect(v.payloadLength).toBe(0);
    expect(v.paddingLength).toBe(b[b.length - 1]);
  });
});

describe.each(VIDEO)('%s frames from Chromium', (_name, hexes, depacketizer, isKey, pt) => {
  const packets = hexes.map((h) => decodeRtp(bytes(h))!);

  function assembleAll(order: number[], withProbe: boolean): AssembledFrame[] {
    const a = new FrameAssembler(depacketizer());
    const out: AssembledFrame[] = [];
    for (const i of order) {
      const { header, payload } = packets[i]!;
      a.push(header.sequenceNumber, header.timestamp, header.marker, payload);
      for (let f = a.poll(); f; f = a.poll()) out.push(f);
    }
    if (withProbe) {
      // A padding probe after the frames (same SSRC in Chromium, the last frame's timestamp): nothing comes out of it.
      const last = packets.at(-1)!.header;
      a.push((last.sequenceNumber + 1) & 0xffff, last.timestamp, false, new Uint8Array(0));
    }
    a.flush();
    for (let f = a.poll(); f; f = a.poll()) out.push(f);
    return out;
  }

  test('three complete frames, only the first a key frame, in order and reordered', () => {
    expect(packets.every((p) => p.header.payloadType === pt)).toBe(true);
    expect(packets.filter((p) => p.header.marker).length).toBe(3);
    const inOrder = assembleAll(packets.map((_, i) => i), true);
    expect(inOrder.map((f) => [f.complete, f.keyframe])).toEqual([[true, true], [true, false], [true, false]]);
    // Everything after the stream's first packet in reverse order (the first packet received is taken as a
    // frame start when the format cannot tell: docs/media-hot-path.md, "Known limits").
    const reversed = assembleAll([0, ...packets.map((_, i) => packets.length - 1 - i).slice(0, -1)], false);
    expect(reversed.map((f) => toHex(f.data!))).toEqual(inOrder.map((f) => toHex(f.data!)));
    // Keyframe detection on single payloads: the key frame's first packet says so, no delta packet does.
    expect(isKey(packets[0]!.payload)).toBe(true);
    const firstEnd = packets.findIndex((p) => p.header.marker);
    for (const p of packets.slice(firstEnd + 1)) expect(isKey(p.payload)).toBe(false);
  });

  test('losing any one packet of the key frame: reported incomplete, never corrupt', () => {
    const firstEnd = packets.findIndex((p) => p.header.marker);
    const good = assembleAll(packets.map((_, i) => i), false);
    // The stream's very first packet is special: with nothing received before it, a lost first packet
    // is detectable only when the next one says it cannot start a frame (VP8 S=0, VP9 B=0). H.264 FU-A
    // and AV1 payloads cannot say so, and the assembler takes the first packet it sees as a frame start
    // (docs/media-hot-path.md, "Known limits"). Mid-stream, every loss is detected (the loop below, lost >= 1).
    const from = depacketizer().isFrameStart(packets[1]!.payload) === false ? 0 : 1;
    for (let lost = from; lost <= firstEnd; lost++) {
      const got = assembleAll(packets.map((_, i) => i).filter((i) => i !== lost), false);
      expect(got.find((f) => f.timestamp === packets[0]!.header.timestamp)?.complete ?? false).toBe(false);
      for (const f of got) if (f.complete) expect(good.some((g) => toHex(g.data!) === toHex(f.data!))).toBe(true);
    }
  });
});

test('the H.264 key frame is SPS, PPS, IDR (packetization-mode 1: STAP-A then FU-A)', () => {
  const packets = cap.h264Frames.map((h) => decodeRtp(bytes(h))!);
  expect(packets[0]!.payload[0]! & 0x1f).toBe(24);
  const d = new H264Depacketizer();
  const end = packets.findIndex((p) => p.header.marker);
  const au = d.depacketize(packets.slice(0, end + 1).map((p) => p.payload))!;
  expect(splitAnnexB(au).map((n) => n[0]! & 0x1f)).toEqual([7, 8, 5]);
});

describe('RTCP packets from Chromium', () => {
  test('SR + SDES compound (RFC 3550 rules enforced) re-encodes byte for byte', () => {
    const b = bytes(cap.senderReport);
    const d = decodeRtcp(b, { requireCompound: true })!;
    expect(d.map((p) => p.type)).toEqual(['sr', 'sdes']);
    expect(toHex(encodeRtcp(d))).toBe(toHex(b));
  });

  test('RR + XR: the XR is kept as an unknown packet and re-encodes byte for byte', () => {
    const b = bytes(cap.receiverReport);
    const d = decodeRtcp(b, { requireCompound: true })!;
    expect(d.map((p) => (p.type === 'unknown' ? p.packetType : p.type))).toEqual(['rr', 207]);
    expect(toHex(encodeRtcp(d))).toBe(toHex(b));
  });

  test('reduced-size transport-wide feedback without padding re-encodes byte for byte', () => {
    const b = bytes(cap.twccUnpadded);
    expect(decodeRtcp(b, { requireCompound: true })).toBeUndefined(); // not a compound: RFC 5506 only
    const d = decodeRtcp(b)!;
    expect(d.length).toBe(1);
    const fb = d[0] as TransportWideFeedback;
    expect(fb.type).toBe('twcc');
    expect(fb.statuses.length).toBeGreaterThan(0);
    expect(twccArrivalTimesUs(fb).length).toBe(fb.statuses.length);
    expect(toHex(encodeRtcp(d))).toBe(toHex(b));
  });

  test('padded transport-wide feedback (P bit, as Chromium sends it): same content; re-encoded without the padding', () => {
    const b = bytes(cap.twccPadded);
    expect(b[0]! & 0x20).toBe(0x20);
    const d = decodeRtcp(b)!;
    const again = encodeRtcp(d);
    expect(decodeRtcp(again)).toEqual(d);
    // The model does not carry RTCP padding (it only pads to 32 bits): same length, P clear, zero fill where the count was.
    expect(again.length).toBe(b.length);
    const expected = b.slice();
    expected[0]! &= ~0x20;
    expected.fill(0, b.length - b[b.length - 1]!);
    expect(toHex(again)).toBe(toHex(expected));
  });
});
