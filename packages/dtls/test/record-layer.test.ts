import { fromHex, toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import * as nc from 'node:crypto';
import fc from 'fast-check';
import { CIPHER_SUITES } from '../src/cipher-suites';
import { ContentType, DTLS_1_2 } from '../src/constants';
import { parseRecords } from '../src/record';
import { RecordLayer } from '../src/record-layer';
import { RecordProtection } from '../src/record-protection';
import { ReplayWindow } from '../src/replay-window';

describe('ReplayWindow (RFC 6347 §4.1.2.6)', () => {
  test('accepts new, rejects duplicates and records left of the window', () => {
    const w = new ReplayWindow(64);
    for (const s of [0, 1, 5, 3]) {
      expect(w.check(s)).toBe(true);
      w.update(s);
    }
    expect(w.check(5)).toBe(false);
    expect(w.check(3)).toBe(false);
    expect(w.check(4)).toBe(true);
    w.update(100);
    expect(w.check(36)).toBe(false); // 100 - 36 = 64: left of the window
    expect(w.check(37)).toBe(true);
    expect(w.check(100)).toBe(false);
    w.update(1000);
    expect(w.check(999)).toBe(true);
    expect(w.check(936)).toBe(false);
  });
  test('works near 2^48', () => {
    const w = new ReplayWindow(32);
    const top = 2 ** 48 - 1;
    w.update(top - 10);
    expect(w.check(top - 10)).toBe(false);
    expect(w.check(top)).toBe(true);
    w.update(top);
    expect(w.check(top - 5)).toBe(true);
    expect(w.check(top - 10)).toBe(false);
  });
  test('property: equals a set-based model', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(300), { maxLength: 200 }), (seqs) => {
        const w = new ReplayWindow(64);
        const seen = new Set<number>();
        let top = -1;
        for (const s of seqs) {
          const expected = s > top || (top - s < 64 && !seen.has(s));
          expect(w.check(s)).toBe(expected);
          if (expected) {
            w.update(s);
            seen.add(s);
            top = Math.max(top, s);
          }
        }
      }),
    );
  });
});

describe('parseRecords', () => {
  test('several records per datagram; header fields', () => {
    const d = fromHex('16fefd0001000000000102 0002 abcd 15fefd0001000000000103 0001 ff');
    const { records, malformed } = parseRecords(d);
    expect(malformed).toBe(false);
    expect(records.map((r) => [r.type, r.version, r.epoch, r.sequenceNumber, toHex(r.fragment)])).toEqual([
      [22, 0xfefd, 1, 0x102, 'abcd'],
      [21, 0xfefd, 1, 0x103, 'ff'],
    ]);
  });
  test('48-bit sequence numbers', () => {
    const d = fromHex('17fefd0002ffffffffffff0000');
    expect(parseRecords(d).records[0]!.sequenceNumber).toBe(2 ** 48 - 1);
  });
  test('truncated tail is malformed, earlier records kept', () => {
    const d = fromHex('16fefd0000000000000000 0001 01 16fefd00');
    const r = parseRecords(d);
    expect(r.records.length).toBe(1);
    expect(r.malformed).toBe(true);
  });
  test('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => void parseRecords(b)));
  });
});

function pair(name: keyof typeof CIPHER_SUITES) {
  const s = CIPHER_SUITES[name];
  const key = nc.randomBytes(s.keyLength);
  const iv = nc.randomBytes(s.fixedIvLength);
  return [new RecordProtection(nodeCrypto, s, key, iv), new RecordProtection(nodeCrypto, s, key, iv), key, iv] as const;
}

describe('RecordProtection (AEAD nonces: RFC 5288, RFC 7905)', () => {
  test('AES-128-GCM record matches a node:crypto reference (nonce = salt ‖ epoch ‖ seq, AAD per RFC 5246 §6.2.3.3)', () => {
    const [p, , key, iv] = pair('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    const pt = new TextEncoder().encode('hello dtls');
    const out = new Uint8Array(p.recordLength(pt.length));
    const end = p.sealInto(out, 0, 23, DTLS_1_2, 1, 0x123456789a, pt);
    expect(end).toBe(out.length);
    const explicit = fromHex('0001 00123456789a');
    expect(toHex(out.subarray(13, 21))).toBe(toHex(explicit));
    const c = nc.createCipheriv('aes-128-gcm', key, Buffer.concat([iv, explicit]));
    c.setAAD(Buffer.concat([explicit, fromHex('17fefd'), fromHex('000a')]));
    const ref = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    expect(toHex(out.subarray(21))).toBe(toHex(ref));
  });
  test('ChaCha20-Poly1305 record matches a node:crypto reference (nonce = IV xor padded epoch ‖ seq)', () => {
    const [p, , key, iv] = pair('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
    const pt = new Uint8Array(100).fill(7);
    const out = new Uint8Array(p.recordLength(pt.length));
    p.sealInto(out, 0, 23, DTLS_1_2, 2, 5, pt);
    const nonce = Buffer.from(iv);
    const seq = fromHex('0002000000000005');
    for (let i = 0; i < 8; i++) nonce[4 + i]! ^= seq[i]!;
    const c = nc.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    c.setAAD(Buffer.concat([seq, fromHex('17fefd0064')]), { plaintextLength: 100 });
    const ref = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    expect(toHex(out.subarray(13))).toBe(toHex(ref));
  });
  for (const name of Object.keys(CIPHER_SUITES) as (keyof typeof CIPHER_SUITES)[]) {
    test(`${name}: round trip; tampering anywhere fails`, () => {
      const [a, b] = pair(name);
      const pt = nc.randomBytes(64);
      const out = new Uint8Array(a.recordLength(64));
      a.sealInto(out, 0, 23, DTLS_1_2, 1, 9, pt);
      const frag = out.subarray(13);
      expect(toHex(b.open(23, DTLS_1_2, 1, 9, frag)!)).toBe(toHex(pt));
      expect(b.open(23, DTLS_1_2, 1, 10, frag)).toBeUndefined(); // other seq
      expect(b.open(22, DTLS_1_2, 1, 9, frag)).toBeUndefined(); // other type
      const t = frag.slice();
      t[t.length - 20]! ^= 1;
      expect(b.open(23, DTLS_1_2, 1, 9, t)).toBeUndefined();
      expect(b.open(23, DTLS_1_2, 1, 9, frag.subarray(0, 10))).toBeUndefined();
    });
  }
});

describe('RecordLayer', () => {
  function layers() {
    const [pa, pb] = pair('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    const a = new RecordLayer();
    const b = new RecordLayer();
    return { a, b, pa, pb };
  }
  const rec = (l: RecordLayer, epoch: number, type: number, payload: Uint8Array) => {
    const out = new Uint8Array(l.recordLength(epoch, payload.length));
    l.writeRecord(out, 0, type, epoch, payload);
    return out;
  };
  test('epochs and sequence numbers; duplicates dropped; future epoch buffered until keys', () => {
    const { a, b, pa, pb } = layers();
    const got: [number, number, string][] = [];
    const sink = (t: number, e: number, p: Uint8Array) => got.push([t, e, toHex(p)]);
    const r0 = rec(a, 0, ContentType.Handshake, fromHex('01'));
    a.installWrite(1, pa);
    const r1 = rec(a, 1, ContentType.ApplicationData, fromHex('02'));
    const r1b = rec(a, 1, ContentType.ApplicationData, fromHex('03'));
    expect(parseRecords(r1b).records[0]!.sequenceNumber).toBe(1);
    b.receive(r1, sink); // epoch 1 before keys: buffered
    expect(b.counters.buffered).toBe(1);
    b.receive(r0, sink);
    b.receive(r0, sink); // epoch 0: no window (the handshake layer deduplicates), delivered twice
    expect(b.counters.replayed).toBe(0);
    b.installRead(1, pb, sink);
    b.receive(new Uint8Array([...r1b, ...r1]), sink); // two records in one datagram, the second a replay
    expect(got).toEqual([
      [22, 0, '01'],
      [22, 0, '01'],
      [23, 1, '02'],
      [23, 1, '03'],
    ]);
    expect(b.counters.replayed).toBe(1);
    const bad = rec(a, 1, ContentType.ApplicationData, fromHex('04'));
    bad[bad.length - 1]! ^= 0x80;
    b.receive(bad, sink);
    expect(b.counters.authFailures).toBe(1);
    b.receive(fromHex('17fefd0005'), sink);
    expect(b.counters.malformed).toBe(1);
    b.receive(rec(new RecordLayer(), 0, 23, fromHex('00')).map((x, i) => (i === 4 ? 7 : x)), sink); // epoch 7: unknown
    expect(b.counters.unknownEpoch).toBe(1);
    expect(got.length).toBe(4);
  });
  test('a forged record does not move the window', () => {
    const { a, b, pa, pb } = layers();
    a.installWrite(1, pa);
    const sink = jest.fn();
    b.installRead(1, pb, sink);
    const r = rec(a, 1, 23, fromHex('aa'));
    const forged = r.slice();
    forged[10] = 0xff; // seq 255, tag won't verify
    b.receive(forged, sink);
    b.receive(r, sink);
    expect(sink).toHaveBeenCalledTimes(1);
  });
});
