/**
 * RTCDtlsTransport (webrtc-pc §5.5): the DTLS layer over the connection's
 * RTCIceTransport. Its slots ([[DtlsTransportState]], [[RemoteCertificates]])
 * are written by the transport binding in the spec's tasks.
 */
import { defineEventHandlers, type EventHandler, type RTCErrorEvent, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { checkInternal } from './internal.js';
import type { RTCIceTransport } from './RTCIceTransport.js';
import { exposeInterface, registerInterface } from './webidl.js';

/** RTCDtlsTransportState (webrtc-pc §5.5.2). */
export type RTCDtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';

/** Internal slots of an RTCDtlsTransport. */
export interface DtlsTransportSlots {
  iceTransport: RTCIceTransport;
  state: RTCDtlsTransportState;
  /** DER certificates of the peer, set when the state becomes 'connected'. */
  remoteCertificates: Uint8Array[];
}

const slots = new WeakMap<object, DtlsTransportSlots>();

/** @internal The internal slots of `t`. */
export function dtlsTransportSlots(t: RTCDtlsTransport): DtlsTransportSlots {
  return slots.get(t)!;
}

/** The events an RTCDtlsTransport fires, by type (for addEventListener, as lib.dom's RTCDtlsTransportEventMap). */
export interface RTCDtlsTransportEventMap {
  error: RTCErrorEvent;
  statechange: Event;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link RTCDtlsTransportEventMap}, as in lib.dom. */
export interface RTCDtlsTransport {
  addEventListener<K extends keyof RTCDtlsTransportEventMap>(type: K, listener: (this: RTCDtlsTransport, ev: RTCDtlsTransportEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof RTCDtlsTransportEventMap>(type: K, listener: (this: RTCDtlsTransport, ev: RTCDtlsTransportEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** The DTLS transport of a connection (webrtc-pc §5.5). */
export class RTCDtlsTransport extends EventTarget {
  declare onstatechange: EventHandler<Event, RTCDtlsTransport>;
  declare onerror: EventHandler<RTCErrorEvent, RTCDtlsTransport>;

  /** @internal Created with the connection's RTCIceTransport. */
  constructor(token: unknown, iceTransport?: RTCIceTransport) {
    checkInternal(token, 'RTCDtlsTransport');
    super();
    slots.set(this, { iceTransport: iceTransport!, state: 'new', remoteCertificates: [] });
  }

  /** The underlying RTCIceTransport ([SameObject]). */
  get iceTransport(): RTCIceTransport {
    return dtlsTransportSlots(this).iceTransport;
  }
  /** [[DtlsTransportState]]. */
  get state(): RTCDtlsTransportState {
    return dtlsTransportSlots(this).state;
  }
  /** [[RemoteCertificates]]: the peer's certificate chain, DER, each in a fresh ArrayBuffer. */
  getRemoteCertificates(): ArrayBuffer[] {
    return dtlsTransportSlots(this).remoteCertificates.map((c) => c.slice().buffer as ArrayBuffer);
  }
}
defineEventHandlers(RTCDtlsTransport.prototype, ['statechange', 'error']);
exposeInterface(RTCDtlsTransport, ['iceTransport', 'state', 'getRemoteCertificates']);
registerInterface('RTCDtlsTransport', (v) => slots.has(v));
