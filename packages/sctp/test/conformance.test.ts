/**
 * RFC 9260 details checked end to end: the COOKIE ECHO table (§5.2.4 cases
 * C and D), the RTO against the peer's delayed ack, the idle cwnd reset
 * (§7.2.1), the peer's receive window (§6.1 B), bundling up to the PMTU, and
 * the zero checksum EDMID (RFC 9653 §4).
 */
import { equalBytes, seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import {
  Association,
  type AssociationEvent,
  ChunkType,
  type DataChannelEvent,
  DataChannelManager,
  ParamType,
  RtoEstimator,
  decodePacket,
  readCapabilities,
} from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

const drainAll = (x: Association): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let t = x.pollTransmit(); t; t = x.pollTransmit()) out.push(t.data);
  return out;
};
const types = (p: Uint8Array) => decodePacket(p)!.chunks.map((c) => c.type);
const pipe = (from: Association, to: Association, now = 0) => {
  const ps = drainAll(from);
  for (const p of ps) to.handle(now, p);
  return ps;
};
const events = (x: Association) => {
  const out: AssociationEvent[] = [];
  for (let e = x.pollEvent(); e; e = x.pollEvent()) out.push(e);
  return out;
};

describe('COOKIE ECHO with a TCB (RFC 9260 §5.2.4, Table 7)', () => {
  it('case D (both tags match): a replayed COOKIE ECHO gets a COOKIE ACK and changes nothing', () => {
    const [a, b] = makePair({}, {}, 41);
    a.connect(0);
    pipe(a, b); // INIT
    pipe(b, a); // INIT ACK
    const echo = drainAll(a);
    expect(types(echo[0]!)).toEqual([ChunkType.COOKIE_ECHO]);
    for (const p of echo) b.handle(0, p);
    pipe(b, a); // COOKIE ACK
    expect([a.state, b.state]).toEqual(['established', 'established']);
    events(b);
    for (const p of echo) b.handle(10, p); // the same COOKIE ECHO again
    const reply = drainAll(b);
    expect(reply.map(types)).toEqual([[ChunkType.COOKIE_ACK]]);
    expect(events(b).map((e) => e.type)).toEqual([]); // no restart, no state change
    // Data still flows on the original tags.
    a.send(1, 51, new Uint8Array([7]));
    pipe(a, b, 20);
    expect(events(b).filter((e) => e.type === 'message').length).toBe(1);
  });

  it('case C (our old cookie arrives late, peer tag matches, no tie-tags): silently discarded', () => {
    const [a, b] = makePair({}, {}, 42);
    a.connect(0);
    pipe(a, b); // INIT(A) to a closed b: stateless INIT ACK(X)
    pipe(b, a); // a: COOKIE-ECHOED, peer tag X
    const lateEcho = drainAll(a); // COOKIE ECHO {X, A} held back
    b.connect(0); // b: COOKIE-WAIT with tag B
    pipe(b, a); // INIT(B) to a in COOKIE-ECHOED: INIT ACK with tag A
    pipe(a, b); // b: COOKIE-ECHOED, peer tag A, sends COOKIE ECHO {A, B}
    pipe(b, a); // a: case B, established with peer tag B, COOKIE ACK
    pipe(a, b); // b established
    expect([a.state, b.state]).toEqual(['established', 'established']);
    events(a);
    events(b);
    for (const p of lateEcho) b.handle(5, p); // {X, A}: local X ≠ B, peer A = A, tie-tags 0
    expect(drainAll(b)).toEqual([]);
    expect(events(b)).toEqual([]);
    expect(b.state).toBe('established');
    a.send(1, 51, new Uint8Array([1, 2]));
    b.send(1, 51, new Uint8Array([3]));
    pipe(a, b, 10);
    pipe(b, a, 10);
    expect(events(b).filter((e) => e.type === 'message').length).toBe(1);
    expect(events(a).filter((e) => e.type === 'message').length).toBe(1);
  });
});

describe('RTO tuned for WebRTC (RFC 6298, docs/sctp.md)', () => {
  it('the variance floor keeps RTO at least SRTT + 220 ms on a steady path', () => {
    const r = new RtoEstimator({ initial: 1000, min: 0, max: 60_000, varianceFloor: 220 });
    for (let i = 0; i < 100; i++) r.sample(300);
    expect(r.rttvar).toBeLessThan(1);
    expect(r.rto).toBeCloseTo(520, 0);
  });

  const loneMessages = (rto?: { initial: number; min: number; max: number; varianceFloor?: number }) => {
    const opts = rto ? { rto } : {};
    const [a, b] = makePair(opts, opts, 43);
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 1 }, 3, () => {
      events(a);
      events(b);
    });
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    for (let i = 0; i < 20; i++) {
      a.send(1, 51, new Uint8Array(50)); // one lone packet: the peer delays its SACK 200 ms
      sim.runUntil(() => false, sim.now + 2000);
    }
    return a.counters;
  };

  it('a lone packet on a 2 ms RTT path is acked by the delayed SACK, never by a spurious T3', () => {
    const c = loneMessages();
    expect(c.t3Expirations).toBe(0);
    expect(c.retransmissions).toBe(0);
  });

  it('(the same with RTO.min 200 ms and no floor does fire T3: the defaults matter)', () => {
    const c = loneMessages({ initial: 1000, min: 200, max: 10_000 });
    expect(c.t3Expirations).toBeGreaterThan(0);
  });
});

describe('congestion and flow control (RFC 9260 §6.1, §7.2.1)', () => {
  it('an idle period halves cwnd per RTO, down to 4·MTU', () => {
    const [a, b] = makePair({}, {}, 44);
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 5 }, 4, () => events(b));
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    for (let i = 0; i < 300; i++) a.send(1, 53, new Uint8Array(1100));
    sim.runUntil(() => a.totalBufferedAmount === 0 && a.outstandingChunks === 0);
    const big = a.cwnd;
    expect(big).toBeGreaterThan(16 * 1200);
    const idleUntil = sim.now + 20 * a.currentRto; // idle, nothing happening (no input reaches a)
    a.send(1, 53, new Uint8Array(100), { now: idleUntil });
    drainAll(a);
    expect(a.cwnd).toBe(4 * 1200);
  });

  it("never has more in flight than the peer's advertised window (plus one probe chunk)", () => {
    const win = 16 * 1024;
    const [a, b] = makePair({}, { maxReceiveBuffer: win }, 45);
    let maxFlight = 0;
    let reading = false;
    let got = 0;
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 5 }, 5, () => {
      maxFlight = Math.max(maxFlight, a.bytesInFlight);
      if (reading) for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'message') got++;
    });
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    while (b.pollEvent());
    for (let i = 0; i < 100; i++) a.send(1, 53, new Uint8Array(1000));
    sim.runUntil(() => false, sim.now + 5000); // b's application does not read
    expect(b.receiveBufferedBytes).toBeLessThanOrEqual(win + 1200);
    expect(maxFlight).toBeLessThanOrEqual(win + 1200);
    expect(a.totalBufferedAmount).toBeGreaterThan(50_000); // held back, not lost
    reading = true; // the window reopens
    expect(sim.runUntil(() => got === 100)).toBe(true);
  });

  it('bundles as many chunks as fit under the PMTU, and never more', () => {
    const mtu = 1200;
    const [a, b] = makePair({ maxBurst: 0 }, {}, 46);
    let biggest = 0;
    const sim = new Sim([a, b], PERFECT, 6, () => events(b));
    sim.filter = (_from, d) => {
      biggest = Math.max(biggest, d.length);
      return true;
    };
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    for (let i = 0; i < 40; i++) a.send(1 + (i % 3), 51, new Uint8Array(100)); // 116 bytes each as DATA
    const pkts = drainAll(a);
    const perPacket = pkts.map((p) => decodePacket(p)!.chunks.filter((c) => c.type === ChunkType.DATA || c.type === ChunkType.I_DATA).length);
    expect(perPacket[0]).toBe(Math.floor((mtu - 12) / (a.interleaving ? 120 : 116)));
    expect(perPacket.reduce((x, y) => x + y, 0)).toBe(40);
    for (const p of pkts) expect(p.length).toBeLessThanOrEqual(mtu);
    for (let i = 0; i < 50; i++) a.send(1, 53, new Uint8Array(5000)); // fragmented
    sim.runUntil(() => a.totalBufferedAmount === 0 && a.outstandingChunks === 0);
    expect(biggest).toBe(mtu);
  });
});

describe('zero checksum needs the DTLS EDMID (RFC 9653 §4)', () => {
  it('a Zero Checksum Acceptable parameter with another EDMID is not agreement', () => {
    const param = (edmid: number) => {
      const v = new Uint8Array(4);
      new DataView(v.buffer).setUint32(0, edmid);
      return [{ type: ParamType.ZERO_CHECKSUM_ACCEPTABLE, value: v }];
    };
    expect(readCapabilities(param(1)).zeroChecksum).toBe(true); // 1 = DTLS
    expect(readCapabilities(param(0)).zeroChecksum).toBe(false);
    expect(readCapabilities(param(2)).zeroChecksum).toBe(false);
  });

  it('an association that did not offer it rejects zero-checksum packets', () => {
    const x = new Association({ crypto: nodeCrypto, random: seededRandom(1) }, { zeroChecksum: false });
    const p = new Uint8Array(16 + 12);
    p[12] = ChunkType.COOKIE_ACK;
    p[15] = 4;
    x.handle(0, p.subarray(0, 16)); // checksum field left 0
    expect(x.counters.checksumErrors).toBe(1);
  });
});

describe('duplicate TSNs (RFC 9260 §6.2, §3.3.4)', () => {
  it('a DATA chunk received twice is acked at once and reported in the SACK', () => {
    const [a, b] = makePair({}, {}, 47);
    const sim = new Sim([a, b], PERFECT, 7);
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    sim.flush();
    a.send(1, 51, new Uint8Array(10));
    const [p] = drainAll(a);
    const tsn = decodePacket(p!)!.chunks.find((c) => c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) as { tsn: number };
    b.handle(sim.now, p!);
    expect(drainAll(b)).toEqual([]); // a lone packet: delayed
    b.handle(sim.now, p!);
    const sack = decodePacket(drainAll(b)[0]!)!.chunks[0]!;
    if (sack.type !== ChunkType.SACK) throw new Error('expected a SACK');
    expect(sack.cumulativeTsnAck).toBe(tsn.tsn);
    expect(sack.duplicateTsns).toEqual([tsn.tsn]);
    expect(b.counters.duplicateTsns).toBe(1);
  });
});

describe('max-message-size (RFC 8841, RFC 8831 §6.6)', () => {
  const dcPair = (localA: number | undefined, localB: number | undefined) => {
    const a = new DataChannelManager(new Association({ crypto: nodeCrypto, random: seededRandom(11) }), { role: 'client', localMaxMessageSize: localA, remoteMaxMessageSize: localB ?? 256 * 1024 });
    const b = new DataChannelManager(new Association({ crypto: nodeCrypto, random: seededRandom(12) }), { role: 'server', localMaxMessageSize: localB, remoteMaxMessageSize: localA ?? 256 * 1024 });
    const eb: DataChannelEvent[] = [];
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 5 }, 8, () => {
      while (a.pollEvent());
      for (let e = b.pollEvent(); e; e = b.pollEvent()) eb.push(e);
    });
    a.association.connect(0);
    sim.runUntil(() => a.association.state === 'established' && b.association.state === 'established');
    const ch = a.createChannel({ label: 'big' });
    sim.runUntil(() => eb.some((e) => e.type === 'channel' || e.type === 'open'));
    return { a, b, eb, sim, ch };
  };
  const got = (eb: DataChannelEvent[]) => eb.flatMap((e) => (e.type === 'message' ? [e.data as Uint8Array] : []));

  it('the default is 256 KiB and a message of exactly that size goes through intact', () => {
    const { a, eb, sim, ch } = dcPair(undefined, undefined);
    expect(a.localMaxMessageSize).toBe(256 * 1024);
    const m = new Uint8Array(256 * 1024).map((_, i) => i * 7);
    a.send(ch.id, m);
    expect(sim.runUntil(() => got(eb).length === 1)).toBe(true);
    expect(equalBytes(got(eb)[0]!, m)).toBe(true);
  });

  it('larger when both sides allow it: 1 MiB (as large as the receive buffer) is delivered', () => {
    const { a, eb, sim, ch } = dcPair(1 << 20, 1 << 20);
    const m = new Uint8Array(1 << 20).map((_, i) => i * 13);
    a.send(ch.id, m);
    expect(sim.runUntil(() => got(eb).length === 1)).toBe(true);
    expect(equalBytes(got(eb)[0]!, m)).toBe(true);
  });
});
