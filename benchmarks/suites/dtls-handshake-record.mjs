// DTLS: full handshakes per second (both ends ours, in one process, no network)
// and record protect/unprotect of 1200-byte application records, against the
// naive node:crypto floor (one createCipheriv/createDecipheriv per record).
import * as nc from 'node:crypto';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { CIPHER_SUITES, certificateFingerprint, DtlsEndpoint, generateDtlsCertificate, RecordProtection } from '@purertc/dtls';

const SIZE = 1200;
const plaintext = nc.randomBytes(SIZE);
const components = { crypto: nodeCrypto, random: nodeRandom };

function recordCase(suiteName, nodeAlg) {
  const suite = CIPHER_SUITES[suiteName];
  const key = nc.randomBytes(suite.keyLength);
  const iv = nc.randomBytes(suite.fixedIvLength);
  const ours = new RecordProtection(nodeCrypto, suite, key, iv);
  const out = new Uint8Array(ours.recordLength(SIZE));
  let seq = 0;
  const aad = Buffer.alloc(13);
  const nonce = Buffer.alloc(12);
  const setNonceAad = (s) => {
    aad.writeUInt16BE(1, 0);
    aad.writeUIntBE(s, 2, 6);
    aad[8] = 23;
    aad.writeUInt16BE(0xfefd, 9);
    aad.writeUInt16BE(SIZE, 11);
    if (suite.explicitNonceLength) {
      iv.copy(nonce, 0);
      aad.copy(nonce, 4, 0, 8);
    } else {
      iv.copy(nonce, 0);
      for (let i = 0; i < 8; i++) nonce[4 + i] ^= aad[i];
    }
  };
  const naiveSeal = () => {
    setNonceAad(seq++);
    const c = nc.createCipheriv(nodeAlg, key, nonce, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: SIZE });
    return Buffer.concat([Buffer.alloc(13), suite.explicitNonceLength ? nonce.subarray(4) : Buffer.alloc(0), c.update(plaintext), c.final(), c.getAuthTag()]);
  };
  // a sealed record to open (same bytes for both contenders; checked below)
  ours.sealInto(out, 0, 23, 0xfefd, 1, 7, plaintext);
  const fragment = out.slice(13);
  const naiveOpen = () => {
    setNonceAad(7);
    const d = nc.createDecipheriv(nodeAlg, key, nonce, { authTagLength: 16 });
    d.setAAD(aad, { plaintextLength: SIZE });
    const sealed = fragment.subarray(suite.explicitNonceLength);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  };
  if (!Buffer.from(naiveOpen()).equals(plaintext)) throw new Error(`${suiteName}: naive open disagrees`);
  if (!Buffer.from(ours.open(23, 0xfefd, 1, 7, fragment)).equals(plaintext)) throw new Error(`${suiteName}: open failed`);
  return [
    {
      name: `protect ${SIZE} B, ${nodeAlg}`,
      baseline: 'node:crypto naive',
      contenders: {
        purertc: () => ours.sealInto(out, 0, 23, 0xfefd, 1, seq++, plaintext),
        'node:crypto naive': naiveSeal,
      },
    },
    {
      name: `unprotect ${SIZE} B, ${nodeAlg}`,
      baseline: 'node:crypto naive',
      contenders: {
        purertc: () => ours.open(23, 0xfefd, 1, 7, fragment),
        'node:crypto naive': naiveOpen,
      },
    },
  ];
}

let certA;
let certB;

function handshake(suite, group) {
  const a = new DtlsEndpoint(
    { role: 'client', certificate: certA, remoteFingerprints: [certificateFingerprint(certB.certificateDer, 'sha-256', nodeCrypto)], cipherSuites: [suite], groups: [group] },
    components,
  );
  const b = new DtlsEndpoint(
    { role: 'server', certificate: certB, remoteFingerprints: [certificateFingerprint(certA.certificateDer, 'sha-256', nodeCrypto)], cipherSuites: [suite], groups: [group] },
    components,
  );
  a.start(0);
  for (let i = 0; i < 20 && !(a.connected && b.connected); i++) {
    for (let t = a.pollTransmit(); t; t = a.pollTransmit()) b.handle(1, t.data);
    for (let t = b.pollTransmit(); t; t = b.pollTransmit()) a.handle(1, t.data);
  }
  if (!a.connected || !b.connected) throw new Error('handshake did not complete');
}

export default {
  title: 'DTLS 1.2 handshakes and record protection',
  description:
    'Full DTLS 1.2 handshakes (cookie exchange, mutual ECDSA P-256 authentication, extended master secret, use_srtp) with both ends ours in one process, no network: one op = one complete handshake (client + server work). Record protection of 1200-byte application data records, against a naive node:crypto floor that creates a cipher object per record and concatenates its output.',
  async setup() {
    certA = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
    certB = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
    handshake('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'x25519');
  },
  comparisons: [
    {
      name: 'full handshake, ECDSA P-256',
      baseline: 'purertc X25519',
      contenders: {
        'purertc X25519': () => handshake('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'x25519'),
        'purertc P-256': () => handshake('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'p-256'),
      },
    },
    ...recordCase('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'aes-128-gcm'),
    ...recordCase('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'chacha20-poly1305'),
  ],
};
