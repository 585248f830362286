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
  test('without a key algorithm: ECDSA P-256 (the default)', async () => {
    const c = await generateDtlsCertificate(undefined, { crypto: globalThis.crypto, now: Date.now() });
    const x = new X509Certificate(Buffer.from(c.certificateDer));
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
  test('RSASSA-PKCS1-v1_5 2048 and a fingerprint in RFC 8122 form', async () => {
    const c = await generateDtlsCertificate(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      { crypto: globalThis.crypto, now: Date.now(), lifetimeMs: 3600_000 },
    );
    const x = new X509Certificate(Buffer.from(c.certificateDer));
    expect(x.publicKey.asymmetricKeyType).toBe('rsa');
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const fp = certificateFingerprint(c.certificateDer, 'sha-256', nodeCrypto);
    expect(fp.value).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fp.value).toBe(x.fingerprint256);
  });
});

describe('certificatePublicKeySpki and matchesFingerprint', () => {
  test('SPKI of a generated certificate imports; garbage gives undefined; fingerprints match per hash', async () => {
    const { certificatePublicKeySpki, matchesFingerprint } = await import('@purertc/dtls');
    const c = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
    const spki = certificatePublicKeySpki(c.certificateDer)!;
    expect(nodeCrypto.importPublicKey(spki)?.keyType).toBe('ec');
    expect(certificatePublicKeySpki(new Uint8Array([0x30, 0x03, 1, 2, 3]))).toBeUndefined();
    for (const alg of ['sha-1', 'sha-256', 'sha-384', 'sha-512'] as const) {
      const fp = certificateFingerprint(c.certificateDer, alg, nodeCrypto);
      expect(matchesFingerprint(c.certificateDer, [fp], nodeCrypto)).toBe(true);
      expect(matchesFingerprint(c.certificateDer, [{ algorithm: alg, value: fp.value.toLowerCase() }], nodeCrypto)).toBe(true);
      const wrong = fp.value.slice(0, -1) + (fp.value.endsWith('0') ? '1' : '0');
      expect(matchesFingerprint(c.certificateDer, [{ algorithm: alg, value: wrong }], nodeCrypto)).toBe(false);
    }
    expect(matchesFingerprint(c.certificateDer, [], nodeCrypto)).toBe(false);
  });
});
