/**
 * Interop with OpenSSL's DTLS 1.2 (`openssl s_server` / `s_client`) over real
 * UDP on loopback, both roles: the exported SRTP keying material must be
 * byte-identical to OpenSSL's, and application data must flow both ways.
 * Child processes are always killed; every wait is bounded.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { toHex } from '@purertc/common';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { certificateFingerprint, DtlsEndpoint, generateDtlsCertificate, type CipherSuiteName, type DtlsCertificate, type DtlsEvent } from '@purertc/dtls';

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

function startOpenssl(args: string[]): { proc: ChildProcessWithoutNullStreams; output: () => string; waitFor: (re: RegExp) => Promise<RegExpMatchArray> } {
  const proc = spawn('openssl', args);
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
