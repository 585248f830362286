import { createHash, createVerify, X509Certificate } from 'node:crypto';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  certificateMaterial,
  generateCertificate,
  MAX_EXPIRES_MS,
  RTCCertificate,
  sdpFingerprint,
  type RTCCertificateKeygenAlgorithm,
} from '../src/RTCCertificate.js';
import { normalizeConfiguration } from '../src/configuration.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };

describe('RTCCertificate', () => {
  test('is not constructible by applications', () => {
    expect(() => new (RTCCertificate as any)()).toThrow(TypeError);
    expect(() => new (RTCCertificate as any)({}, {}, {})).toThrow(TypeError);
  });
  test('generateCertificate resolves with an RTCCertificate', async () => {
    const cert = await generateCertificate(ecdsa);
    expect(cert).toBeInstanceOf(RTCCertificate);
    expect(Object.prototype.toString.call(cert)).toBe('[object RTCCertificate]');
  });
  test('expires defaults to 30 days from now', async () => {
    const now = 1_700_000_000_000;
    const cert = await generateCertificate(ecdsa, { now: () => now });
    expect(cert.expires).toBe(now + 30 * 24 * 3600 * 1000);
  });
  test('an expires member sets the lifetime', async () => {
    const start = Date.now();
    const cert = await generateCertificate({ ...ecdsa, expires: 2000 });
    expect(Math.abs(cert.expires - (start + 2000))).toBeLessThan(1000);
  });
  test('expires is capped at 365 days', async () => {
    const now = 1_700_000_000_000;
    const cert = await generateCertificate({ ...ecdsa, expires: MAX_EXPIRES_MS * 2 }, { now: () => now });
    expect(cert.expires).toBe(now + MAX_EXPIRES_MS);
  });
  test('expires 0 gives an already expired certificate', async () => {
    const cert = await generateCertificate({ ...ecdsa, expires: 0 });
    expect(cert.expires).toBeLessThanOrEqual(Date.now());
  });
  test('an expired certificate is rejected by the RTCPeerConnection constructor rules', async () => {
    const cert = await generateCertificate({ ...ecdsa, expires: 0 });
    let err: unknown;
    try {
      normalizeConfiguration({ certificates: [cert] }, { now: Date.now() + 1 });
    } catch (e) {
      err = e;
    }
    expect((err as DOMException).name).toBe('InvalidAccessError');
  });
  test('a valid certificate is accepted in a configuration', async () => {
    const cert = await generateCertificate(ecdsa);
    expect(normalizeConfiguration({ certificates: [cert] }, { now: Date.now() }).certificates).toEqual([cert]);
  });
  test('expires is a readonly prototype attribute', async () => {
    const cert = await generateCertificate(ecdsa);
    expect(Object.keys(cert)).toEqual([]);
    expect(() => {
      (cert as any).expires = 0;
    }).toThrow(TypeError);
  });
});

describe('getFingerprints', () => {
  test('one sha-256 fingerprint in lower-case colon-separated hex', async () => {
    const fps = (await generateCertificate(ecdsa)).getFingerprints();
    expect(Array.isArray(fps)).toBe(true);
    expect(fps).toHaveLength(1);
    expect(fps[0]!.algorithm).toBe('sha-256');
    expect(fps[0]!.value).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  });
  test('the fingerprint is the SHA-256 of the DER certificate', async () => {
    const cert = await generateCertificate(ecdsa);
    const der = certificateMaterial(cert).certificateDer;
    const expected = createHash('sha256').update(der).digest('hex').match(/../g)!.join(':');
    expect(cert.getFingerprints()[0]!.value).toBe(expected);
  });
  test('returns fresh objects', async () => {
    const cert = await generateCertificate(ecdsa);
    const a = cert.getFingerprints();
    a[0]!.value = 'x';
    expect(cert.getFingerprints()[0]!.value).not.toBe('x');
  });
  test('sdpFingerprint is the upper-case form', async () => {
    const cert = await generateCertificate(ecdsa);
    expect(sdpFingerprint(cert)).toEqual({ algorithm: 'sha-256', value: cert.getFingerprints()[0]!.value.toUpperCase() });
  });
});

describe('certificate material', () => {
  test('the DER is an X.509 certificate with an EC P-256 key, self-signed', async () => {
    const cert = await generateCertificate(ecdsa);
    const m = certificateMaterial(cert);
    const x = new X509Certificate(m.certificateDer);
    expect(x.publicKey.asymmetricKeyType).toBe('ec');
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
  });
  test('the PKCS#8 key imports into the CryptoProvider and matches the certificate', async () => {
    const cert = await generateCertificate(ecdsa);
    const m = certificateMaterial(cert);
    const key = nodeCrypto.importPrivateKey(m.privateKeyPkcs8);
    const data = new Uint8Array([1, 2, 3]);
    const sig = nodeCrypto.sign('ecdsa_secp256r1_sha256', key, data);
    const x = new X509Certificate(m.certificateDer);
    expect(createVerify('sha256').update(data).verify(x.publicKey, sig)).toBe(true);
    expect(m.keyAlgorithm).toEqual({ name: 'ECDSA', namedCurve: 'P-256' });
  });
  test('the X.509 notAfter matches expires', async () => {
    const cert = await generateCertificate(ecdsa);
    const x = new X509Certificate(certificateMaterial(cert).certificateDer);
    expect(new Date(x.validTo).getTime()).toBe(cert.expires);
  });
  test('certificateMaterial rejects other objects', () => {
    expect(() => certificateMaterial({} as any)).toThrow(TypeError);
  });
});

describe('generateCertificate algorithms', () => {
  test('RSASSA-PKCS1-v1_5 2048 with exponent 65537 and SHA-256 succeeds', async () => {
    const cert = await generateCertificate({
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    });
    expect(new X509Certificate(certificateMaterial(cert).certificateDer).publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.getFingerprints()[0]!.algorithm).toBe('sha-256');
  });
  test('algorithm names match case-insensitively', async () => {
    await expect(generateCertificate({ name: 'ecdsa', namedCurve: 'P-256' })).resolves.toBeInstanceOf(RTCCertificate);
  });
  test('an unknown algorithm string rejects with NotSupportedError', async () => {
    expect(((await rejection(generateCertificate('invalid-algo'))) as DOMException).name).toBe('NotSupportedError');
  });
  test('an unknown algorithm dictionary rejects with NotSupportedError', async () => {
    expect(((await rejection(generateCertificate({ name: 'invalid-algo' }))) as DOMException).name).toBe('NotSupportedError');
  });
  test('ECDSA P-384 rejects with NotSupportedError', async () => {
    expect(((await rejection(generateCertificate({ name: 'ECDSA', namedCurve: 'P-384' }))) as DOMException).name).toBe(
      'NotSupportedError',
    );
  });
  test('RSA with SHA-1 rejects with NotSupportedError', async () => {
    const p = generateCertificate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' });
    expect(((await rejection(p)) as DOMException).name).toBe('NotSupportedError');
  });
  test('RSA with exponent 3 rejects with NotSupportedError', async () => {
    const p = generateCertificate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([3]), hash: 'SHA-256' });
    expect(((await rejection(p)) as DOMException).name).toBe('NotSupportedError');
  });
  test('ECDSA without namedCurve rejects with TypeError', async () => {
    expect(await rejection(generateCertificate({ name: 'ECDSA' }))).toBeInstanceOf(TypeError);
  });
  test('a dictionary without name rejects with TypeError', async () => {
    // deliberate: `name` is missing, which the type requires; the TypeError is what is checked
    expect(await rejection(generateCertificate({ namedCurve: 'P-256' } as unknown as RTCCertificateKeygenAlgorithm))).toBeInstanceOf(TypeError);
  });
  test('RSA without publicExponent rejects with TypeError', async () => {
    expect(await rejection(generateCertificate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, hash: 'SHA-256' }))).toBeInstanceOf(TypeError);
  });
  test('expires -1 rejects with TypeError', async () => {
    expect(await rejection(generateCertificate({ ...ecdsa, expires: -1 }))).toBeInstanceOf(TypeError);
  });
  test("expires 'invalid' rejects with TypeError", async () => {
    // deliberate: a non-numeric `expires`; the TypeError is what is checked
    expect(await rejection(generateCertificate({ ...ecdsa, expires: 'invalid' } as unknown as RTCCertificateKeygenAlgorithm))).toBeInstanceOf(TypeError);
  });
  test('invalid arguments reject rather than throw', () => {
    expect(() => generateCertificate(Symbol() as any).catch(() => undefined)).not.toThrow();
  });
  test('a WebCrypto failure rejects with OperationError', async () => {
    const broken = { subtle: { generateKey: () => Promise.reject(new Error('boom')) }, getRandomValues: (a: Uint8Array) => a } as unknown as Crypto;
    expect(((await rejection(generateCertificate(ecdsa, { webCrypto: broken }))) as DOMException).name).toBe('OperationError');
  });
});
