/**
 * Sans-IO STUN client transactions (RFC 8489 §6.2): retransmission over UDP
 * with exponential RTO backoff (Rc sends, then Rm × RTO of silence), a single
 * Ti = 39.5 s timer over reliable transports. The owner feeds `now`, drains
 * retransmissions with {@link StunTransactions.pollRetransmit} and matches
 * responses with {@link StunTransactions.take}.
 */
import type { Address } from '@purertc/common';
import { transactionKey } from './stun-message.js';

/** Retransmission parameters (RFC 8489 §6.2.1 defaults). */
export interface RtoOptions {
  /** Initial RTO in ms (default 500; RFC 8489 recommends ≥ 500 ms). */
  rto?: number;
  /** Total number of sends over UDP, Rc (default 7). */
  maxSends?: number;
  /** Final wait multiplier after the last send, Rm (default 16). */
  finalMultiplier?: number;
  /** Cap on a single backoff interval in ms (default none; ICE consent uses e.g. 1000). */
  maxRto?: number;
  /** Reliable transport: send once and wait Ti (default false). */
  reliable?: boolean;
  /** Ti for reliable transports, ms (default 39500). */
  reliableTimeout?: number;
}

/** One outstanding transaction. `context` is the owner's data. */
export interface StunTransactionEntry<T> {
  readonly key: string;
  readonly transactionId: Uint8Array;
  readonly request: Uint8Array;
  readonly to: Address | undefined;
  readonly context: T;
  readonly startedAt: number;
  sends: number;
  /** When the next retransmission (or the timeout) falls due. */
  deadline: number;
  interval: number;
  readonly opts: Required<Omit<RtoOptions, 'maxRto'>> & { maxRto: number };
}

/** A transmission the owner must perform. */
export interface StunRetransmit<T> {
  entry: StunTransactionEntry<T>;
  data: Uint8Array;
  to: Address | undefined;
}

/** A set of outstanding client transactions keyed by transaction ID. */
export class StunTransactions<T> {
  private readonly entries = new Map<string, StunTransactionEntry<T>>();
  private readonly retransmits: StunRetransmit<T>[] = [];
  private readonly timedOut: StunTransactionEntry<T>[] = [];

  /** Number of outstanding transactions. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers a request that the caller sends now (the first send is not
   * queued here: the caller transmits `request` itself).
   */
  start(now: number, transactionId: Uint8Array, request: Uint8Array, to: Address | undefined, context: T, options: RtoOptions = {}): StunTransactionEntry<T> {
    const opts = {
      rto: options.rto ?? 500,
      maxSends: options.maxSends ?? 7,
      finalMultiplier: options.finalMultiplier ?? 16,
      maxRto: options.maxRto ?? Infinity,
      reliable: options.reliable ?? false,
      reliableTimeout: options.reliableTimeout ?? 39500,
    };
    const key = transactionKey(transactionId);
    const entry: StunTransactionEntry<T> = {
      key,
      transactionId: transactionId.slice(),
      request,
      to,
      context,
      startedAt: now,
      sends: 1,
      interval: opts.rto,
      deadline: opts.reliable ? now + opts.reliableTimeout : opts.maxSends <= 1 ? now + opts.rto * opts.finalMultiplier : now + opts.rto,
      opts,
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Finds and removes the transaction a response belongs to. */
  take(transactionId: Uint8Array): StunTransactionEntry<T> | undefined {
    const key = transactionKey(transactionId);
    const e = this.entries.get(key);
    if (e !== undefined) this.entries.delete(key);
    return e;
  }

  /** Looks up without removing. */
  peek(transactionId: Uint8Array): StunTransactionEntry<T> | undefined {
    return this.entries.get(transactionKey(transactionId));
  }

  /** Cancels transactions matching `pred` (e.g. all of one pair); returns how many. */
  cancel(pred: (e: StunTransactionEntry<T>) => boolean): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (pred(e)) {
        this.entries.delete(k);
        n++;
      }
    }
    return n;
  }

  /**
   * Cancels the retransmissions of `entry` but keeps it to match a late
   * response: it times out `Rm` × its current RTO after `now` (RFC 8445 §7.3.1.4
   * cancellation of an In-Progress check).
   */
  stopRetransmitting(entry: StunTransactionEntry<T>, now: number): void {
    if (this.entries.get(entry.key) !== entry || entry.opts.reliable || entry.sends >= entry.opts.maxSends) return;
    entry.sends = entry.opts.maxSends;
    entry.deadline = now + entry.interval * entry.opts.finalMultiplier;
  }

  /** All outstanding entries. */
  values(): IterableIterator<StunTransactionEntry<T>> {
    return this.entries.values();
  }

  /**
   * Advances time: queues retransmissions that fell due and moves expired
   * transactions to the timed-out list. RFC 8489 §6.2.1: sends at 0, RTO,
   * 3 RTO, 7 RTO … up to Rc sends, then fail Rm × RTO after the last one.
   */
  handleTimeout(now: number): void {
    for (const [k, e] of this.entries) {
      if (e.deadline > now) continue;
      if (e.opts.reliable || e.sends >= e.opts.maxSends) {
        this.entries.delete(k);
        this.timedOut.push(e);
        continue;
      }
      e.sends++;
      this.retransmits.push({ entry: e, data: e.request, to: e.to });
      if (e.sends >= e.opts.maxSends) {
        e.deadline = now + e.opts.rto * e.opts.finalMultiplier;
      } else {
        e.interval = Math.min(e.interval * 2, e.opts.maxRto);
        e.deadline = now + e.interval;
      }
    }
  }

  /** The next retransmission to send, if any. */
  pollRetransmit(): StunRetransmit<T> | undefined {
    return this.retransmits.shift();
  }

  /** The next transaction that failed with a timeout, if any. */
  pollTimedOut(): StunTransactionEntry<T> | undefined {
    return this.timedOut.shift();
  }

  /** The earliest deadline, or undefined when idle. */
  pollTimeout(): number | undefined {
    let min: number | undefined;
    for (const e of this.entries.values()) if (min === undefined || e.deadline < min) min = e.deadline;
    return min;
  }
}
