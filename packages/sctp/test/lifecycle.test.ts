import { seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Association, type AssociationEvent, ChunkType, decodePacket, encodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

type Ev = AssociationEvent;

function connected(opts = {}, delayMs = 10, seed = 9) {
  const [a, b] = makePair(opts, opts, seed);
  const ea: Ev[] = [];
  const eb: Ev[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs }, seed, () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent()) ea.push(e);
    for (let e = b.pollEvent(); e; e = b.pollEvent()) eb.push(e);
  });
  a.connect(0);
  b.connect(0);
  expect(sim.runUntil(() => a.state === 'established' && b.state === 'established')).toBe(true);
  return { a, b, sim, ea, eb };
}

const msgs = (evs: Ev[], sid: number) => evs.filter((e): e is Extract<Ev, { type: 'message' }> => e.type === 'message' && e.streamId === sid);
const u32 = (i: number, len = 200) => {
  const m = new Uint8Array(len);
  new DataView(m.buffer).setUint32(0, i);
  return m;
};
const idx = (m: Uint8Array) => new DataView(m.buffer, m.byteOffset).getUint32(0);

describe('stream reset (RFC 6525)', () => {
  for (const interleaving of [false, true]) {
    it(`${interleaving ? 'I-DATA' : 'DATA'}: resets one stream while others run, then reuses it from sequence 0`, () => {
      const { a, b, sim, ea, eb } = connected({ interleaving });
      let sent = 0;
      for (let i = 0; i < 50; i++) {
        a.send(1, 53, u32(i));
        a.send(2, 53, u32(i, 3000));
        a.send(3, 53, u32(i));
        sent++;
      }
      a.resetStreams([2]);
      expect(() => a.send(2, 53, u32(999))).toThrow(/closing/);
      for (let i = 50; i < 100; i++) {
        a.send(1, 53, u32(i));
        a.send(3, 53, u32(i));
      }
      expect(sim.runUntil(() => ea.some((e) => e.type === 'stream-reset') && msgs(eb, 1).length === 100 && msgs(eb, 3).length === 100)).toBe(true);
      expect(ea.find((e) => e.type === 'stream-reset')).toEqual({ type: 'stream-reset', direction: 'outgoing', streamIds: [2], ok: true });
      expect(eb.find((e) => e.type === 'stream-reset')).toEqual({ type: 'stream-reset', direction: 'incoming', streamIds: [2], ok: true });
      // Everything sent before the reset arrived, in order.
      expect(msgs(eb, 2).map((m) => idx(m.data))).toEqual([...Array(50).keys()]);
      // The reset came after the last message of stream 2.
      const resetAt = eb.findIndex((e) => e.type === 'stream-reset');
      const lastOn2 = eb.lastIndexOf(msgs(eb, 2)[49]!);
      expect(resetAt).toBeGreaterThan(lastOn2);
      // Reuse: sequence numbers restart at 0 on both sides and delivery stays ordered.
      for (let i = 0; i < 5; i++) a.send(2, 51, u32(1000 + i));
      expect(sim.runUntil(() => msgs(eb, 2).length === 55)).toBe(true);
      expect(msgs(eb, 2).slice(50).map((m) => idx(m.data))).toEqual([1000, 1001, 1002, 1003, 1004]);
      expect(sent).toBe(50);
    });
  }

  it('defers an incoming reset until the data before it has arrived (In Progress)', () => {
    const { a, b, sim, eb } = connected({});
    // Lose the first transmission of stream 4's data so the reset request overtakes it.
    let dropped = 0;
    sim.filter = (from, d) => {
      const p = decodePacket(d)!;
      if (from === 0 && dropped === 0 && p.chunks.some((c) => (c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) && c.streamId === 4)) {
        dropped++;
        return false;
      }
      return true;
    };
    a.send(4, 53, u32(1));
    a.resetStreams([4]);
    expect(sim.runUntil(() => eb.some((e) => e.type === 'stream-reset'))).toBe(true);
    const order = eb.filter((e) => e.type === 'message' || e.type === 'stream-reset').map((e) => e.type);
    expect(order).toEqual(['message', 'stream-reset']);
    expect(b.counters.protocolViolations).toBe(0);
    expect(dropped).toBe(1);
  });
});

describe('I-DATA interleaving (RFC 8260)', () => {
  it('a small message on another stream overtakes a large one in flight', () => {
    for (const interleaving of [true, false]) {
      const { a, sim, eb } = connected({ interleaving });
      a.send(1, 53, u32(1, 200_000));
      a.send(2, 53, u32(2, 100));
      expect(sim.runUntil(() => msgs(eb, 1).length === 1 && msgs(eb, 2).length === 1)).toBe(true);
      const order = eb.filter((e) => e.type === 'message').map((e) => (e as { streamId: number }).streamId);
      expect(order).toEqual(interleaving ? [2, 1] : [1, 2]);
      expect(msgs(eb, 1)[0]!.data.length).toBe(200_000);
    }
  });
});

describe('ABORT, SHUTDOWN, restart', () => {
  it('ABORT closes both ends with the reason', () => {
    const { a, b, sim, ea, eb } = connected();
    a.send(1, 53, u32(1, 10_000));
    a.abort('going away');
    sim.runUntil(() => b.state === 'closed');
    expect(a.state).toBe('closed');
    expect(ea.find((e) => e.type === 'closed')).toMatchObject({ error: false });
    const closed = eb.find((e) => e.type === 'closed') as { reason: string; error: boolean };
    expect(closed.error).toBe(true);
    expect(closed.reason).toContain('going away');
    expect(() => a.send(1, 53, u32(1))).toThrow();
  });

  it('SHUTDOWN delivers everything queued, then closes both ends gracefully', () => {
    const { a, b, sim, ea, eb } = connected({}, 30);
    for (let i = 0; i < 40; i++) a.send(1, 53, u32(i, 5000));
    a.shutdown(sim.now);
    expect(a.state).toBe('shutdown-pending');
    expect(() => a.send(1, 53, u32(1))).toThrow();
    expect(sim.runUntil(() => a.state === 'closed' && b.state === 'closed')).toBe(true);
    expect(msgs(eb, 1).map((m) => idx(m.data))).toEqual([...Array(40).keys()]);
    expect(ea.find((e) => e.type === 'closed')).toMatchObject({ error: false });
    expect(eb.find((e) => e.type === 'closed')).toMatchObject({ error: false });
    expect(eb.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toContain('shutdown-received');
  });

  it('a stray INIT (restart attempt that never completes) does not disturb the association', () => {
    const { a, b, sim, eb } = connected();
    const intruder = new Association({ crypto: nodeCrypto, random: seededRandom(77) });
    intruder.connect(sim.now);
    b.handle(sim.now, intruder.pollTransmit()!.data);
    const reply = decodePacket(b.pollTransmit()!.data)!;
    expect(reply.chunks[0]!.type).toBe(ChunkType.INIT_ACK);
    a.send(1, 53, u32(5));
    expect(sim.runUntil(() => msgs(eb, 1).length === 1)).toBe(true);
    expect(b.state).toBe('established');
  });

  it('a peer restart (new INIT, COOKIE ECHO with matching tie-tags) resets the association', () => {
    const { a, b, sim, eb } = connected();
    a.send(1, 53, u32(1));
    sim.runUntil(() => msgs(eb, 1).length === 1);
    // "a" loses its state and starts over; "b" still has the old TCB.
    const a2 = new Association({ crypto: nodeCrypto, random: seededRandom(4242) });
    const ea2: Ev[] = [];
    const sim2 = new Sim([a2, b], { ...PERFECT, delayMs: 10 }, 5, () => {
      for (let e = a2.pollEvent(); e; e = a2.pollEvent()) ea2.push(e);
      for (let e = b.pollEvent(); e; e = b.pollEvent()) eb.push(e);
    });
    sim2.now = sim.now;
    a2.connect(sim2.now);
    expect(sim2.runUntil(() => a2.state === 'established' && eb.some((e) => e.type === 'restart'))).toBe(true);
    a2.send(1, 53, u32(2));
    b.send(1, 53, u32(3));
    expect(sim2.runUntil(() => msgs(eb, 1).length === 2 && msgs(ea2, 1).length === 1)).toBe(true);
    expect(idx(msgs(eb, 1)[1]!.data)).toBe(2);
    expect(idx(msgs(ea2, 1)[0]!.data)).toBe(3);
  });

  it('answers HEARTBEAT and measures RTT', () => {
    const { a, sim } = connected({ heartbeatIntervalMs: 1000 }, 40);
    expect(a.currentRto).toBe(1000);
    sim.runUntil(() => false, sim.now + 5000);
    expect(a.state).toBe('established');
    expect(a.currentRto).toBeLessThan(1000); // RTT samples of ~80 ms, clamped at RTO.min
    expect(a.currentRto).toBeGreaterThanOrEqual(400);
  });

  it('unknown chunk types follow their two high bits (RFC 9260 §3.2)', () => {
    const cases: [number, boolean, boolean][] = [
      // type, expect ERROR report, expect the following HEARTBEAT processed
      [0x3f, false, false],
      [0x7f, true, false],
      [0xbf, false, true],
      [0xff, true, true],
    ];
    for (const [type, report, processed] of cases) {
      const { b, sim } = connected();
      while (b.pollTransmit());
      const tag = (b as unknown as { localTag: number }).localTag;
      const pkt = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag }, [
        { type: 'unknown', chunkType: type, flags: 0, value: new Uint8Array([1, 2, 3]) },
        { type: ChunkType.HEARTBEAT, info: new Uint8Array([9, 9]) },
      ]);
      b.handle(sim.now, pkt);
      const out = [];
      for (let t = b.pollTransmit(); t; t = b.pollTransmit()) out.push(...decodePacket(t.data)!.chunks);
      expect(out.some((c) => c.type === ChunkType.ERROR)).toBe(report);
      expect(out.some((c) => c.type === ChunkType.HEARTBEAT_ACK)).toBe(processed);
      expect(b.counters.unknownChunks).toBe(1);
    }
  });
});

describe('stream limits', () => {
  it('negotiates stream counts; DATA on an unknown stream is acked and reported (RFC 9260 §6.5)', () => {
    const [a, b] = makePair({}, { inboundStreams: 10 }, 8);
    const sim = new Sim([a, b], PERFECT, 1);
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    expect(a.outboundStreams).toBe(10);
    expect(b.inboundStreams).toBe(10);
    expect(() => a.send(10, 53, new Uint8Array(1))).toThrow(/out of range/);
    const internals = b as unknown as { localTag: number; tracker: { cumulativeTsn: number } };
    const tsn = (internals.tracker.cumulativeTsn + 1) >>> 0;
    b.handle(sim.now, encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: internals.localTag }, [
      { type: ChunkType.I_DATA, flags: 3, tsn, streamId: 20, mid: 0, ppid: 53, fsn: 0, userData: new Uint8Array(4) },
    ]));
    const out = [];
    for (let t = b.pollTransmit(); t; t = b.pollTransmit()) out.push(...decodePacket(t.data)!.chunks);
    const err = out.find((c) => c.type === ChunkType.ERROR);
    expect(err && err.type === ChunkType.ERROR && err.causes[0]!.type).toBe(1);
    const sack = out.find((c) => c.type === ChunkType.SACK);
    expect(sack && sack.type === ChunkType.SACK && sack.cumulativeTsnAck).toBe(tsn);
  });
});

describe('bounded memory', () => {
  it('a peer that never acknowledges: bounded retransmission queue, then failure', () => {
    const { a, sim, ea } = connected({ maxRetransmissions: 4 });
    sim.filter = (from) => from === 0 && false; // a's packets vanish
    let queued = 0;
    let maxOutstanding = 0;
    const depth = 1 << 20;
    for (let step = 0; step < 100_000 && a.state === 'established'; step++) {
      while (a.state === 'established' && a.bufferedAmount(1) < depth) {
        a.send(1, 53, new Uint8Array(1024));
        queued++;
      }
      maxOutstanding = Math.max(maxOutstanding, a.outstandingChunks);
      if (!sim.step(sim.now + 1_000_000)) break;
    }
    expect(a.state).toBe('closed');
    expect(ea.find((e) => e.type === 'closed')).toMatchObject({ error: true });
    // Only what the congestion window allowed ever left the queue.
    expect(maxOutstanding).toBeLessThanOrEqual(8);
    expect(queued).toBeLessThan(1100);
  });

  it('a receiver whose application never reads: the receive buffer stays bounded', () => {
    const [a, b] = makePair({}, { maxReceiveBuffer: 64 * 1024 }, 3);
    const sim = new Sim([a, b], { ...PERFECT, delayMs: 5 }, 3, () => {
      for (let e = a.pollEvent(); e; e = a.pollEvent());
      // b's events are never drained.
      if (a.state === 'established') while (a.bufferedAmount(0) < 256 * 1024) a.send(0, 53, new Uint8Array(1000));
    });
    a.connect(0);
    sim.runUntil(() => false, 20_000);
    expect(b.receiveBufferedBytes).toBeLessThanOrEqual(64 * 1024 + 64 * 1024 + 1200);
    expect(b.receiveBufferedBytes).toBeGreaterThan(32 * 1024);
    expect(a.state).toBe('established');
  });

  it('tiny fragments of many messages are charged for their objects, not just their bytes', () => {
    const [a, b] = makePair({}, { maxReceiveBuffer: 64 * 1024 }, 5);
    const sim = new Sim([a, b], PERFECT, 1);
    a.connect(0);
    sim.runUntil(() => a.state === 'established' && b.state === 'established');
    const internals = b as unknown as { localTag: number; tracker: { cumulativeTsn: number }; reasm: { byMid: Map<number, unknown> } };
    const base = internals.tracker.cumulativeTsn;
    for (let i = 1; i <= 20_000; i++) {
      const pkt = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: internals.localTag }, [
        // B without E: a first fragment of message i, one byte, never completed.
        { type: ChunkType.I_DATA, flags: 2, tsn: (base + i) >>> 0, streamId: 1, mid: i, ppid: 53, fsn: 0, userData: new Uint8Array(1) },
      ]);
      b.handle(sim.now, pkt);
    }
    expect(b.receiveBufferedBytes).toBeLessThanOrEqual(64 * 1024 + 64 * 1024 + 1200);
    expect(internals.reasm.byMid.size).toBeLessThan(2100);
    expect(b.counters.receiveBufferDrops).toBeGreaterThan(15_000);
  });

  it('far-ahead TSNs from a hostile peer cannot grow the gap list without bound', () => {
    const { b, sim } = connected({ interleaving: false });
    const tag = (b as unknown as { localTag: number }).localTag;
    for (let i = 0; i < 2000; i++) {
      const pkt = encodePacket({ sourcePort: 5000, destinationPort: 5000, verificationTag: tag }, [
        { type: ChunkType.DATA, flags: 3, tsn: (0x40000000 + i * 2) >>> 0, streamId: 1, ssn: 0, ppid: 53, userData: new Uint8Array(10) },
      ]);
      b.handle(sim.now, pkt);
    }
    expect(b.receiveBufferedBytes).toBeLessThan(20_000);
  });
});
