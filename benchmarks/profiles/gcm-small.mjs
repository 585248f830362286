/**
 * AES-GCM per record, JavaScript GHASH + one AES-ECB call (packages/common/src/gcm.ts) against a
 * node:crypto GCM cipher object per record, at record sizes from an SCTP SACK to a full MTU
 * (run: node benchmarks/profiles/gcm-small.mjs [rounds] [128|256], after npx tsc -b packages/common).
 * Prints ns per seal / open (median of the rounds) and the JS/native ratio; the crossover used by
 * NodeAeadKey is chosen from this table. See docs/media-hot-path.md, "AES-GCM for small records".
 */
import * as nc from 'node:crypto';
import { AesGcm } from '../../packages/common/dist/gcm.js';
import { nodeCrypto, NODE_GCM_JS_MAX_LENGTH } from '../../packages/common/dist/node-crypto.js';

const ROUNDS = Number(process.argv[2] ?? 11);
const BITS = Number(process.argv[3] ?? 128); // 128 or 256
const SIZES = [16, 32, 64, 160, 256, 384, 448, 512, 640, 768, 1200];
const AAD = 13; // a DTLS 1.2 record's additional data; SRTP's is 12+
const keyBytes = nc.randomBytes(BITS / 8);
const ALG = `aes-${BITS}-gcm`;
const keyObject = nc.createSecretKey(keyBytes);
const nonce = nc.randomBytes(12);
const aad = nc.randomBytes(AAD);

/** What NodeAeadKey does above the crossover: one cipher object per record, five native calls. */
function nativeSeal(pt, dst) {
  const c = nc.createCipheriv(ALG, keyObject, nonce);
  c.setAAD(aad);
  const body = c.update(pt);
  c.final();
  dst.set(body, 0);
  dst.set(c.getAuthTag(), body.length);
  return body.length + 16;
}
function nativeOpen(sealed, dst) {
  const n = sealed.length - 16;
  try {
    const d = nc.createDecipheriv(ALG, keyObject, nonce);
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(n));
    const body = d.update(sealed.subarray(0, n));
    d.final();
    dst.set(body, 0);
    return n;
  } catch {
    return -1;
  }
}

const js8 = new AesGcm(nodeCrypto.aesBlockCipher(keyBytes), 8);
const js4 = new AesGcm(nodeCrypto.aesBlockCipher(keyBytes), 4);
const provider = nodeCrypto.aeadKey(ALG, keyBytes);

/**
 * ns/op of each function: the rounds are interleaved (round r times every variant once, in turn),
 * so a burst of load from elsewhere on the machine hits all variants alike; the median is reported.
 */
function perOpInterleaved(fns) {
  const batch = fns.map((fn) => {
    for (let i = 0; i < 3000; i++) fn();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) fn();
    return Math.max(500, Math.round(15e6 / (Number(process.hrtime.bigint() - t0) / 1000))); // ~15 ms a round
  });
  const rounds = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((fn, j) => {
      const n = batch[j];
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn();
      rounds[j].push(Number(process.hrtime.bigint() - t) / n);
    });
  }
  return rounds.map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]);
}

console.log(`AES-${BITS}-GCM, ${AAD}-byte AAD, ns/op (median of ${ROUNDS} rounds), node ${process.version}; provider crossover ${NODE_GCM_JS_MAX_LENGTH} B\n`);
console.log('| bytes | seal native | seal JS 8-bit | seal JS 4-bit | seal ×(native/JS8) | open native | open JS 8-bit | open JS 4-bit | open ×(native/JS8) | provider seal | provider open |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const size of SIZES) {
  const pt = nc.randomBytes(size);
  const sealed = new Uint8Array(size + 16);
  nativeSeal(pt, sealed);
  const dst = new Uint8Array(size + 16);
  for (const g of [js8, js4]) {
    g.seal(nonce, aad, pt, dst, 0);
    if (!Buffer.from(dst).equals(Buffer.from(sealed))) throw new Error('JS and native seal disagree');
    if (g.open(nonce, aad, sealed, dst, 0) !== size) throw new Error('JS open failed');
  }
  if (nativeOpen(sealed, dst) !== size || provider.open(nonce, aad, sealed, dst, 0) !== size) throw new Error('open failed');
  const row = perOpInterleaved([
    () => nativeSeal(pt, dst),
    () => js8.seal(nonce, aad, pt, dst, 0),
    () => js4.seal(nonce, aad, pt, dst, 0),
    () => nativeOpen(sealed, dst),
    () => js8.open(nonce, aad, sealed, dst, 0),
    () => js4.open(nonce, aad, sealed, dst, 0),
    () => provider.seal(nonce, aad, pt, dst, 0),
    () => provider.open(nonce, aad, sealed, dst, 0),
  ]);
  const f = (x) => x.toFixed(0);
  console.log(`| ${size} | ${f(row[0])} | ${f(row[1])} | ${f(row[2])} | ${(row[0] / row[1]).toFixed(2)} | ${f(row[3])} | ${f(row[4])} | ${f(row[5])} | ${(row[3] / row[4]).toFixed(2)} | ${f(row[6])} | ${f(row[7])} |`);
}
