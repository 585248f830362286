import fc from 'fast-check';
import { seq32Add, seq32Lt } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { CongestionControl, Deque, OutMessage, ReceiveTracker, RtoEstimator, SendQueue, openCookie, signCookie } from '@purertc/sctp';

describe('ReceiveTracker', () => {
  it('matches a set model for any arrival order, across the 32-bit wrap', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 0xfffffff0, 12345), fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 120 }), fc.integer({ min: 0, max: 61 }), (base, arrivals, fwd) => {
        const t = new ReceiveTracker(base);
        const got = new Set<number>();
        for (const off of arrivals) {
          const tsn = seq32Add(base, off);
          expect(t.has(tsn)).toBe(got.has(off));
          if (!got.has(off)) {
            expect(t.add(tsn)).toBe(true);
            got.add(off);
          }
        }
        let cum = -1;
        while (got.has(cum + 1)) cum++;
        expect(t.cumulativeTsn).toBe(seq32Add(base, cum));
        // Gap blocks describe exactly the received offsets above the cumulative TSN.
        const gaps = t.gapBlocks(1000);
        const fromGaps = new Set<number>();
        for (let i = 0; i < gaps.length; i += 2) for (let k = gaps[i]!; k <= gaps[i + 1]!; k++) fromGaps.add(cum + k);
        expect([...fromGaps].sort((x, y) => x - y)).toEqual([...got].filter((o) => o > cum).sort((x, y) => x - y));
        for (let i = 2; i < gaps.length; i += 2) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]! + 1); // disjoint, non-adjacent
        // FORWARD TSN.
        t.forwardTo(seq32Add(base, fwd - 1));
        let c2 = Math.max(cum, fwd - 1);
        while (got.has(c2 + 1)) c2++;
        expect(t.cumulativeTsn).toBe(seq32Add(base, c2));
        expect(seq32Lt(t.cumulativeTsn, seq32Add(base, 62))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the number of gap ranges', () => {
    const t = new ReceiveTracker(0, 8);
    let accepted = 0;
    for (let i = 0; i < 100; i++) if (t.add(2 + i * 2)) accepted++;
    expect(accepted).toBe(8);
  });
});

describe('Deque', () => {
  it('behaves like an array queue', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 300 }), (ops) => {
        const d = new Deque<number>(2);
        const model: number[] = [];
        for (const op of ops) {
          if (op === null) expect(d.shift()).toBe(model.shift());
          else {
            d.push(op);
            model.push(op);
          }
          expect(d.length).toBe(model.length);
          expect(d.peek()).toBe(model[0]);
          expect(d.peekLast()).toBe(model[model.length - 1]);
          if (model.length) expect(d.at(model.length >> 1)).toBe(model[model.length >> 1]);
        }
      }),
    );
  });
});

describe('SendQueue', () => {
  it('tracks buffered bytes exactly and round-robins streams per message (DATA) or per fragment (I-DATA)', () => {
    for (const interleave of [false, true]) {
      const q = new SendQueue();
      q.enqueue(new OutMessage(1, 53, new Uint8Array(3000), false, Infinity, Infinity));
      q.enqueue(new OutMessage(2, 53, new Uint8Array(100), false, Infinity, Infinity));
      expect(q.totalBuffered).toBe(3100);
      const order: number[] = [];
      for (let m = q.peekNext(0, 1000, 100); m; m = q.peekNext(0, 1000, 100)) {
        order.push(m.streamId);
        q.commit(m, interleave);
      }
      expect(order).toEqual(interleave ? [1, 2, 1, 1] : [1, 1, 1, 2]);
      expect(q.totalBuffered).toBe(0);
      expect(q.stream(1).buffered).toBe(0);
    }
  });

  it('reports low-water crossings once', () => {
    const q = new SendQueue();
    q.stream(4).lowThreshold = 1500;
    for (let i = 0; i < 3; i++) q.enqueue(new OutMessage(4, 53, new Uint8Array(1000), false, Infinity, Infinity));
    for (let m = q.peekNext(0, 1000, 1); m; m = q.peekNext(0, 1000, 1)) q.commit(m, false);
    expect(q.lowCrossings).toEqual([4]);
  });

  it('costs O(1) per message at any depth', () => {
    const time = (n: number) => {
      const q = new SendQueue();
      const data = new Uint8Array(10);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) q.enqueue(new OutMessage(0, 53, data, false, Infinity, Infinity));
      for (let m = q.peekNext(0, 1000, 1); m; m = q.peekNext(0, 1000, 1)) q.commit(m, false);
      return (performance.now() - t0) / n;
    };
    time(20_000);
    const small = Math.min(time(10_000), time(10_000));
    const large = Math.min(time(200_000), time(200_000));
    expect(large).toBeLessThan(small * 5 + 0.002);
  });
});

describe('RtoEstimator (RFC 6298)', () => {
  it('follows the SRTT/RTTVAR formulas and clamps to the bounds', () => {
    const r = new RtoEstimator({ initial: 1000, min: 200, max: 10_000 });
    expect(r.rto).toBe(1000);
    r.sample(100);
    expect(r.srtt).toBe(100);
    expect(r.rttvar).toBe(50);
    expect(r.rto).toBe(300);
    r.sample(200);
    expect(r.rttvar).toBeCloseTo(0.75 * 50 + 0.25 * 100);
    expect(r.srtt).toBeCloseTo(0.875 * 100 + 0.125 * 200);
    expect(r.rto).toBeCloseTo(112.5 + 4 * 62.5);
    for (let i = 0; i < 50; i++) r.sample(1);
    expect(r.rto).toBe(200);
    for (let i = 0; i < 10; i++) r.backoff();
    expect(r.rto).toBe(10_000);
  });
});

describe('CongestionControl (RFC 9260 §7.2)', () => {
  it('slow start, congestion avoidance, fast recovery, timeout', () => {
    const cc = new CongestionControl(1200, 100_000);
    expect(cc.cwnd).toBe(4380);
    cc.onCumulativeAck(5000, 4380, 1);
    expect(cc.cwnd).toBe(5580); // + one MTU at most
    cc.onCumulativeAck(5000, 100, 2);
    expect(cc.cwnd).toBe(5580); // window not in use: no growth
    cc.onFastRetransmit(100);
    expect(cc.ssthresh).toBe(4800);
    expect(cc.cwnd).toBe(4800);
    cc.onCumulativeAck(1200, 4800, 50);
    expect(cc.cwnd).toBe(4800); // no growth in fast recovery
    cc.onCumulativeAck(4800, 4800, 100); // exits recovery, congestion avoidance
    expect(cc.inFastRecovery).toBe(false);
    expect(cc.cwnd).toBe(6000);
    cc.onTimeout();
    expect(cc.cwnd).toBe(1200);
    expect(cc.ssthresh).toBe(4800);
    const idle = new CongestionControl(1200, 100_000);
    idle.cwnd = 40_000;
    idle.onIdle(2);
    expect(idle.cwnd).toBe(10_000);
  });
});

describe('state cookie', () => {
  it('round-trips and rejects any altered byte', () => {
    const key = nodeCrypto.hmacKey('sha-256', new Uint8Array(32).fill(3));
    const c = {
      localTag: 1,
      peerTag: 2,
      localInitialTsn: 3,
      peerInitialTsn: 4,
      peerRwnd: 5,
      peerOutboundStreams: 6,
      peerInboundStreams: 7,
      localTieTag: 8,
      peerTieTag: 9,
      createdAt: 1234.5,
      peerCaps: { forwardTsn: true, reconfig: false, interleaving: true, zeroChecksum: false },
    };
    const b = signCookie(c, key);
    expect(openCookie(b, key)).toEqual(c);
    for (let i = 0; i < b.length; i++) {
      const x = b.slice();
      x[i] ^= 0x10;
      expect(openCookie(x, key)).toBeUndefined();
    }
    expect(openCookie(b.subarray(1), key)).toBeUndefined();
  });
});
