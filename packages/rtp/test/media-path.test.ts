/**
 * The send and receive paths of docs/media-hot-path.md, end to end: packetize → RTP header →
 * SRTP (batch) → reordering, loss, a forged and a replayed datagram → SRTP → RtpView →
 * FrameAssembler, plus SRTCP carrying RTCP. Keeps the guide's code honest.
 */
import { equalBytes } from '@purertc/common';
import {
  decodeRtcp, encodeRtcp, encodeRtpInto, FrameAssembler, H264Depacketizer, H264Packetizer, isRtcpPacket, rtpHeaderEncodedLength,
  RtpView, type AssembledFrame, type RtcpPacket, type RtpHeader,
} from '@purertc/rtp';
import { SrtpContext } from '@purertc/srtp/node';
import { h264AccessUnit } from './helpers/frames';
import { prng, reorder, type WirePacket } from './helpers/roundtrip';

test.each(['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM'] as const)('%s: frames survive the trip, the lost one is reported', (profile) => {
  const keyLen = profile === 'SRTP_AEAD_AES_128_GCM' ? [16, 12] : [16, 14];
  const masterKey = new Uint8Array(keyLen[0]!).fill(7);
  const masterSalt = new Uint8Array(keyLen[1]!).fill(9);
  const tx = new SrtpContext({ profile, masterKey, masterSalt });
  const rx = new SrtpContext({ profile, masterKey, masterSalt, replayWindow: 1024 });
  const packetizer = new H264Packetizer({ maxPayloadSize: 1200 });
  const rand = prng(42);
  const ssrc = 0x1234;
  let seq = 65500; // crosses the sequence wrap (ROC 0 → 1)
  const sent: Uint8Array[] = [];
  const wire: WirePacket[] = [];
  for (let i = 0; i < 12; i++) {
    const frame = h264AccessUnit(rand, 5000 + i * 700, i % 6 === 0);
    sent.push(frame);
    const timestamp = (i * 3000) >>> 0;
    const payloads = packetizer.packetize(frame);
    const packets = payloads.map((payload, k) => {
      const header: RtpHeader = { marker: k === payloads.length - 1, payloadType: 102, sequenceNumber: seq++ & 0xffff, timestamp, ssrc, csrcs: [], extensions: [], paddingLength: 0 };
      const rtp = new Uint8Array(rtpHeaderEncodedLength(header) + payload.length);
      encodeRtpInto({ header, payload }, rtp, 0);
      return rtp;
    });
    for (const srtp of tx.protectRtpBatch(packets)) wire.push({ seq: 0, ts: timestamp, marker: false, payload: srtp });
  }
  expect(tx.sendRoc(ssrc)).toBe(1);
  // The network: drop one packet of frame 3, reorder, duplicate one, inject a forgery.
  const lostIndex = wire.findIndex((w) => w.ts === 3 * 3000) + 2;
  const kept = wire.filter((_, i) => i !== lostIndex);
  const forged = kept[kept.length - 1]!.payload.slice(); // a packet not yet received: the replay check lets it through to authentication
  forged[forged.length - 3]! ^= 0x10;
  const arriving = [kept[0]!, ...reorder(kept.slice(1), rand, 6)].map((w) => w.payload);
  arriving.splice(10, 0, kept[3]!.payload, forged);
  const sr: RtcpPacket = { type: 'sr', ssrc, ntpTimestamp: 0x0102030405060708n, rtpTimestamp: 33000, packetCount: wire.length, octetCount: 1, reports: [], extension: new Uint8Array(0) };
  arriving.push(tx.protectRtcp(encodeRtcp([sr])));

  const view = new RtpView();
  const frames = new FrameAssembler(new H264Depacketizer(), { maxFrameSize: 4 << 20, reorderWindow: 256 });
  const out: AssembledFrame[] = [];
  const rtcpIn: RtcpPacket[] = [];
  for (const d of arriving) {
    if (isRtcpPacket(d)) {
      const rtcp = rx.unprotectRtcp(d);
      const packets = rtcp && decodeRtcp(rtcp);
      if (packets) rtcpIn.push(...packets);
      continue;
    }
    const rtp = rx.unprotectRtp(d);
    if (!rtp || !view.parse(rtp)) continue;
    frames.push(view.sequenceNumber, view.timestamp, view.marker, view.payload);
    for (let f = frames.poll(); f; f = frames.poll()) out.push(f);
  }
  frames.flush();
  for (let f = frames.poll(); f; f = frames.poll()) out.push(f);

  expect(rx.stats).toMatchObject({ rtpUnprotected: kept.length, replayed: 1, authFailed: 1, rtcpUnprotected: 1 });
  expect(rtcpIn).toEqual([sr]);
  expect(out.map((f) => f.timestamp)).toEqual(sent.map((_, i) => i * 3000));
  out.forEach((f, i) => {
    if (i === 3) expect(f).toMatchObject({ complete: false, reason: 'gap' });
    else expect(f.complete && equalBytes(f.data!, sent[i]!)).toBe(true);
  });
  expect(out.map((f) => f.keyframe)).toEqual(sent.map((_, i) => i % 6 === 0));
});
