/**
 * Issue 4, point by point, where the other test files did not pin a
 * requirement down: the extended master secret policy (RFC 7627), the
 * required client certificate, CertificateVerify / ServerKeyExchange
 * signatures per scheme (and forged ones), all four use_srtp profiles, the
 * group actually used for ECDHE, renegotiation by a new ClientHello, close
 * from either side, several records per datagram, the MTU, the initial timer.
 */
import { concatBytes, seededRandom, toHex, type Components, type CryptoProvider, type NamedGroup, type SignatureScheme } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { DtlsEndpoint, SRTP_PROFILES, type DtlsCertificate, type DtlsEndpointOptions, type SrtpProfileName } from '@purertc/dtls';
import { encodeHandshakeMessage, parseHandshakeFragments } from '../src/handshake';
import { encodeCertificate } from '../src/messages/certificate';
import { encodeClientHello } from '../src/messages/client-hello';
import { parseRecords } from '../src/record';
import { certs, fp, Net } from './sim';

jest.setTimeout(60_000);

/** A node:crypto provider that records what it is asked to do and can forge signatures. */
function spyCrypto(opts: { forgeSignatures?: boolean } = {}) {
  const signed: SignatureScheme[] = [];
  const groups: NamedGroup[] = [];
  const proto = Object.getPrototypeOf(nodeCrypto) as Record<string, unknown>;
  const crypto = {} as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(proto)) {
    const v = (nodeCrypto as unknown as Record<string, unknown>)[k];
    if (k !== 'constructor' && typeof v === 'function') crypto[k] = (v as (...a: unknown[]) => unknown).bind(nodeCrypto);
  }
  crypto.sign = (scheme: SignatureScheme, key: Parameters<CryptoProvider['sign']>[1], data: Uint8Array) => {
    signed.push(scheme);
    // A well-formed signature over other bytes: only verification can catch it.
    return nodeCrypto.sign(scheme, key, opts.forgeSignatures ? concatBytes([data, new Uint8Array([0])]) : data);
  };
  crypto.generateKeyAgreement = (g: NamedGroup) => {
    groups.push(g);
    return nodeCrypto.generateKeyAgreement(g);
  };
  return { crypto: crypto as unknown as CryptoProvider, signed, groups };
}

interface Side {
  cert: DtlsCertificate;
  options?: Partial<DtlsEndpointOptions>;
  forge?: boolean;
  debug?: string[];
}

function endpoints(client: Side, server: Side, seed = 1) {
  const sc = spyCrypto({ forgeSignatures: client.forge });
  const ss = spyCrypto({ forgeSignatures: server.forge });
  const comp = (crypto: CryptoProvider, s: number, debug?: string[]): Components => ({
    crypto,
    random: seededRandom(s),
    ...(debug ? { log: { debug: (m: string) => debug.push(m), info() {}, warn() {} } } : {}),
  });
  const a = new DtlsEndpoint(
    { role: 'client', certificate: client.cert, remoteFingerprints: fp(server.cert), initialRetransmitMs: 20, ...client.options },
    comp(sc.crypto, seed * 2 + 1, client.debug),
  );
  const b = new DtlsEndpoint(
    { role: 'server', certificate: server.cert, remoteFingerprints: fp(client.cert), initialRetransmitMs: 20, ...server.options },
    comp(ss.crypto, seed * 2 + 2, server.debug),
  );
  return { a, b, clientSpy: sc, serverSpy: ss };
}

function errorOf(net: Net, side: 'a' | 'b') {
  const e = net.events(side, 'error')[0];
  return e?.type === 'error' ? e.error : undefined;
}

function runToEnd(net: Net) {
  net.run(() => net.connected() || (net.events('a', 'error').length > 0 && net.events('b', 'error').length > 0), 10_000);
}

/** Private members the tests reach into to play a misbehaving peer. */
type Internals = {
  clientExtensions(): Record<string, unknown>;
  serverFlight4(hello: { extensions: Record<string, unknown> }): void;
  clientMessage(m: { type: number }): void;
  certificateRequested: unknown;
  handshakeEntry(type: number, body: Uint8Array, epoch?: number): unknown;
  nextSendSeq: number;
  sendRecord(type: number, payload: Uint8Array): void;
};
const inner = (e: DtlsEndpoint) => e as unknown as Internals;

function withoutEmsOffer(client: DtlsEndpoint) {
  const i = inner(client);
  const orig = i.clientExtensions.bind(client);
  i.clientExtensions = () => ({ ...orig(), extendedMasterSecret: undefined });
}

/** The server acts as if the client had not offered EMS, so its ServerHello lacks the extension. */
function serverWithoutEms(server: DtlsEndpoint) {
  const i = inner(server);
  const orig = i.serverFlight4.bind(server);
  i.serverFlight4 = (hello) => orig({ ...hello, extensions: { ...hello.extensions, extendedMasterSecret: undefined } });
}

describe('extended master secret (RFC 7627): required by default', () => {
  test('a client that does not offer it is refused by the server with handshake_failure (§5.3)', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec }, { cert: ec2 });
    withoutEmsOffer(a);
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(net.connected()).toBe(false);
    expect(errorOf(net, 'b')!.code).toBe('extended-master-secret-required');
    expect(errorOf(net, 'b')!.alertName).toBe('handshake_failure');
    expect(errorOf(net, 'a')!.alertFromPeer).toBe(true);
    expect(errorOf(net, 'a')!.alertName).toBe('handshake_failure');
  });

  test('a server that does not echo it is refused by the client with handshake_failure (§5.2)', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec }, { cert: ec2, options: { requireExtendedMasterSecret: false } });
    serverWithoutEms(b);
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(net.connected()).toBe(false);
    expect(errorOf(net, 'a')!.code).toBe('extended-master-secret-required');
    expect(errorOf(net, 'b')!.alertFromPeer).toBe(true);
  });

  test('requireExtendedMasterSecret: false accepts a legacy peer; connected says so; keys agree', async () => {
    const { ec, ec2 } = await certs();
    for (const legacy of ['client', 'server'] as const) {
      const { a, b } = endpoints({ cert: ec, options: { requireExtendedMasterSecret: false } }, { cert: ec2, options: { requireExtendedMasterSecret: false } });
      if (legacy === 'client') withoutEmsOffer(a);
      else serverWithoutEms(b);
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      expect(net.connected()).toBe(true);
      for (const side of ['a', 'b'] as const) {
        const c = net.events(side, 'connected')[0]!;
        expect(c.type === 'connected' && c.extendedMasterSecret).toBe(false);
      }
      expect(toHex(a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60))).toBe(toHex(b.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)));
    }
  });
});

describe('the server requests and requires the client certificate', () => {
  test('flight 4 carries a CertificateRequest; the server learns the client certificate', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec }, { cert: ec2 });
    const serverTypes: number[] = [];
    const net = new Net(a, b, {
      tamper: (from, d) => {
        if (from === 'b') {
          for (const r of parseRecords(d).records) if (r.type === 22 && r.epoch === 0) for (const f of parseHandshakeFragments(r.fragment) ?? []) serverTypes.push(f.type);
        }
        return d;
      },
    });
    a.start(0);
    runToEnd(net);
    expect(serverTypes).toEqual([3, 2, 11, 12, 13, 14]); // HVR, ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone
    const c = net.events('b', 'connected')[0]!;
    expect(c.type === 'connected' && toHex(c.peerCertificate)).toBe(toHex(ec.certificateDer));
  });

  test('a client that skips its Certificate is refused (unexpected_message)', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec }, { cert: ec2 });
    const i = inner(a);
    const orig = i.clientMessage.bind(a);
    i.clientMessage = (m) => {
      orig(m);
      if (m.type === 13) i.certificateRequested = undefined; // ignore the CertificateRequest
    };
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(net.connected()).toBe(false);
    expect(net.events('b', 'connected')).toEqual([]);
    expect(errorOf(net, 'b')!.code).toBe('unexpected-message');
    expect(errorOf(net, 'a')!.alertFromPeer).toBe(true);
  });

  test('a client that sends an empty Certificate is refused (handshake_failure)', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec }, { cert: ec2 });
    const i = inner(a);
    const orig = i.handshakeEntry.bind(a);
    i.handshakeEntry = (type, body, epoch) => orig(type, type === 11 ? encodeCertificate({ certificates: [] }) : body, epoch);
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(net.events('b', 'connected')).toEqual([]);
    expect(errorOf(net, 'b')!.code).toBe('no-certificate');
    expect(errorOf(net, 'b')!.alertName).toBe('handshake_failure');
  });

  test('requireClientCertificate: false admits an anonymous client only while no fingerprint is expected', async () => {
    const { ec, ec2 } = await certs();
    for (const expectFingerprint of [false, true]) {
      const { a, b } = endpoints({ cert: ec }, { cert: ec2, options: { requireClientCertificate: false, remoteFingerprints: expectFingerprint ? fp(ec) : undefined } });
      const i = inner(a);
      const orig = i.clientMessage.bind(a);
      i.clientMessage = (m) => {
        orig(m);
        if (m.type === 13) i.certificateRequested = undefined;
      };
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      if (expectFingerprint) {
        expect(net.events('b', 'connected')).toEqual([]);
        expect(errorOf(net, 'b')!.code).toBe('no-certificate');
      } else {
        expect(net.connected()).toBe(true);
        const c = net.events('b', 'connected')[0]!;
        expect(c.type === 'connected' && c.peerCertificate.length).toBe(0);
      }
    }
  });
});

describe('signatures: CertificateVerify and ServerKeyExchange per scheme, forged ones refused', () => {
  const cases: { name: string; client: 'ec' | 'rsa'; server: 'ec2' | 'rsa'; schemes: SignatureScheme[]; clientScheme: SignatureScheme; serverScheme: SignatureScheme }[] = [
    { name: 'ECDSA P-256 both ways', client: 'ec', server: 'ec2', schemes: ['ecdsa_secp256r1_sha256'], clientScheme: 'ecdsa_secp256r1_sha256', serverScheme: 'ecdsa_secp256r1_sha256' },
    { name: 'RSA-PSS (rsae) SHA-256', client: 'rsa', server: 'rsa', schemes: ['rsa_pss_rsae_sha256'], clientScheme: 'rsa_pss_rsae_sha256', serverScheme: 'rsa_pss_rsae_sha256' },
    { name: 'RSA PKCS#1 v1.5 SHA-256', client: 'rsa', server: 'rsa', schemes: ['rsa_pkcs1_sha256'], clientScheme: 'rsa_pkcs1_sha256', serverScheme: 'rsa_pkcs1_sha256' },
    { name: 'RSA client (PSS), ECDSA server', client: 'rsa', server: 'ec2', schemes: ['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256'], clientScheme: 'rsa_pss_rsae_sha256', serverScheme: 'ecdsa_secp256r1_sha256' },
  ];
  for (const c of cases) {
    test(`${c.name}: the expected schemes are used and verify`, async () => {
      const all = await certs();
      const opts = { signatureSchemes: c.schemes, cipherSuites: [c.server === 'rsa' ? 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' : 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] as const };
      const { a, b, clientSpy, serverSpy } = endpoints({ cert: all[c.client], options: { ...opts, cipherSuites: [...opts.cipherSuites] } }, { cert: all[c.server], options: { ...opts, cipherSuites: [...opts.cipherSuites] } });
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      expect(net.connected()).toBe(true);
      expect(clientSpy.signed).toEqual([c.clientScheme]); // CertificateVerify
      expect(serverSpy.signed).toEqual([c.serverScheme]); // ServerKeyExchange
    });
    test(`${c.name}: a forged CertificateVerify is refused with decrypt_error`, async () => {
      const all = await certs();
      const { a, b } = endpoints({ cert: all[c.client], forge: true, options: { signatureSchemes: c.schemes } }, { cert: all[c.server], options: { signatureSchemes: c.schemes } });
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      expect(net.events('b', 'connected')).toEqual([]);
      expect(errorOf(net, 'b')!.code).toBe('bad-signature');
      expect(errorOf(net, 'b')!.alertName).toBe('decrypt_error');
    });
    test(`${c.name}: a forged ServerKeyExchange is refused with decrypt_error`, async () => {
      const all = await certs();
      const { a, b } = endpoints({ cert: all[c.client], options: { signatureSchemes: c.schemes } }, { cert: all[c.server], forge: true, options: { signatureSchemes: c.schemes } });
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      expect(net.connected()).toBe(false);
      expect(errorOf(net, 'a')!.code).toBe('bad-signature');
      expect(errorOf(net, 'b')!.alertFromPeer).toBe(true);
    });
  }
});

describe('use_srtp (RFC 5764): each of the four profiles negotiated', () => {
  const lengths: Record<SrtpProfileName, [number, number]> = {
    SRTP_AES128_CM_HMAC_SHA1_80: [16, 14],
    SRTP_AES128_CM_HMAC_SHA1_32: [16, 14],
    SRTP_AEAD_AES_128_GCM: [16, 12], // RFC 7714 §12
    SRTP_AEAD_AES_256_GCM: [32, 12],
  };
  const all = Object.keys(SRTP_PROFILES) as SrtpProfileName[];
  test('the four profiles are the ones the issue names', () => {
    expect([...all].sort()).toEqual(Object.keys(lengths).sort());
  });
  for (const profile of all) {
    test(`${profile}: server preference wins among the client's offers; keys split per RFC 5764 §4.2`, async () => {
      const { ec, ec2 } = await certs();
      const serverOrder = [profile, ...all.filter((p) => p !== profile)];
      const clientOrder = [...all.filter((p) => p !== profile), profile]; // the client lists it last
      const { a, b } = endpoints({ cert: ec, options: { srtpProfiles: clientOrder } }, { cert: ec2, options: { srtpProfiles: serverOrder } });
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      for (const side of ['a', 'b'] as const) {
        const c = net.events(side, 'connected')[0]!;
        expect(c.type === 'connected' && c.srtpProfile).toBe(profile);
      }
      const [k, s] = lengths[profile];
      const ka = a.srtpKeyingMaterial();
      const kb = b.srtpKeyingMaterial();
      expect(ka.profile).toBe(profile);
      expect([ka.localMasterKey.length, ka.localMasterSalt.length]).toEqual([k, s]);
      const exported = a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 2 * (k + s));
      expect(toHex(exported)).toBe(toHex(concatBytes([ka.clientMasterKey, ka.serverMasterKey, ka.clientMasterSalt, ka.serverMasterSalt])));
      expect(toHex(ka.localMasterKey)).toBe(toHex(kb.remoteMasterKey));
      expect(toHex(ka.localMasterSalt)).toBe(toHex(kb.remoteMasterSalt));
      expect(toHex(kb.localMasterKey)).toBe(toHex(ka.remoteMasterKey));
      expect(toHex(ka.localMasterKey)).not.toBe(toHex(ka.remoteMasterKey));
    });
  }
  test('no profile in common: no use_srtp, srtpKeyingMaterial() throws, the exporter still works', async () => {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec, options: { srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_32'] } }, { cert: ec2, options: { srtpProfiles: ['SRTP_AEAD_AES_128_GCM'] } });
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    const c = net.events('a', 'connected')[0]!;
    expect(c.type === 'connected' && c.srtpProfile).toBeUndefined();
    expect(() => a.srtpKeyingMaterial()).toThrow(expect.objectContaining({ name: 'StateError' }));
    expect(a.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60).length).toBe(60);
  });
});

describe('supported_groups: the ECDHE group actually used', () => {
  for (const group of ['x25519', 'p-256', 'p-384'] as const) {
    test(`${group}: both sides generate a ${group} key share and nothing else`, async () => {
      const { ec, ec2 } = await certs();
      const { a, b, clientSpy, serverSpy } = endpoints({ cert: ec, options: { groups: [group] } }, { cert: ec2 });
      const net = new Net(a, b);
      a.start(0);
      runToEnd(net);
      expect(net.connected()).toBe(true);
      expect(clientSpy.groups).toEqual([group]);
      expect(serverSpy.groups).toEqual([group]);
    });
  }
  test("the server's preference order picks among the client's groups", async () => {
    const { ec, ec2 } = await certs();
    const { a, b, clientSpy } = endpoints({ cert: ec, options: { groups: ['p-384', 'p-256', 'x25519'] } }, { cert: ec2, options: { groups: ['p-256', 'p-384'] } });
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(clientSpy.groups).toEqual(['p-256']);
  });
});

describe('renegotiation refused, close either way, records per datagram, MTU, timers', () => {
  async function connectedPair(client: Partial<DtlsEndpointOptions> = {}, server: Partial<DtlsEndpointOptions> = {}, debug?: { a?: string[]; b?: string[] }) {
    const { ec, ec2 } = await certs();
    const { a, b } = endpoints({ cert: ec, options: client, debug: debug?.a }, { cert: ec2, options: server, debug: debug?.b });
    const net = new Net(a, b);
    a.start(0);
    runToEnd(net);
    expect(net.connected()).toBe(true);
    return { a, b, net };
  }

  test('a new ClientHello after the handshake gets a no_renegotiation warning (RFC 5746 §4.4, RFC 5246 §7.2.2); the association lives on', async () => {
    const debugA: string[] = [];
    const { a, b, net } = await connectedPair({}, {}, { a: debugA });
    const i = inner(a);
    const hello = encodeClientHello({
      clientVersion: 0xfefd,
      random: new Uint8Array(32).fill(9),
      sessionId: new Uint8Array(0),
      cookie: new Uint8Array(0),
      cipherSuites: [0xc02b],
      compressionMethods: [0],
      extensions: { renegotiationInfo: new Uint8Array(12), extendedMasterSecret: true },
    });
    // RFC 6347 §4.2.2: message_seq restarts at 0 in every handshake, so to a
    // reassembler this looks like a retransmitted flight 3 (it must not trigger flight 6).
    i.sendRecord(22, encodeHandshakeMessage(1, 0, hello)); // protected, epoch 1
    const t = a.pollTransmit()!;
    expect(t.data[4]).toBe(1);
    b.handle(net.now + 1000, t.data);
    const reply = b.pollTransmit()!;
    expect(b.pollTransmit()).toBeUndefined(); // one record: no ServerHello, no flight 6
    expect([reply.data[0], reply.data[4]]).toEqual([21, 1]); // a protected alert
    expect(b.counters.renegotiationsRefused).toBe(1);
    expect(b.counters.retransmissionsOnRequest).toBe(0);
    a.handle(net.now, reply.data);
    expect(debugA.some((m) => /warning alert no_renegotiation/.test(m))).toBe(true);
    expect([a.state, b.state]).toEqual(['finished', 'finished']);
    a.send(new Uint8Array([1]));
    b.handle(net.now, a.pollTransmit()!.data);
    expect(b.pollEvent()).toEqual({ type: 'data', data: new Uint8Array([1]) });
    b.send(new Uint8Array([2]));
    a.handle(net.now, b.pollTransmit()!.data);
    expect(a.pollEvent()).toEqual({ type: 'data', data: new Uint8Array([2]) });
  });

  test('an unprotected ClientHello after the handshake (a restarting client) is ignored and counted, never answered', async () => {
    const { a, b, net } = await connectedPair();
    const { ec } = await certs();
    const fresh = new DtlsEndpoint({ role: 'client', certificate: ec }, { crypto: nodeCrypto, random: seededRandom(99) });
    fresh.start(0);
    const before = b.counters.ignoredRecords;
    b.handle(net.now + 1000, fresh.pollTransmit()!.data);
    expect(b.pollTransmit()).toBeUndefined();
    expect(b.counters.ignoredRecords).toBe(before + 1);
    expect(b.counters.renegotiationsRefused).toBe(0);
    expect(b.state).toBe('finished');
    a.send(new Uint8Array([7]));
    b.handle(net.now + 1000, a.pollTransmit()!.data);
    expect(b.pollEvent()).toEqual({ type: 'data', data: new Uint8Array([7]) });
  });

  test('close() by the client: close_notify, the server answers with its own and both are closed', async () => {
    const { a, b, net } = await connectedPair();
    a.close();
    expect(a.state).toBe('closed');
    net.run(() => net.events('b', 'closed').length > 0);
    const closed = net.events('b', 'closed')[0]!;
    expect(closed.type === 'closed' && closed.reason).toBe('close_notify received');
    expect(b.state).toBe('closed');
    expect(b.counters.recordsReceived).toBeGreaterThan(0);
    // the server's reply close_notify reached the closed client and was ignored
    net.run(() => false, net.now + 100);
    expect(net.events('a', 'closed').length).toBe(1);
    expect(a.counters.ignoredRecords).toBeGreaterThan(0);
    expect(() => b.send(new Uint8Array(1))).toThrow(expect.objectContaining({ name: 'StateError' }));
  });

  test('several application records in one datagram are all delivered, in order', async () => {
    const { a, b, net } = await connectedPair();
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      a.send(new Uint8Array([i, i, i]));
      parts.push(a.pollTransmit()!.data);
    }
    b.handle(net.now, concatBytes(parts));
    const got: number[] = [];
    for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'data') got.push(e.data[0]!);
    expect(got).toEqual([0, 1, 2]);
    expect(b.counters.recordsReceived).toBeGreaterThanOrEqual(3);
  });

  test('an old record left of the anti-replay window is dropped', async () => {
    const { a, b, net } = await connectedPair({}, { replayWindow: 32 });
    const recs: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      a.send(new Uint8Array([i]));
      recs.push(a.pollTransmit()!.data);
    }
    b.handle(net.now, recs[39]!);
    b.handle(net.now, recs[0]!); // 39 behind the newest, window 32
    b.handle(net.now, recs[20]!); // inside the window, not seen: accepted
    const got: number[] = [];
    for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'data') got.push(e.data[0]!);
    expect(got).toEqual([39, 20]);
    expect(b.counters.replayed).toBe(1);
  });

  for (const mtu of [300, 576, 1200]) {
    test(`every handshake datagram fits the MTU (${mtu}); flights pack several records per datagram`, async () => {
      const { ec, rsa } = await certs();
      const { a, b } = endpoints({ cert: rsa, options: { mtu } }, { cert: rsa, options: { mtu, cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] } });
      void ec;
      let largest = 0;
      let multiRecord = 0;
      let fragmented = 0;
      const net = new Net(a, b, {
        tamper: (_from, d) => {
          largest = Math.max(largest, d.length);
          const { records } = parseRecords(d);
          if (records.length > 1) multiRecord++;
          for (const r of records) if (r.type === 22 && r.epoch === 0) for (const f of parseHandshakeFragments(r.fragment) ?? []) if (f.fragmentLength < f.length) fragmented++;
          return d;
        },
      });
      a.start(0);
      runToEnd(net);
      expect(net.connected()).toBe(true);
      expect(largest).toBeLessThanOrEqual(mtu);
      expect(multiRecord).toBeGreaterThan(0);
      // RSA-2048 certificates are ~800 bytes: fragmented below that MTU, whole above it
      if (mtu < 800) expect(fragmented).toBeGreaterThan(0);
      else expect(fragmented).toBe(0);
    });
  }

  test('the initial retransmission timeout defaults to 100 ms and is configurable', async () => {
    const { ec, ec2 } = await certs();
    const { a } = endpoints({ cert: ec, options: { initialRetransmitMs: undefined } }, { cert: ec2 });
    a.start(1000);
    expect(a.pollTimeout()).toBe(1100);
    const { a: a2 } = endpoints({ cert: ec, options: { initialRetransmitMs: 30, maxRetransmitMs: 120 } }, { cert: ec2 });
    a2.start(0);
    const gaps: number[] = [];
    let last = 0;
    for (let i = 0; i < 5; i++) {
      const t = a2.pollTimeout()!;
      gaps.push(t - last);
      last = t;
      a2.handleTimeout(t);
    }
    expect(gaps).toEqual([30, 60, 120, 120, 120]);
  });
});
