import { ChunkType, type AssociationEvent, type AssociationOptions, decodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';

/** The message indexes (first 4 bytes of each B-fragment's payload) in a packet's DATA / I-DATA chunks. */
function indexesIn(pkt: Uint8Array): number[] {
  const p = decodePacket(pkt);
  const out: number[] = [];
  for (const c of p?.chunks ?? []) {
    if ((c.type === ChunkType.DATA || c.type === ChunkType.I_DATA) && c.userData.length >= 4) {
      out.push(new DataView(c.userData.buffer, c.userData.byteOffset).getUint32(0));
    }
  }
  return out;
}

function msg(i: number, len = 1000): Uint8Array {
  const m = new Uint8Array(len);
  new DataView(m.buffer).setUint32(0, i);
  return m;
}

function setup(opts: Partial<AssociationOptions>, delayMs = 10) {
  const [a, b] = makePair(opts, opts, 5);
  const got: number[] = [];
  const evA: AssociationEvent[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs }, 3, () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent()) evA.push(e);
    for (let e = b.pollEvent(); e; e = b.pollEvent()) {
      if (e.type === 'message') got.push(new DataView(e.data.buffer, e.data.byteOffset).getUint32(0));
    }
  });
  a.connect(0);
  sim.runUntil(() => a.state === 'established' && b.state === 'established');
  return { a, b, sim, got, evA };
}

describe('partial reliability (RFC 3758)', () => {
  for (const interleaving of [false, true]) {
    const mode = interleaving ? 'I-DATA' : 'DATA';
    for (const unordered of [false, true]) {
      it(`${mode}, ${unordered ? 'unordered' : 'ordered'}: maxRetransmits 0 abandons exactly the lost message`, () => {
        const { a, b, sim, got } = setup({ interleaving });
        let drops = 0;
        sim.filter = (from, data) => {
          if (from === 0 && indexesIn(data).includes(5)) {
            drops++;
            return false;
          }
          return true;
        };
        for (let i = 0; i < 20; i++) a.send(3, 53, msg(i), { maxRetransmits: 0, unordered });
        sim.runUntil(() => got.length === 19 && a.outstandingChunks === 0, sim.now + 30_000);
        expect(drops).toBe(1); // sent once, never retransmitted
        expect(got.length).toBe(19);
        expect(got.includes(5)).toBe(false);
        if (!unordered) expect(got).toEqual([...Array(20).keys()].filter((i) => i !== 5));
        expect(a.counters.abandonedMessages).toBe(1);
        expect(a.counters.retransmissions).toBe(0);
        // The stream keeps working afterwards.
        a.send(3, 53, msg(100), { unordered });
        sim.runUntil(() => got.includes(100), sim.now + 10_000);
        expect(got[got.length - 1]).toBe(100);
        expect(b.counters.protocolViolations).toBe(0);
      });
    }

    it(`${mode}: maxRetransmits 1 delivers after one loss, abandons after two`, () => {
      const { a, sim, got } = setup({ interleaving });
      const seen = new Map<number, number>();
      sim.filter = (from, data) => {
        if (from !== 0) return true;
        for (const i of indexesIn(data)) {
          const n = (seen.get(i) ?? 0) + 1;
          seen.set(i, n);
          if (i === 3 && n === 1) return false; // lost once: recovered by the retransmission
          if (i === 7 && n <= 2) return false; // lost twice: abandoned
        }
        return true;
      };
      for (let i = 0; i < 12; i++) a.send(1, 53, msg(i), { maxRetransmits: 1 });
      sim.runUntil(() => got.length === 11 && a.outstandingChunks === 0, sim.now + 60_000);
      expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
      expect(seen.get(7)).toBe(2);
      expect(a.counters.abandonedMessages).toBe(1);
    });

    it(`${mode}: maxPacketLifeTime abandons a fragmented message that outlives it`, () => {
      const { a, sim, got } = setup({ interleaving }, 20);
      // Message 2 is 5000 bytes (5 fragments); lose its fragments while the lifetime runs out.
      sim.filter = (from, data) => !(from === 0 && indexesIn(data).includes(2) && sim.now < 400);
      for (let i = 0; i < 6; i++) a.send(1, 53, msg(i, i === 2 ? 5000 : 1000), { maxPacketLifeTime: 150 });
      sim.runUntil(() => got.length === 5 && a.outstandingChunks === 0, sim.now + 60_000);
      expect(got).toEqual([0, 1, 3, 4, 5]);
      expect(a.counters.abandonedMessages).toBe(1);
    });
  }

  it('drops expired messages before they are ever sent (no FORWARD TSN needed)', () => {
    const { a, sim, got } = setup({});
    // Fill the window with a reliable stream, then queue timed messages that expire in the queue.
    sim.filter = (from, data) => !(from === 0 && sim.now < 3000 && indexesIn(data).length > 0);
    for (let i = 0; i < 5; i++) a.send(1, 53, msg(i, 1000));
    for (let i = 10; i < 15; i++) a.send(2, 53, msg(i, 50_000), { maxPacketLifeTime: 10 });
    expect(a.bufferedAmount(2)).toBeGreaterThan(0);
    sim.runUntil(() => got.length === 5 && a.totalBufferedAmount === 0 && a.outstandingChunks === 0, sim.now + 120_000);
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(a.bufferedAmount(2)).toBe(0);
  });
});
