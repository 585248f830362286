/**
 * Points of issue 3 that the other suites leave implicit: separate RTP/RTCP
 * replay windows, protectRtpBatch's all-or-nothing checks, the replay window
 * under long reordering at the ROC wrap, and mutations of genuine packets
 * (fast-check) never throwing nor yielding a wrong packet.
 */
import { toHex } from '@purertc/common';
import { SRTP_PROFILES } from '@purertc/srtp';
import fc from 'fast-check';
import { context, PROFILES, rtcp, rtp } from './helpers';
import * as chromium from '../../rtp/test/fixtures/chromium-capture';

const fromCapture = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe.each(PROFILES)('%s', (profile) => {
  test('packets captured from Chromium (extensions, padding probes, compound RTCP, padded TWCC) round-trip', () => {
    const tx = context(profile);
    const rx = context(profile);
    const media = [...chromium.opus, ...chromium.vp8Frames, ...chromium.h264Frames, ...chromium.vp9Frames, ...chromium.av1Frames].map(fromCapture);
    for (const p of media) {
      const s = tx.protectRtp(p);
      expect(s.length).toBe(p.length + SRTP_PROFILES[profile].rtpTagLength);
      expect(toHex(rx.unprotectRtp(s)!)).toBe(toHex(p));
    }
    for (const h of [chromium.senderReport, chromium.receiverReport, chromium.twccPadded, chromium.twccUnpadded]) {
      const p = fromCapture(h);
      expect(toHex(rx.unprotectRtcp(tx.protectRtcp(p))!)).toBe(toHex(p));
    }
    expect(rx.stats.rtpUnprotected).toBe(media.length);
  });

  test('rtcpReplayWindow sets the SRTCP window apart from the SRTP one', () => {
    const tx = context(profile);
    const rx = context(profile, { replayWindow: 64, rtcpReplayWindow: 512 });
    const rtpProt = Array.from({ length: 600 }, (_, i) => tx.protectRtp(rtp({ seq: 100 + i })));
    const rtcpProt = Array.from({ length: 600 }, () => tx.protectRtcp(rtcp()));
    expect(rx.unprotectRtp(rtpProt[599]!)).toBeDefined();
    expect(rx.unprotectRtp(rtpProt[599 - 63]!)).toBeDefined(); // inside 64
    expect(rx.unprotectRtp(rtpProt[599 - 64]!)).toBeUndefined(); // outside 64
    expect(rx.unprotectRtcp(rtcpProt[599]!)).toBeDefined();
    expect(rx.unprotectRtcp(rtcpProt[599 - 511]!)).toBeDefined(); // inside 512
    expect(rx.unprotectRtcp(rtcpProt[599 - 512]!)).toBeUndefined(); // outside 512
    expect(rx.stats.replayed).toBe(2);
    // Without rtcpReplayWindow, SRTCP follows replayWindow.
    const rx2 = context(profile, { replayWindow: 64 });
    expect(rx2.unprotectRtcp(rtcpProt[599]!)).toBeDefined();
    expect(rx2.unprotectRtcp(rtcpProt[599 - 64]!)).toBeUndefined();
    expect(() => context(profile, { rtcpReplayWindow: 0 })).toThrow(RangeError);
  });

  test('default windows: 1024 packets on both SRTP and SRTCP (issue: at least 128)', () => {
    const tx = context(profile);
    const rx = context(profile);
    const r = Array.from({ length: 1100 }, (_, i) => tx.protectRtp(rtp({ seq: (65000 + i) & 0xffff })));
    const c = Array.from({ length: 1100 }, () => tx.protectRtcp(rtcp()));
    expect(rx.unprotectRtp(r[0]!)).toBeDefined(); // ROC 0, seq 65000: the receiver's first packet
    expect(rx.unprotectRtp(r[1099]!)).toBeDefined(); // past the wrap: ROC 1
    expect(rx.unprotectRtp(r[1099 - 1023]!)).toBeDefined(); // ROC 0, 1023 behind
    expect(rx.unprotectRtp(r[1099 - 1024]!)).toBeUndefined();
    expect(rx.unprotectRtcp(c[1099]!)).toBeDefined();
    expect(rx.unprotectRtcp(c[1099 - 1023]!)).toBeDefined();
    expect(rx.unprotectRtcp(c[1099 - 1024]!)).toBeUndefined();
  });

  test('every packet of a stream shuffled within the window across the wrap authenticates exactly once', () => {
    const tx = context(profile);
    const rx = context(profile, { replayWindow: 256 });
    const n = 2000;
    const seq0 = 65536 - 700;
    const prot = Array.from({ length: n }, (_, i) => tx.protectRtp(rtp({ seq: (seq0 + i) & 0xffff, payload: 20 + (i % 7) })));
    // Deterministic shuffle in blocks of 200 (displacement < 256 and < 2^15).
    const order = prot.map((_, i) => i);
    let x = 7;
    for (let b = 0; b < n; b += 200)
      for (let i = Math.min(n, b + 200) - 1; i > b; i--) {
        x = (x * 1103515245 + 12345) >>> 0;
        const j = b + (x % (i - b + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    for (const i of order) expect(toHex(rx.unprotectRtp(prot[i]!)!)).toBe(toHex(rtp({ seq: (seq0 + i) & 0xffff, payload: 20 + (i % 7) })));
    for (const i of order.slice(-300)) expect(rx.unprotectRtp(prot[i]!)).toBeUndefined(); // replays
    expect(rx.stats.rtpUnprotected).toBe(n);
    expect(rx.stats.replayed).toBe(300);
  });

  test('protectRtpBatch checks every packet before touching any state', () => {
    const a = context(profile);
    const b = context(profile);
    const good = [rtp({ seq: 10 }), rtp({ seq: 11 })];
    expect(() => a.protectRtpBatch([...good, new Uint8Array(8)])).toThrow(expect.objectContaining({ name: 'ParseError' }));
    expect(a.stats.rtpProtected).toBe(0);
    expect(a.ssrcCounts.rtpSend).toBe(0);
    // The SSRC bound too: nothing is protected when the batch would exceed it.
    const small = context(profile, { maxSsrcs: 2 });
    expect(() => small.protectRtpBatch([rtp({ seq: 1, ssrc: 1 }), rtp({ seq: 1, ssrc: 2 }), rtp({ seq: 1, ssrc: 3 })])).toThrow(
      expect.objectContaining({ name: 'StateError' }),
    );
    expect(small.ssrcCounts.rtpSend).toBe(0);
    expect(small.protectRtpBatch([rtp({ seq: 1, ssrc: 1 }), rtp({ seq: 1, ssrc: 2 }), rtp({ seq: 2, ssrc: 1 })]).length).toBe(3);
    // After the failed call the context behaves as if it never happened.
    const out = a.protectRtpBatch(good);
    good.forEach((p, i) => expect(toHex(out[i]!)).toBe(toHex(b.protectRtp(p))));
  });

  test('protectRtpBatch: mixed SSRCs, out-of-order and repeated sequence numbers equal protectRtp one by one', () => {
    const a = context(profile);
    const b = context(profile);
    const seqs = [5, 3, 65535, 4, 0, 1, 9, 9, 2, 40000, 7];
    const packets = seqs.map((s, i) => rtp({ seq: s, ssrc: 1 + (i % 3), payload: (i * 97) % 1400 }));
    const batched = a.protectRtpBatch(packets);
    packets.forEach((p, i) => expect(toHex(batched[i]!)).toBe(toHex(b.protectRtp(p))));
    for (const ssrc of [1, 2, 3]) expect(a.sendRoc(ssrc)).toBe(b.sendRoc(ssrc));
  });

  test('fast-check: mutations of genuine SRTP/SRTCP packets never throw and never pass as another packet', () => {
    const tx = context(profile);
    const genuine = Array.from({ length: 8 }, (_, i) => tx.protectRtp(rtp({ seq: 300 + i, payload: 10 + i * 40, csrcs: i % 3, extWords: i % 2 ? 2 : undefined })));
    const genuineRtcp = Array.from({ length: 4 }, () => tx.protectRtcp(rtcp()));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: -20, max: 20 }),
        (k, isRtp, flips, resize) => {
          const src = isRtp ? genuine[k]! : genuineRtcp[k % 4]!;
          let m = src.slice();
          for (const f of flips) m[f.at % m.length]! ^= f.xor;
          if (resize < 0) m = m.subarray(0, Math.max(0, m.length + resize));
          else if (resize > 0) {
            const g = new Uint8Array(m.length + resize);
            g.set(m);
            m = g;
          }
          const rx = context(profile);
          expect(isRtp ? rx.unprotectRtp(m) : rx.unprotectRtcp(m)).toBeUndefined();
          const s = rx.stats;
          expect(s.malformed + s.authFailed + s.replayed + s.ssrcLimit).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
