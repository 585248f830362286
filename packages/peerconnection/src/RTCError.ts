/**
 * RTCError (webrtc-pc §11.1): a DOMException named 'OperationError' carrying
 * WebRTC-specific details (which layer failed, the SDP line, SCTP cause code,
 * DTLS alerts).
 */
import {
  dictionary,
  enumeration,
  exposeInterface,
  registerInterface,
  requireArguments,
  toDOMString,
  toLong,
  toUnsignedLong,
} from './webidl.js';

/** RTCErrorDetailType (webrtc-pc §11.1.2). */
export type RTCErrorDetailType =
  | 'data-channel-failure'
  | 'dtls-failure'
  | 'fingerprint-failure'
  | 'sctp-failure'
  | 'sdp-syntax-error'
  | 'hardware-encoder-not-available'
  | 'hardware-encoder-error';

/** The values of {@link RTCErrorDetailType}. */
export const RTC_ERROR_DETAIL_TYPES: readonly RTCErrorDetailType[] = [
  'data-channel-failure',
  'dtls-failure',
  'fingerprint-failure',
  'sctp-failure',
  'sdp-syntax-error',
  'hardware-encoder-not-available',
  'hardware-encoder-error',
];

/**
 * RTCErrorInit (webrtc-pc §11.1.1). The current spec has no `httpRequestStatusCode`
 * (it left with the identity provider section, and WPT RTCError.html checks its absence).
 */
export interface RTCErrorInit {
  errorDetail: RTCErrorDetailType;
  sdpLineNumber?: number;
  sctpCauseCode?: number;
  receivedAlert?: number;
  sentAlert?: number;
}

// Plain `long` / `unsigned long` members: the modulo conversion, no [EnforceRange].
const long = (v: unknown, c: string) => toLong(v, c, 'modulo');
const unsignedLong = (v: unknown, c: string) => toUnsignedLong(v, c, 'modulo');

const toRTCErrorInit = dictionary<RTCErrorInit>('RTCErrorInit', {
  errorDetail: { convert: enumeration('RTCErrorDetailType', RTC_ERROR_DETAIL_TYPES), required: true },
  receivedAlert: { convert: unsignedLong },
  sctpCauseCode: { convert: long },
  sdpLineNumber: { convert: long },
  sentAlert: { convert: unsignedLong },
});

/**
 * An error of the WebRTC stack (webrtc-pc §11.1). `name` is 'OperationError'
 * and `code` 0, as for any DOMException of that name; nullable detail
 * attributes are null when the init dictionary did not give them.
 */
export class RTCError extends globalThis.DOMException {
  readonly #errorDetail: RTCErrorDetailType;
  readonly #sdpLineNumber: number | null;
  readonly #sctpCauseCode: number | null;
  readonly #receivedAlert: number | null;
  readonly #sentAlert: number | null;

  constructor(init: RTCErrorInit, message: string = '') {
    requireArguments(arguments.length, 1, "Failed to construct 'RTCError'");
    const dict = toRTCErrorInit(init, 'RTCErrorInit');
    super(toDOMString(message, 'message'), 'OperationError');
    this.#errorDetail = dict.errorDetail;
    this.#sdpLineNumber = dict.sdpLineNumber ?? null;
    this.#sctpCauseCode = dict.sctpCauseCode ?? null;
    this.#receivedAlert = dict.receivedAlert ?? null;
    this.#sentAlert = dict.sentAlert ?? null;
  }

  /** Which part of the stack failed. */
  get errorDetail(): RTCErrorDetailType {
    return this.#errorDetail;
  }
  /** For 'sdp-syntax-error': the 1-based line number of the offending SDP line; else null. */
  get sdpLineNumber(): number | null {
    return this.#sdpLineNumber;
  }
  /** For 'sctp-failure': the SCTP cause code (RFC 4960 §3.3.10); else null. */
  get sctpCauseCode(): number | null {
    return this.#sctpCauseCode;
  }
  /** For 'dtls-failure': the DTLS alert received from the peer; else null. */
  get receivedAlert(): number | null {
    return this.#receivedAlert;
  }
  /** For 'dtls-failure': the DTLS alert sent to the peer; else null. */
  get sentAlert(): number | null {
    return this.#sentAlert;
  }
}
exposeInterface(RTCError, ['errorDetail', 'sdpLineNumber', 'sctpCauseCode', 'receivedAlert', 'sentAlert']);
registerInterface('RTCError', (v) => v instanceof RTCError);

/** True when `err` is an RTCError (by name and errorDetail, which survives duplicate package copies). */
export function isRTCError(err: unknown): err is RTCError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { name?: unknown }).name === 'OperationError' &&
    typeof (err as { errorDetail?: unknown }).errorDetail === 'string'
  );
}
