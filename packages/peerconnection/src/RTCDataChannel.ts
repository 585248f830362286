/**
 * RTCDataChannel (webrtc-pc §6.2): the channel object and its attributes,
 * created by createDataChannel() in the 'connecting' state (or announced by
 * the `datachannel` event). Its underlying data transport is the connection's
 * transport binding, reached through {@link DataChannelSlots.transport}: it
 * sends, opens, delivers messages, lowers bufferedAmount and closes (see
 * transport-binding.ts).
 */
import { defineEventHandlers, type EventHandler, type RTCErrorEvent, type AddEventListenerOptionsArgument, type EventListenerArgument, type RemoveEventListenerOptionsArgument } from './events.js';
import { checkInternal, queueTask } from './internal.js';
import { domException, exposeInterface, registerInterface, toDOMString, toUnsignedLong } from './webidl.js';

/** RTCDataChannelState (webrtc-pc §6.2). */
export type RTCDataChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** The channel's underlying data transport (the connection's transport binding). */
export interface DataChannelTransport {
  /** send() from its argument conversion on (webrtc-pc §6.2: the checks, [[BufferedAmount]], the SCTP send). */
  sendMessage(channel: RTCDataChannel, data: unknown): void;
  /** close(): the closing procedure on the SCTP stream. */
  close(channel: RTCDataChannel): void;
}

/** Internal slots of an RTCDataChannel. */
export interface DataChannelSlots {
  label: string;
  ordered: boolean;
  maxPacketLifeTime: number | null;
  maxRetransmits: number | null;
  protocol: string;
  negotiated: boolean;
  id: number | null;
  readyState: RTCDataChannelState;
  bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: 'blob' | 'arraybuffer';
  /** The underlying data transport, null until the SCTP transport exists. */
  transport: DataChannelTransport | null;
  /** Called when the channel leaves [[DataChannels]] (announced closed). */
  onClosed: (channel: RTCDataChannel) => void;
  /** Whether the owning connection is closed (no events after close). */
  connectionClosed: () => boolean;
}

const slots = new WeakMap<object, DataChannelSlots>();

/** @internal The internal slots of `channel`. */
export function dataChannelSlots(channel: RTCDataChannel): DataChannelSlots {
  return slots.get(channel)!;
}

/** Creation parameters of a channel (the RTCDataChannelInit after validation). */
export type DataChannelParams = Pick<DataChannelSlots, 'label' | 'ordered' | 'maxPacketLifeTime' | 'maxRetransmits' | 'protocol' | 'negotiated' | 'id'>;

/** RTCDataChannelInit (webrtc-pc §6.2): the options of createDataChannel(). */
export interface RTCDataChannelInit {
  /** Whether messages arrive in order (default true). */
  ordered?: boolean;
  /** Partial reliability: the time (ms) a message may be retransmitted. */
  maxPacketLifeTime?: number;
  /** Partial reliability: how many times a message may be retransmitted. */
  maxRetransmits?: number;
  /** The subprotocol name (default ''). */
  protocol?: string;
  /** Whether the application negotiates the channel itself (default false; then `id` is required). */
  negotiated?: boolean;
  /** The SCTP stream id of a negotiated channel. */
  id?: number;
}

/** The events an RTCDataChannel fires, by type (for addEventListener, as lib.dom's RTCDataChannelEventMap). */
export interface RTCDataChannelEventMap {
  bufferedamountlow: Event;
  close: Event;
  closing: Event;
  error: RTCErrorEvent;
  message: MessageEvent;
  open: Event;
}

/** Type-level only (merged into the class): addEventListener/removeEventListener typed by {@link RTCDataChannelEventMap}, as in lib.dom. */
export interface RTCDataChannel {
  addEventListener<K extends keyof RTCDataChannelEventMap>(type: K, listener: (this: RTCDataChannel, ev: RTCDataChannelEventMap[K]) => any, options?: AddEventListenerOptionsArgument): void;
  addEventListener(type: string, listener: EventListenerArgument, options?: AddEventListenerOptionsArgument): void;
  removeEventListener<K extends keyof RTCDataChannelEventMap>(type: K, listener: (this: RTCDataChannel, ev: RTCDataChannelEventMap[K]) => any, options?: RemoveEventListenerOptionsArgument): void;
  removeEventListener(type: string, listener: EventListenerArgument, options?: RemoveEventListenerOptionsArgument): void;
}

/** An RTCDataChannel (webrtc-pc §6.2). */
export class RTCDataChannel extends EventTarget {
  // The on<event> attributes (webrtc-pc §6.2 IDL), installed on the prototype by defineEventHandlers.
  declare onopen: EventHandler<Event, RTCDataChannel>;
  declare onbufferedamountlow: EventHandler<Event, RTCDataChannel>;
  declare onerror: EventHandler<RTCErrorEvent, RTCDataChannel>;
  declare onclosing: EventHandler<Event, RTCDataChannel>;
  declare onclose: EventHandler<Event, RTCDataChannel>;
  declare onmessage: EventHandler<MessageEvent, RTCDataChannel>;

  /** @internal Use RTCPeerConnection.createDataChannel(). */
  constructor(token: unknown, params?: DataChannelParams, hooks?: Pick<DataChannelSlots, 'onClosed' | 'connectionClosed'>) {
    checkInternal(token, 'RTCDataChannel');
    super();
    slots.set(this, {
      ...params!,
      ...hooks!,
      readyState: 'connecting',
      bufferedAmount: 0,
      bufferedAmountLowThreshold: 0,
      binaryType: 'arraybuffer',
      transport: null,
    });
  }

  /** The label given to createDataChannel(). */
  get label(): string {
    return dataChannelSlots(this).label;
  }
  /** Whether messages are delivered in order. */
  get ordered(): boolean {
    return dataChannelSlots(this).ordered;
  }
  /** The partial-reliability lifetime in ms, or null. */
  get maxPacketLifeTime(): number | null {
    return dataChannelSlots(this).maxPacketLifeTime;
  }
  /** The partial-reliability retransmission limit, or null. */
  get maxRetransmits(): number | null {
    return dataChannelSlots(this).maxRetransmits;
  }
  /** The subprotocol name. */
  get protocol(): string {
    return dataChannelSlots(this).protocol;
  }
  /** Whether the application negotiated the channel out of band. */
  get negotiated(): boolean {
    return dataChannelSlots(this).negotiated;
  }
  /** The SCTP stream id; null until the DTLS role is known, unless negotiated. */
  get id(): number | null {
    return dataChannelSlots(this).id;
  }
  /** The channel state: 'connecting' until the SCTP transport opens it. */
  get readyState(): RTCDataChannelState {
    return dataChannelSlots(this).readyState;
  }
  /** Bytes queued by send() and not yet handed to the network. */
  get bufferedAmount(): number {
    return dataChannelSlots(this).bufferedAmount;
  }
  /** The threshold below which `bufferedamountlow` fires. */
  get bufferedAmountLowThreshold(): number {
    return dataChannelSlots(this).bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(value: number) {
    // `unsigned long` without [EnforceRange]: the modulo conversion.
    dataChannelSlots(this).bufferedAmountLowThreshold = toUnsignedLong(value, 'bufferedAmountLowThreshold', 'modulo');
  }
  /** How binary messages are exposed: 'arraybuffer' (the spec's initial value) or 'blob'. */
  get binaryType(): 'blob' | 'arraybuffer' {
    return dataChannelSlots(this).binaryType;
  }
  set binaryType(value: 'blob' | 'arraybuffer') {
    // WebIDL enum attribute: other values are ignored.
    const v = toDOMString(value, 'binaryType');
    if (v === 'blob' || v === 'arraybuffer') dataChannelSlots(this).binaryType = v;
  }

  /**
   * send() (webrtc-pc §6.2): TypeError for an argument of no overloaded type,
   * InvalidStateError unless the channel is open, TypeError above the SCTP
   * transport's maxMessageSize, OperationError when the send buffer is full;
   * bufferedAmount grows synchronously. A Blob is read asynchronously but
   * keeps its place among the messages.
   */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    if (arguments.length < 1) throw new TypeError("Failed to execute 'send' on 'RTCDataChannel': 1 argument required, but only 0 present.");
    const isBlob = typeof Blob !== 'undefined' && data instanceof Blob;
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data) && !isBlob && (data === null || data === undefined || typeof data === 'object' || typeof data === 'function')) {
      throw new TypeError("Failed to execute 'send' on 'RTCDataChannel': the argument is not a string, Blob, ArrayBuffer or ArrayBufferView");
    }
    const s = dataChannelSlots(this);
    if (s.readyState !== 'open' || !s.transport) throw domException('InvalidStateError', `RTCDataChannel.readyState is not 'open'`);
    s.transport.sendMessage(this, data);
  }

  /** close() (webrtc-pc §6.2): starts the closing procedure. */
  close(): undefined {
    const s = dataChannelSlots(this);
    if (s.readyState === 'closing' || s.readyState === 'closed') return undefined;
    s.readyState = 'closing';
    if (s.transport) {
      s.transport.close(this);
      return undefined;
    }
    // No underlying data transport yet: it is closed at once, and the channel
    // is announced closed in a task ("Announcing a data channel as closed").
    queueTask(() => announceClosed(this));
    return undefined;
  }
}
defineEventHandlers(RTCDataChannel.prototype, ['open', 'bufferedamountlow', 'error', 'closing', 'close', 'message']);
exposeInterface(RTCDataChannel, [
  'label', 'ordered', 'maxPacketLifeTime', 'maxRetransmits', 'protocol', 'negotiated', 'id', 'readyState',
  'bufferedAmount', 'bufferedAmountLowThreshold', 'binaryType', 'send', 'close',
]);
registerInterface('RTCDataChannel', (v) => slots.has(v));

/** "Announcing a data channel as closed" (webrtc-pc §6.2), run in a task. */
export function announceClosed(channel: RTCDataChannel): void {
  const s = dataChannelSlots(channel);
  if (s.readyState === 'closed') return;
  s.readyState = 'closed';
  s.onClosed(channel);
  if (s.connectionClosed()) return;
  channel.dispatchEvent(new Event('close'));
}
