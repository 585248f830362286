/**
 * RTCSessionDescription and its init dictionaries (webrtc-pc §4.8.1).
 */
import {
  dictionary,
  enumeration,
  exposeInterface,
  registerInterface,
  requireArguments,
  toDOMString,
} from './webidl.js';

/** RTCSdpType (webrtc-pc §4.8.1.1). */
export type RTCSdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

/** The values of {@link RTCSdpType}. */
export const RTC_SDP_TYPES: readonly RTCSdpType[] = ['offer', 'pranswer', 'answer', 'rollback'];

/** RTCSessionDescriptionInit: `type` required, `sdp` defaults to ''. */
export interface RTCSessionDescriptionInit {
  type: RTCSdpType;
  sdp?: string;
}

/** RTCLocalSessionDescriptionInit (setLocalDescription's argument): `type` optional, `sdp` defaults to ''. */
export interface RTCLocalSessionDescriptionInit {
  type?: RTCSdpType;
  sdp?: string;
}

const toSdpType = enumeration('RTCSdpType', RTC_SDP_TYPES);

const sessionDescriptionInit = dictionary<Required<RTCSessionDescriptionInit>>('RTCSessionDescriptionInit', {
  sdp: { convert: toDOMString, default: '' },
  type: { convert: toSdpType, required: true },
});

const localSessionDescriptionInit = dictionary<{ type?: RTCSdpType; sdp: string }>('RTCLocalSessionDescriptionInit', {
  sdp: { convert: toDOMString, default: '' },
  type: { convert: toSdpType },
});

/**
 * Converts an argument to RTCSessionDescriptionInit, as setRemoteDescription
 * and the RTCSessionDescription constructor do: TypeError when it is not an
 * object (or undefined/null), when `type` is missing or not an RTCSdpType.
 * Accepts RTCSessionDescription objects (their attributes are read as members).
 */
export function toSessionDescriptionInit(value: unknown, context = 'RTCSessionDescriptionInit'): { type: RTCSdpType; sdp: string } {
  return sessionDescriptionInit(value, context);
}

/**
 * Converts setLocalDescription's argument (RTCLocalSessionDescriptionInit):
 * `type` may be absent (the implicit description), `sdp` defaults to ''.
 */
export function toLocalSessionDescriptionInit(
  value: unknown,
  context = 'RTCLocalSessionDescriptionInit',
): { type?: RTCSdpType; sdp: string } {
  return localSessionDescriptionInit(value, context);
}

/** A session description: its type and SDP text (webrtc-pc §4.8.1). */
export class RTCSessionDescription {
  readonly #type: RTCSdpType;
  readonly #sdp: string;

  constructor(descriptionInitDict: RTCSessionDescriptionInit) {
    requireArguments(arguments.length, 1, "Failed to construct 'RTCSessionDescription'");
    const init = toSessionDescriptionInit(descriptionInitDict);
    this.#type = init.type;
    this.#sdp = init.sdp;
  }

  /** The description's type. */
  get type(): RTCSdpType {
    return this.#type;
  }

  /** The SDP text ('' for a rollback). */
  get sdp(): string {
    return this.#sdp;
  }

  /** The [Default] toJSON: `{ type, sdp }`. */
  toJSON(): { type: RTCSdpType; sdp: string } {
    return { type: this.#type, sdp: this.#sdp };
  }
}
exposeInterface(RTCSessionDescription, ['type', 'sdp', 'toJSON']);
registerInterface('RTCSessionDescription', (v) => v instanceof RTCSessionDescription);
