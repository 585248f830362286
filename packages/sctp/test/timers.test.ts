import { ChunkType, type AssociationEvent, decodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

function established(opts = {}) {
  const [a, b] = makePair(opts, opts, 21);
  const sim = new Sim([a, b], PERFECT, 1);
  a.connect(0);
  sim.runUntil(() => a.state === 'established' && b.state === 'established');
  while (a.pollTransmit());
  while (b.pollTransmit());
  while (a.pollEvent());
  while (b.pollEvent());
  return { a, b, sim };
}

const chunksOf = (d: Uint8Array) => decodePacket(d)!.chunks.map((c) => c.type);

describe('delayed acknowledgement (RFC 9260 §6.2)', () => {
  it('acks every second packet at once, a lone packet after the delay', () => {
    const { a, b, sim } = established({ delayedAckMs: 200 });
    const t0 = sim.now;
    a.send(1, 53, new Uint8Array(100));
    b.handle(t0, a.pollTransmit()!.data);
    expect(b.pollTransmit()).toBeUndefined(); // delayed
    expect(b.pollTimeout()).toBe(t0 + 200);
    b.handleTimeout(t0 + 200);
    expect(chunksOf(b.pollTransmit()!.data)).toEqual([ChunkType.SACK]);
    a.send(1, 53, new Uint8Array(1100));
    a.send(1, 53, new Uint8Array(1100));
    const p1 = a.pollTransmit()!.data;
    const p2 = a.pollTransmit()!.data;
    b.handle(t0 + 300, p1);
    expect(b.pollTransmit()).toBeUndefined();
    b.handle(t0 + 300, p2);
    expect(chunksOf(b.pollTransmit()!.data)).toEqual([ChunkType.SACK]); // second packet: at once
  });

  it('acks out-of-order data at once, with a gap block', () => {
    const { a, b, sim } = established();
    for (let i = 0; i < 3; i++) a.send(1, 53, new Uint8Array(1100));
    const pkts = [a.pollTransmit()!.data, a.pollTransmit()!.data, a.pollTransmit()!.data];
    b.handle(sim.now, pkts[0]!);
    b.handle(sim.now, pkts[2]!); // the middle one is missing
    const sack = decodePacket(b.pollTransmit()!.data)!.chunks[0]!;
    if (sack.type !== ChunkType.SACK) throw new Error('expected SACK');
    expect(sack.gaps).toEqual([2, 2]);
  });
});

describe('loss recovery (RFC 9260 §7.2.4, §6.3.3)', () => {
  it('one lost packet is repaired by fast retransmit, not by the timer', () => {
    const { a, b, sim } = established();
    const got: AssociationEvent[] = [];
    let n = 0;
    sim.filter = (from) => !(from === 0 && ++n === 3);
    for (let i = 0; i < 30; i++) a.send(1, 53, new Uint8Array(1100));
    sim.runUntil(() => {
      for (let e = b.pollEvent(); e; e = b.pollEvent()) got.push(e);
      return got.filter((e) => e.type === 'message').length === 30;
    });
    expect(a.counters.fastRetransmits).toBe(1);
    expect(a.counters.t3Expirations).toBe(0);
    expect(a.cwnd).toBeGreaterThanOrEqual(4800); // halved once, not collapsed to one MTU
  });

  it('a tail loss is repaired by the T3 timer, which backs off the RTO and collapses cwnd', () => {
    const { a, b, sim } = established();
    let dropped = false;
    sim.filter = (from, d) => {
      if (from === 0 && !dropped && chunksOf(d).includes(ChunkType.I_DATA)) {
        dropped = true;
        return false;
      }
      return true;
    };
    const rto = a.currentRto;
    a.send(1, 53, new Uint8Array(500));
    const got: AssociationEvent[] = [];
    sim.runUntil(() => {
      for (let e = b.pollEvent(); e; e = b.pollEvent()) got.push(e);
      return got.some((e) => e.type === 'message');
    });
    expect(a.counters.t3Expirations).toBe(1);
    expect(a.counters.retransmissions).toBe(1);
    expect(a.currentRto).toBe(Math.min(rto * 2, 10_000));
    expect(a.cwnd).toBe(1200);
  });

  it('slow start opens the window on a clean link', () => {
    const { a, b, sim } = established();
    const initial = a.cwnd;
    for (let i = 0; i < 300; i++) a.send(1, 53, new Uint8Array(1100));
    sim.runUntil(() => {
      while (b.pollEvent());
      return a.outstandingChunks === 0 && a.totalBufferedAmount === 0;
    });
    // One MTU per SACK that acknowledges new data while the window was in use (§7.2.1).
    expect(initial).toBe(4380);
    expect(a.cwnd).toBeGreaterThan(initial + 10 * 1200);
    expect(a.counters.retransmissions).toBe(0);
  });
});

describe('heartbeat failure', () => {
  it('an idle association whose peer vanished closes after Association.Max.Retrans heartbeats', () => {
    const { a, sim } = established({ heartbeatIntervalMs: 1000, maxRetransmissions: 3 });
    sim.filter = (from) => from !== 1; // the peer's replies vanish
    const evs: AssociationEvent[] = [];
    sim.runUntil(() => {
      for (let e = a.pollEvent(); e; e = a.pollEvent()) evs.push(e);
      return a.state === 'closed';
    }, sim.now + 120_000);
    expect(a.state).toBe('closed');
    expect(evs.find((e) => e.type === 'closed')).toMatchObject({ error: true });
  });
});
