/**
 * SCTP soak: 100 MB on four streams between two associations through a
 * deterministic simulated network (virtual time; loss, duplication,
 * reordering, delay), every message checked for integrity and, on ordered
 * streams, order. Too long for the unit tests (which move a few MB per case);
 * reported here with its wall time.
 */
import { performance } from 'node:perf_hooks';
import { Association } from '@purertc/sctp';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { seededFloats, seededRandom } from '@purertc/common';

/** Deterministic PRNG for the link (mulberry32). */
const prng = seededFloats;

/** Binary min-heap of packets by (at, seq). */
class Heap {
  items = [];
  push(x) {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  peek() {
    return this.items[0];
  }
  pop() {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
  get size() {
    return this.items.length;
  }
}
const less = (x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

function soak({ totalBytes, link, seed, interleaving }) {
  const rnd = prng(seed);
  const a = new Association({ crypto: nodeCrypto, random: seededRandom(seed) }, { interleaving, maxReceiveBuffer: 4 << 20 });
  const b = new Association({ crypto: nodeCrypto, random: seededRandom(seed + 1) }, { interleaving, maxReceiveBuffer: 4 << 20 });
  const ends = [a, b];
  const streams = [
    { id: 0, unordered: false },
    { id: 1, unordered: true },
    { id: 2, unordered: false },
    { id: 3, unordered: false },
  ];
  const perStream = Math.floor(totalBytes / streams.length);
  const state = streams.map(() => ({ sentBytes: 0, nextIndex: 0, expect: 0, gotBytes: 0, seen: new Set() }));
  let bad = 0;
  let outOfOrder = 0;
  let now = 0;
  let seq = 0;
  const q = new Heap();
  let dropped = 0;
  const send = (from, data) => {
    if (rnd() < link.loss) {
      dropped++;
      return;
    }
    const copies = rnd() < link.duplicate ? 2 : 1;
    for (let k = 0; k < copies; k++) {
      let at = now + link.delayMs + rnd() * link.jitterMs;
      if (rnd() < link.reorder) at += 1 + rnd() * link.delayMs;
      q.push({ at, seq: seq++, to: 1 - from, data });
    }
  };
  const flush = () => {
    for (let i = 0; i < 2; i++) for (let t = ends[i].pollTransmit(); t; t = ends[i].pollTransmit()) send(i, t.data);
  };
  const app = () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent());
    for (let e = b.pollEvent(); e; e = b.pollEvent()) {
      if (e.type !== 'message') continue;
      const d = e.data;
      const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
      const s = dv.getUint32(0);
      const i = dv.getUint32(4);
      const st = state[s];
      for (let k = 8; k < d.length; k += 97) if (d[k] !== ((s * 31 + i * 7 + k) & 0xff)) bad++;
      if (d.length > 8 && d[d.length - 1] !== ((s * 31 + i * 7 + d.length - 1) & 0xff)) bad++;
      if (streams[s].unordered) {
        if (st.seen.has(i)) bad++;
        st.seen.add(i);
      } else {
        if (i !== st.expect) outOfOrder++;
        st.expect = i + 1;
      }
      st.gotBytes += d.length;
    }
    if (a.state !== 'established') return;
    for (const s of streams) {
      const st = state[s.id];
      while (st.sentBytes < perStream && a.bufferedAmount(s.id) < 512 * 1024) {
        const len = Math.min(perStream - st.sentBytes, 8 + Math.floor(rnd() * rnd() * 20000));
        const m = new Uint8Array(Math.max(8, len));
        const dv = new DataView(m.buffer);
        dv.setUint32(0, s.id);
        dv.setUint32(4, st.nextIndex);
        for (let k = 8; k < m.length; k++) m[k] = (s.id * 31 + st.nextIndex * 7 + k) & 0xff;
        a.send(s.id, 53, m, { unordered: s.unordered });
        st.nextIndex++;
        st.sentBytes += m.length;
      }
    }
  };
  a.connect(0);
  b.connect(0);
  const t0 = performance.now();
  const goal = streams.length * perStream;
  let steps = 0;
  for (;;) {
    app();
    flush();
    const got = state.reduce((n, s) => n + s.gotBytes, 0);
    if (got >= goal) break;
    let next = q.size ? q.peek().at : Infinity;
    for (const e of ends) {
      const t = e.pollTimeout();
      if (t !== undefined && t < next) next = t;
    }
    if (next === Infinity) throw new Error('soak: stalled');
    if (next > now) now = next;
    while (q.size && q.peek().at <= now) {
      const p = q.pop();
      ends[p.to].handle(now, p.data);
    }
    for (const e of ends) {
      const t = e.pollTimeout();
      if (t !== undefined && t <= now) e.handleTimeout(now);
    }
    steps++;
  }
  const wall = performance.now() - t0;
  return { wall, virtual: now, bad, outOfOrder, dropped, steps, bytes: goal, retransmissions: a.counters.retransmissions, messages: state.reduce((n, s) => n + s.nextIndex, 0) };
}

export default {
  title: 'SCTP soak through a lossy simulated network',
  description: `100 MB on four streams (three ordered, one unordered) from one association to another through a seeded
simulated network in virtual time, on three links (1 %, 5 % and 20 % loss with duplication, reordering and delay),
with I-DATA and with DATA. Every message is checked (content pattern, size, order on ordered streams, no duplicates
on the unordered one). Virtual time is what the transfer would take on such a link; wall time is the CPU cost.`,
  comparisons: [],
  async report({ quick }) {
    const lines = [
      '| link | mode | data | messages | wall time | virtual time | retransmissions | corrupt | out of order |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ];
    const links = [
      ['1 % loss, 1 % dup, 2 % reorder, 20 ms', { loss: 0.01, duplicate: 0.01, reorder: 0.02, delayMs: 20, jitterMs: 5 }],
      ['5 % loss, 2 % dup, 5 % reorder, 50 ms', { loss: 0.05, duplicate: 0.02, reorder: 0.05, delayMs: 50, jitterMs: 10 }],
      ['20 % loss, 2 % dup, 5 % reorder, 100 ms', { loss: 0.2, duplicate: 0.02, reorder: 0.05, delayMs: 100, jitterMs: 20 }],
    ];
    for (const [name, link] of links) {
      for (const interleaving of [true, false]) {
        const r = soak({ totalBytes: quick ? 5e6 : 100e6, link, seed: 42, interleaving });
        const mode = interleaving ? 'I-DATA' : 'DATA';
        console.log(`  ${name}, ${mode}: ${(r.bytes / 1e6).toFixed(0)} MB in ${(r.wall / 1000).toFixed(1)} s wall, ${(r.virtual / 1000).toFixed(1)} s virtual, bad ${r.bad}, out of order ${r.outOfOrder}`);
        if (r.bad || r.outOfOrder) throw new Error('sctp-soak: data corrupted or out of order');
        lines.push(
          `| ${name} | ${mode} | ${(r.bytes / 1e6).toFixed(0)} MB | ${r.messages} | ${(r.wall / 1000).toFixed(1)} s | ${(r.virtual / 1000).toFixed(1)} s | ${r.retransmissions} | ${r.bad} | ${r.outOfOrder} |`,
        );
      }
    }
    return lines.join('\n');
  },
};
