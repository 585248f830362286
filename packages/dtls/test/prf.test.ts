import { fromHex, toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { exportKeyingMaterial, prf } from '../src/prf';

// Published TLS 1.2 PRF vectors (J. Birr-Pixton, IETF TLS list, msg03416,
// confirmed on the OASIS PKCS#11 list); also reproduced with `openssl kdf TLS1-PRF`.
describe('TLS 1.2 PRF (RFC 5246 §5)', () => {
  test('P_SHA256 known answer, 100 bytes', () => {
    const out = prf(nodeCrypto, 'sha-256', fromHex('9bbe436ba940f017b17652849a71db35'), 'test label', fromHex('a0ba9f936cda311827a6f796ffd5198c'), 100);
    expect(toHex(out)).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
  });
  test('P_SHA384 known answer, 148 bytes', () => {
    const out = prf(nodeCrypto, 'sha-384', fromHex('b80b733d6ceefcdc71566ea48e5567df'), 'test label', fromHex('cd665cf6a8447dd6ff8b27555edb7465'), 148);
    expect(toHex(out).toUpperCase()).toBe(
      '7B0C18E9CED410ED1804F2CFA34A336A1C14DFFB4900BB5FD7942107E81C83CDE9CA0FAA60BE9FE34F82B1233C9146A0E534CB400FED2700884F9DC236F80EDD8BFA961144C9E8D792ECA722A7B32FC3D416D473EBC2C5FD4ABFDAD05D9184259B5BF8CD4D90FA0D31E2DEC479E4F1A26066F2EEA9A69236A3E52655C9E9AEE691C8F3A26854308D5EAA3BE85E0990703D73E56F',
    );
  });
  test('a prefix of a longer output equals a shorter output', () => {
    const s = fromHex('00112233');
    const a = prf(nodeCrypto, 'sha-256', s, 'x', new Uint8Array(5), 33);
    const b = prf(nodeCrypto, 'sha-256', s, 'x', new Uint8Array(5), 64);
    expect(toHex(b.subarray(0, 33))).toBe(toHex(a));
  });
});

describe('RFC 5705 exporter', () => {
  const ms = Uint8Array.from({ length: 48 }, (_, i) => i);
  const cr = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
  const sr = Uint8Array.from({ length: 32 }, (_, i) => 200 + i);
  test('EXTRACTOR-dtls_srtp, no context: known answer computed with `openssl kdf TLS1-PRF`', () => {
    const out = exportKeyingMaterial(nodeCrypto, 'sha-256', ms, cr, sr, 'EXTRACTOR-dtls_srtp', 60);
    expect(toHex(out).toUpperCase()).toBe(
      '105DC06AC8AADFFF02E28EB5DFBF7F7F0E72F907A6828D441CF25749C90B9D5525D0237F0E7D8B3353287A1B1676BF21CDA33C6C103305FFECA472A1',
    );
  });
  test('an empty context differs from no context (RFC 5705 §4)', () => {
    const a = exportKeyingMaterial(nodeCrypto, 'sha-256', ms, cr, sr, 'EXPERIMENTAL-x', 32);
    const b = exportKeyingMaterial(nodeCrypto, 'sha-256', ms, cr, sr, 'EXPERIMENTAL-x', 32, new Uint8Array(0));
    expect(toHex(a)).not.toBe(toHex(b));
  });
});
