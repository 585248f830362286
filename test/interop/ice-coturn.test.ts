/**
 * Interop with a real coturn (Debian's `coturn` package, installed by .ci/run),
 * started here on loopback ports with a test user, no config file, not daemonized.
 * A missing coturn fails these tests: they never skip.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { TurnClient } from '@purertc/ice';
import type { TurnEvent, TurnTransport } from '@purertc/ice';
import { RTCPeerConnection, type RTCIceCandidatePairStats, type RTCIceCandidateStats, type RTCTransportStats } from '@purertc/peerconnection';
import { connectPair } from '../connect-pair';
import { NodeIceDriver, bindUdp, nodeResolver, signal } from './ice-node-driver';
import { until } from '../until';

const USER = 'purertc';
const PASS = 'secret-pass';
const REALM = 'purertc.test';
let proc: ChildProcess | undefined;
let dir = '';
let port = 0;
let tlsPort = 0;
let output = '';

function waitTcp(p: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(p, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(); });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`coturn did not start:\n${output}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'purertc-coturn-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  port = 20000 + Math.floor(Math.random() * 20000);
  tlsPort = port + 1;
  proc = spawn('turnserver', [
    '-n', '--no-cli', '--listening-ip=127.0.0.1', `--listening-port=${port}`, `--tls-listening-port=${tlsPort}`,
    '--relay-ip=127.0.0.1', `--min-port=${port + 10}`, `--max-port=${port + 200}`, '--lt-cred-mech', `--user=${USER}:${PASS}`,
    `--realm=${REALM}`, '--allow-loopback-peers', '--no-dtls', '--fingerprint', `--cert=${path.join(dir, 'cert.pem')}`,
    `--pkey=${path.join(dir, 'key.pem')}`, `--db=${path.join(dir, 'turndb')}`, `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => { output += String(d); });
  proc.stderr!.on('data', (d) => { output += String(d); });
  await new Promise<void>((resolve, reject) => {
    proc!.once('error', (e) => reject(new Error(`cannot run turnserver (is coturn installed?): ${e.message}`)));
    proc!.once('spawn', () => resolve());
  });
  await waitTcp(port, 8000);
  await waitTcp(tlsPort, 8000);
}, 20000);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((r) => proc!.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A TurnClient driven over a real UDP socket, TCP or TLS connection. */
async function driveTurn(transport: TurnTransport) {
  const server = { address: '127.0.0.1', port: transport === 'tls' ? tlsPort : port };
  const client = new TurnClient({ components: { crypto: nodeCrypto, random: nodeRandom }, server, username: USER, password: PASS, transport, software: 'purertc-test' });
  const events: TurnEvent[] = [];
  const waiters: (() => void)[] = [];
  let write: (b: Uint8Array) => void;
  let close: () => Promise<void>;
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    for (let t = client.pollTransmit(); t; t = client.pollTransmit()) write(t.data);
    for (let e = client.pollEvent(); e; e = client.pollEvent()) events.push(e);
    for (const w of waiters.splice(0)) w();
    if (timer) clearTimeout(timer);
    const next = client.pollTimeout();
    if (next !== undefined) timer = setTimeout(() => { client.handleTimeout(performance.now()); pump(); }, Math.max(0, next - performance.now()));
  };
  const onData = (b: Uint8Array) => { client.handle(performance.now(), b); pump(); };
  if (transport === 'udp') {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    s.on('message', (m) => onData(m));
    write = (b) => s.send(b, server.port, server.address);
    close = () => new Promise((r) => s.close(() => r()));
  } else {
    const sock: net.Socket = transport === 'tcp'
      ? net.connect(server.port, server.address)
      : tls.connect({ port: server.port, host: server.address, rejectUnauthorized: false });
    await new Promise<void>((r, j) => { sock.once(transport === 'tcp' ? 'connect' : 'secureConnect', () => r()); sock.once('error', j); });
    sock.on('data', (d) => onData(d));
    write = (b) => sock.write(b);
    close = () => new Promise((r) => sock.end(() => r()));
  }
  const until = async (pred: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timeout; state ${client.state}; events ${JSON.stringify(events.map((e) => e.type))}`);
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50); });
    }
  };
  const finish = async () => { if (timer) clearTimeout(timer); await close(); };
  return { client, events, pump, until, finish };
}

describe('TURN client against coturn on loopback', () => {
  it.each(['udp', 'tcp', 'tls'] as const)('over %s: allocation, permission, Send/Data, channel binding, ChannelData, deallocation', async (transport) => {
    const t = await driveTurn(transport);
    const peer = dgram.createSocket('udp4');
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    const peerAddr = { address: '127.0.0.1', port: peer.address().port };
    const atPeer: { data: string; from: number }[] = [];
    peer.on('message', (m, rinfo) => atPeer.push({ data: m.toString(), from: rinfo.port }));
    try {
      t.client.allocate(performance.now());
      t.pump();
      await t.until(() => t.client.state === 'allocated');
      const relayed = t.client.relayed!;
      expect(relayed.address).toBe('127.0.0.1');
      expect(relayed.port).toBeGreaterThanOrEqual(port + 10);
      expect(t.client.mapped?.address).toBe('127.0.0.1');

      t.client.createPermission(performance.now(), '127.0.0.1');
      t.pump();
      await t.until(() => t.client.hasPermission('127.0.0.1'));
      t.client.send(performance.now(), peerAddr, new TextEncoder().encode('via send indication'));
      t.pump();
      await t.until(() => atPeer.length >= 1);
      expect(atPeer[0]).toEqual({ data: 'via send indication', from: relayed.port });

      peer.send('via data indication', relayed.port, relayed.address);
      await t.until(() => t.events.some((e) => e.type === 'data'));
      const d1 = t.events.find((e) => e.type === 'data')!;
      expect(d1.type === 'data' && [new TextDecoder().decode(d1.data), d1.viaChannel, d1.peer.port]).toEqual(['via data indication', false, peerAddr.port]);

      t.client.bindChannel(performance.now(), peerAddr);
      t.pump();
      await t.until(() => t.client.channelFor(peerAddr) !== undefined);
      t.client.send(performance.now(), peerAddr, new TextEncoder().encode('via channel'));
      t.pump();
      await t.until(() => atPeer.length >= 2);
      expect(atPeer[1]).toEqual({ data: 'via channel', from: relayed.port });
      expect(t.client.stats.sentChannelData).toBe(1);
      peer.send('odd-length reply', relayed.port, relayed.address);
      await t.until(() => t.events.filter((e) => e.type === 'data').length >= 2);
      const d2 = t.events.filter((e) => e.type === 'data')[1]!;
      expect(d2.type === 'data' && [new TextDecoder().decode(d2.data), d2.viaChannel]).toEqual(['odd-length reply', true]);

      t.client.close(performance.now());
      t.pump();
      await t.until(() => t.client.state === 'closed');
      expect(t.events.some((e) => e.type === 'error')).toBe(false);
    } finally {
      await t.finish();
      await new Promise<void>((r) => peer.close(() => r()));
    }
  });

  it('reports wrong credentials as error 401', async () => {
    const server = { address: '127.0.0.1', port };
    const client = new TurnClient({ components: { crypto: nodeCrypto, random: nodeRandom }, server, username: USER, password: 'wrong' });
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const done = new Promise<TurnEvent>((resolve) => {
      const pump = () => {
        for (let t = client.pollTransmit(); t; t = client.pollTransmit()) s.send(t.data, server.port, server.address);
        for (let e = client.pollEvent(); e; e = client.pollEvent()) if (e.type === 'error') resolve(e);
      };
      s.on('message', (m) => { client.handle(performance.now(), m); pump(); });
      client.allocate(performance.now());
      pump();
    });
    const e = await done;
    expect(e).toMatchObject({ type: 'error', fatal: true, error: { errorCode: 401 } });
    await new Promise<void>((r) => s.close(() => r()));
  });

  it.each([
    ['tcp', () => `turn:localhost:${port}?transport=tcp`],
    ['tls', () => `turns:localhost:${tlsPort}`],
  ] as const)('connects two ICE agents relay-only through coturn over %s (the agent opens the stream; localhost via the resolver)', async (proto, url) => {
    const iceServers = [{ urls: url(), username: USER, credential: PASS }];
    // TLS: the certificate is verified for "localhost" against the test CA (the self-signed server certificate).
    const ca = fs.readFileSync(path.join(dir, 'cert.pem'));
    const a = new NodeIceDriver(await bindUdp('127.0.0.1'), { controlling: true, iceServers, iceTransportPolicy: 'relay', resolver: nodeResolver }, undefined, { tls: { ca } });
    const b = new NodeIceDriver(await bindUdp('127.0.0.1'), { controlling: false });
    try {
      signal(a, b);
      const up = (d: NodeIceDriver) => () => d.agent.state === 'connected' || d.agent.state === 'completed';
      await Promise.all([a.until(up(a)), b.until(up(b))]);
      expect(a.streamLog[0]).toBe(`open:${proto}:localhost`);
      expect(a.events.filter((e) => e.type === 'candidate-error')).toEqual([]);
      const cands = a.events.filter((e) => e.type === 'candidate').map((e) => e.type === 'candidate' && e.candidate);
      expect(cands.map((c) => c && [c.type, c.relayProtocol])).toEqual([['relay', proto]]);
      const pair = a.agent.getSelectedPair()!;
      expect(pair.local.type).toBe('relay');
      expect(pair.local.port).toBeGreaterThanOrEqual(port + 10);
      const got = b.until((e) => e?.type === 'data');
      a.agent.send(performance.now(), new TextEncoder().encode(`relayed over ${proto}`));
      a.pump();
      await got;
      const d = b.events.find((e) => e.type === 'data');
      expect(d && d.type === 'data' && new TextDecoder().decode(d.data)).toBe(`relayed over ${proto}`);
      const back = a.until((e) => e?.type === 'data');
      b.agent.send(performance.now(), new TextEncoder().encode('and back, odd length'));
      b.pump();
      await back;
      const r = a.events.find((e) => e.type === 'data');
      expect(r && r.type === 'data' && new TextDecoder().decode(r.data)).toBe('and back, odd length');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('connects two ICE agents relay-only through coturn', async () => {
    const iceServers = [{ urls: `turn:127.0.0.1:${port}?transport=udp`, username: USER, credential: PASS }];
    const a = new NodeIceDriver(await bindUdp('127.0.0.1'), { controlling: true, iceServers, iceTransportPolicy: 'relay' });
    const b = new NodeIceDriver(await bindUdp('127.0.0.1'), { controlling: false });
    try {
      signal(a, b);
      const up = (d: NodeIceDriver) => () => d.agent.state === 'connected' || d.agent.state === 'completed';
      await Promise.all([a.until(up(a)), b.until(up(b))]);
      expect(a.events.filter((e) => e.type === 'candidate').map((e) => e.type === 'candidate' && e.candidate.type)).toEqual(['relay']);
      expect(a.agent.getSelectedPair()!.local.type).toBe('relay');
      const got = b.until((e) => e?.type === 'data');
      a.agent.send(performance.now(), new TextEncoder().encode('relayed hello'));
      a.pump();
      await got;
      const back = a.until((e) => e?.type === 'data');
      b.agent.send(performance.now(), new TextEncoder().encode('and back'));
      b.pump();
      await back;
    } finally {
      await a.close();
      await b.close();
    }
  });
  it('RTCPeerConnection relay-only through coturn: data flows and getStats counts it, checks and round-trip time on the relayed candidate pair', async () => {
    const LOOP = { network: { includeLoopback: true, ipv6: false, addresses: ['127.0.0.1'] } };
    const iceServers = [{ urls: `turn:127.0.0.1:${port}?transport=udp`, username: USER, credential: PASS }];
    const a = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' }, LOOP);
    const b = new RTCPeerConnection({}, LOOP);
    try {
      const { ch, rch } = await connectPair(a, b, 'relayed');
      let got = 0;
      rch.onmessage = () => got++;
      for (let i = 0; i < 20; i++) ch.send(new Uint8Array(1000));
      await until(() => got === 20, 10_000, 'messages through the relay');
      const pairOf = async (pc: RTCPeerConnection) => {
        const report = await pc.getStats();
        const t = [...report.values()].find((s): s is RTCTransportStats => s.type === 'transport')!;
        // The report's values are typed by `type` (RTCStatsAny); the ids name a pair and a candidate.
        const pair = report.get(t.selectedCandidatePairId!) as RTCIceCandidatePairStats;
        const local = report.get(pair.localCandidateId) as RTCIceCandidateStats;
        return { pair, localType: local.candidateType };
      };
      const sa = await pairOf(a);
      const sb = await pairOf(b);
      expect(sa.localType).toBe('relay');
      // 20 kB of messages (plus DTLS/SCTP overhead) went out on a's relayed pair and came in on b's.
      expect(sa.pair.bytesSent as number).toBeGreaterThan(20_000);
      expect(sa.pair.packetsSent as number).toBeGreaterThanOrEqual(20);
      expect(sb.pair.bytesReceived as number).toBeGreaterThan(20_000);
      expect(sa.pair.packetsReceived as number).toBeGreaterThan(0);
      expect(typeof sa.pair.lastPacketSentTimestamp).toBe('number');
      // Its connectivity checks, counted by the agent (they travel inside TURN framing): a's checks
      // were answered through coturn, b's checks reached a, and each answer gave a round-trip time.
      expect(sa.pair.requestsSent as number).toBeGreaterThanOrEqual(1);
      expect(sa.pair.responsesReceived as number).toBeGreaterThanOrEqual(1);
      expect(sa.pair.requestsReceived as number).toBeGreaterThanOrEqual(1);
      expect(sa.pair.responsesSent).toBe(sa.pair.requestsReceived);
      expect(typeof sa.pair.currentRoundTripTime).toBe('number');
      expect(sa.pair.currentRoundTripTime as number).toBeGreaterThanOrEqual(0);
      expect(sa.pair.currentRoundTripTime as number).toBeLessThan(1);
      expect(sa.pair.totalRoundTripTime as number).toBeGreaterThanOrEqual(sa.pair.currentRoundTripTime as number);
    } finally {
      a.close();
      b.close();
    }
  }, 30_000);
});
