/**
 * Loss recovery without T3-rtx (RFC 9260 §7.2.4): a chunk whose fast
 * retransmission is lost too is fast-retransmitted again once SACKs ack data
 * sent after that retransmission (Multiple Fast Retransmit), instead of
 * waiting RTO.Min for T3.
 */
import { ChunkType, decodePacket, type AssociationEvent } from '@purertc/sctp';
import { PERFECT, Sim, drain, makePair } from './sim';

function bulk(dropCopies: number) {
  const [a, b] = makePair({}, {}, 21);
  const eb: AssociationEvent[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs: 2 }, 5, () => {
    drain(a, []);
    drain(b, eb);
  });
  a.connect(0);
  expect(sim.runUntil(() => a.state === 'established' && b.state === 'established', 5000)).toBe(true);
  let target = -1;
  let dropped = 0;
  let seen = 0;
  sim.filter = (from, data) => {
    if (from !== 0) return true;
    const p = decodePacket(data);
    for (const c of p?.chunks ?? []) {
      if (c.type !== ChunkType.DATA && c.type !== ChunkType.I_DATA) continue;
      // The 40th DATA chunk sent: well inside the transfer, so SACKs for later data follow it.
      if (target < 0 && ++seen === 40) target = c.tsn;
      if (c.tsn === target && dropped < dropCopies) {
        dropped++;
        return false;
      }
    }
    return true;
  };
  const payload = new Uint8Array(300 * 1024).map((_, i) => (i * 31) & 0xff);
  const t0 = sim.now;
  a.send(0, 53, payload);
  expect(sim.runUntil(() => eb.some((e) => e.type === 'message'), sim.now + 30_000)).toBe(true);
  const msg = eb.find((e): e is Extract<AssociationEvent, { type: 'message' }> => e.type === 'message')!;
  expect(msg.data).toEqual(payload);
  return { a, ms: sim.now - t0, dropped };
}

describe('loss recovery (RFC 9260 §7.2.4)', () => {
  it('a lost chunk is fast-retransmitted, no T3', () => {
    const { a, dropped } = bulk(1);
    expect(dropped).toBe(1);
    expect(a.counters.fastRetransmits).toBe(1);
    expect(a.counters.t3Expirations).toBe(0);
  });

  it('a chunk whose fast retransmission is lost too is fast-retransmitted again, no T3', () => {
    const { a, ms, dropped } = bulk(2);
    expect(dropped).toBe(2);
    expect(a.counters.fastRetransmits).toBe(2);
    expect(a.counters.t3Expirations).toBe(0);
    // Recovered within a few round trips (2 ms each way), far below RTO.Min.
    expect(ms).toBeLessThan(a.currentRto);
  });

  it('a third loss of the same chunk is fast-retransmitted once more, still no T3', () => {
    const { a, dropped } = bulk(3);
    expect(dropped).toBe(3);
    expect(a.counters.fastRetransmits).toBe(3);
    expect(a.counters.t3Expirations).toBe(0);
  });
});
