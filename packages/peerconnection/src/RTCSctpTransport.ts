/**
 * RTCSctpTransport (webrtc-pc §6.1.1): the SCTP association carrying the
 * data channels, over the connection's RTCDtlsTransport. Its slots are
 * written by the transport binding ("update max message size", the
 * "connected procedure").
 */
import { defineEventHandlers, type EventHandler, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { checkInternal } from './internal.js';
import type { RTCDtlsTransport } from './RTCDtlsTransport.js';
import { exposeInterface, registerInterface } from './webidl.js';

/** RTCSctpTransportState (webrtc-pc §6.1.2). */
export type RTCSctpTransportState = 'connecting' | 'connected' | 'closed';

/** Internal slots of an RTCSctpTransport (webrtc-pc §6.1.1.1 "create an RTCSctpTransport"). */
export interface SctpTransportSlots {
  transport: RTCDtlsTransport;
  state: RTCSctpTransportState;
  maxMessageSize: number | null;
  maxChannels: number | null;
}

const slots = new WeakMap<object, SctpTransportSlots>();

/** @internal The internal slots of `t`. */
export function sctpTransportSlots(t: RTCSctpTransport): SctpTransportSlots {
  return slots.get(t)!;
}

/**
 * "Update max message size" (webrtc-pc §6.1.1.2): `remote` is the peer's
 * a=max-message-size (65536 when absent), `canSend` what we can send (0 =
 * any size). Returns [[MaxMessageSize]].
 */
export function deriveMaxMessageSize(remote: number, canSend: number): number {
  if (remote === 0 && canSend === 0) return Number.POSITIVE_INFINITY;
  if (remote === 0 || canSend === 0) return Math.max(remote, canSend);
  return Math.min(remote, canSend);
}

/** The events an RTCSctpTransport fires, by type (for addEventListener, as lib.dom's RTCSctpTransportEventMap). */
export interface RTCSctpTransportEventMap {
  statechange: Event;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link RTCSctpTransportEventMap}, as in lib.dom. */
export interface RTCSctpTransport {
  addEventListener<K extends keyof RTCSctpTransportEventMap>(type: K, listener: (this: RTCSctpTransport, ev: RTCSctpTransportEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof RTCSctpTransportEventMap>(type: K, listener: (this: RTCSctpTransport, ev: RTCSctpTransportEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** The SCTP transport of a connection (webrtc-pc §6.1.1). */
export class RTCSctpTransport extends EventTarget {
  declare onstatechange: EventHandler<Event, RTCSctpTransport>;

  /** @internal "Create an RTCSctpTransport with an initial state". */
  constructor(token: unknown, transport?: RTCDtlsTransport, initialState: RTCSctpTransportState = 'connecting') {
    checkInternal(token, 'RTCSctpTransport');
    super();
    slots.set(this, { transport: transport!, state: initialState, maxMessageSize: null, maxChannels: null });
  }

  /** The RTCDtlsTransport all SCTP packets go over. */
  get transport(): RTCDtlsTransport {
    return sctpTransportSlots(this).transport;
  }
  /** [[SctpTransportState]]. */
  get state(): RTCSctpTransportState {
    return sctpTransportSlots(this).state;
  }
  /** [[MaxMessageSize]]: the largest message send() accepts (Infinity = no limit). */
  get maxMessageSize(): number | null {
    return sctpTransportSlots(this).maxMessageSize;
  }
  /** [[MaxChannels]]: null until the association is established. */
  get maxChannels(): number | null {
    return sctpTransportSlots(this).maxChannels;
  }
}
defineEventHandlers(RTCSctpTransport.prototype, ['statechange']);
exposeInterface(RTCSctpTransport, ['transport', 'state', 'maxMessageSize', 'maxChannels']);
registerInterface('RTCSctpTransport', (v) => slots.has(v));
