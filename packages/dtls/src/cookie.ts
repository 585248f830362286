/**
 * Stateless cookies for HelloVerifyRequest (RFC 6347 §4.2.1):
 *
 *   Cookie = HMAC(Secret, Client-IP, Client-Parameters)
 *
 * The server keeps nothing per client until a ClientHello returns a cookie
 * that verifies, so a spoofed ClientHello costs one HMAC and one small
 * datagram. Client-Parameters are the ClientHello with its cookie emptied
 * (version, random, session_id, cipher suites, compression, extensions).
 */
import type { CryptoProvider, HmacKey } from '@purertc/common';
import { equalBytesConstantTime } from '@purertc/common';
import { encodeClientHello, type ClientHello } from './messages/client-hello.js';

const COOKIE_LENGTH = 20;
const encoder = new TextEncoder();

/** Issues and checks cookies under one secret. */
export class CookieJar {
  private readonly mac: HmacKey;
  constructor(crypto: CryptoProvider, secret: Uint8Array) {
    this.mac = crypto.hmacKey('sha-256', secret);
  }

  /**
   * The cookie for this ClientHello from `peer`. It covers the parameters
   * RFC 6347 §4.2.1 requires the client to repeat (version, random,
   * session_id, cipher_suites, compression_method), not the extensions: a
   * client offering DTLS 1.3 (Chromium) drops its 1.3 key shares after a
   * HelloVerifyRequest, so its second ClientHello differs there.
   */
  issue(hello: ClientHello, peer: string): Uint8Array {
    const params = encodeClientHello({ ...hello, cookie: new Uint8Array(0), extensions: {} });
    return this.mac.compute(encoder.encode(peer), params).subarray(0, COOKIE_LENGTH);
  }

  /** True if the ClientHello carries the cookie we would issue. */
  verify(hello: ClientHello, peer: string): boolean {
    return hello.cookie.length === COOKIE_LENGTH && equalBytesConstantTime(hello.cookie, this.issue(hello, peer));
  }
}
