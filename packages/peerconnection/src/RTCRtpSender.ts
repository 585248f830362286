/**
 * RTCRtpSender at the model level (webrtc-pc §5.2): the track, the streams it
 * is associated with, encodings and the getParameters/setParameters
 * transaction rules. Media transmission attaches in a later issue.
 */
import { rtpTransportOf } from './pc-transport.js';
import type { RTCDtlsTransport } from './RTCDtlsTransport.js';
import type { MediaStream } from './MediaStream.js';
import type { MediaStreamTrack } from './MediaStreamTrack.js';
import { capabilities, codecDictionaryMatch, type MediaKind, type RtcRtpCodec, type RtcRtpCodecParameters } from './jsep-codecs.js';
import { checkInternal, queueTask, type RtpHost } from './internal.js';
import { domException, exposeInterface, isObject, registerInterface, requireArguments, toDOMString } from './webidl.js';

/** The parts of a MediaStreamTrack the RTP objects read. */
export interface TrackLike {
  readonly kind: string;
  readonly id: string;
}

/** The parts of a MediaStream the RTP objects read. */
export interface StreamLike {
  readonly id: string;
}

/** RTCRtpEncodingParameters (webrtc-pc §5.2.3), as stored in [[SendEncodings]]. */
export interface RtcRtpEncodingParameters {
  rid?: string;
  active?: boolean;
  maxBitrate?: number;
  maxFramerate?: number;
  scaleResolutionDownBy?: number;
  priority?: string;
  networkPriority?: string;
  codec?: RtcRtpCodec;
  scalabilityMode?: string;
  [key: string]: unknown;
}

/** RTCRtpSendParameters (webrtc-pc §5.2.2). */
export interface RtcRtpSendParameters {
  transactionId: string;
  encodings: RtcRtpEncodingParameters[];
  headerExtensions: { uri: string; id: number; encrypted: boolean }[];
  rtcp: { cname?: string; reducedSize?: boolean };
  codecs: RtcRtpCodecParameters[];
}

/** Internal slots of an RTCRtpSender. */
export interface SenderSlots {
  kind: MediaKind;
  track: TrackLike | null;
  associatedStreamIds: string[];
  sendEncodings: RtcRtpEncodingParameters[];
  lastStableRidlessSendEncodings: RtcRtpEncodingParameters[] | null;
  sendCodecs: RtcRtpCodecParameters[];
  sendHeaderExtensions: { uri: string; id: number; encrypted: boolean }[];
  reducedSize: boolean;
  lastReturnedParameters: RtcRtpSendParameters | null;
  /** Stopping flag of the owning transceiver (set by RTCRtpTransceiver). */
  isStopping: () => boolean;
  /** Current direction of the owning transceiver. */
  currentDirection: () => string | null;
  /** SSRCs written in a=ssrc lines. */
  ssrc: number;
  rtxSsrc: number;
  /** The msid track id written while no track is attached. */
  placeholderTrackId: string;
  host: RtpHost;
}

const slots = new WeakMap<object, SenderSlots>();
let transactionCounter = 0;

/** @internal The internal slots of `sender`. */
export function senderSlots(sender: RTCRtpSender): SenderSlots {
  return slots.get(sender)!;
}

/** An RTCRtpSender: how a local track is sent (webrtc-pc §5.2). */
export class RTCRtpSender {
  /** @internal Use RTCPeerConnection.addTrack/addTransceiver. */
  constructor(token: unknown, init?: Omit<SenderSlots, 'lastReturnedParameters' | 'sendCodecs' | 'sendHeaderExtensions' | 'lastStableRidlessSendEncodings' | 'reducedSize'>) {
    checkInternal(token, 'RTCRtpSender');
    slots.set(this, { ...init!, lastReturnedParameters: null, sendCodecs: [], sendHeaderExtensions: [], lastStableRidlessSendEncodings: null, reducedSize: true });
  }

  /** The track being sent, or null ([[SenderTrack]]). */
  get track(): MediaStreamTrack | null {
    return senderSlots(this).track as MediaStreamTrack | null;
  }

  /** The RTCDtlsTransport carrying this side's RTP: null until a description associated the transceiver. */
  get transport(): RTCDtlsTransport | null {
    return rtpTransportOf(this);
  }

  /** The RTCDTMFSender; null until the media issue adds DTMF. */
  get dtmf(): null {
    return null;
  }

  /** Send capabilities for `kind` (null for a kind other than audio or video). */
  static getCapabilities(kind: string): { codecs: RtcRtpCodec[]; headerExtensions: { uri: string }[] } | null {
    requireArguments(arguments.length, 1, "Failed to execute 'getCapabilities' on 'RTCRtpSender'");
    const k = toDOMString(kind, 'kind');
    if (k !== 'audio' && k !== 'video') return null;
    return capabilities(k);
  }

  /** getParameters() (webrtc-pc §5.2): the same object until the current task ends. */
  getParameters(): RtcRtpSendParameters {
    const s = senderSlots(this);
    if (s.lastReturnedParameters) return s.lastReturnedParameters;
    const result: RtcRtpSendParameters = {
      transactionId: `${++transactionCounter}`,
      encodings: s.sendEncodings.map((e) => ({ active: true, ...structuredClone(e) })),
      headerExtensions: s.sendHeaderExtensions.map((h) => ({ ...h })),
      rtcp: { cname: s.host.cname, reducedSize: s.reducedSize },
      codecs: s.sendCodecs.map((c) => ({ ...c })),
    };
    s.lastReturnedParameters = result;
    queueTask(() => {
      if (s.lastReturnedParameters === result) s.lastReturnedParameters = null;
    });
    return result;
  }

  /** setParameters() (webrtc-pc §5.2): validates against the last getParameters() result. */
  setParameters(parameters: RtcRtpSendParameters, _options?: unknown): Promise<undefined> {
    try {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'setParameters' on 'RTCRtpSender': 1 argument required");
      const s = senderSlots(this);
      const p = checkSendParameters(parameters);
      // Steps 4-5.
      if (s.isStopping()) return Promise.reject(domException('InvalidStateError', 'the transceiver is stopping'));
      const last = s.lastReturnedParameters;
      if (!last) return Promise.reject(domException('InvalidStateError', 'getParameters() must be called first'));
      // Step 6: read-only parameters and encodings count/order.
      const bad = (why: string): Promise<undefined> => Promise.reject(domException('InvalidModificationError', why));
      if (p.transactionId !== last.transactionId) return bad('transactionId does not match the last getParameters()');
      if (p.encodings.length !== s.sendEncodings.length) return bad('the number of encodings changed');
      for (let i = 0; i < p.encodings.length; i++) {
        if (p.encodings[i]!.rid !== s.sendEncodings[i]!.rid) return bad('encodings were reordered or a rid changed');
      }
      if (JSON.stringify(p.headerExtensions) !== JSON.stringify(last.headerExtensions)) return bad('headerExtensions is read-only');
      if (JSON.stringify(p.codecs) !== JSON.stringify(last.codecs)) return bad('codecs is read-only');
      if (p.rtcp.cname !== undefined && p.rtcp.cname !== last.rtcp.cname) return bad('rtcp.cname is read-only');
      if (p.rtcp.reducedSize !== undefined && p.rtcp.reducedSize !== last.rtcp.reducedSize) return bad('rtcp.reducedSize is read-only');
      const choosable = p.codecs.length > 0 ? p.codecs : capabilities(s.kind).codecs;
      for (const e of p.encodings) {
        if (e.codec !== undefined && !choosable.some((c) => codecDictionaryMatch(c, e.codec!))) return bad('encoding codec not negotiable');
      }
      const encodings = p.encodings.map((e) => structuredClone(e));
      for (const e of encodings) {
        if (s.kind === 'audio') {
          delete e.scaleResolutionDownBy;
          delete e.maxFramerate;
        } else {
          if (e.scaleResolutionDownBy === undefined) e.scaleResolutionDownBy = 1;
          if (e.scaleResolutionDownBy < 1) return Promise.reject(new RangeError('scaleResolutionDownBy must be >= 1'));
        }
        if (e.maxFramerate !== undefined && !(e.maxFramerate >= 0)) return Promise.reject(new RangeError('maxFramerate must be >= 0'));
      }
      return new Promise((resolve) => {
        queueTask(() => {
          s.lastReturnedParameters = null;
          s.sendEncodings = encodings;
          resolve(undefined);
        });
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** replaceTrack() (webrtc-pc §5.2): chained; no renegotiation at the model level. */
  replaceTrack(withTrack: MediaStreamTrack | null): Promise<void>;
  replaceTrack(withTrack: TrackLike | null): Promise<undefined> {
    try {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'replaceTrack' on 'RTCRtpSender': 1 argument required");
      const s = senderSlots(this);
      if (withTrack !== null && (!isObject(withTrack) || typeof (withTrack as TrackLike).kind !== 'string')) {
        throw new TypeError("Failed to execute 'replaceTrack' on 'RTCRtpSender': parameter 1 is not of type 'MediaStreamTrack'");
      }
      if (withTrack !== null && withTrack.kind !== s.kind) return Promise.reject(new TypeError('the track kind does not match the transceiver kind'));
      return s.host.chain(() => {
        if (s.isStopping()) return Promise.reject(domException('InvalidStateError', 'the transceiver is stopping'));
        return new Promise<undefined>((resolve) => {
          queueTask(() => {
            if (s.host.isClosed()) return;
            s.track = withTrack;
            resolve(undefined);
          });
        });
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** setStreams() (webrtc-pc §5.2): replaces [[AssociatedMediaStreamIds]]. */
  setStreams(...streams: MediaStream[]): void;
  setStreams(...streams: StreamLike[]): void {
    const s = senderSlots(this);
    for (const st of streams) {
      if (!isObject(st) || typeof st.id !== 'string') throw new TypeError("Failed to execute 'setStreams' on 'RTCRtpSender': parameter is not of type 'MediaStream'");
    }
    if (s.host.isClosed()) throw domException('InvalidStateError', 'the RTCPeerConnection is closed');
    const ids: string[] = [];
    for (const st of streams) if (!ids.includes(st.id)) ids.push(st.id);
    s.associatedStreamIds = ids;
    s.host.updateNegotiationNeeded();
  }

  /** getStats(): an empty RTCStatsReport until the media layer reports statistics. */
  getStats(): Promise<Map<string, unknown>> {
    return Promise.resolve(new Map());
  }
}
exposeInterface(RTCRtpSender, ['track', 'transport', 'dtmf', 'getParameters', 'setParameters', 'replaceTrack', 'setStreams', 'getStats']);
registerInterface('RTCRtpSender', (v) => slots.has(v));

function checkSendParameters(v: unknown): RtcRtpSendParameters {
  if (!isObject(v)) throw new TypeError("Failed to execute 'setParameters': parameter 1 is not an object");
  const p = v as Partial<RtcRtpSendParameters>;
  for (const k of ['transactionId', 'encodings', 'headerExtensions', 'rtcp', 'codecs'] as const) {
    if (p[k] === undefined) throw new TypeError(`Failed to execute 'setParameters': required member ${k} is undefined`);
  }
  if (!Array.isArray(p.encodings) || !Array.isArray(p.headerExtensions) || !Array.isArray(p.codecs)) {
    throw new TypeError("Failed to execute 'setParameters': encodings, headerExtensions and codecs must be sequences");
  }
  for (const e of p.encodings) if (!isObject(e)) throw new TypeError("Failed to execute 'setParameters': an encoding is not an object");
  return { ...(p as RtcRtpSendParameters), transactionId: toDOMString(p.transactionId), rtcp: isObject(p.rtcp) ? p.rtcp : {} };
}
