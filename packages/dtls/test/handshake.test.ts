import { toHex } from '@purertc/common';
import fc from 'fast-check';
import { ContentType } from '../src/constants';
import { packFlight, type FlightEntry } from '../src/flight';
import { addRange, encodeHandshakeMessage, HandshakeReassembler, parseHandshakeFragments, writeHandshakeFragment } from '../src/handshake';
import { parseRecords } from '../src/record';
import { RecordLayer } from '../src/record-layer';

function fragments(type: number, seq: number, body: Uint8Array, cuts: number[]) {
  const points = [...new Set([0, ...cuts.map((c) => c % (body.length + 1)), body.length])].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const n = points[i + 1]! - points[i]!;
    const f = new Uint8Array(12 + n);
    writeHandshakeFragment(f, 0, type, seq, body, points[i]!, n);
    out.push(f);
  }
  if (out.length === 0) {
    const f = new Uint8Array(12);
    writeHandshakeFragment(f, 0, type, seq, body, 0, 0);
    out.push(f);
  }
  return out;
}

describe('handshake fragmentation and reassembly (RFC 6347 §4.2.3)', () => {
  test('header as if unfragmented', () => {
    expect(toHex(encodeHandshakeMessage(1, 2, new Uint8Array([9, 9])))).toBe('010000020002000000000002' + '0909');
  });
  test('property: any fragmentation, in any order, with duplicates, reassembles to the message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 40 }), (body, cuts, order) => {
        const frs = fragments(11, 0, body, cuts);
        const seqs = [...frs.map((_, i) => i), ...order.map((o) => o % frs.length)];
        const perm = seqs.map((v, i) => [order[i % Math.max(order.length, 1)] ?? 0, v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
        const r = new HandshakeReassembler();
        for (const i of perm) for (const f of parseHandshakeFragments(frs[i]!)!) expect(r.add(f, 0)).not.toBe('dropped');
        const m = r.pop();
        expect(m).toBeDefined();
        expect(m!.type).toBe(11);
        expect(toHex(m!.body)).toBe(toHex(body));
        expect(r.bufferedBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
  test('delivers in message_seq order; older messages reported as old', () => {
    const r = new HandshakeReassembler();
    const [m1] = fragments(2, 1, new Uint8Array([1]), []);
    const [m0] = fragments(1, 0, new Uint8Array([0]), []);
    r.add(parseHandshakeFragments(m1!)![0]!, 0);
    expect(r.pop()).toBeUndefined();
    r.add(parseHandshakeFragments(m0!)![0]!, 0);
    expect(r.pop()!.messageSeq).toBe(0);
    expect(r.pop()!.messageSeq).toBe(1);
    expect(r.add(parseHandshakeFragments(m0!)![0]!, 0)).toBe('old');
  });
  test('contradicting fragments, oversize messages and far-ahead message_seq are dropped', () => {
    const r = new HandshakeReassembler({ maxMessageLength: 1000 });
    r.add({ type: 11, length: 10, messageSeq: 0, fragmentOffset: 0, fragmentLength: 2, body: new Uint8Array(2) }, 0);
    // a contradicting fragment replaces the partial message (the newest wins), counted as a drop
    expect(r.add({ type: 12, length: 10, messageSeq: 0, fragmentOffset: 2, fragmentLength: 2, body: new Uint8Array(2) }, 0)).toBe('accepted');
    expect(r.add({ type: 12, length: 10, messageSeq: 0, fragmentOffset: 0, fragmentLength: 2, body: new Uint8Array(2) }, 0)).toBe('accepted');
    r.add({ type: 12, length: 10, messageSeq: 0, fragmentOffset: 4, fragmentLength: 6, body: new Uint8Array(6) }, 0);
    expect(r.pop()!.type).toBe(12);
    expect(r.add({ type: 11, length: 5000, messageSeq: 1, fragmentOffset: 0, fragmentLength: 1, body: new Uint8Array(1) }, 0)).toBe('dropped');
    expect(r.add({ type: 11, length: 5, messageSeq: 100, fragmentOffset: 0, fragmentLength: 1, body: new Uint8Array(1) }, 0)).toBe('dropped');
    expect(r.dropped).toBe(3);
  });
  test('a flood of fragments keeps memory bounded', () => {
    const r = new HandshakeReassembler();
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const seq = i % 40;
      const off = (i * 7919) % 30000;
      r.add({ type: 11, length: 32 * 1024, messageSeq: seq, fragmentOffset: off, fragmentLength: 1, body: new Uint8Array(1) }, 0);
      max = Math.max(max, r.bufferedBytes);
    }
    expect(max).toBeLessThanOrEqual(64 * 1024);
    expect(max).toBeGreaterThan(1000);
    expect(r.dropped).toBeGreaterThan(0);
  });
  test('addRange merges overlapping and adjacent ranges', () => {
    const rs: number[] = [];
    addRange(rs, 10, 20, 10);
    addRange(rs, 30, 40, 10);
    addRange(rs, 20, 30, 10);
    expect(rs).toEqual([10, 40]);
    addRange(rs, 0, 5, 10);
    expect(rs).toEqual([0, 5, 10, 40]);
    expect(addRange(rs, 50, 60, 2)).toBe(false);
  });
});

describe('packFlight', () => {
  test('fragments a large message to the MTU; several records share a datagram; reassembles', () => {
    const rl = new RecordLayer();
    const big = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    const entries: FlightEntry[] = [
      { kind: 'handshake', type: 2, messageSeq: 1, body: new Uint8Array(70), epoch: 0 },
      { kind: 'handshake', type: 11, messageSeq: 2, body: big, epoch: 0 },
      { kind: 'handshake', type: 14, messageSeq: 3, body: new Uint8Array(0), epoch: 0 },
    ];
    const dgs = packFlight(entries, rl, 1200);
    expect(dgs.length).toBe(3);
    for (const d of dgs) expect(d.length).toBeLessThanOrEqual(1200);
    const r = new HandshakeReassembler();
    r.reset(1);
    let recs = 0;
    for (const d of dgs) {
      for (const rec of parseRecords(d).records) {
        recs++;
        expect(rec.type).toBe(ContentType.Handshake);
        for (const f of parseHandshakeFragments(rec.fragment)!) r.add(f, 0);
      }
    }
    expect(recs).toBeGreaterThan(3);
    const got = [r.pop(), r.pop(), r.pop()];
    expect(got.map((m) => m?.type)).toEqual([2, 11, 14]);
    expect(toHex(got[1]!.body)).toBe(toHex(big));
  });
  test('small MTU still works', () => {
    const rl = new RecordLayer();
    const dgs = packFlight([{ kind: 'handshake', type: 11, messageSeq: 0, body: new Uint8Array(1000), epoch: 0 }], rl, 200);
    expect(dgs.every((d) => d.length <= 200)).toBe(true);
    expect(dgs.length).toBeGreaterThanOrEqual(6);
  });
});
