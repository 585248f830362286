import type { AssociationEvent, AssociationOptions } from '@purertc/sctp';
import { type LinkOptions, PERFECT, Sim, makePair, prng } from './sim';

/** Message i on stream s: 8-byte header (stream, index) and a pattern body. */
function makeMessage(s: number, i: number, len: number): Uint8Array {
  const m = new Uint8Array(Math.max(8, len));
  const dv = new DataView(m.buffer);
  dv.setUint32(0, s);
  dv.setUint32(4, i);
  for (let k = 8; k < m.length; k++) m[k] = (s * 31 + i * 7 + k) & 0xff;
  return m;
}

function checkMessage(m: Uint8Array): { s: number; i: number; ok: boolean } {
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  const s = dv.getUint32(0);
  const i = dv.getUint32(4);
  for (let k = 8; k < m.length; k++) if (m[k] !== ((s * 31 + i * 7 + k) & 0xff)) return { s, i, ok: false };
  return { s, i, ok: true };
}

interface StreamPlan {
  id: number;
  unordered: boolean;
  count: number;
}

/**
 * Sends `plan` from a to b through the link, keeping up to `depth` bytes
 * buffered per stream; checks integrity, order (ordered streams) and
 * completeness.
 */
function transfer(link: LinkOptions, seed: number, plan: StreamPlan[], opts: Partial<AssociationOptions> = {}, depth = 64 * 1024) {
  const [a, b] = makePair(opts, opts, seed);
  if (opts.retainPackets) {
    // Hand each packet over in a buffer of its own, as a DTLS record layer does (a decrypted record each).
    for (const x of [a, b]) {
      const handle = x.handle.bind(x);
      x.handle = (now: number, data: Uint8Array) => handle(now, data.slice());
    }
  }
  const rnd = prng(seed * 13 + 1);
  const sizes = new Map<number, number[]>();
  for (const p of plan) sizes.set(p.id, Array.from({ length: p.count }, () => 1 + Math.floor(rnd() * rnd() * 6000)));
  const next = new Map(plan.map((p) => [p.id, 0]));
  const expect = new Map(plan.map((p) => [p.id, 0]));
  const seen = new Map(plan.map((p) => [p.id, new Set<number>()]));
  let bad = 0;
  let outOfOrder = 0;
  let total = 0;
  const goal = plan.reduce((n, p) => n + p.count, 0);
  const pump = (ev: AssociationEvent) => {
    if (ev.type !== 'message') return;
    const { s, i, ok } = checkMessage(ev.data);
    if (!ok || ev.data.length !== Math.max(8, sizes.get(s)![i]!)) bad++;
    const p = plan.find((x) => x.id === s)!;
    if (seen.get(s)!.has(i)) bad++; // duplicate delivery
    seen.get(s)!.add(i);
    if (!p.unordered) {
      if (i !== expect.get(s)) outOfOrder++;
      expect.set(s, i + 1);
    }
    if (ev.unordered !== p.unordered) bad++;
    total++;
  };
  const sim = new Sim([a, b], link, seed, () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent());
    for (let e = b.pollEvent(); e; e = b.pollEvent()) pump(e);
    if (a.state !== 'established') return;
    for (const p of plan) {
      let i = next.get(p.id)!;
      while (i < p.count && a.bufferedAmount(p.id) < depth) {
        a.send(p.id, 53, makeMessage(p.id, i, sizes.get(p.id)![i]!), { unordered: p.unordered });
        i++;
      }
      next.set(p.id, i);
    }
  });
  a.connect(0);
  b.connect(0);
  const done = sim.runUntil(() => total === goal, 3_600_000);
  return { done, bad, outOfOrder, total, goal, a, b, sim };
}

const plan: StreamPlan[] = [
  { id: 1, unordered: false, count: 300 },
  { id: 2, unordered: true, count: 300 },
  { id: 5, unordered: false, count: 300 },
];

describe('transfer through the simulated network', () => {
  const cases: [string, LinkOptions][] = [
    ['perfect link', PERFECT],
    ['1% loss, 20 ms', { ...PERFECT, loss: 0.01, delayMs: 20, jitterMs: 2 }],
    ['5% loss, duplication, reordering, 50 ms', { loss: 0.05, duplicate: 0.05, reorder: 0.1, delayMs: 50, jitterMs: 10 }],
    ['20% loss, 100 ms', { loss: 0.2, duplicate: 0.02, reorder: 0.05, delayMs: 100, jitterMs: 20 }],
    ['300 ms delay, reordering', { loss: 0.01, duplicate: 0.01, reorder: 0.3, delayMs: 300, jitterMs: 30 }],
  ];
  for (const [name, link] of cases) {
    for (const interleaving of [true, false]) {
      it(`${name}, ${interleaving ? 'I-DATA' : 'DATA'}: intact, in order, complete`, () => {
        const r = transfer(link, 11, plan, { interleaving });
        expect(r.a.interleaving).toBe(interleaving);
        expect({ done: r.done, total: r.total, bad: r.bad, outOfOrder: r.outOfOrder }).toEqual({ done: true, total: r.goal, bad: 0, outOfOrder: 0 });
        // Nothing left behind.
        expect(r.b.receiveBufferedBytes).toBe(0);
      });
    }
  }

  // Packets handed over (retainPackets): fragments kept as views of them, joined once per message.
  for (const [name, link] of cases.slice(1, 4)) {
    for (const interleaving of [true, false]) {
      for (const mtu of [1200, 16384]) {
        it(`${name}, ${interleaving ? 'I-DATA' : 'DATA'}, packets handed over, ${mtu}-byte packets: intact, in order, complete`, () => {
          const r = transfer(link, 12, plan, { interleaving, retainPackets: true, mtu });
          expect({ done: r.done, total: r.total, bad: r.bad, outOfOrder: r.outOfOrder }).toEqual({ done: true, total: r.goal, bad: 0, outOfOrder: 0 });
          expect(r.b.receiveBufferedBytes).toBe(0);
        });
      }
    }
  }

  it('moves several MB with a deep buffer on a clean link', () => {
    const big: StreamPlan[] = [
      { id: 0, unordered: false, count: 1500 },
      { id: 2, unordered: false, count: 1500 },
    ];
    const r = transfer({ ...PERFECT, delayMs: 5 }, 3, big, {}, 1024 * 1024);
    expect({ done: r.done, bad: r.bad, outOfOrder: r.outOfOrder }).toEqual({ done: true, bad: 0, outOfOrder: 0 });
    expect(r.a.counters.retransmissions).toBe(0);
  });
});

