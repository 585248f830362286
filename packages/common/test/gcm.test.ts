import * as nc from 'node:crypto';
import fc from 'fast-check';
import { fromHex, toHex, type AeadKey, type AesBlockCipher } from '@purertc/common';
import { nodeCrypto, NODE_GCM_JS_MAX_LENGTH } from '@purertc/common/node-crypto';
import { AesGcm, GCM_NONCE_LENGTH } from '@purertc/common/gcm';
import { Ghash } from '@purertc/common/ghash';
import { GCM_TEST_CASES } from './vectors/gcm-spec-test-cases';

const TABLES = [4, 8] as const;

/** Reference: a node:crypto GCM cipher object, the path NodeAeadKey uses above the crossover. */
function nativeSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = nc.createCipheriv(`aes-${key.length * 8}-gcm` as nc.CipherGCMTypes, key, nonce);
  c.setAAD(aad);
  return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
}

function sealWith(k: { seal: AeadKey['seal'] }, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const out = new Uint8Array(pt.length + 16);
  expect(k.seal(nonce, aad, pt, out, 0)).toBe(pt.length + 16);
  return out;
}

const ecb = (key: Uint8Array): AesBlockCipher => nodeCrypto.aesBlockCipher(key);

describe('GHASH (SP 800-38D §6.4)', () => {
  test('test case 2: H = 66e94bd4…, GHASH(H, {}, C) = f38cbb1a… (GCM spec, Appendix B)', () => {
    for (const bits of TABLES) {
      const g = new Ghash(fromHex('66e94bd4ef8a2c3b884cfa59ca342b2e'), bits);
      g.reset();
      g.update(fromHex('0388dace60b6a392f328c2b971b2fe78'));
      g.lengths(0, 16);
      const y = new Uint8Array(16);
      g.digestInto(y);
      expect(toHex(y)).toBe('f38cbb1ad69223dcc3457ae5b6b0f885');
    }
  });

  test('the field element 1 (0x80 ‖ 0^120) is the identity: one block X hashes to X', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom(...TABLES), (x, bits) => {
        const one = new Uint8Array(16);
        one[0] = 0x80;
        const g = new Ghash(one, bits);
        g.reset();
        g.update(x);
        const y = new Uint8Array(16);
        g.digestInto(y);
        expect(toHex(y)).toBe(toHex(x));
      }),
      { numRuns: 50 },
    );
  });

  test('multiplication commutes (X·H = H·X) and 4-bit and 8-bit tables agree', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (h, x) => {
        const out = (key: Uint8Array, block: Uint8Array, bits: 4 | 8): string => {
          const g = new Ghash(key, bits);
          g.reset();
          g.update(block);
          const y = new Uint8Array(16);
          g.digestInto(y);
          return toHex(y);
        };
        const xh = out(h, x, 8);
        expect(out(x, h, 8)).toBe(xh);
        expect(out(h, x, 4)).toBe(xh);
        expect(out(x, h, 4)).toBe(xh);
      }),
      { numRuns: 100 },
    );
  });

  test('per-key table memory: 256 B (4-bit) and 4 KiB (8-bit); bad subkey or width → RangeError', () => {
    expect(new Ghash(new Uint8Array(16), 4).tableBytes).toBe(256);
    expect(new Ghash(new Uint8Array(16), 8).tableBytes).toBe(4096);
    expect(() => new Ghash(new Uint8Array(15))).toThrow(RangeError);
    expect(() => new Ghash(new Uint8Array(16), 2 as 4)).toThrow(RangeError);
  });
});

describe('AesGcm over an AES block function (SP 800-38D §7)', () => {
  const with96 = GCM_TEST_CASES.filter((c) => c.iv.length === 24);
  const otherIv = GCM_TEST_CASES.filter((c) => c.iv.length !== 24);

  test('the spec has 12 cases with 96-bit IVs and 6 with other IV lengths', () => {
    expect(with96.map((c) => c.n)).toEqual([1, 2, 3, 4, 7, 8, 9, 10, 13, 14, 15, 16]);
    expect(otherIv.map((c) => c.n)).toEqual([5, 6, 11, 12, 17, 18]);
  });

  test.each(with96.map((c) => [c.n, c] as const))('GCM spec test case %i: seal and open (4- and 8-bit tables)', (_n, c) => {
    const key = fromHex(c.key);
    for (const bits of TABLES) {
      const g = new AesGcm(ecb(key), bits);
      const pt = fromHex(c.pt);
      const sealed = sealWith(g, fromHex(c.iv), fromHex(c.aad), pt);
      expect(toHex(sealed)).toBe(c.ct + c.tag);
      const out = new Uint8Array(pt.length);
      expect(g.open(fromHex(c.iv), fromHex(c.aad), sealed, out, 0)).toBe(pt.length);
      expect(toHex(out)).toBe(c.pt);
    }
  });

  test.each(otherIv.map((c) => [c.n, c.iv.length / 2, c] as const))('GCM spec test case %i (%i-byte IV) → RangeError', (_n, _len, c) => {
    const g = new AesGcm(ecb(fromHex(c.key)));
    const iv = fromHex(c.iv);
    const sealed = fromHex(c.ct + c.tag);
    expect(() => g.seal(iv, fromHex(c.aad), fromHex(c.pt), new Uint8Array(sealed.length), 0)).toThrow(RangeError);
    expect(() => g.open(iv, fromHex(c.aad), sealed, new Uint8Array(sealed.length), 0)).toThrow(RangeError);
  });

  test('differential against node:crypto: any key length, AAD 0-64 B, plaintext 0-2000 B (several AES calls above 1 KiB)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.uint8Array({ minLength: 0, maxLength: 2000 }),
        fc.constantFrom(...TABLES),
        (kl, keyBytes, nonce, aad, pt, bits) => {
          const key = keyBytes.subarray(0, kl);
          const g = new AesGcm(ecb(key), bits);
          const expected = nativeSeal(key, nonce, aad, pt);
          expect(toHex(sealWith(g, nonce, aad, pt))).toBe(toHex(expected));
          const out = new Uint8Array(pt.length);
          expect(g.open(nonce, aad, expected, out, 0)).toBe(pt.length);
          expect(toHex(out)).toBe(toHex(pt));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('in place: seal and open with dst = the input bytes', () => {
    const key = nc.randomBytes(16);
    const g = new AesGcm(ecb(key));
    for (const len of [0, 1, 15, 16, 17, 100, 1024, 1040, 1500]) {
      const nonce = nc.randomBytes(12);
      const aad = nc.randomBytes(13);
      const pt = new Uint8Array(nc.randomBytes(len));
      const buf = new Uint8Array(len + 16 + 8);
      buf.set(pt, 8);
      g.seal(nonce, aad, buf.subarray(8, 8 + len), buf, 8);
      expect(toHex(buf.subarray(8))).toBe(toHex(nativeSeal(key, nonce, aad, pt)));
      expect(g.open(nonce, aad, buf.subarray(8), buf, 8)).toBe(len);
      expect(toHex(buf.subarray(8, 8 + len))).toBe(toHex(pt));
    }
  });

  test('dst too short → RangeError; sealed shorter than a tag → -1', () => {
    const g = new AesGcm(ecb(new Uint8Array(16)));
    const n = new Uint8Array(GCM_NONCE_LENGTH);
    expect(() => g.seal(n, new Uint8Array(0), new Uint8Array(10), new Uint8Array(25), 0)).toThrow(RangeError);
    expect(() => g.seal(n, new Uint8Array(0), new Uint8Array(10), new Uint8Array(26), 1)).toThrow(RangeError);
    expect(() => g.open(n, new Uint8Array(0), new Uint8Array(26), new Uint8Array(9), 0)).toThrow(RangeError);
    expect(g.open(n, new Uint8Array(0), new Uint8Array(15), new Uint8Array(0), 0)).toBe(-1);
  });
});

describe('NodeAeadKey AES-GCM: JS path up to the crossover, native above', () => {
  const sizes = [0, 1, 16, 31, 160, NODE_GCM_JS_MAX_LENGTH - 1, NODE_GCM_JS_MAX_LENGTH, NODE_GCM_JS_MAX_LENGTH + 1, 1200, 2000];

  test('the crossover is a sane record size', () => {
    expect(NODE_GCM_JS_MAX_LENGTH).toBeGreaterThanOrEqual(16);
    expect(NODE_GCM_JS_MAX_LENGTH).toBeLessThanOrEqual(1024);
  });

  test('spec test cases through the provider (AES-128 and AES-256)', () => {
    for (const c of GCM_TEST_CASES.filter((t) => t.iv.length === 24 && t.key.length !== 48)) {
      const k = nodeCrypto.aeadKey(c.key.length === 32 ? 'aes-128-gcm' : 'aes-256-gcm', fromHex(c.key));
      const sealed = sealWith(k, fromHex(c.iv), fromHex(c.aad), fromHex(c.pt));
      expect(toHex(sealed)).toBe(c.ct + c.tag);
      const out = new Uint8Array(c.pt.length / 2);
      expect(k.open(fromHex(c.iv), fromHex(c.aad), sealed, out, 0)).toBe(out.length);
      expect(toHex(out)).toBe(c.pt);
    }
  });

  test('differential against node:crypto on both paths and right at the crossover', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aes-128-gcm' as const, 'aes-256-gcm' as const),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.oneof(fc.constantFrom(...sizes), fc.integer({ min: 0, max: 2000 })),
        fc.integer({ min: 0, max: 7 }),
        (alg, keyBytes, nonce, aad, len, at) => {
          const key = keyBytes.subarray(0, alg === 'aes-128-gcm' ? 16 : 32);
          const pt = new Uint8Array(nc.randomBytes(len));
          const k = nodeCrypto.aeadKey(alg, key);
          const expected = nativeSeal(key, nonce, aad, pt);
          const dst = new Uint8Array(at + len + 16);
          expect(k.seal(nonce, aad, pt, dst, at)).toBe(len + 16);
          expect(toHex(dst.subarray(at))).toBe(toHex(expected));
          const out = new Uint8Array(at + len);
          expect(k.open(nonce, aad, expected, out, at)).toBe(len);
          expect(toHex(out.subarray(at))).toBe(toHex(pt));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('openToNew returns exactly the plaintext in an array of its own, on both paths and for ChaCha20-Poly1305; undefined on a bad tag', () => {
    for (const alg of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const) {
      const key = nc.randomBytes(alg === 'aes-128-gcm' ? 16 : 32);
      const k = nodeCrypto.aeadKey(alg, key);
      for (const len of sizes) {
        const nonce = nc.randomBytes(12);
        const aad = nc.randomBytes(13);
        const pt = new Uint8Array(nc.randomBytes(len));
        const sealed = sealWith(k, nonce, aad, pt);
        const out = k.openToNew!(nonce, aad, sealed)!;
        expect(out).toBeInstanceOf(Uint8Array);
        expect(out.length).toBe(len);
        expect(toHex(out)).toBe(toHex(pt));
        // Its own memory: the sealed record is not aliased.
        if (len > 0) {
          const before = toHex(out);
          sealed.fill(0);
          expect(toHex(out)).toBe(before);
        }
        const bad = sealWith(k, nonce, aad, pt);
        bad[bad.length - 1]! ^= 1;
        expect(k.openToNew!(nonce, aad, bad)).toBeUndefined();
        expect(k.openToNew!(nonce, aad, bad.subarray(0, 15))).toBeUndefined();
      }
    }
  });

  test('tamper: flipping any single bit of ciphertext, tag or AAD → -1, dst untouched (JS path, exhaustive)', () => {
    const key = nodeCrypto.aeadKey('aes-128-gcm', nc.randomBytes(16));
    const nonce = nc.randomBytes(12);
    const aad = new Uint8Array(nc.randomBytes(13));
    const pt = nc.randomBytes(20);
    const sealed = sealWith(key, nonce, aad, pt);
    const out = new Uint8Array(pt.length);
    let rejected = 0;
    for (const target of [sealed, aad]) {
      for (let bit = 0; bit < target.length * 8; bit++) {
        target[bit >> 3]! ^= 1 << (bit & 7);
        out.fill(0xa5);
        if (key.open(nonce, aad, sealed, out, 0) === -1 && out.every((b) => b === 0xa5)) rejected++;
        target[bit >> 3]! ^= 1 << (bit & 7);
      }
    }
    expect(rejected).toBe((sealed.length + aad.length) * 8);
    expect(key.open(nonce, aad, sealed, out, 0)).toBe(pt.length); // and the untouched record still opens
    const nonce2 = new Uint8Array(nonce);
    nonce2[11]! ^= 1;
    expect(key.open(nonce2, aad, sealed, out, 0)).toBe(-1);
  });

  test('tamper on both paths: a random bit flip in ciphertext, tag or AAD → -1 and dst untouched', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...sizes), fc.integer({ min: 0, max: 1500 })),
        fc.nat(),
        fc.boolean(),
        (len, pos, inAad) => {
          const key = nodeCrypto.aeadKey('aes-256-gcm', nc.randomBytes(32));
          const nonce = nc.randomBytes(12);
          const aad = new Uint8Array(nc.randomBytes(12));
          const sealed = sealWith(key, nonce, aad, nc.randomBytes(len));
          const target = inAad ? aad : sealed;
          const bit = pos % (target.length * 8);
          target[bit >> 3]! ^= 1 << (bit & 7);
          const out = new Uint8Array(len).fill(0x5a);
          expect(key.open(nonce, aad, sealed, out, 0)).toBe(-1);
          expect(out.every((b) => b === 0x5a)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('wrong nonce length → RangeError on both paths; short sealed → -1', () => {
    const key = nodeCrypto.aeadKey('aes-128-gcm', new Uint8Array(16));
    for (const nlen of [0, 8, 11, 13, 16, 60]) {
      for (const len of [10, 1200]) {
        const nonce = new Uint8Array(nlen);
        expect(() => key.seal(nonce, new Uint8Array(0), new Uint8Array(len), new Uint8Array(len + 16), 0)).toThrow(RangeError);
        expect(() => key.open(nonce, new Uint8Array(0), new Uint8Array(len + 16), new Uint8Array(len), 0)).toThrow(RangeError);
      }
    }
    expect(key.open(new Uint8Array(12), new Uint8Array(0), new Uint8Array(15), new Uint8Array(0), 0)).toBe(-1);
  });

  test('output starting inside the input (a later offset of the same buffer) is still correct (native fallback)', () => {
    const raw = nc.randomBytes(16);
    const key = nodeCrypto.aeadKey('aes-128-gcm', raw);
    const nonce = nc.randomBytes(12);
    const aad = nc.randomBytes(5);
    const pt = new Uint8Array(nc.randomBytes(100));
    const buf = new Uint8Array(200);
    buf.set(pt, 0);
    key.seal(nonce, aad, buf.subarray(0, 100), buf, 4);
    const sealed = buf.slice(4, 120);
    expect(toHex(sealed)).toBe(toHex(nativeSeal(raw, nonce, aad, pt)));
    // open with the plaintext landing 4 bytes after where the ciphertext starts
    buf.set(sealed, 0);
    expect(key.open(nonce, aad, buf.subarray(0, 116), buf, 4)).toBe(100);
    expect(toHex(buf.subarray(4, 104))).toBe(toHex(pt));
  });

  test('GHASH tables are built lazily: a key that only sees large records has none', () => {
    const key = nodeCrypto.aeadKey('aes-128-gcm', nc.randomBytes(16));
    const big = new Uint8Array(NODE_GCM_JS_MAX_LENGTH + 1);
    const nonce = new Uint8Array(12);
    const sealed = sealWith(key, nonce, new Uint8Array(0), big);
    expect(key.open(nonce, new Uint8Array(0), sealed, new Uint8Array(big.length), 0)).toBe(big.length);
    expect(Reflect.get(key, 'gcm')).toBeUndefined();
    sealWith(key, nonce, new Uint8Array(0), new Uint8Array(16));
    expect(Reflect.get(key, 'gcm')).toBeInstanceOf(AesGcm);
  });

  test('ChaCha20-Poly1305 is unchanged (RFC 8439 §2.8.2 vector)', () => {
    const key = nodeCrypto.aeadKey('chacha20-poly1305', fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'));
    const pt = new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const sealed = sealWith(key, fromHex('070000004041424344454647'), fromHex('50515253c0c1c2c3c4c5c6c7'), pt);
    expect(toHex(sealed.subarray(pt.length))).toBe('1ae10b594f09e26a7e902ecbd0600691');
    expect(toHex(sealed.subarray(0, 16))).toBe('d31a8d34648e60db7b86afbc53ef7ec2');
  });
});
