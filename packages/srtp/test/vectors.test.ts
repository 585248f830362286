import { fromHex, toHex } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { deriveSessionBytes, deriveSessionKeys, KDF_LABEL, SRTP_PROFILES, SrtpContext, type SessionKeys, type SrtpProfile } from '@purertc/srtp';
import { B2, B3 } from './vectors/rfc3711-b';
import * as V from './vectors/rfc7714';

const h = (s: string) => fromHex(s.replace(/\s+/g, ''));
const H = (u: Uint8Array) => toHex(u).toUpperCase();

describe('RFC 3711 Appendix B.3: key derivation', () => {
  const p = SRTP_PROFILES.SRTP_AES128_CM_HMAC_SHA1_80;
  test('session cipher key, salt and auth key', () => {
    const k = deriveSessionKeys(nodeCrypto, p, h(B3.masterKey), h(B3.masterSalt));
    expect(H(k.rtpKey)).toBe(B3.cipherKey);
    expect(H(k.rtpSalt)).toBe(B3.cipherSalt);
    expect(H(k.rtpAuthKey)).toBe(B3.authKeyStream.replace(/\s+/g, '').slice(0, 40));
  });
  test('the full 94-octet label-1 keystream of the RFC', () => {
    const aes = nodeCrypto.aesBlockCipher(h(B3.masterKey));
    expect(H(deriveSessionBytes(aes, h(B3.masterSalt), KDF_LABEL.rtpAuthentication, 94))).toBe(B3.authKeyStream.replace(/\s+/g, ''));
  });
});

describe('RFC 3711 Appendix B.2: AES-CM keystream through protectRtp', () => {
  test('a zero payload encrypts to the RFC keystream (blocks 0-2 and FEFF-FF01 of a 65282-block segment)', () => {
    const keys: SessionKeys = {
      rtpKey: h(B2.sessionKey),
      rtpSalt: h(B2.sessionSalt),
      rtpAuthKey: new Uint8Array(20),
      rtcpKey: h(B2.sessionKey),
      rtcpSalt: h(B2.sessionSalt),
      rtcpAuthKey: new Uint8Array(20),
    };
    const ctx = SrtpContext.withSessionKeys('SRTP_AES128_CM_HMAC_SHA1_80', keys, nodeCrypto);
    const pkt = new Uint8Array(12 + B2.segmentLength); // SSRC 0, SEQ 0, ROC 0: IV = salt · 2^16
    pkt[0] = 0x80;
    const out = ctx.protectRtp(pkt);
    expect(out.length).toBe(pkt.length + 10);
    for (const [block, ks] of B2.blocks) expect(H(out.subarray(12 + block * 16, 12 + block * 16 + 16))).toBe(ks);
  });
});

describe('RFC 7714 §16-17: AES-GCM vectors', () => {
  const cases: Array<[SrtpProfile, string, string, string]> = [
    ['SRTP_AEAD_AES_128_GCM', V.KEY_128, V.SRTP_128, V.SRTCP_128],
    ['SRTP_AEAD_AES_256_GCM', V.KEY_256, V.SRTP_256, V.SRTCP_256],
  ];
  const keysOf = (key: string): SessionKeys => ({
    rtpKey: h(key),
    rtpSalt: h(V.SALT),
    rtpAuthKey: new Uint8Array(0),
    rtcpKey: h(key),
    rtcpSalt: h(V.SALT),
    rtcpAuthKey: new Uint8Array(0),
  });
  test.each(cases)('%s: SRTP protect and unprotect (§16)', (profile, key, srtp) => {
    const tx = SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto);
    expect(toHex(tx.protectRtp(h(V.RTP)))).toBe(toHex(h(srtp)));
    const rx = SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto);
    expect(toHex(rx.unprotectRtp(h(srtp))!)).toBe(toHex(h(V.RTP)));
    const bad = h(srtp);
    bad[20]! ^= 1;
    expect(SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto).unprotectRtp(bad)).toBeUndefined();
  });
  test.each(cases)('%s: SRTCP protect (index 0x5d4) and unprotect (§17)', (profile, key, _srtp, srtcp) => {
    const tx = SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto);
    const rtcp = h(V.RTCP);
    let out: Uint8Array = new Uint8Array(0);
    for (let i = 0; i <= V.RTCP_INDEX; i++) out = tx.protectRtcp(rtcp); // indices 0 … 0x5d4
    expect(toHex(out)).toBe(toHex(h(srtcp)));
    const rx = SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto);
    expect(toHex(rx.unprotectRtcp(h(srtcp))!)).toBe(toHex(rtcp));
    const bad = h(srtcp);
    bad[30]! ^= 8;
    const rx2 = SrtpContext.withSessionKeys(profile, keysOf(key), nodeCrypto);
    expect(rx2.unprotectRtcp(bad)).toBeUndefined();
    expect(rx2.stats.authFailed).toBe(1);
  });
});
