import { certificateFingerprint, generateDtlsCertificate } from '@purertc/dtls';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { X509Certificate } from 'node:crypto';

describe('generateDtlsCertificate', () => {
  test('ECDSA P-256 self-signed certificate, valid and matching its key', async () => {
    const now = Date.now();
    const c = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now });
    const x = new X509Certificate(Buffer.from(c.certificateDer));
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(c.expires).toBe(new Date(x.validTo).getTime());
    expect(c.expires).toBeGreaterThan(now + 29 * 24 * 3600 * 1000);
    const key = nodeCrypto.importPrivateKey(c.privateKeyPkcs8);
    expect(key.keyType).toBe('ec');
    const sig = nodeCrypto.sign('ecdsa_secp256r1_sha256', key, new Uint8Array([1, 2, 3]));
    const pub = nodeCrypto.importPublicKey(new Uint8Array(x.publicKey.export({ type: 'spki', format: 'der' })))!;
    expect(nodeCrypto.verify('ecdsa_secp256r1_sha256', pub, new Uint8Array([1, 2, 3]), sig)).toBe(true);
    expect(nodeCrypto.verify('ecdsa_secp256r1_sha256', pub, new Uint8Array([1, 2, 4]), sig)).toBe(false);
  });
  test('RSASSA-PKCS1-v1_5 2048 and a fingerprint in RFC 8122 form', async () => {
    const c = await generateDtlsCertificate(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      { crypto: globalThis.crypto, now: Date.now(), lifetimeMs: 3600_000 },
    );
    const x = new X509Certificate(Buffer.from(c.certificateDer));
    expect(x.publicKey.asymmetricKeyType).toBe('rsa');
    const fp = certificateFingerprint(c.certificateDer, 'sha-256', nodeCrypto);
    expect(fp.value).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fp.value).toBe(x.fingerprint256);
  });
});
