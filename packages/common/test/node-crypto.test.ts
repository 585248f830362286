import { hex, toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';

describe('node crypto provider', () => {
  test('sha-256 of "abc" (FIPS 180-2)', () => {
    expect(toHex(nodeCrypto.hash('sha-256', new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  test('HMAC-SHA1 (RFC 2202 test case 2)', () => {
    const k = nodeCrypto.hmacKey('sha-1', new TextEncoder().encode('Jefe'));
    expect(toHex(k.compute(new TextEncoder().encode('what do ya want '), new TextEncoder().encode('for nothing?')))).toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
  });
  test('AES-128 ECB block (FIPS 197 C.1)', () => {
    const c = nodeCrypto.aesBlockCipher(hex`000102030405060708090a0b0c0d0e0f`);
    const out = new Uint8Array(32);
    c.encryptBlocks(hex`00112233445566778899aabbccddeeff 00112233445566778899aabbccddeeff`, out);
    expect(toHex(out.subarray(0, 16))).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(toHex(out.subarray(16))).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
  });
  test('AEAD seal/open round trip and tamper detection', () => {
    for (const alg of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const) {
      const key = new Uint8Array(alg === 'aes-128-gcm' ? 16 : 32).fill(7);
      const a = nodeCrypto.aeadKey(alg, key);
      const nonce = new Uint8Array(12).fill(1);
      const aad = hex`aabb`;
      const pt = new TextEncoder().encode('hello world');
      const sealed = new Uint8Array(pt.length + 16);
      expect(a.seal(nonce, aad, pt, sealed, 0)).toBe(pt.length + 16);
      const out = new Uint8Array(pt.length);
      expect(a.open(nonce, aad, sealed, out, 0)).toBe(pt.length);
      expect(new TextDecoder().decode(out)).toBe('hello world');
      sealed[0]! ^= 1;
      expect(a.open(nonce, aad, sealed, out, 0)).toBe(-1);
    }
  });
  test('key agreement on every group yields the same secret on both sides', () => {
    for (const g of ['x25519', 'p-256', 'p-384'] as const) {
      const a = nodeCrypto.generateKeyAgreement(g);
      const b = nodeCrypto.generateKeyAgreement(g);
      expect(toHex(a.deriveSecret(b.publicKey)!)).toBe(toHex(b.deriveSecret(a.publicKey)!));
      expect(a.deriveSecret(new Uint8Array(3))).toBeUndefined();
    }
  });

  test('hashInto hashes a prefix into dst (FIPS 180 "abc" vectors)', () => {
    const src = new Uint8Array([0x61, 0x62, 0x63, 0xff, 0xff]);
    const dst = new Uint8Array(24).fill(0xee);
    nodeCrypto.hashInto!('sha-1', src, 3, dst, 2);
    expect(toHex(dst.subarray(2, 22))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(dst[0]).toBe(0xee);
    expect(dst[22]).toBe(0xee);
    const d256 = new Uint8Array(32);
    nodeCrypto.hashInto!('sha-256', src.subarray(0, 3), 3, d256, 0);
    expect(toHex(d256)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

