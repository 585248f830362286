/**
 * record_size_limit (RFC 8449) against OpenSSL 3.0 over loopback UDP, which
 * does not implement it: our ClientHello carries the extension (seen in
 * s_server's -msg dump) and is accepted, OpenSSL never answers it, so
 * `peerRecordSizeLimit` stays undefined in both roles and full 2^14-byte
 * records still flow. The broader OpenSSL suite is test/interop/dtls-openssl.test.ts.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { certificateFingerprint, DtlsEndpoint, generateDtlsCertificate, type DtlsCertificate, type DtlsEvent } from '@purertc/dtls';

jest.setTimeout(30_000);

let dir: string;
let opensslDer: Uint8Array;
let ours: DtlsCertificate;
const children: ChildProcessWithoutNullStreams[] = [];
const sockets: dgram.Socket[] = [];
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  execFileSync('openssl', ['version']); // .ci/run installs openssl; fail loudly without it
  dir = mkdtempSync(join(tmpdir(), 'purertc-rsl-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=openssl', '-days', '1'], {
    stdio: 'ignore',
  });
  opensslDer = new Uint8Array(new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw);
  ours = await generateDtlsCertificate({ name: 'ECDSA', namedCurve: 'P-256' }, { crypto: globalThis.crypto, now: Date.now() });
});

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of sockets.splice(0)) s.close();
  for (const t of timers) clearTimeout(t);
  timers.clear();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Resolves when `test()` holds, checking on every change; rejects after `ms`. */
function until(ms: number, what: string, test: () => boolean, subscribe: (f: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    timers.add(t);
    const check = () => {
      if (test()) {
        clearTimeout(t);
        resolve();
      }
    };
    subscribe(check);
    check();
  });
}

function openssl(args: string[]) {
  const proc = spawn('openssl', args);
  children.push(proc);
  // stdout (received data, -msg dumps) apart from stderr: merging the two pipes
  // could splice stderr text into the middle of a large received record.
  const st = { out: '', err: '', listeners: [] as (() => void)[] };
  proc.stdout.on('data', (d: Buffer) => {
    st.out += d.toString('latin1');
    for (const l of st.listeners) l();
  });
  proc.stderr.on('data', (d: Buffer) => {
    st.err += d.toString('latin1');
    for (const l of st.listeners) l();
  });
  return {
    proc,
    waitFor: (re: RegExp, what: string) => until(10_000, what, () => re.test(st.out) || re.test(st.err), (f) => st.listeners.push(f)),
    /** The bytes of -msg hex dumps, concatenated as one hex string. */
    dumpedHex: () =>
      st.out
        .split('\n')
        .filter((l) => /^\s+([0-9a-f]{2} )*[0-9a-f]{2}\s*$/.test(l))
        .map((l) => l.replace(/\s+/g, ''))
        .join(''),
  };
}

async function socket(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return s;
}

/** A minimal real-time driver: drain after every input, one timer for pollTimeout. */
function drive(ep: DtlsEndpoint, sock: dgram.Socket, peer?: { address: string; port: number }) {
  const events: DtlsEvent[] = [];
  const listeners: (() => void)[] = [];
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let timer: NodeJS.Timeout | undefined;
  let to = peer;
  const flush = () => {
    for (let t = ep.pollTransmit(); t; t = ep.pollTransmit()) if (to) sock.send(t.data, to.port, to.address);
    for (let e = ep.pollEvent(); e; e = ep.pollEvent()) events.push(e);
    for (const l of listeners) l();
    if (timer) {
      clearTimeout(timer);
      timers.delete(timer);
    }
    const at = ep.pollTimeout();
    if (at !== undefined) {
      timer = setTimeout(() => {
        ep.handleTimeout(now());
        flush();
      }, Math.max(0, at - now()));
      timers.add(timer);
    }
  };
  sock.on('message', (msg, rinfo) => {
    to ??= { address: rinfo.address, port: rinfo.port };
    ep.handle(now(), msg, rinfo);
    flush();
  });
  const waitEvent = (type: DtlsEvent['type'], what: string) => until(10_000, what, () => events.some((e) => e.type === type), (f) => listeners.push(f));
  return { flush, events, waitEvent };
}

const RSL_EXTENSION_HEX = '001c00024000'; // type 28, length 2, 16384

test('our client offers record_size_limit 16384 to openssl s_server, which ignores it; data of 2^14 bytes flows', async () => {
  const probe = await socket();
  const port = probe.address().port;
  probe.close();
  sockets.splice(sockets.indexOf(probe), 1);
  const server = openssl(['s_server', '-dtls1_2', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-verify', '1', '-naccept', '1', '-msg']);
  await server.waitFor(/ACCEPT/, 's_server ready');
  const sock = await socket();
  const ep = new DtlsEndpoint(
    { role: 'client', certificate: ours, remoteFingerprints: [certificateFingerprint(opensslDer, 'sha-256', nodeCrypto)], initialRetransmitMs: 50 },
    { crypto: nodeCrypto, random: nodeRandom },
  );
  const d = drive(ep, sock, { address: '127.0.0.1', port });
  ep.start(0);
  d.flush();
  await d.waitEvent('connected', 'handshake with s_server');
  // OpenSSL received our extension (its -msg dump of our ClientHello) and did not echo it.
  expect(server.dumpedHex()).toContain(RSL_EXTENSION_HEX);
  expect(ep.peerRecordSizeLimit).toBeUndefined();
  expect(ep.localRecordSizeLimit).toBeUndefined();
  expect(ep.maxPlaintextPerRecord).toBe(16384);
  const line = new Uint8Array(16384).fill(0x78);
  line[16383] = 0x0a;
  ep.send(line);
  d.flush();
  await server.waitFor(/x{16383}/, 'openssl prints our 16384-byte record');
  server.proc.stdin.write('hello from openssl\n');
  await d.waitEvent('data', 'data from openssl');
  ep.close();
  d.flush();
});

test('our server (extension on) with openssl s_client, which never offers it: not negotiated, no answer sent', async () => {
  const sock = await socket();
  const port = sock.address().port;
  const ep = new DtlsEndpoint(
    { role: 'server', certificate: ours, remoteFingerprints: [certificateFingerprint(opensslDer, 'sha-256', nodeCrypto)], initialRetransmitMs: 50 },
    { crypto: nodeCrypto, random: nodeRandom },
  );
  const d = drive(ep, sock);
  const client = openssl(['s_client', '-dtls1_2', '-connect', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-msg']);
  await d.waitEvent('connected', 'handshake with s_client');
  expect(ep.peerRecordSizeLimit).toBeUndefined();
  expect(ep.maxPlaintextPerRecord).toBe(16384);
  client.proc.stdin.write('ping\n');
  await d.waitEvent('data', 'data from openssl');
  // By now s_client has dumped the handshake (-msg): neither its ClientHello nor
  // our ServerHello carries type 28 with length 2; the dump is not empty.
  const handshakeHex = client.dumpedHex();
  expect(handshakeHex).toContain('fefd'); // DTLS 1.2 hellos were dumped
  expect(handshakeHex).not.toContain('001c0002');
  const line = new Uint8Array(16384).fill(0x79);
  line[16383] = 0x0a;
  ep.send(line);
  d.flush();
  await client.waitFor(/y{16383}/, 'openssl prints our 16384-byte record');
  ep.close();
  d.flush();
});
