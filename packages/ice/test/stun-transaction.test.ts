import { StunTransactions } from '@purertc/ice';

describe('STUN transactions (RFC 8489 §6.2.1)', () => {
  it('retransmits at 0, RTO, 3 RTO … 63 RTO and fails at 79 RTO (Rc=7, Rm=16)', () => {
    const tx = new StunTransactions<string>();
    tx.start(0, new Uint8Array(12).fill(1), Uint8Array.of(1), undefined, 'ctx', { rto: 500 });
    const sends: number[] = [0];
    let failedAt: number | undefined;
    for (let now = 0; now <= 50000 && failedAt === undefined; ) {
      const next = tx.pollTimeout();
      if (next === undefined) break;
      now = next;
      tx.handleTimeout(now);
      while (tx.pollRetransmit()) sends.push(now);
      if (tx.pollTimedOut()) failedAt = now;
    }
    expect(sends).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(failedAt).toBe(39500);
    expect(tx.size).toBe(0);
  });
  it('caps the interval, matches responses and sends once on reliable transports', () => {
    const tx = new StunTransactions<number>();
    const a = new Uint8Array(12).fill(2);
    tx.start(0, a, Uint8Array.of(1), undefined, 1, { rto: 250, maxRto: 1000, maxSends: 5, finalMultiplier: 2 });
    const sends: number[] = [];
    for (let now = 0; tx.pollTimeout() !== undefined; ) {
      now = tx.pollTimeout()!;
      tx.handleTimeout(now);
      while (tx.pollRetransmit()) sends.push(now);
      if (tx.pollTimedOut()) break;
    }
    expect(sends).toEqual([250, 750, 1750, 2750]);
    const b = new Uint8Array(12).fill(3);
    tx.start(0, b, Uint8Array.of(1), undefined, 2, { reliable: true });
    expect(tx.pollTimeout()).toBe(39500);
    tx.handleTimeout(39499);
    expect(tx.pollRetransmit()).toBeUndefined();
    expect(tx.take(b)?.context).toBe(2);
    expect(tx.take(b)).toBeUndefined();
  });
});
