/**
 * Internal plumbing shared by the API objects of this package (not exported
 * from index.ts): the token that makes constructors "illegal" for users, the
 * hooks the RTP objects need from their RTCPeerConnection, and task queueing.
 */

/** Passed to constructors that only the implementation may call. */
export const INTERNAL: unique symbol = Symbol('purertc.internal');

/** Throws the TypeError browsers raise for `new RTCRtpSender()` and friends. */
export function checkInternal(token: unknown, name: string): void {
  if (token !== INTERNAL) throw new TypeError(`Failed to construct '${name}': Illegal constructor`);
}

/** What an RTCRtpSender / RTCRtpTransceiver needs from its RTCPeerConnection. */
export interface RtpHost {
  /** connection.[[IsClosed]]. */
  isClosed(): boolean;
  /** Chains an operation onto the operations chain. */
  chain<T>(operation: () => Promise<T>): Promise<T>;
  /** "Update the negotiation-needed flag". */
  updateNegotiationNeeded(): void;
  /** The connection's RTCP CNAME. */
  readonly cname: string;
}

/**
 * "Queue a task" (HTML event loop): runs `fn` in a later macrotask, after
 * every pending promise reaction, as browsers do for the networking and DOM
 * manipulation task sources.
 */
export function queueTask(fn: () => void): void {
  setTimeout(fn, 0);
}

/** Length in bytes of the UTF-8 encoding of `s` (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
