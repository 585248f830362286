/**
 * RTCRtpReceiver at the model level (webrtc-pc §5.3): the remote track it
 * exposes and the remote streams that track is associated with. Media
 * reception attaches in a later issue.
 */
import { rtpTransportOf } from './pc-transport.js';
import type { RTCDtlsTransport } from './RTCDtlsTransport.js';
import type { MediaStreamTrack } from './MediaStreamTrack.js';
import { capabilities, type MediaKind, type RtcRtpCodec, type RtcRtpCodecParameters } from './jsep-codecs.js';
import { checkInternal } from './internal.js';
import type { StreamLike, TrackLike } from './RTCRtpSender.js';
import { exposeInterface, registerInterface, requireArguments, toDOMString } from './webidl.js';

/** Internal slots of an RTCRtpReceiver. */
export interface ReceiverSlots {
  kind: MediaKind;
  /** [[ReceiverTrack]]: created with the receiver, never replaced. */
  track: TrackLike;
  /** [[AssociatedRemoteMediaStreams]]. */
  associatedRemoteStreams: StreamLike[];
  lastStableAssociatedRemoteStreams: StreamLike[];
  /** [[ReceiveCodecs]] and its last stable value. */
  receiveCodecs: RtcRtpCodecParameters[];
  lastStableReceiveCodecs: RtcRtpCodecParameters[];
  headerExtensions: { uri: string; id: number; encrypted: boolean }[];
  jitterBufferTarget: number | null;
}

const slots = new WeakMap<object, ReceiverSlots>();

/** @internal The internal slots of `receiver`. */
export function receiverSlots(receiver: RTCRtpReceiver): ReceiverSlots {
  return slots.get(receiver)!;
}

/** An RTCRtpReceiver: how a remote track is received (webrtc-pc §5.3). */
export class RTCRtpReceiver {
  /** @internal Created by RTCPeerConnection with its transceiver. */
  constructor(token: unknown, kind?: MediaKind, track?: TrackLike) {
    checkInternal(token, 'RTCRtpReceiver');
    slots.set(this, {
      kind: kind!,
      track: track!,
      associatedRemoteStreams: [],
      lastStableAssociatedRemoteStreams: [],
      receiveCodecs: [],
      lastStableReceiveCodecs: [],
      headerExtensions: [],
      jitterBufferTarget: null,
    });
  }

  /** The remote track ([[ReceiverTrack]]); exists from creation, muted until media flows. */
  get track(): MediaStreamTrack {
    return receiverSlots(this).track as MediaStreamTrack;
  }

  /** The RTCDtlsTransport carrying this side's RTP: null until a description associated the transceiver. */
  get transport(): RTCDtlsTransport | null {
    return rtpTransportOf(this);
  }

  /** The application's jitter buffer target in ms, or null. */
  get jitterBufferTarget(): number | null {
    return receiverSlots(this).jitterBufferTarget;
  }

  set jitterBufferTarget(value: number | null) {
    if (value === null) {
      receiverSlots(this).jitterBufferTarget = null;
      return;
    }
    const n = Number(value);
    if (!Number.isFinite(n)) throw new TypeError('jitterBufferTarget must be a finite number');
    if (n < 0 || n > 4000) throw new RangeError('jitterBufferTarget must be within 0-4000 ms');
    receiverSlots(this).jitterBufferTarget = n;
  }

  /** Receive capabilities for `kind` (null for a kind other than audio or video). */
  static getCapabilities(kind: string): { codecs: RtcRtpCodec[]; headerExtensions: { uri: string }[] } | null {
    requireArguments(arguments.length, 1, "Failed to execute 'getCapabilities' on 'RTCRtpReceiver'");
    const k = toDOMString(kind, 'kind');
    if (k !== 'audio' && k !== 'video') return null;
    return capabilities(k);
  }

  /** getParameters() (webrtc-pc §5.3): negotiated receive codecs and header extensions. */
  getParameters(): { headerExtensions: { uri: string; id: number; encrypted: boolean }[]; rtcp: { reducedSize: boolean }; codecs: RtcRtpCodecParameters[] } {
    const s = receiverSlots(this);
    return { headerExtensions: s.headerExtensions.map((h) => ({ ...h })), rtcp: { reducedSize: true }, codecs: s.receiveCodecs.map((c) => ({ ...c })) };
  }

  /** Contributing sources seen in the last 10 s; none until media flows. */
  getContributingSources(): unknown[] {
    return [];
  }

  /** Synchronization sources seen in the last 10 s; none until media flows. */
  getSynchronizationSources(): unknown[] {
    return [];
  }

  /** getStats(): an empty RTCStatsReport until the media layer reports statistics. */
  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map());
  }
}
exposeInterface(RTCRtpReceiver, ['track', 'transport', 'jitterBufferTarget', 'getParameters', 'getContributingSources', 'getSynchronizationSources', 'getStats']);
registerInterface('RTCRtpReceiver', (v) => slots.has(v));
