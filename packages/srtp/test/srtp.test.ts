import { toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { estimateIndex, ReplayWindow, SRTP_PROFILES, srtpProfileFromId, SrtpContext } from '@purertc/srtp';
import { SrtpContext as NodeSrtpContext } from '@purertc/srtp/node';
import fc from 'fast-check';
import { context, keysFor, PROFILES, rtcp, rtp } from './helpers';

describe.each(PROFILES)('%s', (profile) => {
  const tag = SRTP_PROFILES[profile].rtpTagLength;

  test('RTP round trip with CSRCs, header extension and odd payload sizes; header stays clear', () => {
    const tx = context(profile);
    const rx = context(profile);
    const shapes = [
      { payload: 0 },
      { payload: 1 },
      { payload: 15 },
      { payload: 16 },
      { payload: 17 },
      { payload: 1200 },
      { payload: 33, csrcs: 3 },
      { payload: 100, extWords: 2 },
      { payload: 5, csrcs: 15, extWords: 0 },
    ];
    shapes.forEach((shape, i) => {
      const p = rtp({ seq: 100 + i, ...shape });
      const s = tx.protectRtp(p);
      expect(s.length).toBe(p.length + tag);
      const hdr = p.length - (typeof shape.payload === 'number' ? shape.payload : 0);
      expect(toHex(s.subarray(0, hdr))).toBe(toHex(p.subarray(0, hdr)));
      if (shape.payload >= 16) expect(toHex(s.subarray(hdr, hdr + 16))).not.toBe(toHex(p.subarray(hdr, hdr + 16)));
      expect(toHex(rx.unprotectRtp(s)!)).toBe(toHex(p));
    });
    expect(tx.stats.rtpProtected).toBe(shapes.length);
    expect(rx.stats.rtpUnprotected).toBe(shapes.length);
  });

  test('RTCP round trip; E-bit set and SRTCP index counts from 0 per SSRC', () => {
    const tx = context(profile);
    const rx = context(profile);
    const rtcpTag = SRTP_PROFILES[profile].rtcpTagLength;
    for (let i = 0; i < 5; i++) {
      for (const ssrc of [1, 2]) {
        const p = rtcp(ssrc, 4 * i);
        const s = tx.protectRtcp(p);
        expect(s.length).toBe(p.length + 4 + rtcpTag);
        // AES-CM: E‖index before the tag (RFC 3711 §3.4); AEAD: after it (RFC 7714 §9.2).
        const at = SRTP_PROFILES[profile].kind === 'aead' ? s.length - 4 : s.length - rtcpTag - 4;
        const eIndex = new DataView(s.buffer, s.byteOffset + at, 4).getUint32(0);
        expect(eIndex >>> 31).toBe(1);
        expect(eIndex & 0x7fffffff).toBe(i);
        expect(toHex(s.subarray(0, 8))).toBe(toHex(p.subarray(0, 8)));
        expect(toHex(rx.unprotectRtcp(s)!)).toBe(toHex(p));
      }
    }
  });

  test('a flipped bit anywhere is rejected and counted (RTP and RTCP)', () => {
    const tx = context(profile);
    const p = tx.protectRtp(rtp({ seq: 7, payload: 40 }));
    const c = tx.protectRtcp(rtcp());
    let rejected = 0;
    for (const [pkt, un] of [
      [p, (ctx: SrtpContext, x: Uint8Array) => ctx.unprotectRtp(x)],
      [c, (ctx: SrtpContext, x: Uint8Array) => ctx.unprotectRtcp(x)],
    ] as const) {
      for (let bit = 0; bit < pkt.length * 8; bit += 3) {
        const bad = pkt.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        const rx = context(profile);
        const out = un(rx, bad);
        // A flip in the RTP version bits or CC/X makes it malformed rather than unauthentic: either way dropped.
        expect(out).toBeUndefined();
        expect(rx.stats.authFailed + rx.stats.malformed).toBe(1);
        rejected++;
      }
      expect(un(context(profile), pkt)).toBeDefined();
    }
    expect(rejected).toBeGreaterThan(100);
  });

  test('a wrong key is rejected', () => {
    const tx = context(profile);
    const rx = new SrtpContext({ profile, ...keysFor(profile, 2), crypto: nodeCrypto });
    expect(rx.unprotectRtp(tx.protectRtp(rtp({ seq: 1 })))).toBeUndefined();
    expect(rx.unprotectRtcp(tx.protectRtcp(rtcp()))).toBeUndefined();
    expect(rx.stats.authFailed).toBe(2);
  });

  test('ROC across the 16-bit wrap, with reordering near the wrap', () => {
    const tx = context(profile);
    const rx = context(profile);
    const seqs: number[] = [];
    for (let s = 65500; s < 65536 + 40; s++) seqs.push(s & 0xffff);
    const prot = seqs.map((s) => tx.protectRtp(rtp({ seq: s, payload: 30 })));
    expect(tx.sendRoc(0x11223344)).toBe(1);
    // Deliver with local reordering across the wrap: swap neighbours, and hold 65534 until after 3.
    const order = prot.map((_, i) => i);
    for (let i = 0; i + 1 < order.length; i += 2) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
    const held = seqs.indexOf(65534);
    order.splice(order.indexOf(held), 1);
    order.splice(order.indexOf(seqs.indexOf(3)) + 1, 0, held);
    for (const i of order) {
      const out = rx.unprotectRtp(prot[i]!);
      expect(out).toBeDefined();
      expect(toHex(out!)).toBe(toHex(rtp({ seq: seqs[i]!, payload: 30 })));
    }
    expect(rx.stats.rtpUnprotected).toBe(seqs.length);
    // And a second wrap: the ROC keeps counting.
    for (let s = 40; s < 65536 + 1100; s += 1000) expect(rx.unprotectRtp(tx.protectRtp(rtp({ seq: s & 0xffff })))).toBeDefined();
    expect(tx.sendRoc(0x11223344)).toBe(2);
  });

  test('a sender given a sequence number 2^15+ behind at ROC 0 does not throw', () => {
    const tx = context(profile);
    tx.protectRtp(rtp({ seq: 100 }));
    expect(() => tx.protectRtp(rtp({ seq: 40000 }))).not.toThrow();
    expect(tx.sendRoc(0x11223344)).toBe(0);
  });

  test('a receiver given the wrong ROC cannot authenticate (the ROC is bound into the tag or IV)', () => {
    const tx = context(profile);
    for (let s = 65530; s < 65536 + 5; s++) tx.protectRtp(rtp({ seq: s & 0xffff }));
    const p = tx.protectRtp(rtp({ seq: 6 })); // ROC 1
    const rx = context(profile); // a fresh receiver assumes ROC 0
    expect(rx.unprotectRtp(p)).toBeUndefined();
    expect(rx.stats.authFailed).toBe(1);
  });

  test('replay rejection: RTP duplicates and packets older than the window', () => {
    const tx = context(profile);
    const rx = context(profile, { replayWindow: 128 });
    const prot = Array.from({ length: 300 }, (_, i) => tx.protectRtp(rtp({ seq: 1000 + i })));
    expect(rx.unprotectRtp(prot[0]!)).toBeDefined();
    expect(rx.unprotectRtp(prot[0]!)).toBeUndefined();
    expect(rx.unprotectRtp(prot[299]!)).toBeDefined(); // jump ahead by 299
    expect(rx.unprotectRtp(prot[299 - 127]!)).toBeDefined(); // still in the 128 window
    expect(rx.unprotectRtp(prot[299 - 127]!)).toBeUndefined(); // now a duplicate
    expect(rx.unprotectRtp(prot[299 - 128]!)).toBeUndefined(); // too old
    expect(rx.unprotectRtp(prot[5]!)).toBeUndefined();
    expect(rx.stats.replayed).toBe(4);
    expect(rx.stats.rtpUnprotected).toBe(3);
    // A forged duplicate that fails auth must not poison the window for the real packet.
    const forged = prot[250]!.slice();
    forged[forged.length - 1]! ^= 1;
    expect(rx.unprotectRtp(forged)).toBeUndefined();
    expect(rx.unprotectRtp(prot[250]!)).toBeDefined();
  });

  test('replay rejection: RTCP, with a configurable window', () => {
    const tx = context(profile);
    const rx = context(profile, { replayWindow: 64 });
    const prot = Array.from({ length: 100 }, () => tx.protectRtcp(rtcp()));
    expect(rx.unprotectRtcp(prot[99]!)).toBeDefined();
    expect(rx.unprotectRtcp(prot[99]!)).toBeUndefined();
    expect(rx.unprotectRtcp(prot[36]!)).toBeDefined(); // 63 behind
    expect(rx.unprotectRtcp(prot[35]!)).toBeUndefined(); // 64 behind
    expect(rx.stats.replayed).toBe(2);
  });

  test('the default replay window holds at least 128 packets', () => {
    const tx = context(profile);
    const rx = context(profile);
    const prot = Array.from({ length: 200 }, (_, i) => tx.protectRtp(rtp({ seq: i })));
    expect(rx.unprotectRtp(prot[199]!)).toBeDefined();
    expect(rx.unprotectRtp(prot[199 - 128]!)).toBeDefined();
  });

  test('the SSRC bound: new receive SSRCs beyond maxSsrcs are dropped and counted, known ones still work', () => {
    const tx = context(profile);
    const rx = context(profile, { maxSsrcs: 4 });
    for (let s = 1; s <= 4; s++) expect(rx.unprotectRtp(tx.protectRtp(rtp({ seq: 1, ssrc: s })))).toBeDefined();
    expect(rx.unprotectRtp(tx.protectRtp(rtp({ seq: 1, ssrc: 5 })))).toBeUndefined();
    expect(rx.stats.ssrcLimit).toBe(1);
    expect(rx.unprotectRtp(tx.protectRtp(rtp({ seq: 2, ssrc: 3 })))).toBeDefined();
    for (let s = 1; s <= 5; s++) rx.unprotectRtcp(tx.protectRtcp(rtcp(s)));
    expect(rx.stats.ssrcLimit).toBe(2);
    expect(rx.ssrcCounts).toEqual({ rtpSend: 0, rtpRecv: 4, rtcpSend: 0, rtcpRecv: 4 });
    const small = context(profile, { maxSsrcs: 2 });
    small.protectRtp(rtp({ seq: 1, ssrc: 1 }));
    small.protectRtp(rtp({ seq: 1, ssrc: 2 }));
    expect(() => small.protectRtp(rtp({ seq: 1, ssrc: 3 }))).toThrow(expect.objectContaining({ name: 'StateError' }));
  });

  test('packets that fail authentication do not create SSRC state', () => {
    const rx = context(profile, { maxSsrcs: 1 });
    const other = new SrtpContext({ profile, ...keysFor(profile, 9), crypto: nodeCrypto });
    for (let s = 1; s < 50; s++) expect(rx.unprotectRtp(other.protectRtp(rtp({ seq: 1, ssrc: s })))).toBeUndefined();
    expect(rx.ssrcCounts.rtpRecv).toBe(0);
    expect(rx.unprotectRtp(context(profile).protectRtp(rtp({ seq: 1, ssrc: 77 })))).toBeDefined();
  });

  test('truncated packets → undefined and counted, never thrown', () => {
    const tx = context(profile);
    const p = tx.protectRtp(rtp({ seq: 9, payload: 50, csrcs: 2, extWords: 3 }));
    const c = tx.protectRtcp(rtcp());
    for (let n = 0; n < p.length; n++) expect(context(profile).unprotectRtp(p.subarray(0, n))).toBeUndefined();
    for (let n = 0; n < c.length; n++) expect(context(profile).unprotectRtcp(c.subarray(0, n))).toBeUndefined();
    const rx = context(profile);
    rx.unprotectRtp(new Uint8Array(3));
    rx.unprotectRtcp(new Uint8Array(3));
    expect(rx.stats.malformed).toBe(2);
  });

  test('fast-check: arbitrary bytes never throw and never authenticate', () => {
    const rx = context(profile);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, asRtp) => {
        if (asRtp && bytes.length > 0) bytes[0] = 0x80 | (bytes[0]! & 0x3f);
        const out = asRtp ? rx.unprotectRtp(bytes) : rx.unprotectRtcp(bytes);
        expect(out).toBeUndefined();
      }),
      { numRuns: 400 },
    );
    const s = rx.stats;
    expect(s.malformed + s.authFailed + s.replayed).toBe(400);
    expect(s.rtpUnprotected + s.rtcpUnprotected).toBe(0);
  });

  test('fast-check: protect/unprotect round trip for arbitrary RTP packets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uint8Array({ maxLength: 1500 }),
        fc.integer({ min: 0, max: 15 }),
        fc.option(fc.integer({ min: 0, max: 20 })),
        (seq, ssrc, payload, csrcs, ext) => {
          const p = rtp({ seq, ssrc, payload, csrcs, extWords: ext ?? undefined });
          const out = context(profile).unprotectRtp(context(profile).protectRtp(p));
          expect(out && toHex(out)).toBe(toHex(p));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('protectRtpBatch equals protectRtp packet by packet (and spans chunks)', () => {
    const a = context(profile);
    const b = context(profile);
    const packets = Array.from({ length: 150 }, (_, i) => rtp({ seq: 65500 + i, payload: (i * 53) % 1300, csrcs: i % 3 }));
    const batched = a.protectRtpBatch(packets);
    expect(batched.length).toBe(packets.length);
    packets.forEach((p, i) => expect(toHex(batched[i]!)).toBe(toHex(b.protectRtp(p))));
    expect(a.stats.rtpProtected).toBe(150);
    expect(a.protectRtpBatch([])).toEqual([]);
  });

  test('outputs are independent of the input and of each other (no aliasing of scratch buffers)', () => {
    const tx = context(profile);
    const rx = context(profile);
    const p1 = rtp({ seq: 1, payload: 64 });
    const s1 = tx.protectRtp(p1);
    const copy = s1.slice();
    const s2 = tx.protectRtp(rtp({ seq: 2, payload: 64 }));
    const u1 = rx.unprotectRtp(s1)!;
    rx.unprotectRtp(s2);
    expect(toHex(s1)).toBe(toHex(copy));
    expect(toHex(u1)).toBe(toHex(p1));
    p1.fill(0);
    expect(toHex(u1)).not.toBe(toHex(p1));
  });
});

describe('context construction and local input', () => {
  test('wrong key or salt lengths and unknown profiles throw RangeError', () => {
    const k = keysFor('SRTP_AES128_CM_HMAC_SHA1_80');
    expect(() => new SrtpContext({ profile: 'SRTP_AES128_CM_HMAC_SHA1_80', masterKey: new Uint8Array(15), masterSalt: k.masterSalt, crypto: nodeCrypto })).toThrow(RangeError);
    expect(() => new SrtpContext({ profile: 'SRTP_AEAD_AES_128_GCM', ...k, crypto: nodeCrypto })).toThrow(RangeError);
    expect(() => new SrtpContext({ profile: 'NOPE' as never, ...k, crypto: nodeCrypto })).toThrow(RangeError);
    expect(() => context('SRTP_AES128_CM_HMAC_SHA1_80', { replayWindow: NaN })).toThrow(RangeError);
    expect(() => context('SRTP_AES128_CM_HMAC_SHA1_80', { maxSsrcs: 0 })).toThrow(RangeError);
  });
  test('protecting something that is not RTP/RTCP throws a ParseError (local input)', () => {
    const ctx = context('SRTP_AES128_CM_HMAC_SHA1_80');
    expect(() => ctx.protectRtp(new Uint8Array(5))).toThrow(expect.objectContaining({ name: 'ParseError' }));
    expect(() => ctx.protectRtp(new Uint8Array(20))).toThrow(expect.objectContaining({ name: 'ParseError' })); // version 0
    expect(() => ctx.protectRtcp(new Uint8Array(4))).toThrow(expect.objectContaining({ name: 'ParseError' }));
  });
  test('@purertc/srtp/node fills in the node:crypto provider', () => {
    const k = keysFor('SRTP_AES128_CM_HMAC_SHA1_80');
    const a = new NodeSrtpContext({ profile: 'SRTP_AES128_CM_HMAC_SHA1_80', ...k });
    const b = new SrtpContext({ profile: 'SRTP_AES128_CM_HMAC_SHA1_80', ...k, crypto: nodeCrypto });
    const p = rtp({ seq: 3 });
    expect(toHex(a.protectRtp(p))).toBe(toHex(b.protectRtp(p)));
  });
  test('profile ids (DTLS-SRTP use_srtp)', () => {
    expect(srtpProfileFromId(1)?.name).toBe('SRTP_AES128_CM_HMAC_SHA1_80');
    expect(srtpProfileFromId(2)?.name).toBe('SRTP_AES128_CM_HMAC_SHA1_32');
    expect(srtpProfileFromId(7)?.name).toBe('SRTP_AEAD_AES_128_GCM');
    expect(srtpProfileFromId(8)?.name).toBe('SRTP_AEAD_AES_256_GCM');
    expect(srtpProfileFromId(3)).toBeUndefined();
  });
  test('a provider without hashInto falls back to hash()', () => {
    const { hashInto: _omit, ...rest } = nodeCrypto as typeof nodeCrypto & { hashInto?: unknown };
    const slow = Object.assign(Object.create(Object.getPrototypeOf(nodeCrypto)), rest, { hashInto: undefined });
    const k = keysFor('SRTP_AES128_CM_HMAC_SHA1_80');
    const a = new SrtpContext({ profile: 'SRTP_AES128_CM_HMAC_SHA1_80', ...k, crypto: slow });
    const b = new SrtpContext({ profile: 'SRTP_AES128_CM_HMAC_SHA1_80', ...k, crypto: nodeCrypto });
    const p = rtp({ seq: 3, payload: 100 });
    expect(toHex(a.protectRtp(p))).toBe(toHex(b.protectRtp(p)));
  });
});

describe('index estimation (RFC 3711 §3.3.1) and the replay window', () => {
  test('estimateIndex across the wrap in both directions', () => {
    expect(estimateIndex(65535, 0)).toBe(65536);
    expect(estimateIndex(65536, 65535)).toBe(65535);
    expect(estimateIndex(65536 + 10, 65530)).toBe(65530);
    expect(estimateIndex(5 * 65536 + 40000, 100)).toBe(6 * 65536 + 100);
    expect(estimateIndex(5 * 65536 + 100, 60000)).toBe(4 * 65536 + 60000);
    expect(estimateIndex(100, 60000)).toBe(-1); // before index 0
    expect(estimateIndex(100, 200)).toBe(200);
  });
  test('fast-check: the estimate is the index nearest to the highest one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40000, max: 2 ** 40 }), fc.integer({ min: -32767, max: 32767 }), (highest, delta) => {
        const i = highest + delta;
        expect(estimateIndex(highest, i & 0xffff)).toBe(i);
      }),
    );
  });
  test('ReplayWindow against a Set model', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }), (indices) => {
        const w = new ReplayWindow(64);
        const seen = new Set<number>();
        let highest = -1;
        for (const i of indices) {
          const expected = !seen.has(i) && (i > highest || highest - i < 64);
          expect(w.check(i)).toBe(expected);
          if (expected) {
            w.accept(i);
            seen.add(i);
            highest = Math.max(highest, i);
          }
        }
      }),
    );
  });
});
