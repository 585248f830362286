/**
 * RTCIceTransport (webrtc-pc §5.6): the ICE layer of the connection's one
 * bundled transport. Its slots are written by the transport binding
 * (`transport-binding.ts`) in the tasks the spec describes; this class only
 * exposes them.
 */
import { defineEventHandlers, type EventHandler, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { checkInternal } from './internal.js';
import type { RTCIceCandidate } from './RTCIceCandidate.js';
import type { RTCIceCandidatePair } from './RTCIceCandidatePair.js';
import { exposeInterface, registerInterface } from './webidl.js';

/** RTCIceTransportState (webrtc-pc §5.6.4). */
export type RTCIceTransportState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
/** RTCIceGathererState (webrtc-pc §5.6.4). */
export type RTCIceGathererState = 'new' | 'gathering' | 'complete';
/** RTCIceRole (webrtc-pc §5.6.4). */
export type RTCIceRole = 'unknown' | 'controlling' | 'controlled';
/** RTCIceParameters (webrtc-pc §5.6.3). */
export interface RTCIceParameters {
  usernameFragment: string;
  password: string;
}

/** Internal slots of an RTCIceTransport (webrtc-pc §5.6: [[IceTransportState]], [[IceGathererState]], [[SelectedCandidatePair]], [[IceRole]]). */
export interface IceTransportSlots {
  state: RTCIceTransportState;
  gatheringState: RTCIceGathererState;
  selectedPair: RTCIceCandidatePair | null;
  role: RTCIceRole;
  /** Candidates surfaced through icecandidate ("add newCandidate to transport's set of local candidates"). */
  localCandidates: RTCIceCandidate[];
  /** Candidates received through addIceCandidate() or the remote description. */
  remoteCandidates: RTCIceCandidate[];
  localParameters: RTCIceParameters | null;
  remoteParameters: RTCIceParameters | null;
}

const slots = new WeakMap<object, IceTransportSlots>();

/** @internal The internal slots of `t`. */
export function iceTransportSlots(t: RTCIceTransport): IceTransportSlots {
  return slots.get(t)!;
}

/** The events an RTCIceTransport fires, by type (for addEventListener, as lib.dom's RTCIceTransportEventMap). */
export interface RTCIceTransportEventMap {
  gatheringstatechange: Event;
  selectedcandidatepairchange: Event;
  statechange: Event;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link RTCIceTransportEventMap}, as in lib.dom. */
export interface RTCIceTransport {
  addEventListener<K extends keyof RTCIceTransportEventMap>(type: K, listener: (this: RTCIceTransport, ev: RTCIceTransportEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof RTCIceTransportEventMap>(type: K, listener: (this: RTCIceTransport, ev: RTCIceTransportEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** The ICE transport of a connection (webrtc-pc §5.6). */
export class RTCIceTransport extends EventTarget {
  declare onstatechange: EventHandler<Event, RTCIceTransport>;
  declare ongatheringstatechange: EventHandler<Event, RTCIceTransport>;
  declare onselectedcandidatepairchange: EventHandler<Event, RTCIceTransport>;

  /** @internal Created by the connection when its first description is applied. */
  constructor(token: unknown) {
    checkInternal(token, 'RTCIceTransport');
    super();
    slots.set(this, {
      state: 'new',
      gatheringState: 'new',
      selectedPair: null,
      role: 'unknown',
      localCandidates: [],
      remoteCandidates: [],
      localParameters: null,
      remoteParameters: null,
    });
  }

  /** [[IceRole]]: 'unknown' until the role is decided by the offer/answer exchange. */
  get role(): RTCIceRole {
    return iceTransportSlots(this).role;
  }
  /** Always 'rtp': RTCP is multiplexed (rtcp-mux is required), so one transport carries both. */
  get component(): 'rtp' {
    return 'rtp';
  }
  /** [[IceTransportState]]. */
  get state(): RTCIceTransportState {
    return iceTransportSlots(this).state;
  }
  /** [[IceGathererState]]. */
  get gatheringState(): RTCIceGathererState {
    return iceTransportSlots(this).gatheringState;
  }
  /** The local candidates surfaced in icecandidate events. */
  getLocalCandidates(): RTCIceCandidate[] {
    return [...iceTransportSlots(this).localCandidates];
  }
  /** The remote candidates from addIceCandidate() and the remote description (no peer-reflexive ones). */
  getRemoteCandidates(): RTCIceCandidate[] {
    return [...iceTransportSlots(this).remoteCandidates];
  }
  /** [[SelectedCandidatePair]]; null while the state is 'new' or 'closed'. */
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    const s = iceTransportSlots(this);
    if (s.state === 'new' || s.state === 'closed') return null;
    return s.selectedPair;
  }
  /** The local ICE parameters applied with setLocalDescription, or null. */
  getLocalParameters(): RTCIceParameters | null {
    const p = iceTransportSlots(this).localParameters;
    return p ? { ...p } : null;
  }
  /** The remote ICE parameters applied with setRemoteDescription, or null. */
  getRemoteParameters(): RTCIceParameters | null {
    const p = iceTransportSlots(this).remoteParameters;
    return p ? { ...p } : null;
  }
}
defineEventHandlers(RTCIceTransport.prototype, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);
exposeInterface(RTCIceTransport, [
  'role', 'component', 'state', 'gatheringState', 'getLocalCandidates', 'getRemoteCandidates',
  'getSelectedCandidatePair', 'getLocalParameters', 'getRemoteParameters',
]);
registerInterface('RTCIceTransport', (v) => slots.has(v));
