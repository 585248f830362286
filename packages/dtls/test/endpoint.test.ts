import { toHex } from '@purertc/common';
import { CIPHER_SUITES, DTLS_SRTP_EXPORTER_LABEL, type CipherSuiteName } from '@purertc/dtls';
import { certs, Net, pair } from './sim';

jest.setTimeout(60_000);

describe('DtlsEndpoint through a simulated network', () => {
  test('ECDSA handshake, no loss: connected both sides, same keys, data both ways', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    expect(net.connected()).toBe(true);
    const ca = net.events('a', 'connected')[0]!;
    const cb = net.events('b', 'connected')[0]!;
    if (ca.type !== 'connected' || cb.type !== 'connected') throw new Error('unreachable');
    expect(ca.cipherSuite).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    expect(ca.srtpProfile).toBe('SRTP_AEAD_AES_128_GCM');
    expect(ca.extendedMasterSecret).toBe(true);
    expect(toHex(ca.peerCertificate)).toBe(toHex(ec2.certificateDer));
    expect(toHex(cb.peerCertificate)).toBe(toHex(ec.certificateDer));
    expect(toHex(a.exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, 56))).toBe(toHex(b.exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, 56)));
    const ka = a.srtpKeyingMaterial();
    const kb = b.srtpKeyingMaterial();
    expect(toHex(ka.localMasterKey)).toBe(toHex(kb.remoteMasterKey));
    expect(toHex(ka.remoteMasterSalt)).toBe(toHex(kb.localMasterSalt));
    expect(ka.localMasterKey.length).toBe(16);
    expect(ka.localMasterSalt.length).toBe(12);
    expect(b.counters.helloVerifyRequestsSent).toBe(1);
    a.send(new TextEncoder().encode('ping'));
    b.send(new TextEncoder().encode('pong'));
    net.run(() => net.events('a', 'data').length > 0 && net.events('b', 'data').length > 0);
    const da = net.events('a', 'data')[0]!;
    const db = net.events('b', 'data')[0]!;
    expect(da.type === 'data' && new TextDecoder().decode(da.data)).toBe('pong');
    expect(db.type === 'data' && new TextDecoder().decode(db.data)).toBe('ping');
    expect(a.counters.retransmissions + b.counters.retransmissions).toBe(0);
  });

  const suites = Object.keys(CIPHER_SUITES) as CipherSuiteName[];
  let combo = 0;
  for (const name of suites) {
    for (const group of ['x25519', 'p-256', 'p-384'] as const) {
      // Every suite × group, spread over 0-30 % loss with duplication and reordering.
      const loss = [0, 0.1, 0.2, 0.3][combo % 4]!;
      const seed = ++combo;
      test(`${name} with ${group}, ${loss * 100}% loss`, async () => {
        const { ec, ec2, rsa } = await certs();
        const serverCert = CIPHER_SUITES[name].auth === 'rsa' ? rsa : ec2;
        const { a, b } = pair(ec, serverCert, { cipherSuites: [name], groups: [group] }, {}, {}, seed);
        const net = new Net(a, b, { seed: 7 + seed, loss, duplicate: loss ? 0.1 : 0, jitter: loss ? 10 : 0 });
        a.start(0);
        net.run(() => net.connected());
        expect(net.connected()).toBe(true);
        expect(a.cipherSuite).toBe(name);
        expect(b.cipherSuite).toBe(name);
        for (let i = 0; i < 20 && net.events('b', 'data').length === 0; i++) {
          a.send(new Uint8Array(1000).fill(1));
          net.run(() => net.events('b', 'data').length > 0, net.now + 50);
        }
        expect(net.events('b', 'data').length).toBeGreaterThan(0);
        expect(toHex(a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60))).toBe(toHex(b.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)));
      });
    }
  }

  test('RSA client certificate against an ECDSA server (CertificateVerify with RSA)', async () => {
    const { ec, rsa } = await certs();
    for (const schemes of [['rsa_pss_rsae_sha256', 'ecdsa_secp256r1_sha256'], ['rsa_pkcs1_sha256', 'ecdsa_secp256r1_sha256']] as const) {
      const { a, b } = pair(rsa, ec, { signatureSchemes: [...schemes] });
      const net = new Net(a, b);
      a.start(0);
      net.run(() => net.connected());
      expect(net.connected()).toBe(true);
    }
  });

  test('SRTP profile order is configurable; the server picks its first one the client offers', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2, {}, { srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_32', 'SRTP_AES128_CM_HMAC_SHA1_80'] }, { srtpProfiles: ['SRTP_AEAD_AES_256_GCM', 'SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AES128_CM_HMAC_SHA1_32'] });
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    const c = net.events('a', 'connected')[0]!;
    expect(c.type === 'connected' && c.srtpProfile).toBe('SRTP_AES128_CM_HMAC_SHA1_80');
    expect(a.srtpKeyingMaterial().localMasterSalt.length).toBe(14);
    const { a: a2, b: b2 } = pair(ec, ec2, {}, {}, { srtpProfiles: ['SRTP_AEAD_AES_256_GCM'] });
    const net2 = new Net(a2, b2);
    a2.start(0);
    net2.run(() => net2.connected());
    expect(a2.srtpKeyingMaterial().localMasterKey.length).toBe(32);
  });

  for (const loss of [0.1, 0.2, 0.3]) {
    test(`handshake completes under ${loss * 100}% loss, duplication and reordering, many seeds, both roles`, async () => {
      const { ec, ec2 } = await certs();
      let retransmits = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const { a, b } = pair(ec, ec2, { mtu: 500 }, {}, {}, seed);
        const net = new Net(a, b, { loss, duplicate: 0.1, jitter: 15, seed });
        a.start(0);
        net.run(() => net.connected());
        expect(net.connected()).toBe(true);
        expect(toHex(a.exportKeyingMaterial('x', 16))).toBe(toHex(b.exportKeyingMaterial('x', 16)));
        retransmits += a.counters.retransmissions + b.counters.retransmissions;
        // data still gets through (each side sends until one arrives)
        for (let i = 0; i < 20 && net.events('b', 'data').length === 0; i++) {
          a.send(new Uint8Array([i]));
          net.run(() => net.events('b', 'data').length > 0, net.now + 50);
        }
        expect(net.events('b', 'data').length).toBeGreaterThan(0);
      }
      expect(retransmits).toBeGreaterThan(0);
    });
  }

  test('a lost flight on a fast link costs tens of ms, and the timer backs off exponentially', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    let dropped = false;
    const net = new Net(a, b, { tamper: (from, d) => (from === 'b' && !dropped && d.length > 600 ? ((dropped = true), undefined) : d) });
    a.start(0);
    net.run(() => net.connected());
    expect(net.connected()).toBe(true);
    expect(net.now).toBeLessThan(60);
    // nothing ever answers: deadlines double up to the cap, then fail
    const { a: lone } = pair(ec, ec2, { initialRetransmitMs: 1000, maxRetransmissions: 8 });
    lone.start(0);
    const deadlines: number[] = [];
    let t = lone.pollTimeout();
    while (t !== undefined) {
      deadlines.push(t);
      lone.handleTimeout(t);
      t = lone.pollTimeout();
    }
    const gaps = deadlines.map((d, i) => d - (deadlines[i - 1] ?? 0));
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    const err = lone.pollEvent();
    expect(err?.type).toBe('error');
    expect(err?.type === 'error' && err.error.code).toBe('timeout');
    expect(lone.state).toBe('failed');
  });

  test('a lost flight 6 is recovered: the client retransmits flight 5, the finished server answers with flight 6', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    let dropped = 0;
    // drop the server's first flight 6 (its only datagram after flight 4)
    const net = new Net(a, b, { tamper: (from, d, i) => (from === 'b' && i === 2 && ++dropped ? undefined : d) });
    a.start(0);
    net.run(() => net.connected());
    expect(dropped).toBe(1);
    expect(net.connected()).toBe(true);
    expect(a.counters.retransmissions).toBe(1);
    expect(b.counters.retransmissionsOnRequest).toBe(1);
    // the client, once finished, does not answer duplicates of flight 6
    const before = net.sent.a;
    net.run(() => false, net.now + 500);
    expect(net.sent.a).toBe(before);
  });

  test('close_notify closes both sides', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    b.close();
    net.run(() => net.events('a', 'closed').length > 0);
    expect(a.state).toBe('closed');
    expect(b.state).toBe('closed');
    expect(() => a.send(new Uint8Array(1))).toThrow(expect.objectContaining({ name: 'StateError' }));
  });

  test('remote fingerprint learned after the handshake: connected only then; data held until then', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2, {}, { remoteFingerprints: undefined });
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.events('b', 'connected').length > 0);
    net.run(() => false, net.now + 100);
    b.send(new Uint8Array([42]));
    net.run(() => false, net.now + 100);
    expect(a.state).toBe('finished');
    expect(net.events('a', 'connected')).toEqual([]);
    expect(() => a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toThrow(expect.objectContaining({ name: 'StateError' }));
    a.setRemoteFingerprints([{ algorithm: 'sha-256', value: require('./sim').fp(ec2)[0].value }]);
    const evs: string[] = [];
    for (let e = a.pollEvent(); e; e = a.pollEvent()) evs.push(e.type);
    expect(evs).toEqual(['connected', 'data']);
  });

  test('renegotiation is refused with a no_renegotiation warning; the association survives', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = pair(ec, ec2);
    const net = new Net(a, b);
    a.start(0);
    net.run(() => net.connected());
    // A HelloRequest from the server in epoch 1: build it with the server's record layer.
    const seq = (b as unknown as { nextSendSeq: number }).nextSendSeq;
    const hr = new Uint8Array([0, 0, 0, 0, seq >> 8, seq & 0xff, 0, 0, 0, 0, 0, 0]);
    (b as unknown as { sendRecord(t: number, p: Uint8Array): void }).sendRecord(22, hr);
    const t = b.pollTransmit()!;
    a.handle(net.now, t.data);
    const reply = a.pollTransmit()!;
    expect(reply).toBeDefined();
    // it is an alert record in epoch 1 (protected): type 21
    expect(reply.data[0]).toBe(21);
    expect(reply.data[4]).toBe(1);
    expect(a.counters.renegotiationsRefused).toBe(1);
    b.handle(net.now, reply.data); // warning alert: ignored
    expect(a.state).toBe('finished');
    expect(b.state).toBe('finished');
    b.send(new Uint8Array([5]));
    a.handle(net.now, b.pollTransmit()!.data);
    expect(a.pollEvent()?.type).toBe('data');
  });
});
