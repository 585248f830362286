/**
 * The RTCPeerConnection operations chain (W3C webrtc-pc §4.4.1.2, "chain an
 * operation"): at most one asynchronous operation (createOffer, createAnswer,
 * setLocalDescription, setRemoteDescription, addIceCandidate) runs at a time;
 * later calls wait until every earlier call's promise has settled.
 */

/** An operation to chain: runs when it reaches the head of the chain. */
export type ChainedOperation<T> = () => Promise<T>;

/** Hooks the chain needs from its connection. */
export interface OperationsChainHost {
  /** connection.[[IsClosed]]. */
  isClosed(): boolean;
  /** Builds the InvalidStateError returned when chaining on a closed connection. */
  closedError(): unknown;
  /**
   * Called when the chain becomes empty after an operation settled; the
   * connection checks [[UpdateNegotiationNeededFlagOnEmptyChain]] there.
   */
  onEmpty(): void;
}

interface Entry {
  run(): void;
}

/** connection.[[Operations]] with the spec's chaining steps. */
export class OperationsChain {
  readonly #host: OperationsChainHost;
  readonly #ops: Entry[] = [];

  /** @param host the connection the chain belongs to */
  constructor(host: OperationsChainHost) {
    this.#host = host;
  }

  /** The length of [[Operations]] (the spec checks it for "is not 0"). */
  get length(): number {
    return this.#ops.length;
  }

  /**
   * "Chain an operation": returns p. Never throws synchronously; an operation
   * that throws is treated as one whose promise rejected.
   */
  chain<T>(operation: ChainedOperation<T>): Promise<T> {
    // Step 2: a closed connection rejects with InvalidStateError.
    if (this.#host.isClosed()) return Promise.reject(this.#host.closedError());
    let resolveP!: (v: T) => void;
    let rejectP!: (e: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolveP = res;
      rejectP = rej;
    });
    const afterP = (): void => {
      // Steps 7.4.1-7.4.5, after p settled.
      if (this.#host.isClosed()) return;
      this.#ops.shift();
      const next = this.#ops[0];
      if (next) {
        next.run();
        return;
      }
      this.#host.onEmpty();
    };
    const entry: Entry = {
      run: () => {
        let result: Promise<T>;
        try {
          result = Promise.resolve(operation());
        } catch (e) {
          result = Promise.reject(e);
        }
        result.then(
          (value) => {
            // Step 7.1: if closed, p never settles.
            if (this.#host.isClosed()) return;
            resolveP(value);
            p.then(afterP, afterP);
          },
          (reason: unknown) => {
            if (this.#host.isClosed()) return;
            rejectP(reason);
            p.then(afterP, afterP);
          },
        );
      },
    };
    // Steps 5-6: append, and execute if it is the only one.
    this.#ops.push(entry);
    if (this.#ops.length === 1) entry.run();
    return p;
  }
}
