/**
 * AEAD record protection for DTLS 1.2 (RFC 5246 §6.2.3.3).
 *
 *   additional_data = seq_num(8: epoch(2) ‖ sequence_number(6)) ‖ type(1) ‖ version(2) ‖ length(2)
 *
 * where length is the plaintext length. Nonces:
 *
 * - AES-GCM (RFC 5288 §3): nonce = salt(4, the client/server_write_IV) ‖
 *   nonce_explicit(8); the explicit part travels at the start of the record
 *   fragment. We use epoch ‖ sequence_number as nonce_explicit, which never
 *   repeats under one key (RFC 5288 §3 allows "the sequence number").
 * - ChaCha20-Poly1305 (RFC 7905 §2): nonce = write_IV(12) XOR
 *   (0000 ‖ epoch ‖ sequence_number); nothing explicit in the record.
 *
 *   GCM record:     header(13) | explicit nonce(8) | ciphertext | tag(16)
 *   ChaCha record:  header(13) | ciphertext | tag(16)
 */
import type { AeadKey, CryptoProvider } from '@purertc/common';
import { viewOf } from '@purertc/common';
import type { CipherSuite } from './cipher-suites.js';
import { RECORD_HEADER_LENGTH } from './constants.js';
import { writeRecordHeader } from './record.js';

const TAG_LENGTH = 16;

/** Keys of one direction of one epoch. */
export class RecordProtection {
  readonly suite: CipherSuite;
  private readonly aead: AeadKey;
  private readonly iv: Uint8Array;
  /** Scratch buffers reused across records (no per-record allocation but the output). */
  private readonly nonce = new Uint8Array(12);
  private readonly aad = new Uint8Array(13);
  private readonly aadView = viewOf(this.aad);

  constructor(crypto: CryptoProvider, suite: CipherSuite, key: Uint8Array, iv: Uint8Array) {
    if (iv.length !== suite.fixedIvLength) throw new RangeError('record protection: wrong IV length');
    this.suite = suite;
    this.aead = crypto.aeadKey(suite.aead, key);
    this.iv = iv.slice();
  }

  /** Bytes a record adds to its plaintext: explicit nonce + tag. */
  get overhead(): number {
    return this.suite.explicitNonceLength + TAG_LENGTH;
  }

  /** The nonce of record (epoch, seq); for GCM from `explicit`'s first 8 bytes when given (a received record). */
  private setNonce(epoch: number, seq: number, explicit?: Uint8Array): void {
    const n = this.nonce;
    if (this.suite.explicitNonceLength === 8) {
      n.set(this.iv, 0);
      if (explicit) for (let i = 0; i < 8; i++) n[4 + i] = explicit[i]!;
      else {
        n[4] = epoch >>> 8;
        n[5] = epoch & 0xff;
        const hi = Math.floor(seq / 0x1_0000_0000);
        n[6] = hi >>> 8;
        n[7] = hi & 0xff;
        n[8] = (seq >>> 24) & 0xff;
        n[9] = (seq >>> 16) & 0xff;
        n[10] = (seq >>> 8) & 0xff;
        n[11] = seq & 0xff;
      }
    } else {
      const hi = Math.floor(seq / 0x1_0000_0000);
      n.set(this.iv, 0);
      n[4] ^= epoch >>> 8;
      n[5] ^= epoch & 0xff;
      n[6] ^= hi >>> 8;
      n[7] ^= hi & 0xff;
      n[8] ^= (seq >>> 24) & 0xff;
      n[9] ^= (seq >>> 16) & 0xff;
      n[10] ^= (seq >>> 8) & 0xff;
      n[11] ^= seq & 0xff;
    }
  }

  private setAad(type: number, version: number, epoch: number, seq: number, length: number): void {
    const v = this.aadView;
    v.setUint16(0, epoch);
    v.setUint16(2, Math.floor(seq / 0x1_0000_0000) & 0xffff);
    v.setUint32(4, seq >>> 0);
    this.aad[8] = type;
    v.setUint16(9, version);
    v.setUint16(11, length);
  }

  /** Length of the whole protected record for a plaintext of `plaintextLength` bytes. */
  recordLength(plaintextLength: number): number {
    return RECORD_HEADER_LENGTH + this.overhead + plaintextLength;
  }

  /**
   * Writes header ‖ protected fragment into `dst` at `offset`; returns the
   * offset after the record.
   */
  sealInto(
    dst: Uint8Array,
    offset: number,
    type: number,
    version: number,
    epoch: number,
    seq: number,
    plaintext: Uint8Array,
  ): number {
    const fragLen = this.overhead + plaintext.length;
    let at = writeRecordHeader(dst, offset, type, version, epoch, seq, fragLen);
    this.setNonce(epoch, seq);
    this.setAad(type, version, epoch, seq, plaintext.length);
    if (this.suite.explicitNonceLength) {
      const n = this.nonce;
      for (let i = 0; i < 8; i++) dst[at + i] = n[4 + i]!;
      at += 8;
    }
    return at + this.aead.seal(this.nonce, this.aad, plaintext, dst, at);
  }

  /**
   * Authenticates and decrypts a record fragment. Returns the plaintext (a
   * fresh array), or undefined if it does not authenticate.
   */
  open(type: number, version: number, epoch: number, seq: number, fragment: Uint8Array): Uint8Array | undefined {
    const explicitLen = this.suite.explicitNonceLength;
    if (fragment.length < explicitLen + TAG_LENGTH) return undefined;
    const sealed = fragment.subarray(explicitLen);
    const ptLen = sealed.length - TAG_LENGTH;
    this.setNonce(epoch, seq, explicitLen ? fragment : undefined); // the explicit nonce leads the fragment
    this.setAad(type, version, epoch, seq, ptLen);
    const aead = this.aead;
    if (aead.openToNew) return aead.openToNew(this.nonce, this.aad, sealed);
    const out = new Uint8Array(ptLen);
    const n = aead.open(this.nonce, this.aad, sealed, out, 0);
    return n < 0 ? undefined : out;
  }
}
