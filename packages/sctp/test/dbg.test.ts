import { ChunkType, decodePacket } from '@purertc/sctp';
import { PERFECT, Sim, makePair } from './sim';
it('dbg', () => {
  const [a, b] = makePair({ interleaving: false }, { interleaving: false }, 5);
  const got: number[] = [];
  const sim = new Sim([a, b], { ...PERFECT, delayMs: 10 }, 3, () => {
    for (let e = a.pollEvent(); e; e = a.pollEvent());
    for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'message') got.push(new DataView(e.data.buffer, e.data.byteOffset).getUint32(0));
  });
  a.connect(0);
  sim.runUntil(() => a.state === 'established' && b.state === 'established');
  const origA = a.handle.bind(a);
  const origB = b.handle.bind(b);
  const show = (who: string, d: Uint8Array, now: number) => {
    const p = decodePacket(d)!;
    console.log(now.toFixed(1), who, p.chunks.map((c) => (c.type === ChunkType.DATA ? `D${c.tsn % 1000}` : c.type === ChunkType.SACK ? `S${c.cumulativeTsnAck % 1000}[${c.gaps}]` : c.type === ChunkType.FORWARD_TSN ? `F${c.newCumulativeTsn % 1000}` : String(c.type))).join(' '));
  };
  a.handle = (now, d) => { show('b->a', d, now); origA(now, d); };
  b.handle = (now, d) => { show('a->b', d, now); origB(now, d); };
  sim.filter = (from, data) => {
    const p = decodePacket(data)!;
    return !(from === 0 && p.chunks.some((c) => c.type === ChunkType.DATA && new DataView(c.userData.buffer, c.userData.byteOffset).getUint32(0) === 5));
  };
  const m = (i: number) => { const x = new Uint8Array(1000); new DataView(x.buffer).setUint32(0, i); return x; };
  for (let i = 0; i < 20; i++) a.send(3, 53, m(i), { maxRetransmits: 0 });
  sim.runUntil(() => got.length === 19 && a.outstandingChunks === 0, sim.now + 3000);
  console.log(got, a.outstandingChunks);
});
