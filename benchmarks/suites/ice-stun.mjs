// ICE: STUN connectivity-check encode / decode+verify per second, against a
// naive node:crypto floor (one createHmac per message, Buffer.concat framing),
// and time from both agents starting to a selected pair: in virtual time
// (two agents wired directly with a fixed one-way delay) and over real UDP on loopback.
import * as nc from 'node:crypto';
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { nodeCrypto, nodeRandom } from '@purertc/common/node-crypto';
import { seededRandom } from '@purertc/common';
import {
  Attr, IceAgent, StunClass, StunCredential, StunMessageBuilder, StunMethod, checkFingerprint, decodeStun, getUint32, shortTermKey,
} from '@purertc/ice';

const PWD = 'benchmark-password-0123';
const cred = new StunCredential(nodeCrypto, shortTermKey(PWD));
const tid = nc.randomBytes(12);
const tie = nc.randomBytes(8);

function ours() {
  const b = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid, 128);
  b.addString(Attr.Username, 'remoteUfrag:localUfrag');
  b.addUint32(Attr.Priority, 1845501695);
  b.addBytes(Attr.IceControlling, tie);
  b.addFlag(Attr.UseCandidate);
  cred.sign(b);
  b.addFingerprint();
  return b.build();
}

// The floor: the obvious Buffer-based encoding (what a quick implementation does).
function crc32(buf) {
  let c = ~0;
  for (let i = 0; i < buf.length; i++) {
    c ^= buf[i];
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function attr(type, value) {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(value.length, 2);
  const pad = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([h, value, pad]);
}
function naive() {
  const prio = Buffer.alloc(4);
  prio.writeUInt32BE(1845501695);
  let body = Buffer.concat([attr(0x0006, Buffer.from('remoteUfrag:localUfrag')), attr(0x0024, prio), attr(0x802a, tie), attr(0x0025, Buffer.alloc(0))]);
  const head = Buffer.alloc(20);
  head.writeUInt16BE(1, 0);
  head.writeUInt32BE(0x2112a442, 4);
  tid.copy(head, 8);
  head.writeUInt16BE(body.length + 24, 2);
  const mac = nc.createHmac('sha1', PWD).update(Buffer.concat([head, body])).digest();
  body = Buffer.concat([body, attr(0x0008, mac)]);
  head.writeUInt16BE(body.length + 8, 2);
  const fp = Buffer.alloc(4);
  fp.writeUInt32BE((crc32(Buffer.concat([head, body])) ^ 0x5354554e) >>> 0);
  return Buffer.concat([head, body, attr(0x8028, fp)]);
}
const encoded = ours();
if (!Buffer.from(encoded).equals(naive())) throw new Error('ice-stun: encoders disagree');

function naiveDecode(buf) {
  const len = buf.readUInt16BE(2);
  const attrs = new Map();
  let off = 20;
  let miAt = -1;
  while (off < 20 + len) {
    const t = buf.readUInt16BE(off);
    const l = buf.readUInt16BE(off + 2);
    attrs.set(t, buf.subarray(off + 4, off + 4 + l));
    if (t === 0x0008) miAt = off;
    off += 4 + l + ((4 - (l % 4)) % 4);
  }
  const head = Buffer.from(buf.subarray(0, miAt));
  head.writeUInt16BE(miAt + 24 - 20, 2);
  const mac = nc.createHmac('sha1', PWD).update(head).digest();
  // FINGERPRINT: CRC-32 over everything before it (the same work checkFingerprint does).
  const fpAt = 20 + len - 8;
  const fpOk = ((crc32(buf.subarray(0, fpAt)) ^ 0x5354554e) >>> 0) === attrs.get(0x8028).readUInt32BE(0);
  return mac.equals(attrs.get(0x0008)) && fpOk && attrs.get(0x0024).readUInt32BE(0);
}
const encodedBuf = Buffer.from(encoded);
function oursDecode() {
  const m = decodeStun(encoded);
  return cred.verify(m) && checkFingerprint(m) && getUint32(m, Attr.Priority);
}
if (naiveDecode(encodedBuf) !== 1845501695 || oursDecode() !== 1845501695) throw new Error('ice-stun: decoders disagree');

/** Two agents wired directly: one-way delay `delay` ms, virtual time. Returns virtual ms to both selected and wall µs spent. */
function virtualConnect(delay, seed) {
  const mk = (ip, controlling, s) => new IceAgent({
    components: { crypto: nodeCrypto, random: seededRandom(s) }, controlling,
    interfaces: () => [{ name: 'eth0', address: ip, family: 'IPv4', internal: false }], bind: () => 5000,
  });
  const a = mk('10.0.0.1', true, seed);
  const b = mk('10.0.0.2', false, seed + 1);
  const peers = new Map([['10.0.0.1', a], ['10.0.0.2', b]]);
  const queue = [];
  let now = 0;
  const flush = (x) => {
    for (let t = x.pollTransmit(); t; t = x.pollTransmit()) queue.push({ at: now + delay, to: t.to, from: t.from, data: t.data });
    for (let e = x.pollEvent(); e; e = x.pollEvent()) {
      const other = x === a ? b : a;
      if (e.type === 'candidate') other.addRemoteCandidate(now, e.candidate);
    }
  };
  const wall = performance.now();
  a.setRemoteCredentials(0, b.localCredentials.ufrag, b.localCredentials.pwd);
  b.setRemoteCredentials(0, a.localCredentials.ufrag, a.localCredentials.pwd);
  a.gather(0);
  b.gather(0);
  const done = () => a.getSelectedPair() && b.getSelectedPair();
  for (let i = 0; i < 100000 && !done(); i++) {
    flush(a);
    flush(b);
    queue.sort((x, y) => x.at - y.at);
    const next = Math.min(queue[0]?.at ?? Infinity, a.pollTimeout() ?? Infinity, b.pollTimeout() ?? Infinity);
    if (next === Infinity) break;
    now = Math.max(now, next);
    while (queue.length && queue[0].at <= now) {
      const d = queue.shift();
      peers.get(d.to.address).handle(now, d.data, d.from, d.to);
    }
    for (const x of [a, b]) if ((x.pollTimeout() ?? Infinity) <= now) x.handleTimeout(now);
  }
  return { virtualMs: now, wallUs: (performance.now() - wall) * 1000 };
}

async function loopbackConnect() {
  const bind = () => new Promise((r) => { const s = dgram.createSocket('udp4'); s.bind(0, '127.0.0.1', () => r(s)); });
  const [sa, sb] = [await bind(), await bind()];
  const start = performance.now();
  const mk = (sock, controlling) => {
    const addr = sock.address();
    const agent = new IceAgent({ components: { crypto: nodeCrypto, random: nodeRandom }, controlling, includeLoopback: true,
      interfaces: () => [{ name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true }], bind: () => addr.port });
    return { agent, sock, timer: undefined };
  };
  const a = mk(sa, true);
  const b = mk(sb, false);
  const result = new Promise((resolve) => {
    const pump = (x, other) => {
      for (let t = x.agent.pollTransmit(); t; t = x.agent.pollTransmit()) x.sock.send(t.data, t.to.port, t.to.address);
      for (let e = x.agent.pollEvent(); e; e = x.agent.pollEvent()) {
        if (e.type === 'candidate') { other.agent.addRemoteCandidate(performance.now(), e.candidate); queueMicrotask(() => pump(other, x)); }
      }
      if (a.agent.getSelectedPair() && b.agent.getSelectedPair()) resolve(performance.now() - start);
      clearTimeout(x.timer);
      const next = x.agent.pollTimeout();
      if (next !== undefined) x.timer = setTimeout(() => { x.agent.handleTimeout(performance.now()); pump(x, other); }, Math.max(0, next - performance.now()));
    };
    sa.on('message', (m, r) => { a.agent.handle(performance.now(), m, { address: r.address, port: r.port }); pump(a, b); });
    sb.on('message', (m, r) => { b.agent.handle(performance.now(), m, { address: r.address, port: r.port }); pump(b, a); });
    const now = performance.now();
    a.agent.setRemoteCredentials(now, b.agent.localCredentials.ufrag, b.agent.localCredentials.pwd);
    b.agent.setRemoteCredentials(now, a.agent.localCredentials.ufrag, a.agent.localCredentials.pwd);
    a.agent.gather(now);
    b.agent.gather(now);
    pump(a, b);
    pump(b, a);
  });
  const ms = await result;
  for (const x of [a, b]) { clearTimeout(x.timer); x.agent.close(performance.now()); x.sock.close(); }
  return ms;
}

const median = (xs) => xs.slice().sort((p, q) => p - q)[Math.floor(xs.length / 2)];

export default {
  title: 'ICE: STUN checks and time to a selected pair',
  description: 'A full connectivity check (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT): encode, and decode + verify MAC and CRC. Baseline: the obvious Buffer.concat + createHmac implementation.',
  comparisons: [
    { name: 'encode connectivity check', baseline: 'naive Buffer', contenders: { purertc: ours, 'naive Buffer': naive } },
    { name: 'decode + verify connectivity check', baseline: 'naive Buffer', contenders: { purertc: oursDecode, 'naive Buffer': () => naiveDecode(encodedBuf) } },
  ],
  async report({ quick }) {
    const runs = quick ? 5 : 25;
    const virt = [];
    for (let i = 0; i < runs; i++) virt.push(virtualConnect(20, 100 + i * 2));
    const loop = [];
    for (let i = 0; i < (quick ? 3 : 10); i++) loop.push(await loopbackConnect());
    return [
      '### Time from both agents starting to a selected pair',
      '',
      '| setting | median | runs |',
      '|---|---|---|',
      `| simulated, one host candidate each, 20 ms one-way delay (virtual time) | ${median(virt.map((x) => x.virtualMs)).toFixed(1)} ms | ${runs} |`,
      `| simulated, CPU time of the whole exchange (wall clock) | ${median(virt.map((x) => x.wallUs)).toFixed(0)} µs | ${runs} |`,
      `| real UDP on 127.0.0.1 | ${median(loop).toFixed(2)} ms | ${loop.length} |`,
    ].join('\n');
  },
};
