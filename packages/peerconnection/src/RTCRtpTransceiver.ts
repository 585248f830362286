/**
 * RTCRtpTransceiver at the model level (webrtc-pc §5.4): a sender and a
 * receiver sharing one m= section, with the direction, stopping/stopped
 * flags and codec preferences that JSEP reads when generating descriptions.
 */
import { capabilities, codecDictionaryMatch, isResiliencyCodec, type MediaKind, type RtcRtpCodec } from './jsep-codecs.js';
import { checkInternal, type RtpHost } from './internal.js';
import { RTCRtpReceiver, receiverSlots } from './RTCRtpReceiver.js';
import type { RTCRtpSender, RtcRtpEncodingParameters } from './RTCRtpSender.js';
import type { MediaStream } from './MediaStream.js';
import { domException, exposeInterface, isObject, registerInterface, requireArguments, toDOMString, toSequence } from './webidl.js';

/** RTCRtpTransceiverDirection (webrtc-pc §5.4.1). */
export type RTCRtpTransceiverDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | 'stopped';

/** RTCRtpTransceiverInit (webrtc-pc §5.1): the options of addTransceiver(). */
export interface RTCRtpTransceiverInit {
  /** The initial direction (default 'sendrecv'). */
  direction?: RTCRtpTransceiverDirection;
  /** The streams the sender's track is associated with. */
  streams?: MediaStream[];
  /** The send encodings (simulcast layers with `rid`s, or one encoding). */
  sendEncodings?: RtcRtpEncodingParameters[];
}

/** The directions the `direction` setter accepts without TypeError (the enum). */
export const TRANSCEIVER_DIRECTIONS: readonly RTCRtpTransceiverDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive', 'stopped'];

/** Internal slots of an RTCRtpTransceiver (webrtc-pc §5.4 "create an RTCRtpTransceiver"). */
export interface TransceiverSlots {
  kind: MediaKind;
  sender: RTCRtpSender;
  receiver: RTCRtpReceiver;
  stopping: boolean;
  stopped: boolean;
  direction: Exclude<RTCRtpTransceiverDirection, 'stopped'>;
  receptive: boolean;
  currentDirection: Exclude<RTCRtpTransceiverDirection, 'stopped'> | null;
  firedDirection: Exclude<RTCRtpTransceiverDirection, 'stopped'> | null;
  preferredCodecs: RtcRtpCodec[];
  /** [[JsepMid]]: the RFC 8829 "mid property". */
  jsepMid: string | null;
  /** [[Mid]]: what `mid` returns. */
  mid: string | null;
  /** Index of the associated m= section, null when disassociated. */
  mLineIndex: number | null;
  /** Whether a track was ever attached through addTrack() (rollback keeps such a transceiver). */
  addTrackUsed: boolean;
  /**
   * Whether addTrack() created this transceiver (not addTransceiver() or a
   * remote offer): only those pair with a remote offer's new m= sections
   * (RFC 9429 §5.10, webrtc-pc §4.4.1.6).
   */
  createdByAddTrack: boolean;
  /** Whether [[CurrentDirection]] ever included sending (addTrack reuse rule). */
  everSent: boolean;
  /** Set when created by setRemoteDescription(offer): removed again on rollback. */
  createdByRemoteOffer: boolean;
  /** Called with the receiver track when it must end (stop sending and receiving). */
  endTrack: (disappear: boolean) => void;
  host: RtpHost;
}

const slots = new WeakMap<object, TransceiverSlots>();

/** @internal The internal slots of `transceiver`. */
export function transceiverSlots(t: RTCRtpTransceiver): TransceiverSlots {
  return slots.get(t)!;
}

/** An RTCRtpTransceiver (webrtc-pc §5.4). */
export class RTCRtpTransceiver {
  /** @internal Use RTCPeerConnection.addTransceiver/addTrack. */
  constructor(token: unknown, init?: TransceiverSlots) {
    checkInternal(token, 'RTCRtpTransceiver');
    slots.set(this, init!);
  }

  /** The negotiated mid, null until a description associates the transceiver. */
  get mid(): string | null {
    return transceiverSlots(this).mid;
  }

  /** The sender ([SameObject]). */
  get sender(): RTCRtpSender {
    return transceiverSlots(this).sender;
  }

  /** The receiver ([SameObject]). */
  get receiver(): RTCRtpReceiver {
    return transceiverSlots(this).receiver;
  }

  /** The preferred direction; 'stopped' once stop() was called. */
  get direction(): RTCRtpTransceiverDirection {
    const s = transceiverSlots(this);
    return s.stopping ? 'stopped' : s.direction;
  }

  set direction(value: RTCRtpTransceiverDirection) {
    // WebIDL §3.7.6 (attribute setter of an enumeration type): a value that
    // is not one of the enum's strings is ignored, as in browsers; only
    // 'stopped' (a valid enum value) is a TypeError, per webrtc-pc §5.4.
    const v = toDOMString(value, 'direction');
    if (!(TRANSCEIVER_DIRECTIONS as readonly string[]).includes(v)) return;
    const s = transceiverSlots(this);
    if (s.stopping) throw domException('InvalidStateError', 'the transceiver is stopping or stopped');
    if (v === s.direction) return;
    if (v === 'stopped') throw new TypeError("Failed to set the 'direction' property on 'RTCRtpTransceiver': 'stopped' cannot be set");
    s.direction = v as TransceiverSlots['direction'];
    s.host.updateNegotiationNeeded();
  }

  /** The negotiated direction, null before the first offer/answer, 'stopped' once stopped. */
  get currentDirection(): RTCRtpTransceiverDirection | null {
    const s = transceiverSlots(this);
    return s.stopped ? 'stopped' : s.currentDirection;
  }

  /** stop() (webrtc-pc §5.4): marks the transceiver stopping and updates the negotiation-needed flag. */
  stop(): undefined {
    const s = transceiverSlots(this);
    if (s.host.isClosed()) throw domException('InvalidStateError', 'the RTCPeerConnection is closed');
    if (s.stopping) return undefined;
    stopSendingAndReceiving(this, false);
    s.host.updateNegotiationNeeded();
    return undefined;
  }

  /** setCodecPreferences() (webrtc-pc §5.4). */
  setCodecPreferences(codecs: Iterable<RtcRtpCodec>): undefined {
    requireArguments(arguments.length, 1, "Failed to execute 'setCodecPreferences' on 'RTCRtpTransceiver'");
    const list = toSequence(codecs, toCodec, 'codecs');
    const s = transceiverSlots(this);
    if (list.length === 0) {
      s.preferredCodecs = [];
      return undefined;
    }
    const unique: RtcRtpCodec[] = [];
    for (const c of list) if (!unique.some((u) => codecDictionaryMatch(u, c))) unique.push(c);
    const caps = capabilities(s.kind).codecs;
    for (const c of unique) {
      if (!caps.some((cap) => codecDictionaryMatch(cap, c))) {
        throw domException('InvalidModificationError', `codec ${c.mimeType} is not in the capabilities`);
      }
    }
    if (unique.every((c) => isResiliencyCodec(c.mimeType))) {
      throw domException('InvalidModificationError', 'codec preferences contain only RTX/RED/FEC/CN');
    }
    s.preferredCodecs = unique;
    return undefined;
  }
}
exposeInterface(RTCRtpTransceiver, ['mid', 'sender', 'receiver', 'direction', 'currentDirection', 'stop', 'setCodecPreferences']);
registerInterface('RTCRtpTransceiver', (v) => slots.has(v));

function toCodec(v: unknown, context: string): RtcRtpCodec {
  if (!isObject(v)) throw new TypeError(`${context}: is not an object`);
  const o = v as Record<string, unknown>;
  if (o.clockRate === undefined || o.mimeType === undefined) throw new TypeError(`${context}: mimeType and clockRate are required`);
  const c: RtcRtpCodec = { mimeType: toDOMString(o.mimeType), clockRate: Number(o.clockRate) };
  if (o.channels !== undefined) c.channels = Number(o.channels);
  if (o.sdpFmtpLine !== undefined) c.sdpFmtpLine = toDOMString(o.sdpFmtpLine);
  return c;
}

/** "Stop sending and receiving" (webrtc-pc §5.4). */
export function stopSendingAndReceiving(t: RTCRtpTransceiver, disappear: boolean): void {
  const s = transceiverSlots(t);
  s.endTrack(disappear);
  s.direction = 'inactive';
  s.stopping = true;
}

/** "Stop the RTCRtpTransceiver" (webrtc-pc §5.4). */
export function stopTransceiver(t: RTCRtpTransceiver, disappear: boolean): void {
  const s = transceiverSlots(t);
  if (!s.stopping) stopSendingAndReceiving(t, disappear);
  s.stopped = true;
  s.receptive = false;
  s.currentDirection = null;
  const r = receiverSlots(s.receiver);
  r.associatedRemoteStreams = [];
  r.lastStableAssociatedRemoteStreams = [];
}
