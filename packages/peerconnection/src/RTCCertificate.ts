/**
 * RTCCertificate and RTCPeerConnection.generateCertificate (webrtc-pc §4.9
 * "Certificate Management"). Key generation and the self-signed X.509
 * certificate come from @purertc/dtls (WebCrypto + @peculiar/x509); the DTLS
 * layer reads the DER certificate and PKCS#8 key back through
 * {@link certificateMaterial}.
 */
import type { CryptoProvider } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  certificateFingerprint,
  generateDtlsCertificate,
  type CertificateKeyAlgorithm,
  type DtlsCertificate,
} from '@purertc/dtls';
import {
  domException,
  exposeInterface,
  isObject,
  registerInterface,
  toDOMString,
  toUnsignedLong,
  toUnsignedLongLong,
} from './webidl.js';

/**
 * The `keygenAlgorithm` of generateCertificate (webrtc-pc §4.9.1): a WebCrypto
 * AlgorithmIdentifier (an algorithm name, or a dictionary such as
 * `EcKeyGenParams` / `RsaHashedKeyGenParams`) with the optional
 * RTCCertificateExpiration member `expires`. Declared here rather than
 * reusing lib.dom's `AlgorithmIdentifier` so consumers without the DOM lib
 * can name it.
 */
export type RTCCertificateKeygenAlgorithm =
  | string
  | {
      /** 'ECDSA' or 'RSASSA-PKCS1-v1_5' (case-insensitive). */
      name: string;
      /** EcKeyGenParams: 'P-256'. */
      namedCurve?: string;
      /** RsaHashedKeyGenParams: key size in bits. */
      modulusLength?: number;
      /** RsaHashedKeyGenParams: big-endian exponent, `new Uint8Array([1, 0, 1])`. */
      publicExponent?: Uint8Array;
      /** RsaHashedKeyGenParams: 'SHA-256'. */
      hash?: string | { name: string };
      /** RTCCertificateExpiration: lifetime in ms from now (default 30 days, at most 365). */
      expires?: number;
    };

/** RTCDtlsFingerprint (webrtc-pc §5.5.1). */
export interface RTCDtlsFingerprint {
  /** Hash function textual name (RFC 8122 §5), lower case: 'sha-256'. */
  algorithm: string;
  /** The fingerprint as lower-case hex byte pairs joined by ':'. */
  value: string;
}

/** Default certificate lifetime: 30 days (webrtc-pc generateCertificate step 2). */
export const DEFAULT_EXPIRES_MS = 2_592_000_000;
/** Longest lifetime generateCertificate grants: 365 days. */
export const MAX_EXPIRES_MS = 31_536_000_000;

const constructToken = Symbol('purertc.RTCCertificate.construct');
const material = new WeakMap<RTCCertificate, DtlsCertificate>();

/**
 * A certificate and private key for DTLS (webrtc-pc §4.9.2). Not
 * constructible by applications: use RTCPeerConnection.generateCertificate
 * (or {@link generateCertificate}).
 */
export class RTCCertificate {
  readonly #expires: number;
  readonly #fingerprints: readonly RTCDtlsFingerprint[];

  constructor(token?: unknown, cert?: DtlsCertificate, crypto?: CryptoProvider) {
    if (token !== constructToken || !cert || !crypto) throw new TypeError('Illegal constructor');
    this.#expires = cert.expires;
    // The digest matches the signature hash (SHA-256 for both key types we generate), per RFC 8829 §5.2.1.
    const fp = certificateFingerprint(cert.certificateDer, 'sha-256', crypto);
    this.#fingerprints = Object.freeze([Object.freeze({ algorithm: fp.algorithm, value: fp.value.toLowerCase() })]);
    material.set(this, cert);
  }

  /** When the certificate expires, in ms since the Unix epoch. */
  get expires(): number {
    return this.#expires;
  }

  /** The certificate's fingerprints, one per digest algorithm ('sha-256'); a fresh array of fresh objects. */
  getFingerprints(): RTCDtlsFingerprint[] {
    return this.#fingerprints.map((f) => ({ algorithm: f.algorithm, value: f.value }));
  }
}
exposeInterface(RTCCertificate, ['expires', 'getFingerprints']);
registerInterface('RTCCertificate', (v) => v instanceof RTCCertificate);

/**
 * The DER certificate, PKCS#8 private key and key algorithm behind an
 * RTCCertificate, for the DTLS layer (not public API). TypeError for anything
 * that is not an RTCCertificate of this package.
 */
export function certificateMaterial(cert: RTCCertificate): DtlsCertificate {
  const m = material.get(cert);
  if (!m) throw new TypeError('not an RTCCertificate');
  return m;
}

/**
 * The fingerprint as an SDP `a=fingerprint` line carries it: upper-case hex
 * (RFC 8122 §5), e.g. `{ algorithm: 'sha-256', value: 'AB:CD:...' }`.
 */
export function sdpFingerprint(cert: RTCCertificate): RTCDtlsFingerprint {
  const f = cert.getFingerprints()[0]!;
  return { algorithm: f.algorithm, value: f.value.toUpperCase() };
}

/** Options of {@link generateCertificate}: the environment, injectable for tests. */
export interface GenerateCertificateOptions {
  /** WebCrypto implementation (default: globalThis.crypto). Typed through `globalThis` so declarations need no DOM lib. */
  webCrypto?: typeof globalThis.crypto;
  /** CryptoProvider for the fingerprint (default: nodeCrypto). */
  crypto?: CryptoProvider;
  /** Wall clock, ms since the epoch (default: Date.now). */
  now?: () => number;
}

function hashName(value: unknown, context: string): string {
  // HashAlgorithmIdentifier = (object or DOMString): an object's `name` member.
  if (isObject(value)) {
    const name = (value as { name?: unknown }).name;
    if (name === undefined) throw new TypeError(`${context}: Algorithm: name is missing`);
    return toDOMString(name, `${context}.name`);
  }
  return toDOMString(value, context);
}

/**
 * Normalizes keygenAlgorithm (WebCrypto "normalize an algorithm" for
 * generateKey, restricted to what WebRTC uses): TypeError for a malformed
 * dictionary (missing name, namedCurve, modulusLength, publicExponent or
 * hash), NotSupportedError for any algorithm, curve, exponent, key size or
 * hash we do not generate certificates with.
 */
function normalizeKeygenAlgorithm(keygenAlgorithm: unknown): CertificateKeyAlgorithm {
  let name: string;
  if (isObject(keygenAlgorithm)) {
    const n = (keygenAlgorithm as { name?: unknown }).name;
    if (n === undefined) throw new TypeError('Algorithm: name is missing');
    name = toDOMString(n, 'Algorithm.name');
  } else {
    name = toDOMString(keygenAlgorithm, 'keygenAlgorithm');
  }
  const unsupported = (why: string) => domException('NotSupportedError', `generateCertificate: ${why}`);
  const upper = name.toUpperCase(); // algorithm names match case-insensitively (WebCrypto §18.4)
  if (upper === 'ECDSA') {
    if (!isObject(keygenAlgorithm)) throw new TypeError('EcKeyGenParams: namedCurve is missing');
    const curve = (keygenAlgorithm as { namedCurve?: unknown }).namedCurve;
    if (curve === undefined) throw new TypeError('EcKeyGenParams: namedCurve is missing');
    const namedCurve = toDOMString(curve, 'EcKeyGenParams.namedCurve');
    if (namedCurve !== 'P-256') throw unsupported(`ECDSA curve '${namedCurve}' is not supported (P-256 is)`);
    return { name: 'ECDSA', namedCurve: 'P-256' };
  }
  if (upper === 'RSASSA-PKCS1-V1_5') {
    if (!isObject(keygenAlgorithm)) throw new TypeError('RsaHashedKeyGenParams: hash is missing');
    const p = keygenAlgorithm as { hash?: unknown; modulusLength?: unknown; publicExponent?: unknown };
    // Dictionary members in lexicographic order: hash, modulusLength, publicExponent.
    if (p.hash === undefined) throw new TypeError('RsaHashedKeyGenParams: hash is missing');
    const hash = hashName(p.hash, 'RsaHashedKeyGenParams.hash');
    if (p.modulusLength === undefined) throw new TypeError('RsaHashedKeyGenParams: modulusLength is missing');
    const modulusLength = toUnsignedLong(p.modulusLength, 'RsaHashedKeyGenParams.modulusLength');
    if (!(p.publicExponent instanceof Uint8Array)) throw new TypeError('RsaHashedKeyGenParams: publicExponent must be a Uint8Array');
    const e = p.publicExponent;
    let exponent = 0;
    for (const b of e) exponent = exponent * 256 + b;
    if (hash.toUpperCase() !== 'SHA-256') throw unsupported(`RSA hash '${hash}' is not supported (SHA-256 is)`);
    if (exponent !== 65537) throw unsupported('RSA public exponent must be 65537');
    if (modulusLength < 1024 || modulusLength > 8192) throw unsupported('RSA modulusLength must be within [1024, 8192]');
    return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  }
  throw unsupported(`algorithm '${name}' is not supported`);
}

/**
 * RTCPeerConnection.generateCertificate(keygenAlgorithm) (webrtc-pc §4.9.1):
 * resolves with a new RTCCertificate. `keygenAlgorithm` is a WebCrypto
 * AlgorithmIdentifier: `{ name: 'ECDSA', namedCurve: 'P-256' }` or
 * `{ name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: Uint8Array [1,0,1], hash: 'SHA-256' }`,
 * optionally with `expires` (ms from now; [EnforceRange] unsigned long long,
 * default 30 days, capped at 365 days). Rejects with TypeError or
 * NotSupportedError as the spec says; never throws synchronously.
 */
export function generateCertificate(keygenAlgorithm: RTCCertificateKeygenAlgorithm, options?: GenerateCertificateOptions): Promise<RTCCertificate>;
export function generateCertificate(keygenAlgorithm: unknown, options: GenerateCertificateOptions = {}): Promise<RTCCertificate> {
  let expires = DEFAULT_EXPIRES_MS;
  let algorithm: CertificateKeyAlgorithm;
  try {
    if (isObject(keygenAlgorithm)) {
      // Convert to RTCCertificateExpiration (its one member).
      const e = (keygenAlgorithm as { expires?: unknown }).expires;
      if (e !== undefined) expires = toUnsignedLongLong(e, 'RTCCertificateExpiration.expires', 'enforceRange');
      if (expires > MAX_EXPIRES_MS) expires = MAX_EXPIRES_MS;
    }
    algorithm = normalizeKeygenAlgorithm(keygenAlgorithm);
  } catch (err) {
    return Promise.reject(err);
  }
  const webCrypto = options.webCrypto ?? globalThis.crypto;
  const crypto = options.crypto ?? nodeCrypto;
  const now = (options.now ?? Date.now)();
  return generateDtlsCertificate(algorithm, { crypto: webCrypto, now, lifetimeMs: expires }).then(
    (cert) => new RTCCertificate(constructToken, cert, crypto),
    (err: unknown) => {
      throw domException('OperationError', `generateCertificate failed: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
}
