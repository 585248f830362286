/**
 * The ICE candidate pool (RTCConfiguration.iceCandidatePoolSize; RFC 9429
 * §3.5.4 "ICE Candidate Pool" and §4.1.1 setConfiguration, W3C webrtc-pc
 * §4.4.1.6 step "update the ICE Agent's prefetched ICE candidate pool").
 *
 * Each pooled entry is an {@link IceAgent} that started gathering before
 * anything asked for it: host sockets bound, STUN answers and TURN
 * allocations under way or done. The first use (the first
 * setLocalDescription) takes pooled agents, whose already gathered
 * candidates are still queued as `candidate` events, and seals the pool:
 * unused pooled agents are closed (their TURN allocations released) and the
 * size can no longer change (JSEP: the pool only serves the first
 * offer/answer exchange).
 *
 * Sans-IO like the agent: while pooled, the driver feeds each agent its
 * datagrams, stream data and timeouts, and drains `pollTransmit()` and
 * `pollStreamCommand()` — but NOT `pollEvent()`: the events are the pooled
 * candidates, delivered to whoever takes the agent.
 */
import { StateError } from '@purertc/common';
import type { IceAgent } from './agent.js';

/** Largest pool (the IDL type of iceCandidatePoolSize is `octet`). */
export const MAX_CANDIDATE_POOL_SIZE = 255;

/** What {@link IceCandidatePool.take} hands out. */
export interface CandidatePoolTake {
  /** The agents to use: pooled ones first (gathering already started), then fresh ones (call `gather`). */
  agents: IceAgent[];
  /** How many of `agents` came from the pool. */
  pooled: number;
  /** Pooled agents nobody took, now closed: drain their last transmits (TURN deallocations) and stream commands. */
  discarded: IceAgent[];
}

/** A pool of pre-gathering agents, made by an injected factory. */
export class IceCandidatePool {
  private readonly create: () => IceAgent;
  private pooled: IceAgent[] = [];
  private used = false;

  /** `create` builds one agent with the configuration of the moment (servers, policy, interfaces, bind). */
  constructor(create: () => IceAgent) {
    this.create = create;
  }

  /** Number of pooled agents. */
  get size(): number {
    return this.pooled.length;
  }

  /** The pooled agents, to be driven (datagrams, timeouts, transmits) while they wait. */
  get agents(): readonly IceAgent[] {
    return this.pooled;
  }

  /** True once the pool served its first use. */
  get sealed(): boolean {
    return this.used;
  }

  /**
   * Changes the pool size (RFC 9429 §4.1.1): grows by creating agents and
   * starting their gathering at once, shrinks by closing the newest ones,
   * which are returned so the driver can flush their last transmits.
   * Throws StateError after the first use and RangeError outside 0-255.
   */
  setSize(now: number, size: number): IceAgent[] {
    if (!Number.isInteger(size) || size < 0 || size > MAX_CANDIDATE_POOL_SIZE) throw new RangeError(`candidate pool size ${size} is not an integer in 0-${MAX_CANDIDATE_POOL_SIZE}`);
    if (this.used) throw new StateError('the candidate pool cannot change after its first use');
    const dropped: IceAgent[] = [];
    while (this.pooled.length > size) {
      const a = this.pooled.pop()!;
      a.close(now);
      dropped.push(a);
    }
    while (this.pooled.length < size) {
      const a = this.create();
      a.gather(now);
      this.pooled.push(a);
    }
    return dropped;
  }

  /**
   * The first use: `count` agents, pooled ones first (oldest first), fresh
   * ones for the rest. Seals the pool and closes what was not taken.
   */
  take(now: number, count = 1): CandidatePoolTake {
    if (this.used) throw new StateError('the candidate pool was already used');
    this.used = true;
    const agents = this.pooled.splice(0, count);
    const pooled = agents.length;
    while (agents.length < count) agents.push(this.create());
    const discarded = this.pooled;
    this.pooled = [];
    for (const a of discarded) a.close(now);
    return { agents, pooled, discarded };
  }
}
