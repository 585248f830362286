/**
 * Events of the W3C WebRTC API: the `on<event>` event handler attributes
 * (HTML §8.1.8 "Event handlers") and the Event subclasses webrtc-pc and
 * mediacapture-main define, extending the runtime's own `Event`.
 */
import {
  dictionary,
  eventInitMembers,
  interfaceType,
  isObject,
  nullable,
  requireArguments,
  sequence,
  toDOMString,
  toUnsignedShort,
  toUSVString,
  exposeInterface,
  registerInterface,
} from './webidl.js';
import type { MediaStream } from './MediaStream.js';
import type { MediaStreamTrack } from './MediaStreamTrack.js';
import type { RTCDataChannel } from './RTCDataChannel.js';
import type { RTCError } from './RTCError.js';
import type { RTCIceCandidate } from './RTCIceCandidate.js';
import type { RTCRtpReceiver } from './RTCRtpReceiver.js';
import type { RTCRtpTransceiver } from './RTCRtpTransceiver.js';

/**
 * The value an event handler attribute holds: a callback, or null (HTML
 * §8.1.8.1 `EventHandler`). `T` is the object the callback is called on, so
 * `pc.ontrack` reads `((this: RTCPeerConnection, ev: RTCTrackEvent) => any) | null`
 * as in lib.dom.
 */
export type EventHandler<E extends Event = Event, T = EventTarget> = ((this: T, ev: E) => any) | null;

/**
 * The listener argument of EventTarget's addEventListener/removeEventListener,
 * as the consumer's own types declare it (lib.dom's
 * `EventListenerOrEventListenerObject | null`, or @types/node's listener types
 * when the DOM lib is absent). Derived from `EventTarget` so our declaration
 * files name no DOM-only type.
 */
export type EventListenerArgument = Parameters<EventTarget['addEventListener']>[1];
/** The options argument of EventTarget.addEventListener (`boolean | AddEventListenerOptions`). */
export type AddEventListenerOptionsArgument = Parameters<EventTarget['addEventListener']>[2];
/** The options argument of EventTarget.removeEventListener (`boolean | EventListenerOptions`). */
export type RemoveEventListenerOptionsArgument = Parameters<EventTarget['removeEventListener']>[2];

/**
 * The members of the DOM's EventInit dictionary (DOM §2.2), declared here so
 * the event init dictionaries below do not need lib.dom's `EventInit`
 * (absent from @types/node's globals).
 */
export interface BaseEventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}


interface HandlerSlot {
  /** The current value of the attribute (a callable, or a non-callable object kept as WebIDL says). */
  value: object | null;
  /** The one listener registered through addEventListener while `value` is non-null. */
  listener: ((event: Event) => void) | null;
}

const handlerSlots = new WeakMap<object, Map<string, HandlerSlot>>();

function slotOf(target: object, type: string): HandlerSlot {
  let map = handlerSlots.get(target);
  if (!map) {
    map = new Map();
    handlerSlots.set(target, map);
  }
  let slot = map.get(type);
  if (!slot) {
    slot = { value: null, listener: null };
    map.set(type, slot);
  }
  return slot;
}

/**
 * Defines `on<type>` event handler attributes on an EventTarget prototype, as
 * HTML §8.1.8.1 specifies them:
 * - the setter takes a callback; any non-object becomes null
 *   ([LegacyTreatNonObjectAsNull]); a non-callable object is kept and ignored
 *   when the event fires;
 * - the first non-null value registers one listener with addEventListener;
 *   later values replace the callback but keep that listener's position among
 *   the other listeners; null removes the listener ("deactivate"), so a later
 *   value registers at the end;
 * - a callback returning `false` cancels the event.
 */
export function defineEventHandlers(proto: EventTarget, types: readonly string[]): void {
  for (const type of types) {
    Object.defineProperty(proto, `on${type}`, {
      enumerable: true,
      configurable: true,
      get(this: EventTarget): object | null {
        return handlerSlots.get(this)?.get(type)?.value ?? null;
      },
      set(this: EventTarget, value: unknown) {
        const slot = slotOf(this, type);
        const next = isObject(value) ? value : null;
        if (next === null) {
          if (slot.listener) this.removeEventListener(type, slot.listener);
          slot.listener = null;
          slot.value = null;
          return;
        }
        slot.value = next;
        if (!slot.listener) {
          const target = this;
          // HTML's "event handler processing algorithm": call the current value.
          slot.listener = (event: Event) => {
            const callback = slot.value;
            if (typeof callback !== 'function') return;
            const result = (callback as (e: Event) => unknown).call(target, event);
            if (result === false) event.preventDefault();
          };
          this.addEventListener(type, slot.listener);
        }
      },
    });
  }
}

const BaseEvent: typeof Event = globalThis.Event;

const toCandidateOrNull = nullable(interfaceType<object>('RTCIceCandidate'));
const toUSVStringOrNull = nullable(toUSVString);

/** Init of {@link RTCPeerConnectionIceEvent} (webrtc-pc §4.8.2). */
export interface RTCPeerConnectionIceEventInit extends BaseEventInit {
  candidate?: unknown | null;
  url?: string | null;
}

const iceEventInit = dictionary<RTCPeerConnectionIceEventInit>(
  'RTCPeerConnectionIceEventInit',
  { candidate: { convert: toCandidateOrNull }, url: { convert: toUSVStringOrNull } },
  { levels: [eventInitMembers] },
);

/**
 * The `icecandidate` event (webrtc-pc §4.8.2): `candidate` is null for the
 * end-of-candidates indication.
 */
export class RTCPeerConnectionIceEvent extends BaseEvent {
  readonly #candidate: unknown;
  readonly #url: string | null;
  constructor(type: string, eventInitDict: RTCPeerConnectionIceEventInit = {}) {
    requireArguments(arguments.length, 1, "Failed to construct 'RTCPeerConnectionIceEvent'");
    const t = toDOMString(type, 'type');
    const init = iceEventInit(eventInitDict, 'RTCPeerConnectionIceEventInit');
    super(t, init);
    this.#candidate = init.candidate ?? null;
    this.#url = init.url ?? null;
  }
  /** The new candidate, or null at the end of gathering. */
  get candidate(): RTCIceCandidate | null {
    return this.#candidate as RTCIceCandidate | null;
  }
  /** Deprecated: the STUN/TURN URL of the server that produced the candidate, or null. */
  get url(): string | null {
    return this.#url;
  }
}
exposeInterface(RTCPeerConnectionIceEvent, ['candidate', 'url']);

/** Init of {@link RTCPeerConnectionIceErrorEvent} (webrtc-pc §4.8.3). */
export interface RTCPeerConnectionIceErrorEventInit extends BaseEventInit {
  address?: string | null;
  port?: number | null;
  url?: string;
  errorCode: number;
  errorText?: string;
}

const iceErrorEventInit = dictionary<RTCPeerConnectionIceErrorEventInit>(
  'RTCPeerConnectionIceErrorEventInit',
  {
    address: { convert: nullable(toDOMString) },
    // Plain `unsigned short` (no [EnforceRange]): the modulo conversion.
    port: { convert: nullable((v, c) => toUnsignedShort(v, c, 'modulo')) },
    url: { convert: toUSVString },
    errorCode: { convert: (v, c) => toUnsignedShort(v, c, 'modulo'), required: true },
    errorText: { convert: toUSVString },
  },
  { levels: [eventInitMembers] },
);

/** The `icecandidateerror` event (webrtc-pc §4.8.3): a STUN/TURN server failure while gathering. */
export class RTCPeerConnectionIceErrorEvent extends BaseEvent {
  readonly #address: string | null;
  readonly #port: number | null;
  readonly #url: string;
  readonly #errorCode: number;
  readonly #errorText: string;
  constructor(type: string, eventInitDict: RTCPeerConnectionIceErrorEventInit) {
    requireArguments(arguments.length, 2, "Failed to construct 'RTCPeerConnectionIceErrorEvent'");
    const t = toDOMString(type, 'type');
    const init = iceErrorEventInit(eventInitDict, 'RTCPeerConnectionIceErrorEventInit');
    super(t, init);
    this.#address = init.address ?? null;
    this.#port = init.port ?? null;
    this.#url = init.url ?? '';
    this.#errorCode = init.errorCode;
    this.#errorText = init.errorText ?? '';
  }
  /** The local address used to reach the server, or null. */
  get address(): string | null {
    return this.#address;
  }
  /** The local port used to reach the server, or null. */
  get port(): number | null {
    return this.#port;
  }
  /** The STUN/TURN URL of the failing server. */
  get url(): string {
    return this.#url;
  }
  /** The STUN error code (701 when no host candidate could reach the server). */
  get errorCode(): number {
    return this.#errorCode;
  }
  /** The STUN reason phrase, or an implementation-specific text. */
  get errorText(): string {
    return this.#errorText;
  }
}
exposeInterface(RTCPeerConnectionIceErrorEvent, ['address', 'port', 'url', 'errorCode', 'errorText']);

/** Init of {@link RTCTrackEvent} (webrtc-pc §5.7). */
export interface RTCTrackEventInit extends BaseEventInit {
  receiver: unknown;
  track: unknown;
  streams?: Iterable<unknown>;
  transceiver: unknown;
}

const trackEventInit = dictionary<{ receiver: object; track: object; streams: object[]; transceiver: object } & BaseEventInit>(
  'RTCTrackEventInit',
  {
    receiver: { convert: interfaceType('RTCRtpReceiver'), required: true },
    track: { convert: interfaceType('MediaStreamTrack'), required: true },
    streams: { convert: sequence(interfaceType('MediaStream')), default: () => [] },
    transceiver: { convert: interfaceType('RTCRtpTransceiver'), required: true },
  },
  { levels: [eventInitMembers] },
);

/** The `track` event (webrtc-pc §5.7): a remote track was negotiated. */
export class RTCTrackEvent extends BaseEvent {
  readonly #receiver: object;
  readonly #track: object;
  readonly #streams: readonly object[];
  readonly #transceiver: object;
  constructor(type: string, eventInitDict: RTCTrackEventInit) {
    requireArguments(arguments.length, 2, "Failed to construct 'RTCTrackEvent'");
    const t = toDOMString(type, 'type');
    const init = trackEventInit(eventInitDict, 'RTCTrackEventInit');
    super(t, init);
    this.#receiver = init.receiver;
    this.#track = init.track;
    this.#streams = Object.freeze(init.streams.slice());
    this.#transceiver = init.transceiver;
  }
  /** The RTCRtpReceiver of the new track. */
  get receiver(): RTCRtpReceiver {
    return this.#receiver as RTCRtpReceiver;
  }
  /** The new remote MediaStreamTrack. */
  get track(): MediaStreamTrack {
    return this.#track as MediaStreamTrack;
  }
  /** The remote MediaStreams the track belongs to (a frozen array, the same object every time). */
  get streams(): readonly MediaStream[] {
    return this.#streams as readonly MediaStream[];
  }
  /** The RTCRtpTransceiver of the new track. */
  get transceiver(): RTCRtpTransceiver {
    return this.#transceiver as RTCRtpTransceiver;
  }
}
exposeInterface(RTCTrackEvent, ['receiver', 'track', 'streams', 'transceiver']);

/** Init of {@link RTCDataChannelEvent} (webrtc-pc §6.2). */
export interface RTCDataChannelEventInit extends BaseEventInit {
  channel: unknown;
}

const dataChannelEventInit = dictionary<{ channel: object } & BaseEventInit>(
  'RTCDataChannelEventInit',
  { channel: { convert: interfaceType('RTCDataChannel'), required: true } },
  { levels: [eventInitMembers] },
);

/** The `datachannel` event (webrtc-pc §6.2): the remote peer opened a channel. */
export class RTCDataChannelEvent extends BaseEvent {
  readonly #channel: object;
  constructor(type: string, eventInitDict: RTCDataChannelEventInit) {
    requireArguments(arguments.length, 2, "Failed to construct 'RTCDataChannelEvent'");
    const t = toDOMString(type, 'type');
    const init = dataChannelEventInit(eventInitDict, 'RTCDataChannelEventInit');
    super(t, init);
    this.#channel = init.channel;
  }
  /** The new RTCDataChannel. */
  get channel(): RTCDataChannel {
    return this.#channel as RTCDataChannel;
  }
}
exposeInterface(RTCDataChannelEvent, ['channel']);

/** Init of {@link RTCErrorEvent} (webrtc-pc §11.2). */
export interface RTCErrorEventInit extends BaseEventInit {
  error: unknown;
}

const errorEventInit = dictionary<{ error: object } & BaseEventInit>(
  'RTCErrorEventInit',
  { error: { convert: interfaceType('RTCError'), required: true } },
  { levels: [eventInitMembers] },
);

/** The `error` event of RTCDataChannel and RTCDtlsTransport (webrtc-pc §11.2), carrying an RTCError. */
export class RTCErrorEvent extends BaseEvent {
  readonly #error: object;
  constructor(type: string, eventInitDict: RTCErrorEventInit) {
    requireArguments(arguments.length, 2, "Failed to construct 'RTCErrorEvent'");
    const t = toDOMString(type, 'type');
    const init = errorEventInit(eventInitDict, 'RTCErrorEventInit');
    super(t, init);
    this.#error = init.error;
  }
  /** The RTCError describing what failed. */
  get error(): RTCError {
    return this.#error as RTCError;
  }
}
exposeInterface(RTCErrorEvent, ['error']);

/** Init of {@link MediaStreamTrackEvent} (mediacapture-main §4.4). */
export interface MediaStreamTrackEventInit extends BaseEventInit {
  track: unknown;
}

const trackOnlyEventInit = dictionary<{ track: object } & BaseEventInit>(
  'MediaStreamTrackEventInit',
  { track: { convert: interfaceType('MediaStreamTrack'), required: true } },
  { levels: [eventInitMembers] },
);

/** The `addtrack`/`removetrack` events of MediaStream (mediacapture-main §4.4). */
export class MediaStreamTrackEvent extends BaseEvent {
  readonly #track: object;
  constructor(type: string, eventInitDict: MediaStreamTrackEventInit) {
    requireArguments(arguments.length, 2, "Failed to construct 'MediaStreamTrackEvent'");
    const t = toDOMString(type, 'type');
    const init = trackOnlyEventInit(eventInitDict, 'MediaStreamTrackEventInit');
    super(t, init);
    this.#track = init.track;
  }
  /** The track added to or removed from the stream. */
  get track(): MediaStreamTrack {
    return this.#track as MediaStreamTrack;
  }
}
exposeInterface(MediaStreamTrackEvent, ['track']);

for (const ctor of [
  RTCPeerConnectionIceEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCTrackEvent,
  RTCDataChannelEvent,
  RTCErrorEvent,
  MediaStreamTrackEvent,
]) {
  registerInterface(ctor.name, (v) => v instanceof ctor);
}
