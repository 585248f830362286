/**
 * Where the time of an AES-GCM-128 SRTP unprotect goes (run: node benchmarks/profiles/srtp-gcm.mjs,
 * after npx tsc -b). Node offers GCM only as a cipher object per message, so an unprotect is at least
 * createDecipheriv + setAAD + setAuthTag + update + final: the rows add those native calls one at a
 * time, then compare with purertc's whole unprotectRtp (parse, replay check, nonce, the five calls,
 * output). See docs/media-hot-path.md ("Targets").
 */
import * as nc from 'node:crypto';
import { SrtpContext, deriveSessionKeys, SRTP_PROFILES } from '@purertc/srtp/node';
import { nodeCrypto } from '@purertc/common/node-crypto';

const size = Number(process.argv[2] ?? 160);
const key = Buffer.alloc(16, 3);
const salt = Buffer.alloc(12, 5);
const rtp = (seq) => {
  const p = Buffer.alloc(12 + size, 7);
  p[0] = 0x80;
  p[1] = 111;
  p.writeUInt16BE(seq, 2);
  p.writeUInt32BE(0x1234, 8);
  return p;
};
const RING = 1024;
const tx = new SrtpContext({ profile: 'SRTP_AEAD_AES_128_GCM', masterKey: key, masterSalt: salt });
const wire = Array.from({ length: RING }, (_, i) => tx.protectRtp(rtp(i)));
// The real session key and nonce of wire[0] (RFC 7714 §8.1: (00 00 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt), so final() succeeds.
const sk = deriveSessionKeys(nodeCrypto, SRTP_PROFILES.SRTP_AEAD_AES_128_GCM, key, salt);
const sessionKey = Buffer.from(sk.rtpKey);
const iv = Buffer.alloc(12);
iv.writeUInt32BE(0x1234, 2);
for (let i = 0; i < 12; i++) iv[i] ^= sk.rtpSalt[i];
const aad = wire[0].subarray(0, 12);
const tag = wire[0].subarray(wire[0].length - 16);
const body = wire[0].subarray(12, wire[0].length - 16);

function time(fn, n = 100000) {
  for (let i = 0; i < 5000; i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / n;
}
let rx = new SrtpContext({ profile: 'SRTP_AEAD_AES_128_GCM', masterKey: key, masterSalt: salt });
const rows = [
  ['createDecipheriv', () => nc.createDecipheriv('aes-128-gcm', sessionKey, iv)],
  ['+ setAAD', () => nc.createDecipheriv('aes-128-gcm', sessionKey, iv).setAAD(aad)],
  ['+ setAuthTag', () => nc.createDecipheriv('aes-128-gcm', sessionKey, iv).setAAD(aad).setAuthTag(tag)],
  ['+ update', () => { const d = nc.createDecipheriv('aes-128-gcm', sessionKey, iv); d.setAAD(aad); d.setAuthTag(tag); return d.update(body); }],
  ['+ final (the tag verifies)', () => { const d = nc.createDecipheriv('aes-128-gcm', sessionKey, iv); d.setAAD(aad); d.setAuthTag(tag); d.update(body); d.final(); }],
  ['purertc unprotectRtp (whole)', (i) => {
    const k = i % RING;
    if (k === 0) rx = new SrtpContext({ profile: 'SRTP_AEAD_AES_128_GCM', masterKey: key, masterSalt: salt });
    if (!rx.unprotectRtp(wire[k])) throw new Error('unprotect failed');
  }],
];
console.log(`| AES-GCM-128 unprotect, ${size}-byte payload | ns/op |\n|---|---:|`);
for (const [name, fn] of rows) console.log(`| ${name} | ${time(fn).toFixed(0)} |`);
