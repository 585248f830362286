/**
 * Interop with OpenSSL's DTLS 1.2 (`openssl s_server` / `s_client`) over real
 * UDP on loopback, both roles: the exported SRTP keying material must be
 * byte-identical to OpenSSL's, and application data must flow both ways.
 * Child processes are always killed; every wait is bounded.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { toHex } from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { certificateFingerprint, DtlsEndpoint, generateDtlsCertificate, type CipherSuiteName, type DtlsCertificate, type DtlsEndpointOptions, type DtlsEvent } from '@purertc/dtls';

jest.setTimeout(30_000);

const hasOpenssl = (() => {
  try {
    return /OpenSSL 3|OpenSSL 1\.1/.test(execFileSync('openssl', ['version']).toString());
  } catch {
    return false;
  }
})();

let dir: string;
let opensslCertDer: Uint8Array;
let ours: DtlsCertificate;
const children: ChildProcessWithoutNullStreams[] = [];
const sockets: dgram.Socket[] = [];

beforeAll(async () => {
  if (!hasOpenssl) throw new Error('openssl is required for the DTLS interop tests (.ci/run installs it)');
  dir = mkdtempSync(join(tmpdir(), 'purertc-dtls-'));
  for (const [name, args] of [
    ['ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']],
    ['rsa', ['-newkey', 'rsa:2048']],
  ] as const) {
    execFileSync('openssl', ['req', '-x509', ...args, '-nodes', '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}-cert.pem`), '-subj', '/CN=openssl-peer', '-days', '1'], { stdio: 'ignore' });
  }
  opensslCertDer = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'ec-cert.pem'))).raw);
  ours = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
});

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of sockets.splice(0)) s.close();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref())]);
}

function startOpenssl(args: string[], env?: Record<string, string>): { proc: ChildProcessWithoutNullStreams; output: () => string; waitFor: (re: RegExp) => Promise<RegExpMatchArray> } {
  const proc = spawn('openssl', args, env ? { env: { ...process.env, ...env } } : {});
  children.push(proc);
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  return {
    proc,
    output: () => out,
    waitFor: (re) =>
      new Promise((resolve) => {
        const m = out.match(re);
        if (m) resolve(m);
        else waiters.push({ re, resolve });
      }),
  };
}

/** Drives an endpoint over a real UDP socket with real timers (the driver's job, done here for the test). */
function drive(ep: DtlsEndpoint, sock: dgram.Socket, peer: { address: string; port: number } | undefined) {
  const events: DtlsEvent[] = [];
  const listeners: ((e: DtlsEvent) => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let to = peer;
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const flush = () => {
    for (let t = ep.pollTransmit(); t; t = ep.pollTransmit()) if (to) sock.send(t.data, to.port, to.address);
    for (let e = ep.pollEvent(); e; e = ep.pollEvent()) {
      events.push(e);
      for (const l of listeners) l(e);
    }
    if (timer) clearTimeout(timer);
    const d = ep.pollTimeout();
    if (d !== undefined) {
      timer = setTimeout(() => {
        ep.handleTimeout(now());
        flush();
      }, Math.max(0, d - now()));
      timer.unref();
    }
  };
  sock.on('message', (msg, rinfo) => {
    to ??= { address: rinfo.address, port: rinfo.port };
    ep.handle(now(), msg, { address: rinfo.address, port: rinfo.port });
    flush();
  });
  const next = (type: DtlsEvent['type']) =>
    new Promise<DtlsEvent>((resolve) => {
      const have = events.find((e) => e.type === type);
      if (have) return resolve(have);
      const l = (e: DtlsEvent) => {
        if (e.type === type) {
          listeners.splice(listeners.indexOf(l), 1);
          resolve(e);
        }
      };
      listeners.push(l);
    });
  return { flush, next, events, stop: () => timer && clearTimeout(timer) };
}

async function udpSocket(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
}

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

const enc = new TextEncoder();

describe('DTLS interop with OpenSSL on loopback', () => {
  test.each([
    ['SRTP_AES128_CM_SHA1_80', 'SRTP_AES128_CM_HMAC_SHA1_80', undefined],
    ['SRTP_AEAD_AES_128_GCM', 'SRTP_AEAD_AES_128_GCM', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  ] as const)('our client, openssl s_server (-use_srtp %s)', async (opensslProfile, ourProfile, cipher) => {
    const port = await freePort();
    const server = startOpenssl([
      's_server', '-dtls1_2', '-accept', `127.0.0.1:${port}`,
      '-cert', join(dir, 'ec-cert.pem'), '-key', join(dir, 'ec-key.pem'),
      '-use_srtp', opensslProfile, '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60',
      '-verify', '1', '-naccept', '1', ...(cipher ? ['-cipher', cipher] : []),
    ]);
    await within(5000, 's_server ready', server.waitFor(/ACCEPT/));
    const sock = await udpSocket();
    const ep = new DtlsEndpoint(
      { role: 'client', certificate: ours, remoteFingerprints: [certificateFingerprint(opensslCertDer, 'sha-256', nodeCrypto)], initialRetransmitMs: 50 },
      { crypto: nodeCrypto, random: nodeRandom },
    );
    const d = drive(ep, sock, { address: '127.0.0.1', port });
    ep.start(0);
    d.flush();
    const connected = await within(10_000, 'handshake with s_server', d.next('connected'));
    expect(connected.type === 'connected' && connected.srtpProfile).toBe(ourProfile);
    if (cipher) expect(ep.cipherSuite).toBe<CipherSuiteName>('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
    const m = await within(5000, 'openssl keying material', server.waitFor(/Keying material: ([0-9A-F]+)/i));
    expect(m[1]!.toLowerCase()).toBe(toHex(ep.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)));
    // data both ways
    ep.send(enc.encode('hello from purertc\n'));
    d.flush();
    await within(5000, 'openssl prints our data', server.waitFor(/hello from purertc/));
    server.proc.stdin.write('hello from openssl\n');
    const data = await within(5000, 'data from openssl', d.next('data'));
    expect(data.type === 'data' && new TextDecoder().decode(data.data)).toContain('hello from openssl');
    ep.close();
    d.flush();
    d.stop();
  });

  test.each([
    ['ec', undefined, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    ['rsa', 'ECDHE-RSA-AES256-GCM-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
  ] as const)('our server, openssl s_client (%s client key, cipher %s)', async (clientKey, cipher, expectedSuite) => {
    const sock = await udpSocket();
    const port = sock.address().port;
    const ourServerCert = clientKey === 'rsa' ? await generateDtlsCertificate(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      { crypto: globalThis.crypto, now: Date.now() },
    ) : ours;
    const clientCertDer = new Uint8Array(new X509Certificate(readFileSync(join(dir, `${clientKey}-cert.pem`))).raw);
    const ep = new DtlsEndpoint(
      { role: 'server', certificate: ourServerCert, remoteFingerprints: [certificateFingerprint(clientCertDer, 'sha-256', nodeCrypto)], initialRetransmitMs: 50, srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_80'] },
      { crypto: nodeCrypto, random: nodeRandom },
    );
    const d = drive(ep, sock, undefined);
    const client = startOpenssl([
      's_client', '-dtls1_2', '-connect', `127.0.0.1:${port}`,
      '-cert', join(dir, `${clientKey}-cert.pem`), '-key', join(dir, `${clientKey}-key.pem`),
      '-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60',
      ...(cipher ? ['-cipher', cipher] : []),
    ]);
    const connected = await within(10_000, 'handshake with s_client', d.next('connected'));
    expect(connected.type === 'connected' && connected.srtpProfile).toBe('SRTP_AES128_CM_HMAC_SHA1_80');
    expect(ep.cipherSuite).toBe(expectedSuite);
    const m = await within(5000, 'openssl keying material', client.waitFor(/Keying material: ([0-9A-F]+)/i));
    expect(m[1]!.toLowerCase()).toBe(toHex(ep.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)));
    const srtp = ep.srtpKeyingMaterial();
    expect(toHex(srtp.clientMasterKey) + toHex(srtp.serverMasterKey) + toHex(srtp.clientMasterSalt) + toHex(srtp.serverMasterSalt)).toBe(m[1]!.toLowerCase());
    client.proc.stdin.write('hello from openssl\n');
    const data = await within(5000, 'data from openssl', d.next('data'));
    expect(data.type === 'data' && new TextDecoder().decode(data.data)).toContain('hello from openssl');
    ep.send(enc.encode('hello from purertc\n'));
    d.flush();
    await within(5000, 'openssl prints our data', client.waitFor(/hello from purertc/));
    ep.close();
    d.flush();
    d.stop();
  });
});

/**
 * More of issue 4 against a real peer: more suites, SRTP profiles and groups
 * in both roles; OpenSSL's CertificateVerify with RSA PKCS#1 and RSA-PSS; the
 * extended master secret policy (OpenSSL with EMS disabled through its
 * system_default SSL_CONF section, as the 3.0 CLI has no -no_ems); a client
 * without a certificate; a renegotiation attempt from s_client ("R").
 */
describe('DTLS interop with OpenSSL: policies and more parameters', () => {
  let noEmsConf: string;
  beforeAll(() => {
    noEmsConf = join(dir, 'no-ems.cnf');
    writeFileSync(
      noEmsConf,
      ['openssl_conf = default_conf', '[default_conf]', 'ssl_conf = ssl_sect', '[ssl_sect]', 'system_default = sd', '[sd]', 'Options = -ExtendedMasterSecret', ''].join('\n'),
    );
  });

  const der = (name: string) => new Uint8Array(new X509Certificate(readFileSync(join(dir, `${name}-cert.pem`))).raw);

  /** Our server, `openssl s_client` with `args`; resolves with the endpoint, its driver and the client. */
  async function ourServer(options: Partial<DtlsEndpointOptions>, clientKey: 'ec' | 'rsa' | undefined, args: string[], env?: Record<string, string>) {
    const sock = await udpSocket();
    const port = sock.address().port;
    const ep = new DtlsEndpoint(
      { role: 'server', certificate: ours, remoteFingerprints: clientKey ? [certificateFingerprint(der(clientKey), 'sha-256', nodeCrypto)] : undefined, initialRetransmitMs: 50, ...options },
      { crypto: nodeCrypto, random: nodeRandom },
    );
    const d = drive(ep, sock, undefined);
    const client = startOpenssl(
      ['s_client', '-dtls1_2', '-connect', `127.0.0.1:${port}`, ...(clientKey ? ['-cert', join(dir, `${clientKey}-cert.pem`), '-key', join(dir, `${clientKey}-key.pem`)] : []), ...args],
      env,
    );
    return { ep, d, client };
  }

  async function expectKeysAndData(ep: DtlsEndpoint, d: ReturnType<typeof drive>, peer: ReturnType<typeof startOpenssl>, length: number) {
    const m = await within(5000, 'openssl keying material', peer.waitFor(/Keying material: ([0-9A-F]+)/i));
    expect(m[1]!.toLowerCase()).toBe(toHex(ep.exportKeyingMaterial('EXTRACTOR-dtls_srtp', length)));
    ep.send(enc.encode('ping from purertc\n'));
    d.flush();
    await within(5000, 'openssl prints our data', peer.waitFor(/ping from purertc/));
    peer.proc.stdin.write('pong from openssl\n');
    const data = await within(5000, 'data from openssl', d.next('data'));
    expect(data.type === 'data' && new TextDecoder().decode(data.data)).toContain('pong from openssl');
  }

  // OpenSSL (TLS 1.2) insists that the curve of our P-256 certificate is among its
  // supported_groups, so P-256 is always listed; our server's order picks the ECDHE group.
  test.each([
    ['SRTP_AEAD_AES_256_GCM', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'x25519', 'X25519', 'X25519', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 88],
    ['SRTP_AES128_CM_SHA1_32', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'p-384', 'P-384', 'secp384r1', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 60],
    ['SRTP_AEAD_AES_128_GCM', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'p-256', 'P-256', 'prime256v1', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 56],
  ] as const)('our server, s_client -use_srtp %s -cipher %s, ECDHE %s', async (profile, cipher, group, opensslGroup, printed, suite, kmLength) => {
    const ourProfile = profile === 'SRTP_AES128_CM_SHA1_32' ? 'SRTP_AES128_CM_HMAC_SHA1_32' : profile;
    const { ep, d, client } = await ourServer({ groups: [group] }, 'ec', ['-use_srtp', profile, '-cipher', cipher, '-groups', opensslGroup === 'P-256' ? 'P-256' : `${opensslGroup}:P-256`, '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', String(kmLength)]);
    const c = await within(10_000, 'handshake with s_client', Promise.race([d.next('connected'), d.next('error')])).catch((e) => {
      throw new Error(`${e}\n${client.output()}\n${JSON.stringify(ep.counters)} ${ep.state}`);
    });
    if (c.type === 'error') throw new Error(`${c.error.message}\n${client.output()}`);
    expect(c.type === 'connected' && [c.srtpProfile, c.cipherSuite, c.extendedMasterSecret]).toEqual([ourProfile, suite, true]);
    const temp = await within(5000, 'openssl prints the ECDHE key', client.waitFor(/Server Temp Key: ([^\n]+)/));
    expect(temp[1]).toContain(printed);
    await expectKeysAndData(ep, d, client, kmLength);
    ep.close();
    d.flush();
    d.stop();
  });

  test.each([
    ['rsa_pkcs1_sha256', 'RSA+SHA256'],
    ['rsa_pss_rsae_sha256', 'rsa_pss_rsae_sha256'],
  ] as const)("our server verifies OpenSSL's RSA CertificateVerify (%s)", async (scheme, opensslName) => {
    const { ep, d, client } = await ourServer({ signatureSchemes: ['ecdsa_secp256r1_sha256', scheme] }, 'rsa', [
      '-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60', '-client_sigalgs', opensslName,
    ]);
    await within(10_000, 'handshake with s_client', d.next('connected'));
    await expectKeysAndData(ep, d, client, 60);
    ep.close();
    d.flush();
    d.stop();
  });

  test.each([
    ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'SRTP_AEAD_AES_256_GCM', 'SRTP_AEAD_AES_256_GCM', 88],
    ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'SRTP_AES128_CM_SHA1_32', 'SRTP_AES128_CM_HMAC_SHA1_32', 60],
  ] as const)('our client (%s) against s_server with an RSA certificate, -use_srtp %s, P-256', async (suite, opensslProfile, ourProfile, kmLength) => {
    const port = await freePort();
    const server = startOpenssl([
      's_server', '-dtls1_2', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'rsa-cert.pem'), '-key', join(dir, 'rsa-key.pem'),
      '-use_srtp', opensslProfile, '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', String(kmLength), '-verify', '1', '-naccept', '1', '-groups', 'P-256',
    ]);
    await within(5000, 's_server ready', server.waitFor(/ACCEPT/));
    const sock = await udpSocket();
    const ep = new DtlsEndpoint(
      { role: 'client', certificate: ours, remoteFingerprints: [certificateFingerprint(der('rsa'), 'sha-384', nodeCrypto)], initialRetransmitMs: 50, cipherSuites: [suite], srtpProfiles: [ourProfile] },
      { crypto: nodeCrypto, random: nodeRandom },
    );
    const d = drive(ep, sock, { address: '127.0.0.1', port });
    ep.start(0);
    d.flush();
    const c = await within(10_000, 'handshake with s_server', d.next('connected'));
    expect(c.type === 'connected' && [c.srtpProfile, c.cipherSuite]).toEqual([ourProfile, suite]);
    await expectKeysAndData(ep, d, server, kmLength);
    ep.close();
    d.flush();
    d.stop();
  });

  test('extended master secret: an s_client without it is refused by default, accepted (keys identical) when allowed', async () => {
    const args = ['-use_srtp', 'SRTP_AES128_CM_SHA1_80', '-keymatexport', 'EXTRACTOR-dtls_srtp', '-keymatexportlen', '60'];
    const refused = await ourServer({}, 'ec', args, { OPENSSL_CONF: noEmsConf });
    const e = await within(10_000, 'refusal', refused.d.next('error'));
    expect(e.type === 'error' && [e.error.code, e.error.alertName]).toEqual(['extended-master-secret-required', 'handshake_failure']);
    refused.d.stop();
    const legacy = await ourServer({ requireExtendedMasterSecret: false }, 'ec', args, { OPENSSL_CONF: noEmsConf });
    const c = await within(10_000, 'legacy handshake', legacy.d.next('connected'));
    expect(c.type === 'connected' && c.extendedMasterSecret).toBe(false);
    // byte-identical keys prove the RFC 5246 §8.1 (non-EMS) master secret too
    await expectKeysAndData(legacy.ep, legacy.d, legacy.client, 60);
    legacy.ep.close();
    legacy.d.flush();
    legacy.d.stop();
  });

  test('our client refuses an s_server without the extended master secret', async () => {
    const port = await freePort();
    const server = startOpenssl(['s_server', '-dtls1_2', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'ec-cert.pem'), '-key', join(dir, 'ec-key.pem'), '-naccept', '1'], { OPENSSL_CONF: noEmsConf });
    await within(5000, 's_server ready', server.waitFor(/ACCEPT/));
    const sock = await udpSocket();
    const ep = new DtlsEndpoint({ role: 'client', certificate: ours, remoteFingerprints: [certificateFingerprint(opensslCertDer, 'sha-256', nodeCrypto)], initialRetransmitMs: 50 }, { crypto: nodeCrypto, random: nodeRandom });
    const d = drive(ep, sock, { address: '127.0.0.1', port });
    ep.start(0);
    d.flush();
    const e = await within(10_000, 'refusal', d.next('error'));
    expect(e.type === 'error' && e.error.code).toBe('extended-master-secret-required');
    expect(d.events.some((x) => x.type === 'connected')).toBe(false);
    d.stop();
  });

  test('an s_client without a certificate is refused: the server requires one', async () => {
    const { ep, d } = await ourServer({}, undefined, ['-use_srtp', 'SRTP_AES128_CM_SHA1_80']);
    const e = await within(10_000, 'refusal', d.next('error'));
    expect(e.type === 'error' && [e.error.code, e.error.alertName]).toEqual(['no-certificate', 'handshake_failure']);
    expect(ep.connected).toBe(false);
    d.stop();
  });

  test('a renegotiation attempt by s_client ("R") is refused with no_renegotiation; nothing is renegotiated', async () => {
    const { ep, d, client } = await ourServer({}, 'ec', ['-use_srtp', 'SRTP_AES128_CM_SHA1_80']);
    await within(10_000, 'handshake with s_client', d.next('connected'));
    client.proc.stdin.write('R\n');
    await within(5000, 'openssl renegotiates', client.waitFor(/RENEGOTIATING/));
    // the ClientHello arrives protected, in epoch 1, and is answered with a no_renegotiation warning
    const deadline = Date.now() + 5000;
    while (ep.counters.renegotiationsRefused === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(ep.counters.renegotiationsRefused).toBe(1);
    // RFC 5246 §7.2.2 leaves the requester free to give up on a refusal; OpenSSL
    // does, with a fatal handshake_failure. The point is that nothing was renegotiated.
    const e = await within(5000, 'openssl gives up', d.next('error'));
    expect(e.type === 'error' && [e.error.alertFromPeer, e.error.alertName]).toEqual([true, 'handshake_failure']);
    expect(d.events.filter((x) => x.type === 'connected').length).toBe(1);
    await within(5000, 'openssl reports the refusal', client.waitFor(/no renegotiation/i));
    ep.close();
    d.flush();
    d.stop();
  });
});
