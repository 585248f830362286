/**
 * RTCIceCandidatePair (webrtc-pc §5.6.4 "RTCIceCandidatePair Interface"):
 * a local and a remote RTCIceCandidate, as returned by
 * RTCIceTransport.getSelectedCandidatePair().
 */
import { checkInternal } from './internal.js';
import type { RTCIceCandidate } from './RTCIceCandidate.js';
import { exposeInterface, registerInterface } from './webidl.js';

const pairs = new WeakSet<object>();

/** An ICE candidate pair (webrtc-pc §5.6.4). Created by the implementation only. */
export class RTCIceCandidatePair {
  readonly #local: RTCIceCandidate;
  readonly #remote: RTCIceCandidate;

  /** @internal "Create an RTCIceCandidatePair" with `local` and `remote`. */
  constructor(token: unknown, local?: RTCIceCandidate, remote?: RTCIceCandidate) {
    checkInternal(token, 'RTCIceCandidatePair');
    this.#local = local!;
    this.#remote = remote!;
    pairs.add(this);
  }

  /** The local candidate ([[Local]], [SameObject]). */
  get local(): RTCIceCandidate {
    return this.#local;
  }
  /** The remote candidate ([[Remote]], [SameObject]). */
  get remote(): RTCIceCandidate {
    return this.#remote;
  }
}
exposeInterface(RTCIceCandidatePair, ['local', 'remote']);
registerInterface('RTCIceCandidatePair', (v) => pairs.has(v));
