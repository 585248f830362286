/**
 * The node:crypto CryptoProvider: the fast path on Node, Deno and Bun.
 * Imported through `@purertc/common/node-crypto` only, so the core entry point
 * of `@purertc/common` never pulls in `node:*`.
 */
import * as nc from 'node:crypto';
import type {
  AeadAlgorithm,
  AeadKey,
  AesBlockCipher,
  CryptoProvider,
  HashName,
  HmacKey,
  KeyAgreement,
  NamedGroup,
  PrivateKeyHandle,
  PublicKeyHandle,
  SignatureScheme,
} from './crypto.js';
import { HASH_LENGTH } from './crypto.js';
import { ParseError } from './errors.js';
import { AesGcm, checkGcmNonce } from './gcm.js';

/** `crypto.hash` (Node >= 20.12, 21.7): a one-shot digest without a Hash object. */
const oneShotHash = (nc as unknown as { hash?: (alg: string, data: Uint8Array, enc: 'latin1') => string }).hash;

const NODE_HASH: Record<HashName, string> = { 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

class NodeAesBlockCipher implements AesBlockCipher {
  readonly keyLength: number;
  private readonly cipher: nc.Cipher;
  /** `key`: raw bytes, or a secret KeyObject already made for them (an AEAD key's). */
  constructor(key: Uint8Array | nc.KeyObject) {
    const length = key instanceof Uint8Array ? key.length : (key.symmetricKeySize ?? 0);
    if (length !== 16 && length !== 24 && length !== 32) throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${length}`);
    this.keyLength = length;
    this.cipher = nc.createCipheriv(`aes-${length * 8}-ecb`, key, null);
    this.cipher.setAutoPadding(false);
  }
  encryptBlocks(src: Uint8Array, dst: Uint8Array, dstOffset = 0, length = src.length): void {
    if (length % 16 !== 0) throw new RangeError('encryptBlocks: length must be a multiple of 16');
    const out = this.cipher.update(length === src.length ? src : src.subarray(0, length));
    dst.set(out, dstOffset);
  }
}

class NodeHmacKey implements HmacKey {
  readonly outputLength: number;
  private readonly key: nc.KeyObject;
  private readonly alg: string;
  constructor(readonly hash: HashName, key: Uint8Array) {
    this.alg = NODE_HASH[hash];
    this.outputLength = HASH_LENGTH[hash];
    this.key = nc.createSecretKey(key);
  }
  compute(...parts: Uint8Array[]): Uint8Array {
    const h = nc.createHmac(this.alg, this.key);
    for (const p of parts) h.update(p);
    return u8(h.digest());
  }
}

const AEAD_NODE: Record<AeadAlgorithm, { name: string; keyLength: number }> = {
  'aes-128-gcm': { name: 'aes-128-gcm', keyLength: 16 },
  'aes-256-gcm': { name: 'aes-256-gcm', keyLength: 32 },
  'chacha20-poly1305': { name: 'chacha20-poly1305', keyLength: 32 },
};

/**
 * Largest record (plaintext for seal, ciphertext for open, in bytes) that
 * AES-GCM keys process in JavaScript (`gcm.ts`: one AES-ECB call plus GHASH
 * in JS); longer records use a node:crypto GCM cipher object. Chosen from
 * `benchmarks/profiles/gcm-small.mjs` (docs/media-hot-path.md, "AES-GCM for
 * small records").
 */
export const NODE_GCM_JS_MAX_LENGTH = 512;

/**
 * An AEAD key on node:crypto. AES-GCM records up to
 * {@link NODE_GCM_JS_MAX_LENGTH} bytes go through {@link AesGcm} over a
 * long-lived AES-ECB cipher (built on the first such record, so keys that
 * only see large records never build GHASH tables); larger ones, and every
 * ChaCha20-Poly1305 record, through a cipher object per record.
 * On a failed `open` nothing is written to `dst` on either path.
 */
class NodeAeadKey implements AeadKey {
  readonly tagLength = 16;
  private readonly key: nc.KeyObject;
  private readonly nodeName: string;
  private readonly isGcm: boolean;
  /** The JavaScript GCM state, built lazily by {@link jsGcm}. */
  private gcm: AesGcm | undefined;
  constructor(readonly algorithm: AeadAlgorithm, key: Uint8Array) {
    const info = AEAD_NODE[algorithm];
    if (key.length !== info.keyLength) throw new RangeError(`${algorithm} key must be ${info.keyLength} bytes, got ${key.length}`);
    this.nodeName = info.name;
    this.key = nc.createSecretKey(key);
    this.isGcm = algorithm !== 'chacha20-poly1305';
  }
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, dst: Uint8Array, dstOffset: number): number {
    if (this.isGcm) {
      checkGcmNonce(nonce);
      if (plaintext.length <= NODE_GCM_JS_MAX_LENGTH && !outputStartsInside(plaintext, dst, dstOffset)) {
        return this.jsGcm().seal(nonce, aad, plaintext, dst, dstOffset);
      }
    }
    // No options objects: GCM and ChaCha20-Poly1305 default to 16-byte tags, plaintextLength is
    // only needed for CCM, and Node's option validation measured ~1.3 µs per packet.
    const c = nc.createCipheriv(this.nodeName as nc.CipherGCMTypes, this.key, nonce);
    c.setAAD(aad);
    const body = c.update(plaintext);
    const fin = c.final();
    dst.set(body, dstOffset);
    let n = body.length;
    if (fin.length) {
      dst.set(fin, dstOffset + n);
      n += fin.length;
    }
    dst.set(c.getAuthTag(), dstOffset + n);
    return n + 16;
  }
  openToNew(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
    if (this.isGcm) checkGcmNonce(nonce);
    if (sealed.length < 16) return undefined;
    const ctLen = sealed.length - 16;
    if (this.isGcm && ctLen <= NODE_GCM_JS_MAX_LENGTH) {
      const out = new Uint8Array(ctLen);
      return this.jsGcm().open(nonce, aad, sealed, out, 0) < 0 ? undefined : out;
    }
    const r = this.nativeOpen(nonce, aad, sealed, ctLen);
    if (!r) return undefined;
    // update()'s own buffer is the plaintext (GCM and ChaCha20-Poly1305 finish with nothing more).
    if (r.fin.length === 0) return u8(r.body);
    const out = new Uint8Array(r.body.length + r.fin.length);
    out.set(r.body, 0);
    out.set(r.fin, r.body.length);
    return out;
  }
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, dst: Uint8Array, dstOffset: number): number {
    if (this.isGcm) checkGcmNonce(nonce);
    if (sealed.length < 16) return -1;
    const ctLen = sealed.length - 16;
    if (this.isGcm && ctLen <= NODE_GCM_JS_MAX_LENGTH && !outputStartsInside(sealed, dst, dstOffset)) {
      // Verifies the tag before writing anything to dst (gcm.ts).
      return this.jsGcm().open(nonce, aad, sealed, dst, dstOffset);
    }
    const r = this.nativeOpen(nonce, aad, sealed, ctLen);
    if (!r) return -1;
    dst.set(r.body, dstOffset);
    if (r.fin.length) dst.set(r.fin, dstOffset + r.body.length);
    return r.body.length + r.fin.length;
  }
  /** A node:crypto decipher per record; undefined when the tag does not verify (nothing thrown). */
  private nativeOpen(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, ctLen: number): { body: Buffer; fin: Buffer } | undefined {
    try {
      const d = nc.createDecipheriv(this.nodeName as nc.CipherGCMTypes, this.key, nonce);
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(ctLen));
      const body = d.update(sealed.subarray(0, ctLen));
      return { body, fin: d.final() }; // final() throws on a bad tag
    } catch {
      return undefined;
    }
  }
  /** The JS GCM over a long-lived AES-ECB cipher (one `update()` per record), built on first use. */
  private jsGcm(): AesGcm {
    return (this.gcm ??= new AesGcm(new NodeAesBlockCipher(this.key)));
  }
}


/**
 * True if writing `src.length` bytes at `dst[dstOffset]` would overwrite bytes
 * of `src` not yet read by a forward pass (the output starts strictly inside
 * the input). The native path copies, so it handles that case.
 */
function outputStartsInside(src: Uint8Array, dst: Uint8Array, dstOffset: number): boolean {
  if (src.buffer !== dst.buffer) return false;
  const s = src.byteOffset;
  const d = dst.byteOffset + dstOffset;
  return d > s && d < s + src.length;
}

class NodeKeyAgreement implements KeyAgreement {
  readonly publicKey: Uint8Array;
  private readonly ecdh?: nc.ECDH;
  private readonly x25519?: nc.KeyObject;
  constructor(readonly group: NamedGroup) {
    if (group === 'x25519') {
      const { publicKey, privateKey } = nc.generateKeyPairSync('x25519');
      this.x25519 = privateKey;
      // SPKI DER of an X25519 key is a fixed 12-byte prefix + the 32-byte key.
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      this.publicKey = u8(spki).slice(spki.length - 32);
    } else {
      this.ecdh = nc.createECDH(group === 'p-256' ? 'prime256v1' : 'secp384r1');
      this.publicKey = u8(this.ecdh.generateKeys());
    }
  }
  deriveSecret(peerPublicKey: Uint8Array): Uint8Array | undefined {
    try {
      if (this.x25519) {
        if (peerPublicKey.length !== 32) return undefined;
        const prefix = Buffer.from('302a300506032b656e032100', 'hex');
        const peer = nc.createPublicKey({ key: Buffer.concat([prefix, peerPublicKey]), format: 'der', type: 'spki' });
        const secret = u8(nc.diffieHellman({ privateKey: this.x25519, publicKey: peer }));
        // RFC 7748 §6.1: an all-zero shared secret means a low-order point.
        if (secret.every((b) => b === 0)) return undefined;
        return secret;
      }
      return u8(this.ecdh!.computeSecret(peerPublicKey));
    } catch {
      return undefined;
    }
  }
}

class NodePrivateKey implements PrivateKeyHandle {
  readonly keyType: 'ec' | 'rsa' | 'ed25519';
  readonly curve?: string;
  constructor(readonly key: nc.KeyObject) {
    this.keyType = key.asymmetricKeyType === 'ec' ? 'ec' : key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa';
    const c = key.asymmetricKeyDetails?.namedCurve;
    if (c) this.curve = c === 'prime256v1' ? 'p-256' : c === 'secp384r1' ? 'p-384' : c;
  }
}

class NodePublicKey implements PublicKeyHandle {
  readonly keyType: 'ec' | 'rsa' | 'ed25519';
  readonly curve?: string;
  constructor(readonly key: nc.KeyObject) {
    this.keyType = key.asymmetricKeyType === 'ec' ? 'ec' : key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa';
    const c = key.asymmetricKeyDetails?.namedCurve;
    if (c) this.curve = c === 'prime256v1' ? 'p-256' : c === 'secp384r1' ? 'p-384' : c;
  }
}

function signParams(scheme: SignatureScheme): { alg: string | null; padding?: number; saltLength?: number } {
  switch (scheme) {
    case 'ecdsa_secp256r1_sha256':
    case 'rsa_pkcs1_sha256':
      return { alg: 'sha256' };
    case 'ecdsa_secp384r1_sha384':
    case 'rsa_pkcs1_sha384':
      return { alg: 'sha384' };
    case 'rsa_pss_rsae_sha256':
      return { alg: 'sha256', padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    case 'ed25519':
      return { alg: null };
  }
}

/** The node:crypto provider. */
export class NodeCryptoProvider implements CryptoProvider {
  readonly name = 'node';
  randomFill(dst: Uint8Array): void {
    nc.randomFillSync(dst);
  }
  hash(hash: HashName, ...parts: Uint8Array[]): Uint8Array {
    const h = nc.createHash(NODE_HASH[hash]);
    for (const p of parts) h.update(p);
    return u8(h.digest());
  }
  hashInto(hash: HashName, src: Uint8Array, length: number, dst: Uint8Array, dstOffset: number): void {
    const data = length === src.length ? src : src.subarray(0, length);
    if (oneShotHash) {
      // crypto.hash() (Node >= 20.12) is one native call; createHash() is three. A latin1
      // string result is a V8 heap string, much cheaper to create than a Buffer (no
      // ArrayBuffer backing store): measured 0.4 µs less per call on Node 20.
      const s = oneShotHash(NODE_HASH[hash], data, 'latin1');
      for (let i = 0; i < s.length; i++) dst[dstOffset + i] = s.charCodeAt(i);
      return;
    }
    dst.set(nc.createHash(NODE_HASH[hash]).update(data).digest(), dstOffset);
  }
  hmacKey(hash: HashName, key: Uint8Array): HmacKey {
    return new NodeHmacKey(hash, key);
  }
  aesBlockCipher(key: Uint8Array): AesBlockCipher {
    return new NodeAesBlockCipher(key);
  }
  aeadKey(algorithm: AeadAlgorithm, key: Uint8Array): AeadKey {
    return new NodeAeadKey(algorithm, key);
  }
  generateKeyAgreement(group: NamedGroup): KeyAgreement {
    return new NodeKeyAgreement(group);
  }
  importPrivateKey(pkcs8Der: Uint8Array): PrivateKeyHandle {
    try {
      return new NodePrivateKey(nc.createPrivateKey({ key: Buffer.from(pkcs8Der.buffer, pkcs8Der.byteOffset, pkcs8Der.byteLength), format: 'der', type: 'pkcs8' }));
    } catch (cause) {
      throw new ParseError('importPrivateKey: not a PKCS#8 DER private key', { cause });
    }
  }
  importPublicKey(spkiDer: Uint8Array): PublicKeyHandle | undefined {
    try {
      return new NodePublicKey(nc.createPublicKey({ key: Buffer.from(spkiDer.buffer, spkiDer.byteOffset, spkiDer.byteLength), format: 'der', type: 'spki' }));
    } catch {
      return undefined;
    }
  }
  sign(scheme: SignatureScheme, key: PrivateKeyHandle, data: Uint8Array): Uint8Array {
    const p = signParams(scheme);
    const k = (key as NodePrivateKey).key;
    const opts = p.padding !== undefined ? { key: k, padding: p.padding, saltLength: p.saltLength } : k;
    return u8(nc.sign(p.alg, data, opts));
  }
  verify(scheme: SignatureScheme, key: PublicKeyHandle, data: Uint8Array, signature: Uint8Array): boolean {
    try {
      const p = signParams(scheme);
      const k = (key as NodePublicKey).key;
      if (!k) return false;
      const opts = p.padding !== undefined ? { key: k, padding: p.padding, saltLength: p.saltLength } : k;
      return nc.verify(p.alg, data, opts, signature);
    } catch {
      return false;
    }
  }
}

/** A shared instance of the node:crypto provider. */
export const nodeCrypto: CryptoProvider = new NodeCryptoProvider();

/** A `RandomSource` backed by node:crypto. */
export function nodeRandom(dst: Uint8Array): void {
  nc.randomFillSync(dst);
}
