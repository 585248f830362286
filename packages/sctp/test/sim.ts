/**
 * A deterministic simulated network for two sans-IO endpoints: seeded loss,
 * duplication, reordering (random extra delay) and delay, in virtual time.
 * Not a test file itself; imported by the tests.
 */
import { seededFloats, seededRandom } from '@purertc/common';
import { nodeCrypto } from '@purertc/common/node-crypto';
import { Association, type AssociationEvent, type AssociationOptions } from '@purertc/sctp';

export interface LinkOptions {
  loss: number;
  duplicate: number;
  /** Probability that a packet gets extra delay (reordering). */
  reorder: number;
  delayMs: number;
  jitterMs: number;
}

export const PERFECT: LinkOptions = { loss: 0, duplicate: 0, reorder: 0, delayMs: 0, jitterMs: 0 };

/** Deterministic PRNG (mulberry32): `seededFloats` of @purertc/common. */
export const prng = seededFloats;

interface InFlight {
  at: number;
  seq: number;
  to: 0 | 1;
  data: Uint8Array;
}

/** Anything with the sans-IO surface. */
export interface Endpoint {
  handle(now: number, data: Uint8Array): void;
  handleTimeout(now: number): void;
  pollTransmit(): { data: Uint8Array } | undefined;
  pollTimeout(): number | undefined;
}

export class Sim {
  now = 0;
  private q: InFlight[] = [];
  private seq = 0;
  private readonly rnd: () => number;
  delivered = 0;
  dropped = 0;
  /** Optional filter: return false to drop a packet (for targeted tests). */
  filter: ((from: 0 | 1, data: Uint8Array) => boolean) | undefined;

  constructor(
    readonly ends: [Endpoint, Endpoint],
    readonly link: LinkOptions,
    seed = 1,
    /** Called after every step with the current time; drains events, queues data. */
    readonly onStep: (now: number) => void = () => {},
  ) {
    this.rnd = prng(seed);
  }

  private enqueue(from: 0 | 1, data: Uint8Array): void {
    if (this.filter && !this.filter(from, data)) {
      this.dropped++;
      return;
    }
    const l = this.link;
    if (this.rnd() < l.loss) {
      this.dropped++;
      return;
    }
    const copies = this.rnd() < l.duplicate ? 2 : 1;
    for (let k = 0; k < copies; k++) {
      let at = this.now + l.delayMs + this.rnd() * l.jitterMs;
      if (this.rnd() < l.reorder) at += 1 + this.rnd() * Math.max(5, l.delayMs);
      const p: InFlight = { at, seq: this.seq++, to: from === 0 ? 1 : 0, data };
      // Insert sorted by (at, seq); most packets go near the end.
      let i = this.q.length;
      while (i > 0 && (this.q[i - 1]!.at > p.at || (this.q[i - 1]!.at === p.at && this.q[i - 1]!.seq > p.seq))) i--;
      this.q.splice(i, 0, p);
    }
  }

  /** Drains both endpoints' transmit queues. */
  flush(): void {
    for (let again = true; again; ) {
      again = false;
      for (const i of [0, 1] as const) {
        for (let t = this.ends[i].pollTransmit(); t; t = this.ends[i].pollTransmit()) {
          this.enqueue(i, t.data);
          again = true;
        }
      }
    }
  }

  /** One step: advance time to the next delivery or timer, then run it. Returns false when idle. */
  step(maxTime: number): boolean {
    this.onStep(this.now);
    this.flush();
    let next = Infinity;
    if (this.q.length > 0) next = this.q[0]!.at;
    for (const e of this.ends) {
      const t = e.pollTimeout();
      if (t !== undefined && t < next) next = t;
    }
    if (next === Infinity || next > maxTime) return false;
    if (next > this.now) this.now = next;
    while (this.q.length > 0 && this.q[0]!.at <= this.now) {
      const p = this.q.shift()!;
      this.ends[p.to].handle(this.now, p.data);
      this.delivered++;
    }
    for (const e of this.ends) {
      const t = e.pollTimeout();
      if (t !== undefined && t <= this.now) e.handleTimeout(this.now);
    }
    this.onStep(this.now);
    this.flush();
    return true;
  }

  /** Runs until `done()` or the time limit; returns whether done. */
  runUntil(done: () => boolean, maxTime = this.now + 600_000, maxSteps = 2_000_000): boolean {
    for (let i = 0; i < maxSteps; i++) {
      if (done()) return true;
      if (!this.step(maxTime)) {
        // Idle or past the time limit: let the application act once more.
        this.onStep(this.now);
        this.flush();
        if (done()) return true;
        if (!this.step(maxTime)) return done();
      }
    }
    return done();
  }
}

/** Two associations with deterministic randomness. */
export function makePair(
  optsA: Partial<AssociationOptions> = {},
  optsB: Partial<AssociationOptions> = {},
  seed = 7,
): [Association, Association] {
  const a = new Association({ crypto: nodeCrypto, random: seededRandom(seed) }, optsA);
  const b = new Association({ crypto: nodeCrypto, random: seededRandom(seed + 1000) }, optsB);
  return [a, b];
}

/** Drains an association's events into an array. */
export function drain(a: { pollEvent(): AssociationEvent | undefined }, into: AssociationEvent[]): void {
  for (let e = a.pollEvent(); e; e = a.pollEvent()) into.push(e);
}
