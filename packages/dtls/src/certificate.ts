/**
 * Self-signed certificates for DTLS, as WebRTC uses them: the certificate is
 * never validated against a CA; the peer checks its fingerprint against the
 * `a=fingerprint` line of the SDP (RFC 8122, RFC 8827).
 *
 * Generation is asynchronous and goes through an injected WebCrypto `Crypto`
 * object (the runtime's `globalThis.crypto`, or @peculiar/webcrypto where a
 * runtime lacks one), so this module stays free of `node:*`. The handshake
 * itself signs synchronously through the CryptoProvider with the PKCS#8 key
 * kept here.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect
// metadata API installed before it loads (see docs/dependencies.md).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CryptoProvider, HashName } from '@purertc/common';
import { toHex } from '@purertc/common';

/** The key algorithms WebRTC endpoints generate (W3C webrtc-pc §4.9, RFC 8827 §6.5). */
export type CertificateKeyAlgorithm =
  | { name: 'ECDSA'; namedCurve: 'P-256' }
  | { name: 'RSASSA-PKCS1-v1_5'; modulusLength: number; publicExponent: Uint8Array; hash: 'SHA-256' };

/** A DTLS certificate and its private key. */
export interface DtlsCertificate {
  /** The X.509 certificate, DER. */
  readonly certificateDer: Uint8Array;
  /** The private key, PKCS#8 DER (to import into the CryptoProvider). */
  readonly privateKeyPkcs8: Uint8Array;
  /** The key algorithm, as generated. */
  readonly keyAlgorithm: CertificateKeyAlgorithm;
  /** Expiry as milliseconds since the Unix epoch (the certificate's notAfter). */
  readonly expires: number;
}

/** A certificate fingerprint as SDP carries it (`a=fingerprint:<algorithm> <value>`). */
export interface CertificateFingerprint {
  /** Hash function textual name, lower case: 'sha-256'. */
  algorithm: HashName;
  /** Upper-case hex bytes joined by ':' (RFC 8122 §5). */
  value: string;
}

/** Default lifetime of generated certificates: 30 days, as browsers do. */
export const DEFAULT_CERTIFICATE_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** The default key: ECDSA P-256, what browsers generate for RTCPeerConnection. */
export const DEFAULT_CERTIFICATE_KEY_ALGORITHM: CertificateKeyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' };

/**
 * Generates a self-signed certificate.
 *
 * @param keyAlgorithm ECDSA P-256 (the default browsers use; `undefined` picks it) or RSASSA-PKCS1-v1_5 (e.g. 2048 bits).
 * @param options.crypto the WebCrypto implementation to use.
 * @param options.now current wall-clock time in ms since the epoch (notBefore is one day earlier, to tolerate clock skew).
 * @param options.lifetimeMs how long the certificate is valid from `now`.
 * @param options.commonName subject/issuer CN (random-looking, as browsers use; no identity is implied).
 */
export async function generateDtlsCertificate(
  keyAlgorithm: CertificateKeyAlgorithm | undefined,
  options: { crypto: typeof globalThis.crypto; now: number; lifetimeMs?: number; commonName?: string },
): Promise<DtlsCertificate> {
  keyAlgorithm ??= DEFAULT_CERTIFICATE_KEY_ALGORITHM;
  const { crypto } = options;
  const lifetime = options.lifetimeMs ?? DEFAULT_CERTIFICATE_LIFETIME_MS;
  const genParams: EcKeyGenParams | RsaHashedKeyGenParams =
    keyAlgorithm.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: keyAlgorithm.namedCurve }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: keyAlgorithm.modulusLength,
          publicExponent: new Uint8Array(keyAlgorithm.publicExponent),
          hash: keyAlgorithm.hash,
        };
  const keys = (await crypto.subtle.generateKey(genParams, true, ['sign', 'verify'])) as CryptoKeyPair;
  const serial = new Uint8Array(8);
  crypto.getRandomValues(serial);
  serial[0] = serial[0]! & 0x7f; // a positive INTEGER
  const cn = options.commonName ?? `purertc-${toHex(serial.subarray(0, 4))}`;
  const signingAlgorithm =
    keyAlgorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  // notAfter has one-second resolution in X.509 (UTCTime); keep `expires` in step with it.
  const notAfterMs = Math.floor((options.now + lifetime) / 1000) * 1000;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: toHex(serial),
      name: `CN=${cn}`,
      notBefore: new Date(options.now - 24 * 3600 * 1000),
      notAfter: new Date(notAfterMs),
      signingAlgorithm,
      keys,
    },
    crypto,
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    certificateDer: new Uint8Array(cert.rawData),
    privateKeyPkcs8: pkcs8,
    keyAlgorithm,
    expires: notAfterMs,
  };
}

/** The fingerprint of a DER certificate (RFC 8122 §5: upper-case hex pairs separated by colons). */
export function certificateFingerprint(
  certificateDer: Uint8Array,
  algorithm: HashName,
  crypto: CryptoProvider,
): CertificateFingerprint {
  return { algorithm, value: toHex(crypto.hash(algorithm, certificateDer), ':').toUpperCase() };
}

/**
 * The SubjectPublicKeyInfo (DER) of a DER certificate, to import into the
 * CryptoProvider; undefined if the bytes are not a certificate. Never throws.
 */
export function certificatePublicKeySpki(certificateDer: Uint8Array): Uint8Array | undefined {
  try {
    const cert = new x509.X509Certificate(new Uint8Array(certificateDer));
    return new Uint8Array(cert.publicKey.rawData);
  } catch {
    return undefined;
  }
}

/**
 * True if `certificateDer` matches one of `expected` (RFC 8122 §5; RFC 8842
 * §5.1: a match with any of the signaled fingerprints is enough).
 * Hex case and colons are ignored.
 */
export function matchesFingerprint(
  certificateDer: Uint8Array,
  expected: readonly CertificateFingerprint[],
  crypto: CryptoProvider,
): boolean {
  for (const fp of expected) {
    const alg = fp.algorithm.toLowerCase() as HashName;
    if (alg !== 'sha-1' && alg !== 'sha-256' && alg !== 'sha-384' && alg !== 'sha-512') continue;
    const want = fp.value.replace(/:/g, '').toLowerCase();
    if (toHex(crypto.hash(alg, certificateDer)) === want) return true;
  }
  return false;
}
